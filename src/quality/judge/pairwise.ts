import { extractJson } from "../../models/json-extract.js";
import type { OutputSchema } from "../../models/types.js";
import { type JudgeParse, type JudgeRequest, type JudgeSubject, transcript } from "./judge-step.js";
import type { Rubric } from "./rubric.js";

/**
 * Pairwise judging: which of two dialogues (two runs or two models on the same scenarios) is
 * better. Judges prefer whichever they read first, or the longer one; so each pair is judged in
 * both orders, and only a verdict that survives the swap counts: a disagreement is a tie.
 */

/** What the judge says about one order: the dialogue shown first or second, or neither. */
export type Preference = "first" | "second" | "tie";
/** The pair's result, in the user's terms: A (the first input) or B. */
export type Winner = "a" | "b" | "tie";

export interface PairVerdict {
  winner: Winner;
  /** The two orders disagreed (each preferred the other side, or one saw a tie): counted as a tie. */
  disagreement: boolean;
  /** A shown first, then B shown first. */
  orders: { ab: Preference; ba: Preference };
  reasons: { ab: string; ba: string };
}

export const PAIR_SCHEMA: OutputSchema = {
  name: "pairwise_verdict",
  schema: {
    type: "object",
    properties: {
      reason: { type: "string" },
      winner: { type: "string", enum: ["first", "second", "tie"] },
    },
    required: ["reason", "winner"],
    additionalProperties: false,
  },
};

export function pairSystemPrompt(rubric: Rubric): string {
  return [
    "You compare two dialogues written for the same purpose and decide which one is better training data for a chat model.",
    rubric.description ? `The dataset: ${rubric.description}` : "",
    "Weigh these criteria:",
    ...rubric.criteria.map((c) => `- ${c.name}: ${c.description}`),
    rubric.instructions ?? "",
    'Ignore which one comes first and how long each is. Answer with JSON only: {"reason": "one line", "winner": "first" | "second" | "tie"}.',
  ]
    .filter(Boolean)
    .join("\n");
}

/** The request for one order: `first` is shown as dialogue 1. */
export function pairRequest(rubric: Rubric, first: JudgeSubject, second: JudgeSubject): JudgeRequest {
  return {
    messages: [
      { role: "system", content: pairSystemPrompt(rubric) },
      {
        role: "user",
        content: `Dialogue 1:\n\n${transcript(first)}\n\n---\n\nDialogue 2:\n\n${transcript(second)}`,
      },
    ],
    outputSchema: PAIR_SCHEMA,
  };
}

export function parsePreference(answer: {
  content: string | null;
  finishReason: string | null;
}): JudgeParse<{ winner: Preference; reason: string }> {
  if (answer.finishReason === "length")
    return { ok: false, reason: "judge_truncated", detail: "the judge's answer hit max_tokens" };
  let value: unknown;
  try {
    value = extractJson(answer.content ?? "");
  } catch (e) {
    return { ok: false, reason: "judge_invalid_json", detail: (e as Error).message };
  }
  const v = value as { winner?: unknown; reason?: unknown } | null;
  const winner = typeof v?.winner === "string" ? v.winner.trim().toLowerCase() : "";
  if (winner !== "first" && winner !== "second" && winner !== "tie")
    return { ok: false, reason: "judge_schema_mismatch", detail: "winner is not first, second or tie" };
  return { ok: true, value: { winner, reason: typeof v?.reason === "string" ? v.reason.trim() : "" } };
}

/**
 * Combines the two orders. With A first, "first" means A; with B first, "first" means B. The
 * pair has a winner only when both orders name the same dialogue; otherwise it is a tie.
 */
export function combineOrders(
  ab: { winner: Preference; reason: string },
  ba: { winner: Preference; reason: string },
): PairVerdict {
  const inAb: Winner = ab.winner === "first" ? "a" : ab.winner === "second" ? "b" : "tie";
  const inBa: Winner = ba.winner === "first" ? "b" : ba.winner === "second" ? "a" : "tie";
  const agree = inAb === inBa;
  return {
    winner: agree ? inAb : "tie",
    disagreement: !agree,
    orders: { ab: ab.winner, ba: ba.winner },
    reasons: { ab: ab.reason, ba: ba.reason },
  };
}
