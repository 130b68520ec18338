import { type Tr, tr } from "../lang.js";
import type { Exact } from "../num/exact.js";
import { ev, exchange } from "../text.js";
import type { Ctx, Exchange, Param } from "../types.js";
import { because, type FormulaDef, type MistakeDef, type Outcome, present, sameAnswer } from "./formula.js";

/**
 * Tasks made of variants (geometry's shapes, powers' kinds of expression) keep each variant in one
 * table entry; the generic code here walks the entry. `T` is the task's text table in the
 * dialogue's language (its TEXT entry), so a variant reads its texts, units included, from `tx`.
 */
export interface TaskVariant<S, T> {
  /** The working; `fault` is one of this variant's mistakes. */
  solve(tx: T, s: S, fault?: string): Outcome;
  why(tx: T, s: S, ctx: Ctx): string;
  /** Another way to the same value: its steps and the check expression. */
  alt(tx: T, s: S, o: Outcome, ctx: Ctx): [steps: string[], expr: string];
  /** A check of the answer: the step, the reply's answer, the check expression and its value. */
  verify(tx: T, s: S, v: Exact, ctx: Ctx): [step: string, answer: string, expr: string, value: Exact];
  edge(tx: T, s: S, o: Outcome, ctx: Ctx): Exchange;
  params(tx: T, s: S, ctx: Ctx): Param[];
  mistakes(tx: T, s: S): MistakeDef[];
}

/** The user's why / another way / check questions of a task, in every language. */
export interface Questions {
  why: Tr;
  alt: Tr;
  verify: Tr;
}

/** The hooks of a FormulaDef that depend on the variant, each looking the variant up with `of`. */
export function variantHooks<S, T>(
  text: Tr<T>,
  questions: Questions,
  of: (s: S) => TaskVariant<S, T>,
): Pick<FormulaDef<S>, "solve" | "followup" | "params" | "mistakes"> {
  return {
    solve: (ctx, s, fault) => of(s).solve(tr(ctx, text), s, fault),
    followup: (ctx, s, kind, o) => {
      const tx = tr(ctx, text);
      const variant = of(s);
      if (kind === "edge") return variant.edge(tx, s, o, ctx);
      const p = present(ctx, o);
      if (kind === "why") return because(tr(ctx, questions.why), variant.why(tx, s, ctx), p);
      if (kind === "alt") {
        const [steps, expr] = variant.alt(tx, s, o, ctx);
        return sameAnswer(tr(ctx, questions.alt), steps, p, ev(expr, o.value));
      }
      const [step, answer, expr, value] = variant.verify(tx, s, o.value, ctx);
      return exchange(tr(ctx, questions.verify), [step], answer, [ev(expr, value)]);
    },
    params: (ctx, s) => of(s).params(tr(ctx, text), s, ctx),
    mistakes: (ctx, s) => of(s).mistakes(tr(ctx, text), s),
  };
}
