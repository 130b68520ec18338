import type { Conversation } from "../../core/conversation.js";

export interface RenderOptions {
  /** Append the opening of an assistant turn (transformers' `add_generation_prompt`). */
  addGenerationPrompt?: boolean;
  /** Qwen3: `enable_thinking=false` adds an empty think block after the generation prompt. */
  enableThinking?: boolean;
  /** Further variables for Jinja templates (transformers' `**kwargs` of apply_chat_template). */
  variables?: Record<string, unknown>;
}

/** Turns one conversation into the exact text a model is trained on. */
export interface ChatRenderer {
  /** A built-in name (`qwen2.5`) or the template file it was loaded from. */
  readonly name: string;
  render(conversation: Conversation, options?: RenderOptions): string;
}
