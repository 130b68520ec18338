import type { ChatMessage } from "../../core/conversation.js";
import { decodeTokens, encodeTokens, estimateTokens } from "../../quality/tokens.js";
import type { RoundsTexts } from "./prompts.js";
import type { Round } from "./types.js";

/** Marks a text cut to its token budget. */
export const CUT_MARK = " […]";

/**
 * `text` cut to at most `budget` tokens (o200k). The cheap estimate skips the tokenizer for the
 * common short text; only long texts are encoded.
 */
export function cutToTokens(text: string, budget: number): string {
  if (estimateTokens(text) <= budget * 0.75) return text;
  const tokens = encodeTokens(text);
  if (tokens.length <= budget) return text;
  return decodeTokens(tokens.slice(0, budget)).trimEnd() + CUT_MARK;
}

/**
 * The history a model sees: earlier questions (user) and corrections (assistant), never the
 * weaker answers, and only the last `limit` messages. The window starts on a user message so
 * chat templates that insist on alternation accept it.
 */
export function historyMessages(rounds: readonly Round[], limit: number, tokenBudget: number): ChatMessage[] {
  const all: ChatMessage[] = [];
  for (const r of rounds) {
    all.push({ role: "user", content: cutToTokens(r.question, tokenBudget) });
    all.push({ role: "assistant", content: cutToTokens(r.correction, tokenBudget) });
  }
  let window = limit > 0 ? all.slice(-limit) : [];
  if (window[0]?.role === "assistant") window = window.slice(1);
  return window;
}

/** The same history as a labelled transcript, for the questioner and the corrector. */
export function transcript(history: readonly ChatMessage[], texts: RoundsTexts): string {
  return history
    .map(
      (m) => `${m.role === "user" ? texts.userLabel : texts.assistantLabel}${texts.colon}${m.content ?? ""}`,
    )
    .join("\n\n");
}
