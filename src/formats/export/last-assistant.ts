import type { ChatMessage } from "../../core/conversation.js";
import { type DatasetMessage, RecordError } from "../read/types.js";
import { assertHasAssistant, assertToolFlow } from "./checks.js";

/** Splits a conversation into everything before its final assistant message and that message. */
export function splitLastAssistant(messages: readonly ChatMessage[]): {
  prompt: ChatMessage[];
  last: ChatMessage;
} {
  assertHasAssistant(messages);
  assertToolFlow(messages);
  const last = messages[messages.length - 1];
  if (last.role !== "assistant") {
    throw new RecordError(
      "last_message_not_assistant",
      `the conversation ends with a ${last.role} message, not an assistant reply`,
    );
  }
  if ((last as DatasetMessage).weight === 0)
    throw new RecordError(
      "weight_zero_turn",
      "the final assistant reply has weight 0 (not to be trained on)",
    );
  // Earlier turns weighted 0 (a planted wrong answer) stay in the prompt, where no loss falls.
  const prompt = messages.slice(0, -1);
  if (!prompt.some((m) => m.role !== "system"))
    throw new RecordError("empty_prompt", "nothing before the assistant reply");
  return { prompt, last };
}
