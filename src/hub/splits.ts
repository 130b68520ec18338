import { createReadStream, existsSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { InputError } from "../core/errors.js";
import { type DataSource, resolveSource } from "../report/source.js";

/** One file to upload and where it goes in the dataset repo. */
export interface SplitFile {
  /** Split name in the card's `configs` (train, eval, test). */
  split: string;
  /** Config it belongs to: `default`, or `gold` for the tools recipe's evaluation set. */
  config: string;
  local: string;
  /** Path in the repo, e.g. `data/train.jsonl`. */
  repoPath: string;
  records: number;
}

export interface PushPlan {
  source: DataSource;
  splits: SplitFile[];
}

/**
 * Decides what a push uploads.
 * - A run directory: `train.jsonl` + `eval.jsonl` (from `dialogsmith split`) when present, else
 *   `dataset.jsonl` as the train split; a `gold_dataset.jsonl` (tools `--gold`) becomes a `gold`
 *   config with a `test` split.
 * - A file: it is the train split; an `eval` file beside a `train` file (`train.jsonl` /
 *   `eval.jsonl`, `x.train.jsonl` / `x.eval.jsonl`) comes along as the eval split.
 * - `evalFile` names the eval split explicitly.
 */
export async function planPush(input: string, evalFile?: string): Promise<PushPlan> {
  const source = resolveSource(input);
  let train = source.files[0];
  let evalPath: string | undefined;
  let gold: string | undefined;
  if (source.kind === "run") {
    const dir = source.input;
    // A split run (`dialogsmith split`) pushes its splits, even with the unsplit dataset.jsonl still there.
    if (existsSync(join(dir, "train.jsonl"))) {
      train = join(dir, "train.jsonl");
      if (existsSync(join(dir, "eval.jsonl"))) evalPath = join(dir, "eval.jsonl");
    }
    if (existsSync(join(dir, "gold_dataset.jsonl"))) gold = join(dir, "gold_dataset.jsonl");
  } else {
    const name = basename(train);
    const marker = /(^|[._-])train([._-])/;
    if (marker.test(name)) {
      const sibling = join(dirname(train), name.replace(marker, "$1eval$2"));
      if (existsSync(sibling)) evalPath = sibling;
    }
  }
  if (evalFile) {
    const abs = resolve(evalFile);
    if (!existsSync(abs) || !statSync(abs).isFile())
      throw new InputError(`--eval: file not found: ${evalFile}`);
    evalPath = abs;
  }

  const splits: SplitFile[] = [
    {
      split: "train",
      config: "default",
      local: train,
      repoPath: "data/train.jsonl",
      records: await countLines(train),
    },
  ];
  if (evalPath)
    splits.push({
      split: "eval",
      config: "default",
      local: evalPath,
      repoPath: "data/eval.jsonl",
      records: await countLines(evalPath),
    });
  if (gold)
    splits.push({
      split: "test",
      config: "gold",
      local: gold,
      repoPath: "gold/test.jsonl",
      records: await countLines(gold),
    });
  if (splits[0].records === 0) throw new InputError(`${train} is empty: nothing to push`);
  return { source, splits };
}

/** Non-blank lines, streamed in chunks (no file is read whole). */
export async function countLines(path: string): Promise<number> {
  let lines = 0;
  let lineHasText = false;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === 0x0a) {
        if (lineHasText) lines++;
        lineHasText = false;
      } else if (b !== 0x20 && b !== 0x0d && b !== 0x09) lineHasText = true;
    }
  }
  return lineHasText ? lines + 1 : lines;
}
