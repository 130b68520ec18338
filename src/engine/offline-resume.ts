import { existsSync, statSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { InputError, UsageError } from "../core/errors.js";
import { stableStringify } from "../core/hash.js";
import { type OfflineState, readOfflineState } from "./offline-state.js";
import { type RunPaths, readRunConfigFile } from "./run-dir.js";
import { holdsData } from "./saved-run.js";

/** config.json of a model-free run: recipe, seed, requested count, the recipe's options, creation time. */
export type OfflineConfig = Record<string, unknown> & { recipe: string; seed: number; requested: number };

/** Fields of config.json that may change between sessions of one run. */
const VOLATILE = new Set(["requested", "created_at"]);

function fingerprint(config: Record<string, unknown>): string {
  return stableStringify(Object.fromEntries(Object.entries(config).filter(([k]) => !VOLATILE.has(k))));
}

export interface OfflineStart {
  /** The checkpoint to continue from (undefined: start at record 0 with empty files). */
  state?: OfflineState;
  /** created_at of the run (kept across sessions). */
  createdAt?: string;
}

/**
 * Makes a run directory ready for (a session of) a model-free run: refuses one that holds another
 * run, then cuts the output files back to the last checkpoint (or to nothing without one).
 */
export function prepareOfflineDir(paths: RunPaths, config: OfflineConfig, files: string[]): OfflineStart {
  const saved = readRunConfigFile(paths.config);
  if (!saved) {
    for (const name of ["dataset.jsonl", "train.jsonl", "eval.jsonl", "report.json"]) {
      if (holdsData(join(paths.dir, name)))
        throw new UsageError(
          `${paths.dir} already holds ${name} but no config.json: choose another --out directory or remove it`,
        );
    }
  } else if (fingerprint(saved) !== fingerprint(config)) {
    const what =
      saved.recipe !== config.recipe
        ? `a ${String(saved.recipe)} run`
        : saved.seed !== config.seed
          ? `a run with seed ${String(saved.seed)}`
          : "a run with different options";
    throw new UsageError(
      `${paths.dir} holds ${what}: continue it with --resume ${paths.dir}, or pass another --out`,
    );
  }
  const state = saved ? readOfflineState(paths.state) : undefined;
  const usable = state && state.recipe === config.recipe && state.seed === config.seed ? state : undefined;
  if (usable && usable.next_index > config.requested)
    throw new UsageError(
      `${paths.dir} already holds ${usable.next_index} records, more than the ${config.requested} asked for: pass --count ${usable.next_index} or more, or another --out`,
    );
  for (const name of files) cutBack(join(paths.dir, name), usable?.files[name]?.bytes ?? 0);
  return { state: usable, createdAt: typeof saved?.created_at === "string" ? saved.created_at : undefined };
}

/** Cuts a file back to `bytes`, its size at the checkpoint; a shorter file was changed by someone else. */
function cutBack(path: string, bytes: number): void {
  const size = existsSync(path) ? statSync(path).size : 0;
  if (size < bytes)
    throw new InputError(
      `${path} holds ${size} bytes, fewer than the ${bytes} of the last checkpoint (state.json): it was changed outside dialogsmith; start again with another --out`,
    );
  if (size > bytes) truncateSync(path, bytes);
}
