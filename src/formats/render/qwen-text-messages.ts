import type { ChatMessage } from "../../core/conversation.js";
import { formatToolCallText, formatToolResponseText } from "../read/qwen-text.js";
import { parseJsonLossless } from "./lossless.js";
import { pyJsonDumps } from "./py-json.js";

/** A message of Qwen's text form of tool use: no tool_calls, no tool role. */
export interface QwenTextMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** Arguments as the template writes them: Python json.dumps of the object (a non-JSON string as it is). */
function pyArguments(args: string): string {
  try {
    return pyJsonDumps(parseJsonLossless(args));
  } catch {
    return args;
  }
}

/**
 * Messages in the tools seed's text form, as Qwen2.5's template renders native tool calls: an
 * assistant's calls become `<tool_call>` blocks after its text, and the results that answer one
 * turn become ONE user message of `<tool_response>` blocks.
 */
export function toQwenTextMessages(messages: readonly ChatMessage[]): QwenTextMessage[] {
  const out: QwenTextMessage[] = [];
  let results: string[] = [];
  const flush = () => {
    if (results.length === 0) return;
    out.push({ role: "user", content: formatToolResponseText(results) });
    results = [];
  };
  for (const m of messages) {
    if (m.role === "tool") {
      results.push(m.content ?? "");
      continue;
    }
    flush();
    if (m.role === "assistant" && m.tool_calls && m.tool_calls.length > 0) {
      const calls = m.tool_calls.map((c) => ({
        name: c.function.name,
        arguments: pyArguments(c.function.arguments),
      }));
      out.push({ role: "assistant", content: formatToolCallText(m.content, calls) });
    } else out.push({ role: m.role, content: m.content ?? "" });
  }
  flush();
  return out;
}
