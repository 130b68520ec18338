import type { ChatMessage } from "../../core/conversation.js";
import { type DatasetMessage, type ReadRecord, RecordError } from "../read/types.js";
import {
  assertHasAssistant,
  assertNoZeroWeightTurn,
  assertToolFlow,
  exactArgumentsObject,
  hasToolCalls,
  hasWeights,
} from "./checks.js";
import type { ExportOutcome } from "./types.js";

/**
 * Canonical messages in TRL's conversational form: tool call arguments as objects (a JSON
 * string would be encoded twice by chat templates) with numbers as spelled (the outcome must
 * say `exactNumbers: hasToolCalls(...)`), tool results as `{"role":"tool","name",...}`.
 */
export function toTrlMessages(messages: readonly ChatMessage[]): unknown[] {
  const out: unknown[] = new Array(messages.length);
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (m.role === "assistant" && m.tool_calls && m.tool_calls.length > 0) {
      const msg: Record<string, unknown> = { role: "assistant" };
      if (m.content !== null && m.content !== "") msg.content = m.content;
      msg.tool_calls = m.tool_calls.map((c) => ({
        type: "function",
        function: { name: c.function.name, arguments: exactArgumentsObject(c.function.arguments) },
      }));
      out[i] = msg;
    } else if (m.role === "tool") {
      if (!m.name)
        throw new RecordError(
          "tool_result_without_name",
          `message ${i + 1}: a tool result whose call is unknown`,
        );
      out[i] = { role: "tool", name: m.name, content: m.content ?? "" };
    } else if (m.content !== null && m.name === undefined && (m as DatasetMessage).weight === undefined) {
      out[i] = m; // already exactly {role, content}: no copy on the hot path
    } else {
      out[i] = { role: m.role, content: m.content ?? "" };
    }
  }
  return out;
}

/** `{"messages": [...], "tools"?: [...]}` in TRL's form: the line of the `trl` and `sft` targets. */
export function trlConversation(record: ReadRecord): ExportOutcome {
  const { messages, tools } = record.conversation;
  assertHasAssistant(messages);
  assertToolFlow(messages);
  assertNoZeroWeightTurn(messages);
  const value: Record<string, unknown> = { messages: toTrlMessages(messages) };
  if (tools) value.tools = tools;
  return {
    ok: true,
    values: [value],
    notes: hasWeights(messages) ? ["weight_dropped"] : undefined,
    exactNumbers: hasToolCalls(messages),
  };
}
