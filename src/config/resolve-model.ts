import { ConfigError, UsageError } from "../core/errors.js";
import { baseUrlProblem } from "./base-url.js";
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

/**
 * Which `models:` entry a pipeline role asked for: `flag` from a role flag (--questioner,
 * --user-model), `config` from the recipe's section of the config file. A bare string is `config`.
 */
export type ModelChoice = string | { flag?: string; config?: string } | undefined;

export const DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";

/**
 * The one rule for model names: a value that names a `models:` entry means that entry, wherever
 * it is given. A role flag wins, then `--model` when it names an entry, then the config's choice,
 * then the only entry when there is exactly one and the command line describes no model.
 * Undefined: no entry (the model comes from flags alone).
 */
export function chosenEntry(config: FileConfig, choice: ModelChoice, flags: ModelFlags): string | undefined {
  const c = typeof choice === "string" ? { config: choice } : (choice ?? {});
  const modelIsEntry = flags.model !== undefined && Object.hasOwn(config.models, flags.model);
  const name = c.flag ?? (modelIsEntry ? flags.model : undefined) ?? c.config;
  if (name !== undefined) return name;
  const entries = Object.keys(config.models);
  if (entries.length === 1 && !flags.model && !flags.baseUrl) return entries[0];
  if (entries.length > 1 && !flags.model)
    throw new UsageError(
      `several models are defined under models: (${entries.join(", ")}) and none is chosen: pass --model NAME or set the recipe's model: in the config`,
    );
  return undefined;
}

/** Throws a one-line error (exit 2) naming `where` when `value` cannot be a model endpoint. */
export function assertBaseUrl(
  value: string,
  where: string,
  ErrorClass: typeof UsageError = UsageError,
): void {
  const problem = baseUrlProblem(value);
  if (problem) throw new ErrorClass(`${where}: ${problem}`);
}

/**
 * Resolves the model a recipe role uses: the chosen entry of `models:` (see chosenEntry) with
 * flags on top. With neither a file entry nor flags, OPENAI_BASE_URL / OPENAI_API_KEY apply as in
 * the official SDK.
 */
export function resolveModel(
  config: FileConfig,
  choice: ModelChoice,
  flags: ModelFlags = {},
  env: NodeJS.ProcessEnv = process.env,
): NamedModelConfig {
  const name = chosenEntry(config, choice, flags);
  const fromFile = name !== undefined ? config.models[name] : undefined;
  if (name !== undefined && !fromFile && !flags.model) {
    const known = Object.keys(config.models);
    throw new UsageError(
      `model '${name}' is not defined under models: in the config${known.length ? ` (defined: ${known.join(", ")})` : ""}; add it or pass --model`,
    );
  }
  // --model naming an entry chose that entry; it is not a model id.
  const modelId =
    flags.model !== undefined && !Object.hasOwn(config.models, flags.model) ? flags.model : undefined;
  const merged: Record<string, unknown> = { ...(fromFile ?? {}) };
  if (flags.baseUrl) {
    assertBaseUrl(flags.baseUrl, "--base-url", UsageError);
    merged.base_url = flags.baseUrl;
    delete merged.endpoints; // the flag names the one endpoint
  }
  if (modelId) merged.model = modelId;
  if (flags.apiKeyEnv) merged.api_key_env = flags.apiKeyEnv;
  if (flags.concurrency !== undefined) merged.concurrency = flags.concurrency;
  if (flags.rpm !== undefined) merged.rpm = flags.rpm;
  if (flags.tpm !== undefined) merged.tpm = flags.tpm;
  if (flags.timeout !== undefined) merged.timeout_s = flags.timeout;
  if (!fromFile) {
    // Built from flags alone: behave like the official SDK's defaults.
    if (merged.base_url === undefined && env.OPENAI_BASE_URL) {
      assertBaseUrl(env.OPENAI_BASE_URL, "$OPENAI_BASE_URL", ConfigError);
      merged.base_url = env.OPENAI_BASE_URL;
    }
    if (merged.api_key_env === undefined && env.OPENAI_API_KEY) merged.api_key_env = "OPENAI_API_KEY";
  }
  if (!merged.model) {
    throw new UsageError(
      "no model configured: pass --model NAME (and --base-url URL), or add models: to dialogsmith.yaml",
    );
  }
  if (merged.endpoints === undefined) merged.base_url ??= DEFAULT_OPENAI_BASE_URL;
  const parsed = parseWithSchema(ModelConfigSchema, merged, "model settings", ["models", name ?? "default"]);
  return withFallbacks(config, { ...parsed, name: name ?? "default" });
}

/** The entry with its `fallback:` entries resolved from the same config (see NamedModelConfig.fallbacks). */
export function withFallbacks(config: FileConfig, entry: NamedModelConfig): NamedModelConfig {
  const fallbacks = entry.fallback?.map((other) => fallbackEntry(config, other));
  return fallbacks ? { ...entry, fallbacks } : entry;
}

/** A `fallback:` entry as its own model (the file's entry; its own fallbacks are not followed). */
function fallbackEntry(config: FileConfig, name: string): NamedModelConfig {
  const entry = config.models[name];
  if (!entry) throw new ConfigError(`fallback '${name}' is not defined under models: in the config`);
  const { fallback: _ignored, ...own } = entry;
  return { ...own, ...(own.endpoints ? {} : { base_url: own.base_url ?? DEFAULT_OPENAI_BASE_URL }), name };
}
