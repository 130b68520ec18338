import { Template } from "@huggingface/jinja";
import type { Conversation } from "../../core/conversation.js";
import { ConfigError, InputError } from "../../core/errors.js";
import { type RunOptions, runTemplate } from "./jinja-runtime.js";
import { type ChatTemplateSource, loadChatTemplate } from "./template-file.js";
import { toTemplateMessages } from "./template-messages.js";
import type { ChatRenderer, RenderOptions } from "./types.js";

export interface JinjaRendererOptions extends RunOptions {
  /** Which named template of a tokenizer_config.json list to use (default: transformers' choice). */
  templateName?: string;
}

/**
 * Any model's chat template, rendered through @huggingface/jinja with the context transformers'
 * `apply_chat_template` builds: `messages`, `tools` (None when absent), `documents`,
 * `add_generation_prompt`, the special tokens, then extra variables.
 */
export class JinjaChatRenderer implements ChatRenderer {
  readonly name: string;
  private readonly compiled = new Map<string, Template>();

  constructor(
    private readonly source: ChatTemplateSource,
    private readonly options: JinjaRendererOptions = {},
  ) {
    this.name = source.origin;
    for (const [name, text] of source.templates) {
      try {
        this.compiled.set(name, new Template(text));
      } catch (e) {
        const which = source.templates.size > 1 ? ` (template "${name}")` : "";
        throw new ConfigError(
          `cannot parse the chat template in ${source.origin}${which}: ${(e as Error).message}; check it is a Jinja chat template`,
          { cause: e },
        );
      }
    }
    if (options.templateName !== undefined && !this.compiled.has(options.templateName))
      throw new ConfigError(
        `${source.origin} has no chat template named "${options.templateName}"; it has: ${[...this.compiled.keys()].join(", ")}`,
      );
  }

  static fromFile(path: string, options: JinjaRendererOptions = {}): JinjaChatRenderer {
    return new JinjaChatRenderer(loadChatTemplate(path), options);
  }

  /** transformers' pick: the named one, else `tool_use` when tools are given, else `default`. */
  private pick(conversation: Conversation): Template {
    const names = [this.options.templateName, conversation.tools ? "tool_use" : undefined, "default"];
    for (const name of names) {
      const template = name === undefined ? undefined : this.compiled.get(name);
      if (template) return template;
    }
    throw new ConfigError(
      `${this.source.origin} holds several chat templates and none is "default"; choose one of: ${[...this.compiled.keys()].join(", ")}`,
    );
  }

  render(conversation: Conversation, options: RenderOptions = {}): string {
    const template = this.pick(conversation);
    const context: Record<string, unknown> = {
      messages: toTemplateMessages(conversation),
      tools: conversation.tools ?? null,
      documents: null,
      add_generation_prompt: options.addGenerationPrompt ?? false,
      ...this.source.specialTokens,
      ...(options.enableThinking === undefined ? {} : { enable_thinking: options.enableThinking }),
      ...options.variables,
    };
    try {
      return runTemplate(template, context, this.options);
    } catch (e) {
      throw new InputError(`the chat template ${this.source.origin} failed: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }
}
