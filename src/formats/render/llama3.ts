import type { Conversation } from "../../core/conversation.js";
import { refuseTools } from "./chatml.js";
import { pyStripChars } from "./py-str.js";
import type { ChatRenderer, RenderOptions } from "./types.js";

export const LLAMA3_BOS = "<|begin_of_text|>";

/**
 * Meta-Llama-3-Instruct's template: BOS, then per message
 * `<|start_header_id|>{role}<|end_header_id|>\n\n{content | trim}<|eot_id|>` (`trim` being
 * Python's strip(), not JS trim()). Like the original it
 * has no default system prompt and no tool format (tool conversations are refused).
 */
export const llama3Renderer: ChatRenderer = {
  name: "llama3",
  render(conversation: Conversation, options: RenderOptions = {}): string {
    refuseTools(conversation, "llama3");
    let out = "";
    conversation.messages.forEach((m, i) => {
      if (i === 0) out += LLAMA3_BOS;
      out += `<|start_header_id|>${m.role}<|end_header_id|>\n\n${pyStripChars(m.content ?? "", undefined, "both")}<|eot_id|>`;
    });
    if (options.addGenerationPrompt) out += "<|start_header_id|>assistant<|end_header_id|>\n\n";
    return out;
  },
};
