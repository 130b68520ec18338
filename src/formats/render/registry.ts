import { existsSync } from "node:fs";
import { UsageError } from "../../core/errors.js";
import { chatmlRenderer } from "./chatml.js";
import { JinjaChatRenderer, type JinjaRendererOptions } from "./jinja.js";
import { llama3Renderer } from "./llama3.js";
import { qwen2_5Renderer } from "./qwen2_5.js";
import { qwen3Renderer } from "./qwen3.js";
import type { ChatRenderer } from "./types.js";

const BUILT_IN: Record<string, ChatRenderer> = {
  "qwen2.5": qwen2_5Renderer,
  qwen3: qwen3Renderer,
  chatml: chatmlRenderer,
  llama3: llama3Renderer,
};

/** Spellings people use for the same built-in. */
const ALIASES: Record<string, string> = {
  qwen2_5: "qwen2.5",
  "qwen-2.5": "qwen2.5",
  qwen25: "qwen2.5",
  "llama-3": "llama3",
};

export const BUILT_IN_TEMPLATES = Object.keys(BUILT_IN);

export function builtInRenderer(name: string): ChatRenderer | undefined {
  const key = name.toLowerCase();
  return BUILT_IN[ALIASES[key] ?? key];
}

/**
 * `--template NAME|PATH`: a built-in by name, else a template file or model directory. Anything
 * that is neither is a usage error listing the built-ins.
 */
export function resolveRenderer(nameOrPath: string, options: JinjaRendererOptions = {}): ChatRenderer {
  const builtIn = builtInRenderer(nameOrPath);
  if (builtIn) return builtIn;
  if (existsSync(nameOrPath)) return JinjaChatRenderer.fromFile(nameOrPath, options);
  throw new UsageError(
    `unknown template '${nameOrPath}': use a built-in (${BUILT_IN_TEMPLATES.join(", ")}) or the path of a .jinja file or tokenizer_config.json`,
  );
}
