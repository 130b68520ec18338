import { basename, extname } from "node:path";
import { z } from "zod";
import type { NamedModelConfig } from "../../config/model-config.js";
import { UsageError } from "../../core/errors.js";
import type { ConversationRunResult } from "../../engine/conversation-runner.js";
import { detectFormat, type InputStats, parseFieldMap, readQaTriples } from "../../formats/qa-input/index.js";
import { detectLanguage } from "../../quality/language.js";
import { defineRecipe, type RecipeRun, type RunFiles } from "../define-recipe.js";
import { ANSWER_STYLES, DEFAULT_ANSWER_STYLES } from "./answer-styles.js";
import { RoundsProgram } from "./rounds-program.js";
import { type RoundsRecipeOptions, type RoundsRole, roundsId, type SeedConversation } from "./types.js";

const Tokens = z.int().min(1).max(1_000_000);
const USE_STYLES = `use some of ${ANSWER_STYLES.join(", ")}`;

const RoundsOptions = z.object({
  input: z
    .string()
    .optional()
    .describe("round-1 data: JSONL, JSON array, CSV or Parquet with question, answer, correction")
    .meta({ valueName: "file" }),
  rounds: z.int().min(2).max(50).default(3).describe("rounds in all, round 1 included"),
  sample: z
    .int()
    .min(1)
    .max(100_000_000)
    .optional()
    .describe("a seeded random sample of this many records (--count N: the first N)"),
  fields: z
    .union([z.string(), z.record(z.string(), z.string())])
    .optional()
    .describe("input field names, e.g. question=prompt,answer=response,correction=corrected")
    .meta({ valueName: "map" }),
  lang: z
    .string()
    .optional()
    .describe("language of the prompts (default: detected per conversation)")
    .meta({ valueName: "code" }),
  context_messages: z.int().min(0).max(1000).default(16).describe("history messages shown to a model"),
  message_tokens: z
    .int()
    .min(16)
    .max(1_000_000)
    .default(1024)
    .describe("longest text shown to a model, in tokens"),
  answer_styles: z
    .array(z.enum(ANSWER_STYLES, { error: (issue) => `unknown style '${issue.input}'; ${USE_STYLES}` }))
    .min(1, `no style given; ${USE_STYLES}`)
    .optional()
    .describe(`how answers fall short, one drawn per round (default ${DEFAULT_ANSWER_STYLES.join(",")})`),
  answerer_instruction: z
    .string()
    .optional()
    .describe("replaces the answerer's built-in answer styles with this instruction ('' for none)")
    .meta({ valueName: "text" }),
  max_tokens: z
    .strictObject({ question: Tokens, answer: Tokens, correction: Tokens })
    .partial()
    .optional()
    .describe("completion tokens per step kind (default question 256, answer 768, correction 1024)"),
  /** `--count N`: the first N records (saved so a resume reads the same ones). */
  first: z.int().min(1).optional().meta({ hidden: true }),
});

type Options = z.output<typeof RoundsOptions>;

const DEFAULT_MAX_TOKENS = { question: 256, answer: 768, correction: 1024 };

/** Round-1 files, relative to the run directory; `input.json` is written last and marks them complete. */
export const ROUND1 = {
  single: "round1/round1_single_turn.jsonl",
  history: "round1/round1_history_seed.jsonl",
  input: "round1/input.json",
};

interface PreparedInput extends InputStats {
  languages: Record<string, number>;
}

/** The program's options, with max_tokens no higher than each role's model allows. */
function programOptions(
  options: Options,
  models: Partial<Record<string, NamedModelConfig>>,
): RoundsRecipeOptions {
  const max = { ...DEFAULT_MAX_TOKENS, ...options.max_tokens };
  const cap = (n: number, role: RoundsRole) => Math.min(n, models[role]?.max_tokens ?? n);
  return {
    rounds: options.rounds,
    contextMessages: options.context_messages,
    messageTokens: options.message_tokens,
    language: options.lang,
    answererInstruction: options.answerer_instruction,
    // Runs made before answer styles existed resume with the old brief style.
    answerStyles: options.answer_styles ?? ["too_brief"],
    maxTokens: {
      question: cap(max.question, "questioner"),
      answer: cap(max.answer, "answerer"),
      correction: cap(max.correction, "corrector"),
    },
  };
}

const readOptions = (o: Options, seed: number) => ({
  fields: parseFieldMap(o.fields),
  sample: o.sample,
  first: o.first,
  seed,
});

/**
 * Writes round 1 (the seed script's prepare_round1 step): the kept triples as
 * round1_single_turn.jsonl and round1_history_seed.jsonl, ids r1-000001... A run that finds
 * input.json reuses round 1 as it is.
 */
