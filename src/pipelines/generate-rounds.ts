import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, extname, join, resolve } from "node:path";
import { z } from "zod";
import { loadConfig, parseWithSchema } from "../config/load-config.js";
import type { NamedModelConfig } from "../config/model-config.js";
import { writeJsonAtomic } from "../core/atomic-file.js";
import { UsageError } from "../core/errors.js";
import { JsonlWriter, readJsonl } from "../core/jsonl.js";
import type { ConversationRunResult } from "../engine/conversation-runner.js";
import type { EngineProgress } from "../engine/generation-engine.js";
import { type ConversationRunOutcome, runConversationRun } from "../engine/run-conversations.js";
import { openRunDir, readRunConfigFile } from "../engine/run-dir.js";
import { lockRunDir } from "../engine/run-lock.js";
import type { RunNotices } from "../engine/run-notices.js";
import {
  detectFormat,
  type FieldMap,
  type InputStats,
  parseFieldMap,
  readQaTriples,
} from "../formats/qa-input/index.js";
import type { ModelEvent } from "../models/events.js";
import { detectLanguage } from "../quality/language.js";
import { ANSWER_STYLES, type AnswerStyle, DEFAULT_ANSWER_STYLES } from "../recipes/rounds/answer-styles.js";
import { RoundsProgram } from "../recipes/rounds/rounds-program.js";
import {
  ROUNDS_ROLES,
  type RoundsRecipeOptions,
  type RoundsRole,
  roundsId,
  type SeedConversation,
} from "../recipes/rounds/types.js";
import { estimateRoundsPlan, type RoundsDryRun } from "./rounds-dry-run.js";
import {
  type CommonRunFlags,
  DEFAULT_SEED,
  dryRunModels,
  resolveRoleModels,
  resolveRunDir,
} from "./run-options.js";

const TokensSchema = z.int().positive();

/** The `rounds:` section of dialogsmith.yaml. */
export const RoundsSectionSchema = z.strictObject({
  /** Model (a `models:` name) for every role without its own. */
  model: z.string().optional(),
  questioner: z.string().optional(),
  answerer: z.string().optional(),
  corrector: z.string().optional(),
  input: z.string().optional(),
  /** `question=prompt,answer=response` or `{question: prompt, ...}`. */
  fields: z.union([z.string(), z.record(z.string(), z.string())]).optional(),
  sample: z.int().positive().optional(),
  rounds: z.int().min(2).max(50).optional(),
  context_messages: z.int().min(0).optional(),
  message_tokens: TokensSchema.optional(),
  lang: z.string().optional(),
  answerer_instruction: z.string().optional(),
  answer_styles: z.array(z.enum(ANSWER_STYLES)).min(1).optional(),
  max_tokens: z
    .strictObject({ question: TokensSchema, answer: TokensSchema, correction: TokensSchema })
    .partial()
    .optional(),
  seed: z.int().nonnegative().optional(),
  max_cost: z.number().nonnegative().optional(),
});

export interface RoundsFlags extends CommonRunFlags {
  input?: string;
  rounds?: number;
  questioner?: string;
  answerer?: string;
  corrector?: string;
  sample?: number;
  fields?: string;
  lang?: string;
  contextMessages?: number;
  messageTokens?: number;
  answererInstruction?: string;
  /** Comma-separated answer styles (plausible_mistake,missing_caveat,...). */
  answerStyles?: string;
}

/** Options saved in config.json: everything that shapes the data. */
export interface RoundsRunOptions {
  input: string;
  fields: FieldMap;
  sample?: number;
  first?: number;
  rounds: number;
  context_messages: number;
  message_tokens: number;
  lang?: string;
  answerer_instruction?: string;
  /** Absent in runs made before answer styles existed: they resume with the old brief style. */
  answer_styles?: AnswerStyle[];
  max_tokens: { question: number; answer: number; correction: number };
}

export interface RoundsIo extends RunNotices {
  stopSignal?: AbortSignal;
  onProgress?: (p: EngineProgress) => void;
  onModelEvent?: (e: ModelEvent) => void;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  /** Retries per request (default 8). */
  maxTries?: number;
  /** Conversations in progress at once (default: twice the models' summed concurrency). */
  window?: number;
}

export type RoundsResult = ({ kind: "run" } & ConversationRunOutcome) | ({ kind: "dry-run" } & RoundsDryRun);

const DEFAULT_MAX_TOKENS = { question: 256, answer: 768, correction: 1024 };

/** Round-1 files, relative to the run directory; `input.json` is written last and marks them complete. */
export const ROUND1 = {
  single: "round1/round1_single_turn.jsonl",
  history: "round1/round1_history_seed.jsonl",
  input: "round1/input.json",
};

