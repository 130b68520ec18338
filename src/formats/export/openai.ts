import type { DatasetMessage } from "../read/types.js";
import { RecordError } from "../read/types.js";
import { argumentsObject, assertHasAssistant, assertToolFlow } from "./checks.js";
import type { Exporter } from "./types.js";

/**
 * OpenAI chat fine-tuning lines: `{"messages", "tools"?, "parallel_tool_calls"?}`; tool calls with
 * arguments as a JSON string, results as `tool` messages with `tool_call_id`; `weight` kept on
 * assistant turns.
 */
export const openaiExporter: Exporter = {
  target: "openai",
  description: "OpenAI chat fine-tuning JSONL (messages, tools, tool_calls, weight)",
  convert(record) {
    const { conversation } = record;
    const messages = conversation.messages as DatasetMessage[];
    assertHasAssistant(messages);
    assertToolFlow(messages);
    const out: unknown[] = new Array(messages.length);
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i];
      if (m.role === "assistant") {
        if (m.tool_calls && m.tool_calls.length > 0) {
          for (const c of m.tool_calls) argumentsObject(c.function.arguments); // OpenAI rejects non-JSON arguments
        } else if (!m.content) {
          throw new RecordError("missing_content", `message ${i + 1}: an assistant message with no content`);
        }
        if (m.weight !== undefined && m.weight !== 0 && m.weight !== 1) {
          throw new RecordError("invalid_weight", `message ${i + 1}: weight must be 0 or 1, got ${m.weight}`);
        }
        // Readers build assistant messages with exactly OpenAI's keys (role, content, tool_calls?,
        // weight?): reuse the object instead of copying it, this is the hot path of a GB export.
        out[i] = m;
      } else if (m.role === "tool") {
        out[i] = { role: "tool", tool_call_id: m.tool_call_id, content: m.content ?? "" };
      } else {
        if (!m.content)
          throw new RecordError("missing_content", `message ${i + 1}: a ${m.role} message with no content`);
        out[i] = m; // {role, content, name?} as read
      }
    }
    const value: Record<string, unknown> = { messages: out };
    if (conversation.tools) value.tools = conversation.tools;
    if (record.parallelToolCalls !== undefined) value.parallel_tool_calls = record.parallelToolCalls;
    return { ok: true, values: [value] };
  },
};
