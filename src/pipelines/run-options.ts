import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { FileConfig } from "../config/file-config.js";
import type { NamedModelConfig } from "../config/model-config.js";
import { assertBaseUrl, type ModelChoice, type ModelFlags, resolveModel } from "../config/resolve-model.js";
import { UsageError } from "../core/errors.js";
import { defaultRunDir, latestRunDir, readRunConfigFile } from "../engine/run-dir.js";
import type { ModelEvent } from "../models/events.js";

/** Flags every model-driven generate command shares (see cli/options.ts). */
export interface CommonRunFlags extends ModelFlags {
  config?: string;
  count?: number;
  seed?: number;
  out?: string;
  maxCost?: number;
  maxAttempts?: number;
  resume?: string | boolean;
  /** On resume, move corrupt dataset lines to rejected.jsonl and generate their items again. */
  repair?: boolean;
  /** commander's --no-cache: false when given. */
  cache?: boolean;
  cacheDir?: string;
  /** A Redis URL: model steps run on `dialogsmith worker` processes (see src/distributed). */
  queue?: string;
  dryRun?: boolean;
  quiet?: boolean;
  debug?: boolean;
  yes?: boolean;
}

/** What a pipeline's caller hands every run the same way. */
export interface RunIoFields {
  stopSignal?: AbortSignal;
  onModelEvent?: (e: ModelEvent) => void;
  warn?: (message: string) => void;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
}

/** The run settings every model-driven pipeline takes from its flags, config and caller alike. */
export function runSettings(flags: CommonRunFlags, config: FileConfig, io: RunIoFields) {
  return {
    repair: flags.repair,
    cacheDir: flags.cacheDir ?? config.cache_dir,
    readCache: flags.cache !== false,
    queue: flags.queue,
    stopSignal: io.stopSignal,
    onModelEvent: io.onModelEvent,
    warn: io.warn,
    env: io.env,
    fetch: io.fetch,
  };
}

/** The seed when none is given: fixed, so re-running a command reuses every cached response. */
export const DEFAULT_SEED = 42;

export interface SavedRunConfig {
  recipe: string;
  seed: number;
  count: number;
  options: Record<string, unknown>;
  models: Record<string, NamedModelConfig>;
}

/**
 * Where this run goes. `--resume DIR` or `--resume` (latest run of the recipe) continues a run
 * with the options saved in its config.json; `--out DIR` of an existing run also resumes it.
 */
export function resolveRunDir(
  recipe: string,
  label: string | undefined,
  flags: Pick<CommonRunFlags, "out" | "resume">,
  config: FileConfig,
): { dir: string; saved?: SavedRunConfig } {
  const baseDir = config.output_dir ?? "data/generated";
  let dir: string | undefined;
  if (typeof flags.resume === "string") dir = flags.resume;
  else if (flags.resume === true) {
    dir = flags.out ?? latestRunDir(recipe, baseDir);
    if (!dir) throw new UsageError(`no earlier ${recipe} run to resume under ${baseDir}: pass --resume DIR`);
  } else dir = flags.out;
  if (!dir) return { dir: defaultRunDir(recipe, label, baseDir) };
  const configPath = join(resolve(dir), "config.json");
  if (flags.resume !== undefined && !existsSync(configPath)) {
    throw new UsageError(`${dir} is not a dialogsmith run directory (no config.json): check --resume`);
  }
  if (!existsSync(configPath)) return { dir };
  const saved = readRunConfigFile(configPath) as unknown as SavedRunConfig;
  if (saved.recipe !== recipe)
    throw new UsageError(`${dir} holds a ${saved.recipe} run, not ${recipe}: pass another --out`);
  return { dir, saved: flags.resume !== undefined ? saved : undefined };
}

/** Models for each pipeline role: the saved ones on resume, else config entry + flags. */
export function resolveRoleModels(
  roles: Record<string, ModelChoice>,
  config: FileConfig,
  flags: ModelFlags,
  saved?: SavedRunConfig,
): Record<string, NamedModelConfig> {
  if (saved) return saved.models;
  const out: Record<string, NamedModelConfig> = {};
  for (const [role, choice] of Object.entries(roles)) out[role] = resolveModel(config, choice, flags);
  return out;
}

/**
 * Models for a dry run, which needs no endpoint: the roles' models when they resolve, else none.
 * A malformed --base-url is still an error: it would fail the real run the same way.
 */
export function dryRunModels(
  roles: Record<string, ModelChoice>,
  config: FileConfig,
  flags: ModelFlags,
  saved?: SavedRunConfig,
): Partial<Record<string, NamedModelConfig>> {
  if (flags.baseUrl) assertBaseUrl(flags.baseUrl, "--base-url");
  try {
    return resolveRoleModels(roles, config, flags, saved);
  } catch {
    return {};
  }
}
