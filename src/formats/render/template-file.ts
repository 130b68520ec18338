import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { ConfigError } from "../../core/errors.js";

/** A model's chat template(s) and the special tokens transformers passes to them. */
export interface ChatTemplateSource {
  /** The file it was read from, named in errors. */
  origin: string;
  /** `default` for a lone template; tokenizer_config.json may also name several (`tool_use`, `rag`). */
  templates: Map<string, string>;
  /** transformers' `special_tokens_map`: bos_token, eos_token, ... (strings), additional_special_tokens (list). */
  specialTokens: Record<string, string | string[]>;
}

const TOKEN_KEYS = [
  "bos_token",
  "eos_token",
  "unk_token",
  "sep_token",
  "pad_token",
  "cls_token",
  "mask_token",
];

/**
 * Reads a chat template from a `.jinja` file, a `tokenizer_config.json` (its `chat_template`,
 * a string or a list of `{name, template}`), a `chat_template.json`, or a model directory holding
 * them. A `.jinja` file takes its special tokens from a tokenizer_config.json beside it.
 */
export function loadChatTemplate(path: string): ChatTemplateSource {
  if (!existsSync(path))
    throw new ConfigError(
      `template file not found: ${path}; give a .jinja file, a tokenizer_config.json or a built-in name`,
    );
  if (statSync(path).isDirectory()) return loadFromDirectory(path);
  if (path.toLowerCase().endsWith(".json")) return loadFromJson(path);
  const beside = join(dirname(path), "tokenizer_config.json");
  return {
    origin: path,
    templates: new Map([["default", readText(path)]]),
    specialTokens: existsSync(beside) ? specialTokensOf(readJson(beside), beside) : {},
  };
}

function loadFromDirectory(dir: string): ChatTemplateSource {
  for (const name of ["chat_template.jinja", "tokenizer_config.json", "chat_template.json"]) {
    const path = join(dir, name);
    if (existsSync(path) && (name !== "tokenizer_config.json" || hasTemplate(readJson(path))))
      return loadChatTemplate(path);
  }
  throw new ConfigError(
    `no chat template in ${dir}; it needs chat_template.jinja or a tokenizer_config.json with chat_template`,
  );
}

function loadFromJson(path: string): ChatTemplateSource {
  const config = readJson(path);
  const specialTokens = specialTokensOf(config, path);
  const raw = config.chat_template;
  const templates = new Map<string, string>();
  if (typeof raw === "string") {
    templates.set("default", raw);
  } else if (Array.isArray(raw)) {
    for (const entry of raw as { name?: unknown; template?: unknown }[]) {
      if (typeof entry?.name !== "string" || typeof entry.template !== "string")
        throw new ConfigError(`${path}: chat_template list entries need "name" and "template" strings`);
      templates.set(entry.name, entry.template);
    }
  } else {
    // Newer transformers keep the template in its own file beside the config.
    const beside = join(dirname(path), "chat_template.jinja");
    if (basename(path) === "tokenizer_config.json" && existsSync(beside))
      return { origin: beside, templates: new Map([["default", readText(beside)]]), specialTokens };
    throw new ConfigError(
      `${path} has no chat_template; pass the model's chat_template.jinja or a tokenizer_config.json that has one`,
    );
  }
  return { origin: path, templates, specialTokens };
}

function hasTemplate(config: Record<string, unknown>): boolean {
  return config.chat_template !== undefined && config.chat_template !== null;
}

function specialTokensOf(config: Record<string, unknown>, path: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of TOKEN_KEYS) {
    const token = tokenText(config[key]);
    if (token !== undefined) out[key] = token;
  }
  const extra = config.additional_special_tokens;
  if (Array.isArray(extra)) {
    const tokens = extra.map(tokenText);
    if (tokens.some((t) => t === undefined))
      throw new ConfigError(`${path}: additional_special_tokens must be strings or {"content": ...} objects`);
    out.additional_special_tokens = tokens as string[];
  }
  return out;
}

/** A token is a string or a serialised AddedToken `{"content": "<s>", ...}`. */
function tokenText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && typeof (value as { content?: unknown }).content === "string")
    return (value as { content: string }).content;
  return undefined;
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError(`cannot read template file ${path}: ${(e as Error).message}`, { cause: e });
  }
}

function readJson(path: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(readText(path));
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(
      `${path} is not valid JSON (${(e as Error).message}); fix the file or pass the .jinja template`,
      {
        cause: e,
      },
    );
  }
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw new ConfigError(`${path} is not a JSON object; expected a tokenizer_config.json`);
  return value as Record<string, unknown>;
}
