import type { Conversation } from "../../core/conversation.js";
import { qwenToolCall, qwenToolsBlock } from "./qwen-common.js";
import { hasItems, toTemplateMessages } from "./template-messages.js";
import type { ChatRenderer, RenderOptions } from "./types.js";

export const QWEN2_5_DEFAULT_SYSTEM = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";

/**
 * Qwen2.5-Instruct's chat template, written out by hand (byte-identical to the official Jinja,
 * tested against it). A null content renders as "" where Python would fail.
 */
export const qwen2_5Renderer: ChatRenderer = {
  name: "qwen2.5",
  render(conversation: Conversation, options: RenderOptions = {}): string {
    const messages = toTemplateMessages(conversation);
    const first = messages[0];
    const system = first?.role === "system" ? (first.content ?? "") : QWEN2_5_DEFAULT_SYSTEM;
    let out = hasItems(conversation.tools)
      ? `<|im_start|>system\n${system}\n\n${qwenToolsBlock(conversation.tools)}`
      : `<|im_start|>system\n${system}<|im_end|>\n`;
    messages.forEach((m, i) => {
      const content = m.content ?? "";
      if (
        m.role === "user" ||
        (m.role === "system" && i > 0) ||
        (m.role === "assistant" && !hasItems(m.tool_calls))
      ) {
        out += `<|im_start|>${m.role}\n${content}<|im_end|>\n`;
      } else if (m.role === "assistant") {
        out += "<|im_start|>assistant";
        if (content) out += `\n${content}`;
        for (const call of m.tool_calls ?? []) out += `\n${qwenToolCall(call, "json")}`;
        out += "<|im_end|>\n";
      } else if (m.role === "tool") {
        if (i === 0 || messages[i - 1]!.role !== "tool") out += "<|im_start|>user";
        out += `\n<tool_response>\n${content}\n</tool_response>`;
        if (i === messages.length - 1 || messages[i + 1]!.role !== "tool") out += "<|im_end|>\n";
      }
    });
    if (options.addGenerationPrompt) out += "<|im_start|>assistant\n";
    return out;
  },
};
