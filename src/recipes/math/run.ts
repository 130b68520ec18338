import { resolve } from "node:path";
import { loadConfig } from "../../config/load-config.js";
import {
  type OfflineOutput,
  type OfflineProducer,
  type OfflineRunBase,
  type OfflineRunResult,
  runOfflineUntil,
  runOfflineWith,
} from "../../engine/offline-runner.js";
import { defaultRunDir } from "../../engine/run-dir.js";
import { blockSize, writeBlocks } from "./block.js";
import { type MathFlags, type MathRun, resolveMathRun } from "./config.js";
import { mathWorkerCount, writeMathRecordsParallel } from "./parallel.js";
import type { MathPlan } from "./stream.js";
import { MathTally, strataOf } from "./tally.js";

export interface MathRunHooks {
  /** Working directory for the config file and relative paths (default: process.cwd()). */
  cwd?: string;
  /** An explicit config file (--config). */
  configPath?: string;
  onProgress?: (done: number, requested: number) => void;
}

export interface MathRunResult extends OfflineRunResult {
  run: MathRun;
}

/**
 * Writes records [start, start + count) of the plan to `out`, in index order, block by block
 * (see encodeBlock), and tallies the breakdown (mode, task_type, language, difficulty) with a
 * counter per cell, not per record.
 */
export function writeMathRecords(plan: MathPlan, out: OfflineOutput): void {
  const start = plan.start ?? 0;
  const tally = new MathTally(plan);
  writeBlocks(plan, start, start + plan.count, out, strataOf(plan), tally);
  tally.report(out);
}

/** `dialogsmith generate math`: resolve flags + dialogsmith.yaml, then write the run directory. */
export function generateMath(flags: MathFlags, hooks: MathRunHooks = {}): MathRunResult {
  const { config, path } = loadConfig(hooks.configPath, hooks.cwd);
  const run = resolveMathRun(flags, config.math, path);
  const cwd = hooks.cwd ?? process.cwd();
  const baseDir = resolve(cwd, config.output_dir ?? "data/generated");
  return runMath(run.out ? { ...run, out: resolve(cwd, run.out) } : run, hooks.onProgress, baseDir);
}

/**
 * Records between checkpoints: about a tenth of the run, 5,000 to 100,000 (a second or two of
 * work: Ctrl-C stops within that), in whole blocks.
 */
function checkpointEvery(plan: MathPlan): number {
  const size = blockSize(plan);
  const target = Math.min(100_000, Math.max(5_000, Math.ceil(plan.count / 10)));
  return Math.ceil(target / size) * size;
}

/**
 * `count` records of `plan` from record `start`, as an object of one fixed shape. Not a spread
 * ({...plan, start, count}): V8 gave the copies of one plan new hidden classes as a run went on,
 * and each new one threw away the optimised code of the block loop (encodeBlock, with the whole
 * generator inlined into it), every few checkpoints.
 */
function planSlice(plan: MathPlan, start: number, count: number): MathPlan {
  return {
    count,
    seed: plan.seed,
    modes: plan.modes,
    taskTypes: plan.taskTypes,
    languages: plan.languages,
    difficulties: plan.difficulties,
    reasoningMode: plan.reasoningMode,
    system: plan.system,
    turns: plan.turns,
    start,
  };
}

/** The run directory, config.json contents and producer of a resolved math run. */
function mathRunParts(
  run: MathRun,
  onProgress: ((done: number, requested: number) => void) | undefined,
  baseDir: string,
): { base: OfflineRunBase; produce: OfflineProducer } {
  const p = run.plan;
  // Chosen once for the whole run (a pool started for it serves every stretch).
  const workers = mathWorkerCount(p, run.workers);
  const base: OfflineRunBase = {
    recipe: "math",
    dir: run.out ?? defaultRunDir("math", undefined, baseDir),
    requested: p.count,
    seed: p.seed,
    config: {
      modes: p.modes,
      tasks: p.taskTypes,
      languages: p.languages,
      difficulties: p.difficulties,
      reasoning: p.reasoningMode,
      system: p.system,
      turns: p.turns,
      start: p.start,
    },
    evalRatio: run.evalRatio,
    onProgress,
    checkpointEvery: checkpointEvery(p),
  };
  const produce: OfflineProducer = (out, from, to) => {
    // Records [from, to) of the run: a slice of the plan (each record depends on seed and index only).
    const slice = planSlice(p, (p.start ?? 0) + from, to - from);
    if (workers > 0) writeMathRecordsParallel(slice, out, workers);
    else writeMathRecords(slice, out);
  };
  return { base, produce };
}

/** Writes a resolved math run (library entry point: no config file involved). */
export function runMath(
  run: MathRun,
  onProgress?: (done: number, requested: number) => void,
  baseDir = "data/generated",
): MathRunResult {
  const { base, produce } = mathRunParts(run, onProgress, baseDir);
  return { ...runOfflineWith(base, produce), run };
}

/**
 * runMath that can be stopped: once `signal` is aborted (Ctrl-C) it stops at the next checkpoint
 * with report.json saying "interrupted"; running it again on the directory resumes the run.
 */
export async function runMathUntil(
  run: MathRun,
  signal: AbortSignal,
  onProgress?: (done: number, requested: number) => void,
  baseDir = "data/generated",
): Promise<MathRunResult> {
  const { base, produce } = mathRunParts(run, onProgress, baseDir);
  return { ...(await runOfflineUntil(base, produce, signal)), run };
}
