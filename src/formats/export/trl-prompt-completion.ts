import { hasToolCalls, hasWeights } from "./checks.js";
import { splitLastAssistant } from "./last-assistant.js";
import { toTrlMessages } from "./trl-messages.js";
import type { Exporter } from "./types.js";

/** TRL conversational prompt/completion: loss on the final assistant turn only. */
export const trlPromptCompletionExporter: Exporter = {
  target: "trl-prompt-completion",
  description:
    "TRL prompt/completion lists: prompt = all but the last assistant turn, completion = that turn",
  convert(record) {
    const { prompt, last } = splitLastAssistant(record.conversation.messages);
    const value: Record<string, unknown> = {
      prompt: toTrlMessages(prompt),
      completion: toTrlMessages([last]),
    };
    if (record.conversation.tools) value.tools = record.conversation.tools;
    return {
      ok: true,
      values: [value],
      notes: hasWeights(record.conversation.messages) ? ["weight_dropped"] : undefined,
      exactNumbers: hasToolCalls(record.conversation.messages),
    };
  },
};
