import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../core/errors.js";

export type InputKind = "file" | "dataset" | "rounds" | "splits";

export interface InputFile {
  path: string;
  /** Set when the input is a run directory already split into train/eval. */
  split?: "train" | "eval";
}

export interface ResolvedInput {
  kind: InputKind;
  /** The directory given, when a run directory was given. */
  dir?: string;
  files: InputFile[];
}

/**
 * A file, or a run directory: its `dataset.jsonl` (every recipe's canonical records), else the
 * last `round{k}/round{k}_history.jsonl` of a rounds run written before rounds had a dataset.jsonl,
 * else `train.jsonl`/`eval.jsonl`.
 */
export function resolveInput(path: string): ResolvedInput {
  if (!existsSync(path)) throw new InputError(`${path}: no such file or directory; check the path`);
  if (!statSync(path).isDirectory()) return { kind: "file", files: [{ path }] };
  const dataset = join(path, "dataset.jsonl");
  if (existsSync(dataset)) return { kind: "dataset", dir: path, files: [{ path: dataset }] };
  const rounds = lastRoundHistory(path);
  if (rounds) return { kind: "rounds", dir: path, files: [{ path: rounds }] };
  const files: InputFile[] = [];
  for (const split of ["train", "eval"] as const) {
    const p = join(path, `${split}.jsonl`);
    if (existsSync(p)) files.push({ path: p, split });
  }
  if (files.length > 0) return { kind: "splits", dir: path, files };
  throw new InputError(
    `${path}: a directory without dataset.jsonl, train.jsonl/eval.jsonl or round<k>/round<k>_history.jsonl; pass the JSONL file itself`,
  );
}

function lastRoundHistory(dir: string): string | undefined {
  let best: { k: number; path: string } | undefined;
  for (const name of readdirSync(dir)) {
    const m = /^round(\d+)$/.exec(name);
    if (!m) continue;
    const k = Number(m[1]);
    const candidates = [
      join(dir, name, `round${k}_history.jsonl`),
      join(dir, name, `round${k}_history_seed.jsonl`),
    ];
    const found = candidates.find((p) => existsSync(p));
    if (found && (!best || k > best.k)) best = { k, path: found };
  }
  return best?.path;
}
