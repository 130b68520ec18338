import { resolve } from "node:path";
import type { FileConfig } from "../config/file-config.js";
import { loadConfig, readStructuredFile } from "../config/load-config.js";
import type { NamedModelConfig } from "../config/model-config.js";
import { assertBaseUrl, resolveModel } from "../config/resolve-model.js";
import { UsageError } from "../core/errors.js";
import { readJsonl } from "../core/jsonl.js";
import type { ConversationProgram } from "../engine/program.js";
import { type ConversationRunOutcome, runConversationRun } from "../engine/run-conversations.js";
import { openRunDir, type RunPaths, writeReport } from "../engine/run-dir.js";
import { readLines } from "../formats/read/lines.js";
import { readRecords } from "../formats/read/read-records.js";
import type { ReadItem } from "../formats/read/types.js";
import { resolveInput } from "../formats/resolve-input.js";
import { JUDGE_FILES, type JudgeItem, JudgeProgram } from "../recipes/judge/judge-program.js";
import { type JudgeSubject, judgeRequest } from "../recipes/judge/judge-step.js";
import { pairRequest } from "../recipes/judge/pairwise.js";
import { PAIR_FILES, type Pair, PairwiseProgram } from "../recipes/judge/pairwise-program.js";
import { resolveRubric } from "../recipes/judge/resolve-rubric.js";
import { type JudgeVerdict, passRule, type Rubric, RubricSchema } from "../recipes/judge/rubric.js";
import { type DryRunPlan, firstPrompts, type PromptDryRun, promptDryRun } from "./dry-run.js";
import type { RecipeRunIo } from "./generate-recipe.js";
import { type CommonRunFlags, DEFAULT_SEED, resolveRunDir, type SavedRunConfig } from "./run-options.js";

export interface JudgeFlags extends CommonRunFlags {
  /** A built-in rubric name or a rubric file (default: the general dialogue-quality rubric). */
  rubric?: string;
  /** Write the records whose mean score reaches this (and the rubric's minimums) to filtered.jsonl. */
  minScore?: number;
  /** Compare two datasets record by record instead of scoring one. */
  pairwise?: boolean;
}

export type JudgeIo = RecipeRunIo;

/** What the judged records came to, for report.json and the summary. */
export interface JudgeSummary {
  rubric: string;
  judged: number;
  passed: number;
  /** Mean score per criterion over the judged records. */
  means: Record<string, number>;
  filtered?: string;
}

export interface PairwiseSummary {
  pairs: number;
  a_wins: number;
  b_wins: number;
  ties: number;
  /** Ties that came from the two orders disagreeing (position bias caught). */
  disagreements: number;
}

export type JudgeResult =
  | ({ kind: "run"; summary: JudgeSummary | PairwiseSummary } & ConversationRunOutcome)
  | PromptDryRun;

/** config.json's options of a judge run. */
interface JudgeRunOptions {
  inputs: string[];
  rubric: Rubric;
  min_score?: number;
  pairwise?: true;
}

/** `--model NAME`: the `models:` entry of that name, else a model id at `--base-url`. */
function judgeModel(config: FileConfig, flags: JudgeFlags): NamedModelConfig {
  const entry = flags.model && config.models[flags.model] ? flags.model : undefined;
  const model = resolveModel(config, entry, entry ? { ...flags, model: undefined } : flags);
  return model;
}

function subjectOf(item: Extract<ReadItem, { ok: true }>): JudgeSubject {
  const c = item.record.conversation;
  return { messages: c.messages, tools: c.tools, rounds: item.record.rounds };
}

async function* judgeItems(input: string): AsyncGenerator<JudgeItem> {
  for await (const item of readRecords(input, { badJson: "skip" })) {
    if (!item.ok)
      yield { ok: false, reason: item.skipped.reason, detail: item.skipped.detail, raw: item.skipped.raw };
    else yield { ok: true, raw: item.record.raw as Record<string, unknown>, subject: subjectOf(item) };
  }
}

/** The i-th readable record of A with the i-th of B, until either ends. */
async function* pairs(a: string, b: string): AsyncGenerator<Pair> {
  const left = readRecords(a, { badJson: "skip" });
  const right = readRecords(b, { badJson: "skip" });
  const next = async (it: AsyncGenerator<ReadItem>) => {
    for (let r = await it.next(); !r.done; r = await it.next()) if (r.value.ok) return r.value;
    return undefined;
  };
  try {
    for (;;) {
      const [x, y] = [await next(left), await next(right)];
      if (!x || !y) return;
      yield {
        a: { id: x.record.conversation.id, subject: subjectOf(x) },
        b: { id: y.record.conversation.id, subject: subjectOf(y) },
      };
    }
  } finally {
    await left.return(undefined);
    await right.return(undefined);
  }
}

/** Non-blank lines of a dataset (for progress); streamed. */
async function countLines(input: string): Promise<number> {
  let n = 0;
  for (const file of resolveInput(input).files) for await (const _ of readLines(file.path)) n++;
  return n;
}

function resolveOptions(inputs: string[], flags: JudgeFlags, saved?: SavedRunConfig): JudgeRunOptions {
  if (saved) {
    const options = saved.options as unknown as JudgeRunOptions;
    return { ...options, rubric: RubricSchema.parse(options.rubric) };
  }
  const want = flags.pairwise ? 2 : 1;
  if (inputs.length !== want)
    throw new UsageError(
      flags.pairwise
        ? `--pairwise compares two datasets: pass two (dialogsmith judge --pairwise A B), got ${inputs.length}`
        : `pass one dataset file or run directory to judge (got ${inputs.length}); to compare two, add --pairwise`,
    );
  for (const input of inputs) resolveInput(input);
  const rubric = resolveRubric(flags.rubric, (p) => readStructuredFile(p, "rubric"), "--rubric");
  return {
    inputs: inputs.map((i) => resolve(i)),
    rubric,
    ...(flags.minScore !== undefined ? { min_score: flags.minScore } : {}),
    ...(flags.pairwise ? { pairwise: true as const } : {}),
  };
}