function resolveOptions(flags: RoundsFlags, section: z.output<typeof RoundsSectionSchema>): RoundsRunOptions {
  const input = flags.input ?? section.input;
  if (!input)
    throw new UsageError(
      "no input given: pass --input FILE (JSONL, JSON, CSV or Parquet with question/answer/correction)",
    );
  if (flags.sample !== undefined && flags.count !== undefined) {
    throw new UsageError(
      "--sample (a seeded random sample) and --count (the first N records) exclude each other: pass one",
    );
  }
  const options: RoundsRunOptions = {
    input: resolve(input),
    fields: parseFieldMap(flags.fields ?? section.fields),
    rounds: flags.rounds ?? section.rounds ?? 3,
    context_messages: flags.contextMessages ?? section.context_messages ?? 16,
    message_tokens: flags.messageTokens ?? section.message_tokens ?? 1024,
    max_tokens: { ...DEFAULT_MAX_TOKENS, ...(section.max_tokens ?? {}) },
  };
  const sample = flags.sample ?? (flags.count === undefined ? section.sample : undefined);
  if (sample !== undefined) options.sample = sample;
  if (flags.count !== undefined) options.first = flags.count;
  const lang = flags.lang ?? section.lang;
  if (lang) options.lang = lang;
  const instruction = flags.answererInstruction ?? section.answerer_instruction;
  if (instruction !== undefined) options.answerer_instruction = instruction;
  options.answer_styles = flags.answerStyles
    ? parseAnswerStyles(flags.answerStyles)
    : (section.answer_styles ?? DEFAULT_ANSWER_STYLES);
  return options;
}

/** `--answer-styles a,b`: known style names only. */
function parseAnswerStyles(list: string): AnswerStyle[] {
  const names = list
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(ANSWER_STYLES as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0)
    throw new UsageError(
      `--answer-styles: ${unknown.length ? `unknown style '${unknown[0]}'` : "no style given"}; use some of ${ANSWER_STYLES.join(", ")}`,
    );
  return names as AnswerStyle[];
}

/** The recipe's options, with max_tokens no higher than each role's model allows. */
function recipeOptions(
  options: RoundsRunOptions,
  models: Partial<Record<RoundsRole, NamedModelConfig>>,
): RoundsRecipeOptions {
  const cap = (n: number, role: RoundsRole) => Math.min(n, models[role]?.max_tokens ?? n);
  return {
    rounds: options.rounds,
    contextMessages: options.context_messages,
    messageTokens: options.message_tokens,
    language: options.lang,
    answererInstruction: options.answerer_instruction,
    answerStyles: options.answer_styles ?? ["too_brief"],
    maxTokens: {
      question: cap(options.max_tokens.question, "questioner"),
      answer: cap(options.max_tokens.answer, "answerer"),
      correction: cap(options.max_tokens.correction, "corrector"),
    },
  };
}

interface PreparedInput extends InputStats {
  languages: Record<string, number>;
}

/**
 * Writes round 1 (the seed script's prepare_round1 step): the kept triples as
 * round1_single_turn.jsonl and round1_history_seed.jsonl, ids r1-000001... Written to temp files
 * and renamed, then input.json; a run that finds input.json reuses round 1 as it is.
 */
async function prepareRound1(dir: string, options: RoundsRunOptions, seed: number): Promise<PreparedInput> {
  const marker = join(dir, ROUND1.input);
  if (existsSync(marker)) return readRunConfigFile(marker) as unknown as PreparedInput;
  mkdirSync(join(dir, "round1"), { recursive: true });
  const single = new JsonlWriter(`${join(dir, ROUND1.single)}.tmp`, 1 << 16, "truncate");
  const history = new JsonlWriter(`${join(dir, ROUND1.history)}.tmp`, 1 << 16, "truncate");
  const languages: Record<string, number> = {};
  let index = 0;
  let stats: InputStats;
  try {
    stats = await readQaTriples(
      options.input,
      { fields: options.fields, sample: options.sample, first: options.first, seed },
      (t) => {
        const id = roundsId(index++);
        single.write({ id, question: t.question, answer: t.answer, correction: t.correction });
        history.write({ id, rounds: [{ question: t.question, answer: t.answer, correction: t.correction }] });
        const lang = options.lang ?? detectLanguage(`${t.question}\n${t.correction}`);
        languages[lang] = (languages[lang] ?? 0) + 1;
      },
    );
  } finally {
    single.close();
    history.close();
  }
  renameSync(`${join(dir, ROUND1.single)}.tmp`, join(dir, ROUND1.single));
  renameSync(`${join(dir, ROUND1.history)}.tmp`, join(dir, ROUND1.history));
  const prepared: PreparedInput = { ...stats, languages };
  writeJsonAtomic(marker, prepared);
  return prepared;
}

/**
 * A run whose round 1 could not be written has done nothing: remove what it wrote, so the same
 * --out can be used again with other options (fixed --fields, another file).
 */
