import { deriveSeed, Rng } from "../../core/rng.js";
import { type ByteSink, buildDialogue, composeDialogue, type DialogueSpec, LineFrame } from "./dialogue.js";
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
  return `${recordIdPrefix(seed)}${index}`;
}

/** What every record id of a run starts with: `math-<seed>-`. */
function recordIdPrefix(seed: number): string {
  return `math-${seed}-`;
}

/**
 * Record i of a plan, ready to generate: its (mode, task) cell, language and difficulty, and the
 * dialogue spec. One instance walks any number of indexes (it keeps the per-plan constants).
 */
export class PlanCursor {
  readonly plan: MathPlan;
  private readonly numModes: number;
  private readonly numTasks: number;
  private readonly numFollowups: number;
  private readonly numVariations: number;
  /** The record line's constant parts, and its metadata head per (cell, language). */
  private readonly frame: LineFrame;
  private readonly heads: string[] = [];
  /** Of the last record: cell (mode index * #tasks + task index), language and difficulty index. */
  cell = 0;
  languageIndex = 0;
  difficultyIndex = 0;

  constructor(plan: MathPlan) {
    this.plan = plan;
    this.numModes = plan.modes.length;
    this.numTasks = plan.taskTypes.length;
    this.numFollowups = followupsFor(plan.turns);
    this.numVariations = variationsFor(plan.turns);
    this.frame = new LineFrame(plan.seed, plan.reasoningMode, plan.system, recordIdPrefix(plan.seed));
    for (const mode of plan.modes)
      for (const task of plan.taskTypes)
        for (const language of plan.languages) this.heads.push(this.frame.head(mode, task, language));
  }

  spec(i: number): DialogueSpec {
    const plan = this.plan;
    const [mi, ti] = cellOf(i, this.numModes, this.numTasks);
    const pickRng = new Rng(deriveSeed(plan.seed, i));
    const li = plan.languages.length === 1 ? 0 : pickRng.int(0, plan.languages.length - 1);
    const di = plan.difficulties.length === 1 ? 0 : pickRng.int(0, plan.difficulties.length - 1);
    this.cell = mi * this.numTasks + ti;
    this.languageIndex = li;
    this.difficultyIndex = di;
    return {
      mode: plan.modes[mi],
      taskType: plan.taskTypes[ti],
      language: plan.languages[li],
      difficulty: plan.difficulties[di],
      reasoningMode: plan.reasoningMode,
      system: plan.system,
      turns: plan.turns,
      numFollowups: this.numFollowups,
      numVariations: this.numVariations,
      seed: plan.seed,
      index: i,
      streamSeed: deriveSeed(plan.seed, i, 1),
    };
  }

  /** Record i as a JSON line (no newline): JSON.stringify of the record mathRecords yields. */
  line(i: number): string {
    const spec = this.spec(i);
    const head = this.heads[this.cell * this.plan.languages.length + this.languageIndex];
    return this.frame.line(spec, head, composeDialogue(spec));
  }

  /** Record i as line(i) and a newline, in UTF-8, appended to `sink`. */
  encode(i: number, sink: ByteSink): void {
    const spec = this.spec(i);
    const head = this.heads[this.cell * this.plan.languages.length + this.languageIndex];
    this.frame.encode(spec, head, composeDialogue(spec), sink);
  }

  /** Record i as an object. */
  record(i: number): MathRecord {
    const d = buildDialogue(this.spec(i));
    return { id: recordId(this.plan.seed, i), messages: d.messages, metadata: d.metadata };
  }
}

/**
 * Streams the plan's records one at a time: record i depends only on (seed, i) and the options,
 * so any slice can be regenerated alone and memory stays flat however large `count` is.
 */
export function* mathRecords(plan: MathPlan): Generator<MathRecord> {
  const start = plan.start ?? 0;
  const end = start + plan.count;
  const cursor = new PlanCursor(plan);
  for (let i = start; i < end; i++) yield cursor.record(i);
}