async function dryRun(
  options: JudgeRunOptions,
  model: NamedModelConfig | undefined,
  dir: string,
): Promise<JudgeResult> {
  const first = async (input: string) => {
    for await (const item of readRecords(input, { badJson: "skip" })) if (item.ok) return subjectOf(item);
    throw new UsageError(`${input}: no readable record to judge`);
  };
  const subject = await first(options.inputs[0]);
  const request = options.pairwise
    ? pairRequest(options.rubric, subject, await first(options.inputs[1]))
    : judgeRequest(options.rubric, subject);
  const items = await countLines(options.inputs[0]);
  const calls = (options.pairwise ? [1, 2] : [1]).map(() => ({
    role: "judge",
    model,
    messages: request.messages,
    completionTokens: 40 * options.rubric.criteria.length + 20,
  }));
  const plan: DryRunPlan = {
    recipe: options.pairwise ? "judge --pairwise" : "judge",
    count: items,
    items,
    calls,
  };
  return promptDryRun(plan, firstPrompts(request.messages), dir);
}

/** Reads the judged records back for the summary: counts and mean score per criterion. */
async function summarise(paths: RunPaths, options: JudgeRunOptions): Promise<JudgeSummary> {
  const sums: Record<string, number> = {};
  let judged = 0;
  let passed = 0;
  for await (const { value } of readJsonl<{ metadata?: { judge?: JudgeVerdict } }>(paths.dataset)) {
    const verdict = value.metadata?.judge;
    if (!verdict) continue;
    judged++;
    if (verdict.passed) passed++;
    for (const [c, s] of Object.entries(verdict.scores)) sums[c] = (sums[c] ?? 0) + s;
  }
  const means = Object.fromEntries(
    Object.entries(sums).map(([c, s]) => [c, Math.round((s / judged) * 1000) / 1000]),
  );
  return {
    rubric: options.rubric.name,
    judged,
    passed,
    means,
    ...(options.min_score !== undefined ? { filtered: resolve(paths.dir, JUDGE_FILES.filtered) } : {}),
  };
}

async function summarisePairs(paths: RunPaths): Promise<PairwiseSummary> {
  const s: PairwiseSummary = { pairs: 0, a_wins: 0, b_wins: 0, ties: 0, disagreements: 0 };
  for await (const { value } of readJsonl<{ winner: string; disagreement: boolean }>(
    resolve(paths.dir, PAIR_FILES.pairs),
  )) {
    s.pairs++;
    if (value.winner === "a") s.a_wins++;
    else if (value.winner === "b") s.b_wins++;
    else s.ties++;
    if (value.disagreement) s.disagreements++;
  }
  return s;
}

/**
 * `dialogsmith judge FILE|RUN --rubric R --model NAME`: scores every record of a dataset (any
 * format the project reads) into a new run directory, on the step-journaled runner (resume, cache,
 * budget, progress); `--pairwise A B` compares two datasets record by record, both orders.
 */
export async function judgeDataset(
  inputs: string[],
  flags: JudgeFlags,
  io: JudgeIo = {},
): Promise<JudgeResult> {
  const { config } = loadConfig(flags.config);
  const name = flags.pairwise ? "judge-pairwise" : "judge";
  const probe = resolveRunDir(name, undefined, flags, config);
  const options = resolveOptions(inputs, flags, probe.saved);
  const { dir } = probe.saved ? probe : resolveRunDir(name, options.rubric.name, flags, config);
  if (flags.dryRun) {
    if (flags.baseUrl) assertBaseUrl(flags.baseUrl, "--base-url");
    let model: NamedModelConfig | undefined;
    try {
      model = judgeModel(config, flags);
    } catch {
      model = undefined; // A dry run needs no endpoint.
    }
    return dryRun(options, model, dir);
  }
  const models = probe.saved?.models ?? { judge: judgeModel(config, flags) };
  const seed = flags.seed ?? probe.saved?.seed ?? DEFAULT_SEED;
  const total = await countLines(options.inputs[0]);
  const paths = openRunDir(dir, { recipe: name, seed, count: total, options: { ...options }, models });
  const program: ConversationProgram<JudgeItem> | ConversationProgram<Pair> = options.pairwise
    ? new PairwiseProgram(options.rubric)
    : new JudgeProgram({
        rubric: options.rubric,
        rule: passRule(options.rubric, options.min_score),
        filter: options.min_score !== undefined,
      });
  const outcome = await runConversationRun({
    program: program as ConversationProgram<unknown>,
    inputs: options.pairwise ? pairs(options.inputs[0], options.inputs[1]) : judgeItems(options.inputs[0]),
    total,
    paths,
    models,
    seed,
    maxCostUsd: flags.maxCost,
    cacheDir: flags.cacheDir ?? config.cache_dir,
    readCache: flags.cache !== false,
    queue: flags.queue,
    ...io,
  });
  const summary = options.pairwise ? await summarisePairs(paths) : await summarise(paths, options);
  Object.assign(outcome.report, { [options.pairwise ? "pairwise" : "judge"]: summary });
  writeReport(paths, outcome.report);
  return { kind: "run", summary, ...outcome };
}