function forgetUnstartedRun(dir: string): void {
  if (existsSync(join(dir, ROUND1.input))) return;
  for (const f of [ROUND1.single, ROUND1.history]) rmSync(join(dir, `${f}.tmp`), { force: true });
  rmSync(join(dir, "config.json"), { force: true });
  for (const d of [join(dir, "round1"), dir]) {
    if (existsSync(d) && readdirSync(d).length === 0) rmSync(d, { recursive: true });
  }
}

async function* seedConversations(path: string): AsyncGenerator<SeedConversation> {
  for await (const { value } of readJsonl<SeedConversation>(path)) yield value;
}

function roundsReport(
  options: RoundsRunOptions,
  input: PreparedInput,
  models: Record<string, NamedModelConfig>,
) {
  return (result: ConversationRunResult): Record<string, unknown> => {
    const endedEarly = result.incomplete.map((c) => ({
      id: c.id,
      rounds: c.note?.rounds,
      step: c.note?.step,
      reason: c.reason,
      detail: c.detail,
    }));
    // Lines per round file: round k holds every conversation that reached round k.
    const files: Record<string, number> = { round1: input.used };
    for (let k = 2; k <= options.rounds; k++) {
      const reached = result.incomplete.filter((c) => Number(c.note?.rounds ?? 0) >= k).length;
      files[`round${k}`] = result.counts.complete + reached;
    }
    return {
      rounds: options.rounds,
      roles: Object.fromEntries(Object.entries(models).map(([role, m]) => [role, m.name])),
      input: {
        file: input.file,
        format: input.format,
        rows: input.rows,
        used: input.used,
        skipped: input.skipped,
        skipped_total: Object.values(input.skipped).reduce((a, b) => a + b, 0),
        languages: input.languages,
      },
      conversations: result.counts,
      steps: result.steps,
      round_files: files,
      ended_early: endedEarly,
    };
  };
}

/** `dialogsmith generate rounds`: read and sample the input, write round 1, run rounds 2..R turn by turn. */
export async function generateRounds(flags: RoundsFlags, io: RoundsIo = {}): Promise<RoundsResult> {
  const { config, path: configPath } = loadConfig(flags.config);
  const section = parseWithSchema(RoundsSectionSchema, config.rounds ?? {}, configPath ?? "config", [
    "rounds",
  ]);
  const probe = resolveRunDir("rounds", undefined, flags, config);
  const saved = probe.saved;
  const options = saved ? (saved.options as unknown as RoundsRunOptions) : resolveOptions(flags, section);
  // A missing or mislabelled input is the likeliest mistake: report it before anything else.
  if (!saved) detectFormat(options.input);
  const seed = saved?.seed ?? flags.seed ?? section.seed ?? DEFAULT_SEED;
  const label = basename(options.input, extname(options.input));
  const dir =
    saved || flags.out || flags.resume ? probe.dir : resolveRunDir("rounds", label, flags, config).dir;
  const roleNames = Object.fromEntries(
    ROUNDS_ROLES.map((role) => [role, { flag: flags[role], config: section[role] ?? section.model }]),
  );

  if (flags.dryRun) {
    const models: Partial<Record<RoundsRole, NamedModelConfig>> = dryRunModels(
      roleNames,
      config,
      flags,
      saved,
    );
    return {
      kind: "dry-run",
      ...(await estimateRoundsPlan(options, recipeOptions(options, models), models, seed, dir)),
    };
  }

  const models = resolveRoleModels(roleNames, config, flags, saved);
  const lock = lockRunDir(dir);
  try {
    const paths = openRunDir(dir, {
      recipe: "rounds",
      seed,
      count: options.sample ?? options.first ?? 0,
      options: { ...options },
      models,
    });
    let input: PreparedInput;
    try {
      input = await prepareRound1(paths.dir, options, seed);
    } catch (e) {
      lock.release();
      forgetUnstartedRun(paths.dir);
      throw e;
    }
    const outcome = await runConversationRun({
      program: new RoundsProgram(recipeOptions(options, models)),
      inputs: seedConversations(join(paths.dir, ROUND1.history)),
      paths,
      models,
      seed,
      total: input.used,
      maxCostUsd: flags.maxCost ?? section.max_cost,
      window: io.window,
      cacheDir: flags.cacheDir ?? config.cache_dir,
      readCache: flags.cache !== false,
      queue: flags.queue,
      stopSignal: io.stopSignal,
      onProgress: io.onProgress,
      onModelEvent: io.onModelEvent,
      onStart: io.onStart,
      warn: io.warn,
      env: io.env,
      fetch: io.fetch,
      maxTries: io.maxTries,
      reportExtras: roundsReport(options, input, models),
    });
    return { kind: "run", ...outcome };
  } finally {
    lock.release();
  }
}
