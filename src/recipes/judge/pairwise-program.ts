import type { JudgeSubject } from "../../quality/judge/judge-step.js";
import { combineOrders, pairRequest, parsePreference } from "../../quality/judge/pairwise.js";
import type { Rubric } from "../../quality/judge/rubric.js";
import type { ConversationContext, ConversationOutcome, ConversationProgram } from "../conversation.js";

/** The i-th record of each of the two datasets. */
export interface Pair {
  a: { id?: string; subject: JudgeSubject };
  b: { id?: string; subject: JudgeSubject };
}

export const PAIR_FILES = { pairs: "pairs.jsonl", rejected: "rejected.jsonl" };

/**
 * `dialogsmith judge --pairwise A B`: each pair judged twice, A shown first and then B shown first
 * (two journaled steps); only a preference that survives the swap counts, otherwise a tie.
 */
export class PairwiseProgram implements ConversationProgram<Pair> {
  readonly name = "judge-pairwise";
  readonly modelRoles = ["judge"];
  readonly outputFiles = [PAIR_FILES.pairs, PAIR_FILES.rejected];

  constructor(private readonly rubric: Rubric) {}

  idFor(index: number): string {
    return `pair-${String(index).padStart(6, "0")}`;
  }

  async run(ctx: ConversationContext, pair: Pair): Promise<ConversationOutcome> {
    const ask = (name: "ab" | "ba", first: JudgeSubject, second: JudgeSubject) =>
      ctx.step({
        name,
        role: "judge",
        request: () => pairRequest(this.rubric, first, second),
        parse: (result) => parsePreference(result),
      });
    const ab = await ask("ab", pair.a.subject, pair.b.subject);
    const ba = await ask("ba", pair.b.subject, pair.a.subject);
    const verdict = combineOrders(ab.value, ba.value);
    const value = { index: ctx.index, a: pair.a.id ?? null, b: pair.b.id ?? null, ...verdict };
    return {
      status: "complete",
      writes: [{ file: PAIR_FILES.pairs, value }],
      note: { winner: verdict.winner },
    };
  }
}
