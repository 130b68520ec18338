import type { ChatMessage } from "../../core/conversation.js";
import { formatToolCallText } from "../read/qwen-text.js";
import { hasWeights } from "./checks.js";
import { splitLastAssistant } from "./last-assistant.js";
import type { Exporter } from "./types.js";

/** A message as roleplay prompt text; tool calls in Qwen's `<tool_call>` text form. */
function text(m: ChatMessage): string {
  if (m.tool_calls && m.tool_calls.length > 0) {
    return formatToolCallText(
      m.content,
      m.tool_calls.map((c) => ({ name: c.function.name, arguments: c.function.arguments })),
    );
  }
  return m.content ?? "";
}

/**
 * The roleplay recipe's shape: `prompt` = "user: ...\nassistant: ..." of all but the last message,
 * `completion` = the last (assistant) message.
 */
export const promptCompletionExporter: Exporter = {
  target: "prompt-completion",
  description:
    'plain prompt/completion strings: prompt = "user: ...\\nassistant: ..." history, completion = last reply',
  convert(record) {
    const { prompt, last } = splitLastAssistant(record.conversation.messages);
    let p = "";
    for (let i = 0; i < prompt.length; i++) p += `${i > 0 ? "\n" : ""}${prompt[i].role}: ${text(prompt[i])}`;
    const notes: string[] = [];
    if (hasWeights(record.conversation.messages)) notes.push("weight_dropped");
    // Plain text has no tools column: say so rather than lose the schemas quietly.
    if (record.conversation.tools) notes.push("tools_dropped");
    return { ok: true, values: [{ prompt: p, completion: text(last) }], notes };
  },
};
