import { z } from "zod";
import { parseWithSchema } from "../../config/load-config.js";
import { ConfigError, UsageError } from "../../core/errors.js";
import { randomSeed } from "../../core/rng.js";
import type { MathPlan } from "./stream.js";
import { TASK_TYPES } from "./tasks/index.js";
import { DIFFICULTIES, type Language, MODES } from "./types.js";
import {
  checkDifficulties,
  checkInt,
  checkLanguages,
  checkModes,
  checkTaskTypes,
  type Source,
} from "./validate.js";

/**
 * The `math:` section of dialogsmith.yaml. Every key is optional; command-line flags win over
 * the file, the file wins over the defaults (all modes, all task types, ru, difficulty 1-10,
 * reasoning on, system prompt on, 3 turns, 1000 dialogues).
 */
export const MathConfigSchema = z.strictObject({
  count: z.number().int().min(1).optional(),
  modes: z.array(z.string()).optional(),
  tasks: z.array(z.string()).optional(),
  lang: z.union([z.string(), z.array(z.string())]).optional(),
  difficulty: z.union([z.number().int(), z.string(), z.array(z.number().int())]).optional(),
  reasoning: z.boolean().optional(),
  /** true: the built-in system prompt; false: none; a string: this prompt. */
  system: z.union([z.boolean(), z.string()]).optional(),
  turns: z.number().int().min(1).max(10).optional(),
  seed: z.number().int().min(0).max(2147483647).optional(),
  eval_ratio: z.number().gt(0).lt(1).optional(),
  out: z.string().optional(),
});

export type MathConfig = z.output<typeof MathConfigSchema>;

/** What the command line supplied (undefined: not given). */
export interface MathFlags {
  count?: number;
  seed?: number;
  out?: string;
  modes?: string[];
  tasks?: string[];
  lang?: string[];
  difficulty?: number[];
  reasoning?: boolean;
  system?: boolean;
  turns?: number;
  evalRatio?: number;
}

export interface MathRun {
  plan: MathPlan;
  /** Explicit run directory, or undefined for data/generated/math_<time>. */
  out?: string;
  evalRatio?: number;
  /**
   * Worker threads generating in parallel (output identical whatever the number); 0: all on the
   * calling thread. Default: DIALOGSMITH_MATH_WORKERS, else automatic (see mathWorkerCount).
   */
  workers?: number;
}

export const DEFAULT_COUNT = 1000;
export const DEFAULT_TURNS = 3;

/** "5", "3-7", 5 or [1, 2, 3] as a list of difficulties. */
function difficultyList(v: number | string | number[], src: Source): number[] {
  if (typeof v === "number") return [v];
  if (Array.isArray(v)) return v;
  const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(v);
  if (!m) throw new ConfigError(`difficulty '${v}' is not N or N-M (in ${src.where}); use e.g. 5 or 3-7`);
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  const out: number[] = [];
  for (let i = lo; i <= hi; i++) out.push(i);
  return out.length ? out : [lo];
}

/**
 * Merges flags, the config section and defaults into a validated plan. `section` is the raw
 * `math:` value from the file (validated here with this recipe's schema).
 */
export function resolveMathRun(flags: MathFlags, section: unknown, configPath?: string): MathRun {
  const file: MathConfig =
    section === undefined ? {} : parseWithSchema(MathConfigSchema, section, configPath ?? "config", ["math"]);
  const fileSrc = (key: string): Source => ({
    where: `math.${key} in ${configPath ?? "config"}`,
    config: true,
  });
  /** The flag's value, else the file's, else `fallback`; each checked naming where it came from. */
  function choose<V, T>(
    check: (values: V, src: Source) => T[],
    [flag, flagValue]: [string, V | undefined],
    [key, fileValue]: [string, V | undefined],
    fallback: T[],
  ): T[] {
    if (flagValue) return check(flagValue, { where: flag });
    return fileValue ? check(fileValue, fileSrc(key)) : fallback;
  }

  const modes = choose(checkModes, ["--modes", flags.modes], ["modes", file.modes], [...MODES]);
  const taskTypes = choose(checkTaskTypes, ["--tasks", flags.tasks], ["tasks", file.tasks], [...TASK_TYPES]);
  const fileLang = typeof file.lang === "string" ? file.lang.split(",").map((s) => s.trim()) : file.lang;
  const languages: Language[] = choose(checkLanguages, ["--lang", flags.lang], ["lang", fileLang], ["ru"]);
  const fileDifficulties =
    file.difficulty === undefined ? undefined : difficultyList(file.difficulty, fileSrc("difficulty"));
  const difficulties = choose(
    checkDifficulties,
    ["--difficulty", flags.difficulty],
    ["difficulty", fileDifficulties],
    [...DIFFICULTIES],
  );
  const turns =
    flags.turns !== undefined ? checkInt(flags.turns, 1, 10, "--turns") : (file.turns ?? DEFAULT_TURNS);
  const evalRatio = flags.evalRatio ?? file.eval_ratio;
  if (evalRatio !== undefined && !(evalRatio > 0 && evalRatio < 1))
    throw new UsageError(
      `--eval-ratio must be between 0 and 1 (exclusive), got ${evalRatio}; e.g. --eval-ratio 0.1`,
    );
  return {
    plan: {
      count: flags.count ?? file.count ?? DEFAULT_COUNT,
      seed: flags.seed ?? file.seed ?? randomSeed(),
      modes,
      taskTypes,
      languages,
      difficulties,
      reasoningMode: flags.reasoning ?? file.reasoning ?? true,
      system: flags.system === false ? false : (file.system ?? true),
      turns,
    },
    out: flags.out ?? file.out,
    evalRatio,
  };
}
