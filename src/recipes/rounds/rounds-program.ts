import type { ChatMessage } from "../../core/conversation.js";
import {
  type ConversationContext,
  type ConversationOutcome,
  type ConversationProgram,
  StepFailedError,
} from "../../engine/program.js";
import { detectLanguage } from "../../quality/language.js";
import { type AnswerStyle, answerStyleFor } from "./answer-styles.js";
import { parseAnswer, parseCorrection, parseQuestion } from "./clean.js";
import { cutToTokens, historyMessages, transcript } from "./context.js";
import { type RoundsTexts, roundsTexts } from "./prompts.js";
import { buildRoundsRecord, ROUNDS_DATASET } from "./rounds-record.js";
import {
  ROUNDS_ROLES,
  type Round,
  type RoundsRecipeOptions,
  roundsId,
  type SeedConversation,
} from "./types.js";

/** Files of round k (k >= 2), relative to the run directory. */
export function roundFiles(k: number): { history: string; single: string } {
  return { history: `round${k}/round${k}_history.jsonl`, single: `round${k}/round${k}_single_turn.jsonl` };
}

/** The prompts' language for a conversation: forced, or detected from its first round. */
export function conversationLanguage(
  seed: SeedConversation,
  forced: string | undefined,
): { language: string; explicit: boolean } {
  if (forced) return { language: forced, explicit: true };
  const first = seed.rounds[0];
  return { language: detectLanguage(`${first.question}\n${first.correction}`), explicit: false };
}

/** The three requests of round k, given the rounds before it (also used by --dry-run). */
export class RoundsPrompts {
  constructor(
    private readonly options: RoundsRecipeOptions,
    private readonly texts: RoundsTexts,
  ) {}

  question(history: readonly Round[]): ChatMessage[] {
    const h = historyMessages(history, this.options.contextMessages, this.options.messageTokens);
    return [
      { role: "system", content: this.texts.questionerSystem },
      { role: "user", content: this.texts.questionerUser(transcript(h, this.texts)) },
    ];
  }

  /** The answerer's request; `style` is how this round's answer falls short (see answerStyleFor). */
  answer(history: readonly Round[], question: string, style?: AnswerStyle): ChatMessage[] {
    const instruction = this.options.answererInstruction ?? (style ? this.texts.answerStyles[style] : "");
    return [
      { role: "system", content: this.texts.answererSystem(instruction) },
      ...historyMessages(history, this.options.contextMessages, this.options.messageTokens),
      { role: "user", content: cutToTokens(question, this.options.messageTokens) },
    ];
  }

  correction(history: readonly Round[], question: string, answer: string): ChatMessage[] {
    const h = historyMessages(history, this.options.contextMessages, this.options.messageTokens);
    const budget = this.options.messageTokens;
    return [
      { role: "system", content: this.texts.correctorSystem },
      {
        role: "user",
        content: this.texts.correctorUser(
          transcript(h, this.texts),
          cutToTokens(question, budget),
          cutToTokens(answer, budget),
        ),
      },
    ];
  }
}

/**
 * Grows a single-turn question/answer/correction triple into `rounds` rounds: per round the
 * questioner asks a follow-up, the answerer answers (flawed in one of the answer styles by default) and the
 * corrector writes the correction. A step that fails for good ends the conversation at its last
 * complete round: the rounds it has are written, the report lists it.
 */
export class RoundsProgram implements ConversationProgram<SeedConversation> {
  readonly name = "rounds";
  readonly modelRoles = ROUNDS_ROLES;
  readonly outputFiles: string[];

  constructor(private readonly options: RoundsRecipeOptions) {
    this.outputFiles = [ROUNDS_DATASET];
    for (let k = 2; k <= options.rounds; k++) {
      const f = roundFiles(k);
      this.outputFiles.push(f.history, f.single);
    }
  }

  idFor(index: number): string {
    return roundsId(index);
  }

  /** Round k's answer style, unless the user's own answerer instruction replaces the styles. */
  private styleOf(ctx: ConversationContext, k: number): AnswerStyle | undefined {
    if (this.options.answererInstruction !== undefined) return undefined;
    return answerStyleFor(ctx.rng, k, this.options.answerStyles);
  }

  async run(ctx: ConversationContext, seed: SeedConversation): Promise<ConversationOutcome> {
    const { language, explicit } = conversationLanguage(seed, this.options.language);
    const prompts = new RoundsPrompts(this.options, roundsTexts(language, explicit));
    const checkLanguage = language === "unknown" ? undefined : language;
    const { maxTokens } = this.options;
    const rounds: Round[] = seed.rounds.slice(0, this.options.rounds);
    let failure: StepFailedError | undefined;
    try {
      for (let k = rounds.length + 1; k <= this.options.rounds; k++) {
        const history = rounds.slice();
        const style = this.styleOf(ctx, k);
        const question = (
          await ctx.step({
            name: `r${k}.question`,
            role: "questioner",
            request: () => ({ messages: prompts.question(history), max_tokens: maxTokens.question }),
            parse: parseQuestion(checkLanguage),
          })
        ).value;
        const answer = (
          await ctx.step({
            name: `r${k}.answer`,
            role: "answerer",
            request: () => ({
              messages: prompts.answer(history, question, style),
              max_tokens: maxTokens.answer,
            }),
            parse: parseAnswer,
          })
        ).value;
        const correction = (
          await ctx.step({
            name: `r${k}.correction`,
            role: "corrector",
            request: () => ({
              messages: prompts.correction(history, question, answer),
              max_tokens: maxTokens.correction,
            }),
            parse: parseCorrection,
          })
        ).value;
        rounds.push({ question, answer, correction, ...(style ? { answer_style: style } : {}) });
      }
    } catch (e) {
      if (!(e instanceof StepFailedError)) throw e;
      failure = e;
    }
    const writes: ConversationOutcome["writes"] = [];
    for (let k = 2; k <= rounds.length; k++) {
      const f = roundFiles(k);
      writes.push({ file: f.history, value: { id: seed.id, rounds: rounds.slice(0, k) } });
      writes.push({ file: f.single, value: { id: seed.id, ...rounds[k - 1] } });
    }
    if (rounds.length >= 2)
      writes.push({ file: ROUNDS_DATASET, value: buildRoundsRecord(seed.id, rounds, language) });
    if (!failure) return { status: "complete", writes };
    return {
      status: "partial",
      writes,
      reason: failure.reason,
      detail: failure.detail,
      note: { rounds: rounds.length, step: failure.step, language },
    };
  }
}
