import { deriveSeed, Rng } from "../../core/rng.js";
import { buildDialogue } from "./dialogue.js";
import { gcd } from "./num/rational.js";
import type { Language, MathRecord, Mode } from "./types.js";

/** A fully resolved math dataset: what to generate and from which seed. */
export interface MathPlan {
  count: number;
  seed: number;
  modes: readonly Mode[];
  taskTypes: readonly string[];
  languages: readonly Language[];
  difficulties: readonly number[];
  reasoningMode: boolean;
  /** true: default system prompt; false: none; a string: that prompt. */
  system: boolean | string;
  /** User turns for chain; followup and variations use turns - 1 follow-ups (see docs/math.md). */
  turns: number;
  /** First record index (for generating a slice of a larger plan). */
  start?: number;
}

/** Follow-up questions for a given --turns (one user turn is the problem itself). */
export function followupsFor(turns: number): number {
  return Math.min(4, Math.max(1, turns - 1));
}

export function variationsFor(turns: number): number {
  return Math.min(8, Math.max(1, turns - 1));
}

/**
 * The (mode, task) cell of record i. Cells are dealt so that the first max(M, T) records already
 * cover every mode and every task type, and every M*T consecutive records cover each cell once:
 * with L = lcm(M, T), block j of L records pairs task u mod T with mode (u + j) mod M.
 */
export function cellOf(i: number, numModes: number, numTasks: number): [mode: number, task: number] {
  const cells = numModes * numTasks;
  const lcmMT = cells / gcd(numModes, numTasks);
  const k = i % cells;
  const j = Math.floor(k / lcmMT);
  const u = k % lcmMT;
  return [((u % numModes) + j) % numModes, u % numTasks];
}

export function recordId(seed: number, index: number): string {
  return `math-${seed}-${index}`;
}

/**
 * Streams the plan's records one at a time: record i depends only on (seed, i) and the options,
 * so any slice can be regenerated alone and memory stays flat however large `count` is.
 */
export function* mathRecords(plan: MathPlan): Generator<MathRecord> {
  const start = plan.start ?? 0;
  const end = start + plan.count;
  const M = plan.modes.length;
  const T = plan.taskTypes.length;
  const numFollowups = followupsFor(plan.turns);
  const numVariations = variationsFor(plan.turns);
  for (let i = start; i < end; i++) {
    const [mi, ti] = cellOf(i, M, T);
    const pickRng = new Rng(deriveSeed(plan.seed, i));
    const language = plan.languages.length === 1 ? plan.languages[0] : pickRng.pick(plan.languages);
    const difficulty =
      plan.difficulties.length === 1 ? plan.difficulties[0] : pickRng.pick(plan.difficulties);
    const d = buildDialogue({
      mode: plan.modes[mi],
      taskType: plan.taskTypes[ti],
      language,
      difficulty,
      reasoningMode: plan.reasoningMode,
      system: plan.system,
      turns: plan.turns,
      numFollowups,
      numVariations,
      seed: plan.seed,
      index: i,
      streamSeed: deriveSeed(plan.seed, i, 1),
    });
    yield { id: recordId(plan.seed, i), messages: d.messages, metadata: d.metadata };
  }
}
