import type { Conversation } from "../../core/conversation.js";
import { pyStripChars } from "./py-str.js";
import { qwenToolCall, qwenToolsBlock } from "./qwen-common.js";
import { hasItems, toTemplateMessages } from "./template-messages.js";
import type { ChatRenderer, RenderOptions } from "./types.js";

/**
 * Qwen3's chat template (as vendored by TRL), written out by hand and tested byte-exact against
 * it. The thinking rules: an assistant turn after the last real user query shows its reasoning in
 * `<think>` (always for the final turn); earlier turns drop it. Reasoning comes from
 * `reasoning_content` or from a `<think>...</think>` prefix of the content.
 */
export const qwen3Renderer: ChatRenderer = {
  name: "qwen3",
  render(conversation: Conversation, options: RenderOptions = {}): string {
    const messages = toTemplateMessages(conversation);
    const first = messages[0];
    let out = "";
    if (hasItems(conversation.tools)) {
      out += "<|im_start|>system\n";
      if (first?.role === "system") out += `${first.content ?? ""}\n\n`;
      out += qwenToolsBlock(conversation.tools);
    } else if (first?.role === "system") {
      out += `<|im_start|>system\n${first.content ?? ""}<|im_end|>\n`;
    }

    // The last user turn that is a real query, not tool results sent back as a user message.
    let lastQuery = messages.length - 1;
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i]!;
      if (m.role !== "user" || typeof m.content !== "string") continue;
      if (!(m.content.startsWith("<tool_response>") && m.content.endsWith("</tool_response>"))) {
        lastQuery = i;
        break;
      }
    }

    messages.forEach((m, i) => {
      let content = typeof m.content === "string" ? m.content : "";
      const isLast = i === messages.length - 1;
      if (m.role === "user" || (m.role === "system" && i > 0)) {
        out += `<|im_start|>${m.role}\n${content}<|im_end|>\n`;
      } else if (m.role === "assistant") {
        let reasoning = "";
        if (typeof m.reasoning_content === "string") {
          reasoning = m.reasoning_content;
        } else if (content.includes("</think>")) {
          reasoning = pyStripChars(
            pyStripChars(content.split("</think>")[0]!, "\n", "end").split("<think>").at(-1)!,
            "\n",
            "start",
          );
          content = pyStripChars(content.split("</think>").at(-1)!, "\n", "start");
        }
        if (i > lastQuery && (isLast || reasoning)) {
          out += `<|im_start|>assistant\n<think>\n${pyStripChars(reasoning, "\n", "both")}\n</think>\n\n${pyStripChars(content, "\n", "start")}`;
        } else {
          out += `<|im_start|>assistant\n${content}`;
        }
        if (hasItems(m.tool_calls)) {
          m.tool_calls.forEach((call, j) => {
            if ((j === 0 && content) || j > 0) out += "\n";
            out += qwenToolCall(call, "verbatim");
          });
        }
        out += "<|im_end|>\n";
      } else if (m.role === "tool") {
        if (i === 0 || messages[i - 1]!.role !== "tool") out += "<|im_start|>user";
        out += `\n<tool_response>\n${content}\n</tool_response>`;
        if (isLast || messages[i + 1]!.role !== "tool") out += "<|im_end|>\n";
      }
    });
    if (options.addGenerationPrompt) {
      out += "<|im_start|>assistant\n";
      if (options.enableThinking === false) out += "<think>\n\n</think>\n\n";
    }
    return out;
  },
};
