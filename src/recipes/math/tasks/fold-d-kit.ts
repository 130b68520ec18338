import { ev } from "../text.js";
import type { Exchange, MistakeKind } from "../types.js";
import type { MistakeDef, Outcome, Presented } from "./formula.js";

/**
 * Shapes the variant tables of geometry, powers and fractions share: a follow-up answered with the
 * solution's own result, and a planted mistake whose texts the module's TEXT table already gives
 * in the dialogue's language.
 */

/** A "why" answer: the reason, then the solution's result line, answer and check. */
export function because(user: string, reason: string, p: Presented): Exchange {
  return { user, reply: { steps: [reason, p.line], answer: p.answer, checks: [p.check] } };
}

/** Another way to the same answer: its own steps, the solution's answer, checked by `expr`. */
export function sameAnswer(user: string, steps: string[], p: Presented, expr: string, o: Outcome): Exchange {
  return { user, reply: { steps, answer: p.answer, checks: [ev(expr, o.value)] } };
}

/** A planted mistake (the `fault` solve plants) with its texts in the dialogue's language. */
export function planted(kind: MistakeKind, fault: string, short: string, explain: string): MistakeDef {
  return { kind, fault, describe: () => ({ short, explain: [explain] }) };
}
