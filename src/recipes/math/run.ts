import { resolve } from "node:path";
import { loadConfig } from "../../config/load-config.js";
import { type OfflineOutput, type OfflineRunResult, runOfflineWith } from "../../engine/offline-runner.js";
import { defaultRunDir } from "../../engine/run-dir.js";
import { writeBlocks } from "./block.js";
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

/** Writes a resolved math run (library entry point: no config file involved). */
export function runMath(
  run: MathRun,
  onProgress?: (done: number, requested: number) => void,
  baseDir = "data/generated",
): MathRunResult {
  const p = run.plan;
  const result = runOfflineWith(
    {
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
      },
      evalRatio: run.evalRatio,
      onProgress,
    },
    (out) => {
      const workers = mathWorkerCount(p, run.workers);
      if (workers > 0) writeMathRecordsParallel(p, out, workers);
      else writeMathRecords(p, out);
    },
  );
  return { ...result, run };
}
