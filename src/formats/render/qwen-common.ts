import type { ToolSpec } from "../../core/conversation.js";
import { pyJsonDumps } from "./py-json.js";
import type { TemplateToolCall } from "./template-messages.js";

/** The `# Tools` block Qwen2.5 and Qwen3 put in the system turn, each tool one JSON line. */
export function qwenToolsBlock(tools: readonly ToolSpec[]): string {
  let out =
    "# Tools\n\nYou may call one or more functions to assist with the user query.\n\n" +
    "You are provided with function signatures within <tools></tools> XML tags:\n<tools>";
  for (const tool of tools) out += `\n${pyJsonDumps(tool)}`;
  out +=
    "\n</tools>\n\nFor each function call, return a json object with function name and arguments " +
    'within <tool_call></tool_call> XML tags:\n<tool_call>\n{"name": <function-name>, "arguments": <args-json-object>}\n</tool_call><|im_end|>\n';
  return out;
}

/**
 * One call as Qwen writes it: `<tool_call>\n{"name": "f", "arguments": {...}}\n</tool_call>`.
 * Qwen3 inserts a string argument verbatim; Qwen2.5 (`stringArguments: "json"`) encodes it again.
 */
export function qwenToolCall(call: TemplateToolCall, stringArguments: "verbatim" | "json" = "json"): string {
  const args = call.function.arguments;
  const argsText = typeof args === "string" && stringArguments === "verbatim" ? args : pyJsonDumps(args);
  return `<tool_call>\n{"name": "${call.function.name}", "arguments": ${argsText}}\n</tool_call>`;
}

/**
 * The tools recipe's plain-text form of an assistant turn with calls (content, then the calls,
 * joined by newlines): rendered as a plain message it gives the same bytes as the native calls.
 */
export function qwenToolCallsText(content: string | null, calls: TemplateToolCall[]): string {
  const blocks = calls.map((c) => qwenToolCall(c));
  return content ? `${content}\n${blocks.join("\n")}` : blocks.join("\n");
}

/** The plain-text form of consecutive tool results: one user message of `<tool_response>` blocks. */
export function qwenToolResponsesText(contents: string[]): string {
  return contents.map((c) => `<tool_response>\n${c}\n</tool_response>`).join("\n");
}
