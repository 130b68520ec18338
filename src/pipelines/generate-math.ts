import { join, resolve } from "node:path";
import { loadConfig } from "../config/load-config.js";
import { InputError, UsageError } from "../core/errors.js";
import { refuseOlderRecordShape } from "../engine/record-shape-guard.js";
import { latestRunDir, readRunConfigFile } from "../engine/run-dir.js";
import { type MathFlags, type MathRun, resolveMathRun } from "../recipes/math/config.js";
import { type MathRunResult, runMathUntil } from "../recipes/math/run.js";
import {
  checkDifficulties,
  checkLanguages,
  checkModes,
  checkTaskTypes,
  type Source,
} from "../recipes/math/validate.js";

export interface MathCommandFlags extends MathFlags {
  config?: string;
  /** `--resume [DIR]`: continue a run with the options saved in its config.json. */
  resume?: string | boolean;
}

export interface MathCommandIo {
  cwd?: string;
  /** Aborted (Ctrl-C): the run stops at its next checkpoint, resumable. */
  signal?: AbortSignal;
  onProgress?: (done: number, requested: number) => void;
}

/**
 * `dialogsmith generate math`: flags + dialogsmith.yaml, or `--resume [DIR]` with the options
 * saved in DIR/config.json. `--out DIR` of an unfinished run continues it too (with its seed
 * unless --seed is given); another run's directory is refused.
 */
export async function generateMathCommand(
  flags: MathCommandFlags,
  io: MathCommandIo = {},
): Promise<MathRunResult> {
  const cwd = io.cwd ?? process.cwd();
  const { config, path } = loadConfig(flags.config, cwd);
  const baseDir = resolve(cwd, config.output_dir ?? "data/generated");
  const signal = io.signal ?? new AbortController().signal;
  if (flags.resume !== undefined) {
    const dir = resumeDir(flags, cwd, baseDir);
    const saved = readRunConfigFile(join(dir, "config.json"));
    if (!saved)
      throw new UsageError(`${dir} is not a dialogsmith run directory (no config.json): check --resume`);
    refuseOlderRecordShape(dir, saved, true);
    return runMathUntil(savedMathRun(saved, dir, flags.count), signal, io.onProgress, baseDir);
  }
  const run = resolveMathRun(flags, config.math, path);
  if (run.out) {
    run.out = resolve(cwd, run.out);
    const saved = readRunConfigFile(join(run.out, "config.json"));
    if (saved && saved.recipe !== "math")
      throw new UsageError(`${run.out} holds a ${String(saved.recipe)} run, not math: pass another --out`);
    if (saved) refuseOlderRecordShape(run.out, saved, true);
    // The seed is drawn afresh when none is given: continuing a run means keeping its seed.
    const seedGiven =
      flags.seed !== undefined || (config.math as { seed?: unknown } | undefined)?.seed !== undefined;
    if (saved && !seedGiven && typeof saved.seed === "number") run.plan.seed = saved.seed;
  }
  return runMathUntil(run, signal, io.onProgress, baseDir);
}

function resumeDir(flags: MathCommandFlags, cwd: string, baseDir: string): string {
  if (typeof flags.resume === "string") return resolve(cwd, flags.resume);
  const dir = flags.out ?? latestRunDir("math", baseDir);
  if (!dir) throw new UsageError(`no earlier math run to resume under ${baseDir}: pass --resume DIR`);
  return resolve(cwd, dir);
}

/** The run saved in a math run directory's config.json (what `--resume` continues). */
function savedMathRun(saved: Record<string, unknown>, dir: string, count: number | undefined): MathRun {
  const bad = (key: string) =>
    new InputError(
      `${join(dir, "config.json")}: '${key}' is missing or wrong: restore the file, or pass another --out`,
    );
  const list = <T>(key: string): T[] => {
    if (!Array.isArray(saved[key]) || saved[key].length === 0) throw bad(key);
    return saved[key] as T[];
  };
  const src: Source = { where: join(dir, "config.json"), config: true };
  if (saved.recipe !== "math") throw new UsageError(`${dir} holds a ${String(saved.recipe)} run, not math`);
  const num = (key: string) => {
    if (typeof saved[key] !== "number") throw bad(key);
    return saved[key] as number;
  };
  const system = saved.system;
  if (typeof system !== "boolean" && typeof system !== "string") throw bad("system");
  return {
    plan: {
      count: count ?? num("requested"),
      seed: num("seed"),
      modes: checkModes(list("modes"), src),
      taskTypes: checkTaskTypes(list("tasks"), src),
      languages: checkLanguages(list("languages"), src),
      difficulties: checkDifficulties(list("difficulties"), src),
      reasoningMode: saved.reasoning === true,
      system,
      turns: num("turns"),
      start: typeof saved.start === "number" ? saved.start : undefined,
    },
    out: dir,
    evalRatio: typeof saved.eval_ratio === "number" ? saved.eval_ratio : undefined,
  };
}
