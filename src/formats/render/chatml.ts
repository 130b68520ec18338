import type { Conversation } from "../../core/conversation.js";
import { UsageError } from "../../core/errors.js";
import { hasItems } from "./template-messages.js";
import type { ChatRenderer, RenderOptions } from "./types.js";

/**
 * Plain ChatML, as the reference template writes it: `<|im_start|>{role}\n{content}<|im_end|>\n`
 * per message, no default system prompt. ChatML has no tool-call format, so a conversation with
 * tools is refused rather than rendered without them.
 */
export const chatmlRenderer: ChatRenderer = {
  name: "chatml",
  render(conversation: Conversation, options: RenderOptions = {}): string {
    refuseTools(conversation, "chatml");
    let out = "";
    for (const m of conversation.messages) out += `<|im_start|>${m.role}\n${m.content ?? ""}<|im_end|>\n`;
    if (options.addGenerationPrompt) out += "<|im_start|>assistant\n";
    return out;
  },
};

/** Templates without a tool format must not drop calls silently. */
export function refuseTools(conversation: Conversation, template: string): void {
  const usesTools =
    hasItems(conversation.tools) ||
    conversation.messages.some((m) => m.role === "tool" || hasItems(m.tool_calls));
  if (usesTools)
    throw new UsageError(
      `the ${template} template has no tool-call format; render tool conversations with --template qwen2.5 or qwen3, or the model's own template file`,
    );
}
