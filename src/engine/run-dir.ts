import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { NamedModelConfig } from "../config/model-config.js";
import { writeJsonAtomic } from "../core/atomic-file.js";
import { InputError, UsageError } from "../core/errors.js";
import { makeDirectory } from "../core/fs-errors.js";
import { stableStringify } from "../core/hash.js";
import { packageVersion } from "../core/version.js";
import { refuseOlderRecordShape } from "./record-shape-guard.js";
import type { RunReport } from "./report.js";
import { savedVersion } from "./saved-run.js";

/** The files of one run. The layout is documented in the README ("Run directory"). */
export interface RunPaths {
  dir: string;
  dataset: string;
  rejected: string;
  state: string;
  config: string;
  events: string;
  report: string;
}

export function runPaths(dir: string): RunPaths {
  const abs = resolve(dir);
  return {
    dir: abs,
    dataset: join(abs, "dataset.jsonl"),
    rejected: join(abs, "rejected.jsonl"),
    state: join(abs, "state.json"),
    config: join(abs, "config.json"),
    events: join(abs, "events.jsonl"),
    report: join(abs, "report.json"),
  };
}

/** `YYYYMMDD-HHMMSS` in local time. */
export function timestampForDir(date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}

/** `data/generated/<recipe>_<label>_<YYYYMMDD-HHMMSS>` (label: the role, domain, ...). */
export function defaultRunDir(
  recipe: string,
  label: string | undefined,
  baseDir = "data/generated",
  date = new Date(),
): string {
  const safe = (s: string) => s.replace(/[^\w.-]+/g, "-");
  const name = [recipe, label ? safe(label) : undefined, timestampForDir(date)].filter(Boolean).join("_");
  // Two runs started within the same second get different directories.
  let dir = join(baseDir, name);
  for (let n = 2; existsSync(dir); n++) dir = join(baseDir, `${name}-${n}`);
  return dir;
}

export function ensureRunDir(dir: string): RunPaths {
  const paths = runPaths(dir);
  makeDirectory(paths.dir);
  return paths;
}

/** The newest run directory of a recipe under baseDir that has a state.json (for bare --resume). */
export function latestRunDir(recipe: string, baseDir = "data/generated"): string | undefined {
  if (!existsSync(baseDir)) return undefined;
  const candidates = readdirSync(baseDir)
    .filter((name) => name.startsWith(`${recipe}_`) && existsSync(join(baseDir, name, "state.json")))
    .map((name) => ({ name, mtime: statSync(join(baseDir, name, "state.json")).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  return candidates[0] ? join(baseDir, candidates[0].name) : undefined;
}

export function writeReport(paths: RunPaths, report: RunReport): void {
  writeJsonAtomic(paths.report, report);
}

/** What config.json holds: enough to reproduce the run, never a key (only variable names). */
export interface RunConfig {
  recipe: string;
  seed: number;
  count: number;
  /** The recipe's resolved options (must hold no secrets). */
  options: Record<string, unknown>;
  /** Model config per pipeline role. */
  models: Record<string, NamedModelConfig>;
}

/**
 * A JSON object file of a run directory (config.json, ...), or undefined when missing; a file
 * that does not parse is named with the fix.
 */
export function readRunConfigFile(path: string): Record<string, unknown> | undefined {
  if (!existsSync(path)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new InputError(
      `${path} is not valid JSON (${(e as Error).message}): restore it, or start the run again with another --out`,
    );
  }
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw new InputError(`${path} is not what dialogsmith wrote there: restore it, or pass another --out`);
  return value as Record<string, unknown>;
}

/** The parts of config.json that must match for a resume to continue the same data. */
export function fingerprint(config: { recipe: unknown; seed: unknown; options: unknown }): string {
  return stableStringify({ recipe: config.recipe, seed: config.seed, options: config.options });
}

/**
 * Creates (or reopens) a run directory and writes config.json; a directory holding another run
 * (other recipe, seed or options) is refused, so a resume always continues the same data.
 */
export function openRunDir(outDir: string, config: RunConfig): RunPaths {
  const paths = ensureRunDir(outDir);
  let full = { dialogsmith_version: packageVersion(), ...config };
  if (existsSync(paths.config)) {
    const existing = readRunConfigFile(paths.config) as typeof full;
    refuseOlderRecordShape(paths.dir, existing);
    // The version that started the run stays named (a resume by a later version must not hide it).
    const started = savedVersion(existing);
    if (started !== undefined) full = { ...full, dialogsmith_version: started };
    if (fingerprint(existing) !== fingerprint(full)) {
      const what =
        existing.recipe !== full.recipe
          ? `recipe '${existing.recipe}'`
          : existing.seed !== full.seed
            ? `seed ${existing.seed}`
            : "different options";
      throw new UsageError(
        `${paths.dir} holds a run with ${what}: resume it with the same options, or pass a new --out`,
      );
    }
  }
  writeJsonAtomic(paths.config, full);
  return paths;
}
