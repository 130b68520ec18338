import type { AnswerStyle } from "./answer-styles.js";

/** One round of a rounds conversation (the Aligner shape). */
export interface Round {
  question: string;
  answer: string;
  correction: string;
  /** Generated rounds: how the answerer was told to fall short (absent with answerer_instruction). */
  answer_style?: AnswerStyle;
}

/** A line of round1/round1_history_seed.jsonl: the input of one conversation. */
export interface SeedConversation {
  id: string;
  rounds: Round[];
}

/** The pipeline roles of the recipe. */
export type RoundsRole = "questioner" | "answerer" | "corrector";

export const ROUNDS_ROLES: readonly RoundsRole[] = ["questioner", "answerer", "corrector"];

export interface RoundsRecipeOptions {
  /** Rounds in all, round 1 (the input) included. */
  rounds: number;
  /** History messages (questions and corrections) shown to a model: the last this many. */
  contextMessages: number;
  /** Longest text shown to a model, in tokens; longer ones are cut. */
  messageTokens: number;
  /** Force the prompts' language; undefined: detected per conversation. */
  language?: string;
  /** Replaces the answerer's built-in styles with one instruction of the user's ("" for none). */
  answererInstruction?: string;
  /** The answerer's built-in styles, one drawn per round (used when answererInstruction is unset). */
  answerStyles: readonly AnswerStyle[];
  /** max_tokens per step kind. */
  maxTokens: { question: number; answer: number; correction: number };
}

/** Round-1 ids: `r1-000001`, 1-based, kept in every round's files. */
export function roundsId(index: number): string {
  return `r1-${String(index + 1).padStart(6, "0")}`;
}