async function prepareRound1(files: RunFiles, options: Options, seed: number): Promise<PreparedInput> {
  if (files.exists(ROUND1.input)) return files.readJson(ROUND1.input) as PreparedInput;
  const languages: Record<string, number> = {};
  let stats: InputStats | undefined;
  await files.writeJsonlAtomic([ROUND1.single, ROUND1.history], async (write) => {
    let index = 0;
    stats = await readQaTriples(options.input as string, readOptions(options, seed), (t) => {
      const id = roundsId(index++);
      write(0, { id, question: t.question, answer: t.answer, correction: t.correction });
      write(1, { id, rounds: [{ question: t.question, answer: t.answer, correction: t.correction }] });
      const lang = options.lang ?? detectLanguage(`${t.question}\n${t.correction}`);
      languages[lang] = (languages[lang] ?? 0) + 1;
    });
  });
  const prepared: PreparedInput = { ...(stats as InputStats), languages };
  files.writeJsonAtomic(ROUND1.input, prepared);
  return prepared;
}

/** A dry run writes nothing: the first conversation straight from the input, and the input's counts. */
async function peekInput(
  options: Options,
  seed: number,
): Promise<{ first?: SeedConversation; stats: InputStats }> {
  let first: SeedConversation | undefined;
  const stats = await readQaTriples(options.input as string, readOptions(options, seed), (t) => {
    first ??= {
      id: roundsId(0),
      rounds: [{ question: t.question, answer: t.answer, correction: t.correction }],
    };
  });
  return { first, stats };
}

function roundsReport(
  options: Options,
  input: PreparedInput,
  result: ConversationRunResult,
): Record<string, unknown> {
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
    input: {
      file: input.file,
      format: input.format,
      rows: input.rows,
      used: input.used,
      skipped: input.skipped,
      skipped_total: Object.values(input.skipped).reduce((a, b) => a + b, 0),
      languages: input.languages,
    },
    round_files: files,
    ended_early: endedEarly,
  };
}

async function prepare(run: RecipeRun<Options>) {
  const { options, seed } = run;
  const program = new RoundsProgram(programOptions(options, run.models));
  const files = run.io.runFiles;
  if (!files) {
    const { first, stats } = await peekInput(options, seed);
    return {
      program,
      inputs: async function* () {
        if (first) yield first;
      },
      total: stats.used,
      notes: [`input: ${stats.format}, ${stats.rows} rows, ${stats.used} used`],
    };
  }
  const input = await prepareRound1(files, options, seed);
  return {
    program,
    inputs: () => files.readJsonl(ROUND1.history) as AsyncIterable<SeedConversation>,
    total: input.used,
    reportExtras: (result: ConversationRunResult) => roundsReport(options, input, result),
  };
}

export default defineRecipe({
  name: "rounds",
  summary: "grow question/answer/correction data into multi-round conversations, a model per role",
  options: RoundsOptions,
  roles: {
    questioner: { description: "writes the follow-up questions" },
    answerer: { description: "writes the (deliberately flawed) answers" },
    corrector: { description: "writes the corrections" },
  },
  label: (o) => (o.input ? basename(o.input, extname(o.input)) : undefined),
  settle(options, { count, io }) {
    if (!options.input)
      throw new UsageError(
        "no input given: pass --input FILE (JSONL, JSON, CSV or Parquet with question/answer/correction)",
      );
    if (options.sample !== undefined && count !== undefined)
      throw new UsageError(
        "--sample (a seeded random sample) and --count (the first N records) exclude each other: pass one",
      );
    const input = io.resolvePath(options.input);
    // A missing or mislabelled input is the likeliest mistake: report it before anything else.
    detectFormat(input);
    return {
      input,
      fields: parseFieldMap(options.fields),
      rounds: options.rounds,
      context_messages: options.context_messages,
      message_tokens: options.message_tokens,
      max_tokens: { ...DEFAULT_MAX_TOKENS, ...options.max_tokens },
      ...(options.sample !== undefined ? { sample: options.sample } : {}),
      ...(count !== undefined ? { first: count } : {}),
      ...(options.lang ? { lang: options.lang } : {}),
      ...(options.answerer_instruction !== undefined
        ? { answerer_instruction: options.answerer_instruction }
        : {}),
      answer_styles: options.answer_styles ?? DEFAULT_ANSWER_STYLES,
    };
  },
  savedCount: (o) => o.sample ?? o.first ?? 0,
  summarize(report) {
    const files = (report.round_files ?? {}) as Record<string, number>;
    const ended = (report.ended_early as unknown[] | undefined)?.length ?? 0;
    return [
      ...(ended > 0
        ? [
            `${ended} conversation(s) ended early at their last complete round (listed in report.json under ended_early)`,
          ]
        : []),
      `round files: ${Object.entries(files)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")}`,
    ];
  },
  prepare,
});
