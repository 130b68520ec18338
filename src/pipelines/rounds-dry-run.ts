import type { NamedModelConfig } from "../config/model-config.js";
import type { ChatMessage } from "../core/conversation.js";
import { deriveSeed, Rng } from "../core/rng.js";
import { type InputStats, type QaTriple, readQaTriples } from "../formats/qa-input/index.js";
import { countTokens } from "../quality/tokens.js";
import { type AnswerStyle, answerStyleFor } from "../recipes/rounds/answer-styles.js";
import { roundsTexts } from "../recipes/rounds/prompts.js";
import { conversationLanguage, RoundsPrompts } from "../recipes/rounds/rounds-program.js";
import type { Round, RoundsRecipeOptions, RoundsRole } from "../recipes/rounds/types.js";
import type { RoundsRunOptions } from "./generate-rounds.js";

export interface RoundsModelEstimate {
  /** The model id sent to the endpoint, when the role's model resolved. */
  model?: string;
  roles: RoundsRole[];
  calls: number;
  promptTokens: number;
  completionTokens: number;
  costUsd?: number;
}

export interface RoundsDryRun {
  conversations: number;
  rounds: number;
  input: InputStats;
  outDir: string;
  /** By model name (roles sharing a model are one entry: one client, one limit, one bill). */
  perModel: Record<string, RoundsModelEstimate>;
  totalCostUsd?: number;
  /**
   * The round-2 requests of the first conversation. Round 1 comes from the input; what the models
   * write at run time (round 2's question and answer) is a ⟪placeholder⟫; each message says which.
   */
  sample: { role: RoundsRole; messages: SampleMessage[] }[];
}

/** A message of the dry run's sample, with where its text comes from. */
export type SampleMessage = ChatMessage & {
  source: "instructions" | "input" | "input and run time" | "run time";
};

/** Stand-ins for text the models write while the run goes (the dry run sends nothing). */
export const RUN_TIME = {
  question: "⟪round 2 question: the questioner writes it at run time⟫",
  answer: "⟪round 2 answer: the answerer writes it at run time⟫",
};

function tagSources(messages: ChatMessage[], input: Round): SampleMessage[] {
  return messages.map((m) => {
    const text = m.content ?? "";
    const fromInput = [input.question, input.correction, input.answer].some(
      (t) => t !== "" && text.includes(t),
    );
    const runTime = text.includes("⟪");
    const source =
      m.role === "system"
        ? "instructions"
        : fromInput && runTime
          ? "input and run time"
          : runTime
            ? "run time"
            : "input";
    return { ...m, source };
  });
}

/** Conversation 1's round-2 requests as they would be sent, run-time text as placeholders. */
function sampleRequests(prompts: RoundsPrompts, first: Round, style: AnswerStyle | undefined) {
  const calls: [RoundsRole, ChatMessage[]][] = [
    ["questioner", prompts.question([first])],
    ["answerer", prompts.answer([first], RUN_TIME.question, style)],
    ["corrector", prompts.correction([first], RUN_TIME.question, RUN_TIME.answer)],
  ];
  return calls.map(([role, messages]) => ({ role, messages: tagSources(messages, first) }));
}

/** Conversations whose prompts are built to measure token counts. */
const MEASURED = 20;

function promptTokens(messages: ChatMessage[]): number {
  return messages.reduce((n, m) => n + countTokens(m.content ?? "") + 3, 3);
}

/**
 * What a rounds run would send, without sending anything or writing a file: calls per model, and
 * tokens measured on the real prompts of the first conversations, with later rounds assumed as
 * long as round 1 (the model writes texts like the data's).
 */
export async function estimateRoundsPlan(
  options: RoundsRunOptions,
  recipe: RoundsRecipeOptions,
  models: Partial<Record<RoundsRole, NamedModelConfig>>,
  seed: number,
  outDir: string,
): Promise<RoundsDryRun> {
  const measured: QaTriple[] = [];
  const input = await readQaTriples(
    options.input,
    { fields: options.fields, sample: options.sample, first: options.first, seed },
    (t) => {
      if (measured.length < MEASURED) measured.push(t);
    },
  );
  const n = input.used;
  const perRole: Record<RoundsRole, { prompt: number; completion: number }> = {
    questioner: { prompt: 0, completion: 0 },
    answerer: { prompt: 0, completion: 0 },
    corrector: { prompt: 0, completion: 0 },
  };
  let sample: RoundsDryRun["sample"] = [];
  const styles = recipe.answererInstruction === undefined ? recipe.answerStyles : [];
  for (const t of measured) {
    const first: Round = { question: t.question, answer: t.answer, correction: t.correction };
    const { language, explicit } = conversationLanguage({ id: "", rounds: [first] }, recipe.language);
    const prompts = new RoundsPrompts(recipe, roundsTexts(language, explicit));
    const q = Math.min(countTokens(t.question), recipe.maxTokens.question);
    const a = Math.min(countTokens(t.answer), recipe.maxTokens.answer);
    const c = Math.min(countTokens(t.correction), recipe.maxTokens.correction);
    for (let k = 2; k <= recipe.rounds; k++) {
      const history = Array.from({ length: k - 1 }, () => first);
      // Later rounds' texts are assumed as long as round 1's for the token counts.
      const calls = {
        questioner: prompts.question(history),
        answerer: prompts.answer(history, t.question, recipe.answerStyles[0]),
        corrector: prompts.correction(history, t.question, t.answer),
      };
      if (sample.length === 0)
        sample = sampleRequests(prompts, first, answerStyleFor(new Rng(deriveSeed(seed, 0)), 2, styles));
      perRole.questioner.prompt += promptTokens(calls.questioner);
      perRole.answerer.prompt += promptTokens(calls.answerer);
      perRole.corrector.prompt += promptTokens(calls.corrector);
      perRole.questioner.completion += q;
      perRole.answerer.completion += a;
      perRole.corrector.completion += c;
    }
  }
  // Per conversation on average, times the conversations.
  const scale = measured.length > 0 ? n / measured.length : 0;
  const perModel: Record<string, RoundsModelEstimate> = {};
  let total = 0;
  let priced = true;
  for (const role of ["questioner", "answerer", "corrector"] as const) {
    const model = models[role];
    const key = model?.name ?? `(${role}: no model configured)`;
    perModel[key] ??= { model: model?.model, roles: [], calls: 0, promptTokens: 0, completionTokens: 0 };
    const entry = perModel[key];
    entry.roles.push(role);
    entry.calls += n * (recipe.rounds - 1);
    const prompt = Math.round(perRole[role].prompt * scale);
    const completion = Math.round(perRole[role].completion * scale);
    entry.promptTokens += prompt;
    entry.completionTokens += completion;
    if (model?.price) {
      const cost = (prompt * model.price.input_per_mtok + completion * model.price.output_per_mtok) / 1e6;
      entry.costUsd = (entry.costUsd ?? 0) + cost;
      total += cost;
    } else priced = false;
  }
  return {
    conversations: n,
    rounds: recipe.rounds,
    input,
    outDir,
    perModel,
    totalCostUsd: priced ? total : undefined,
    sample,
  };
}
