import { resolve } from "node:path";
import { loadConfig } from "../../config/load-config.js";
import { type OfflineItem, type OfflineRunResult, runOffline } from "../../engine/offline-runner.js";
import { defaultRunDir } from "../../engine/run-dir.js";
import { type MathFlags, type MathRun, resolveMathRun } from "./config.js";
import { mathRecords } from "./stream.js";
import type { MathRecord } from "./types.js";

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

/** Adapts the math record stream to the offline runner: stratum = mode/task, report facets. */
function* items(run: MathRun): Generator<OfflineItem<MathRecord>> {
  for (const record of mathRecords(run.plan)) {
    const m = record.metadata;
    yield {
      record,
      stratum: `${m.mode}/${m.task_type}`,
      facets: { mode: m.mode, task_type: m.task_type, language: m.language, difficulty: m.difficulty },
    };
  }
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
  const result = runOffline({
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
    items: items(run),
    evalRatio: run.evalRatio,
    onProgress,
  });
  return { ...result, run };
}
