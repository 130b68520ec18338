import { UsageError } from "../core/errors.js";
import type { FileConfig } from "./file-config.js";
import { parseWithSchema } from "./load-config.js";
import { ModelConfigSchema, type NamedModelConfig } from "./model-config.js";

/** Command-line overrides for a model (the flags of every generate command). */
export interface ModelFlags {
  baseUrl?: string;
  model?: string;
  apiKeyEnv?: string;
  concurrency?: number;
  rpm?: number;
  tpm?: number;
  timeout?: number;
}

export const DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";

/**
 * Resolves the model a recipe role uses: the named entry of `models:` (if any) with flags on top.
 * With neither a file entry nor flags, OPENAI_BASE_URL / OPENAI_API_KEY apply as in the official SDK.
 */
export function resolveModel(
  config: FileConfig,
  name: string | undefined,
  flags: ModelFlags = {},
  env: NodeJS.ProcessEnv = process.env,
): NamedModelConfig {
  const fromFile = name ? config.models[name] : undefined;
  if (name && !fromFile && !flags.model) {
    const known = Object.keys(config.models);
    throw new UsageError(
      `model '${name}' is not defined under models: in the config${known.length ? ` (defined: ${known.join(", ")})` : ""}; add it or pass --model`,
    );
  }
  const merged: Record<string, unknown> = { ...(fromFile ?? {}) };
  if (flags.baseUrl) merged.base_url = flags.baseUrl;
  if (flags.model) merged.model = flags.model;
  if (flags.apiKeyEnv) merged.api_key_env = flags.apiKeyEnv;
  if (flags.concurrency !== undefined) merged.concurrency = flags.concurrency;
  if (flags.rpm !== undefined) merged.rpm = flags.rpm;
  if (flags.tpm !== undefined) merged.tpm = flags.tpm;
  if (flags.timeout !== undefined) merged.timeout_s = flags.timeout;
  if (!fromFile) {
    // Built from flags alone: behave like the official SDK's defaults.
    merged.base_url ??= env.OPENAI_BASE_URL || DEFAULT_OPENAI_BASE_URL;
    if (merged.api_key_env === undefined && env.OPENAI_API_KEY) merged.api_key_env = "OPENAI_API_KEY";
  }
  if (!merged.model) {
    throw new UsageError(
      "no model configured: pass --model NAME (and --base-url URL), or add models: to dialogsmith.yaml",
    );
  }
  merged.base_url ??= DEFAULT_OPENAI_BASE_URL;
  const parsed = parseWithSchema(ModelConfigSchema, merged, "model settings", ["models", name ?? "default"]);
  return { ...parsed, name: name ?? "default" };
}
