import { type Tr, tr } from "../lang.js";
import type { Exact } from "../num/exact.js";
import { ev, type Phrases, pickT } from "../text.js";
import type { CheckSpec, Exchange, MistakeKind } from "../types.js";
import {
  because,
  type FormulaDef,
  type MistakeDef,
  type Outcome,
  planted,
  present,
  type Said,
  sameAnswer,
} from "./formula.js";

/**
 * Shapes the task modules of percentages, sequences and probability share (candidates for a
 * common kit): a table of variants, each with its solution, follow-ups and planted mistakes (as
 * rows whose texts stand in the module's TEXT), and the generic code that walks it.
 */

/**
 * A planted mistake as a row: its kind and the fault `solve` plants. Its texts are the entries of
 * the module's `slip` (how the assistant names it) and `slipWhy` (why it is wrong) under the
 * fault's name, or under `text` where one fault name has other texts in another variant.
 */
export type SlipRow<K extends string> =
  | readonly [kind: MistakeKind, fault: K]
  | readonly [kind: MistakeKind, fault: string, text: K];

/** The texts of planted mistakes in one language, by the name a SlipRow gives. */
export type SlipTexts<S, K extends string> = Readonly<Record<K, Said<S>>>;

/** A variant's planted mistakes from its rows; texts are built only when a mistake is described. */
export function slips<S, K extends string>(
  rows: readonly SlipRow<K>[],
  s: S,
  short: SlipTexts<S, K>,
  why: SlipTexts<S, K>,
): MistakeDef[] {
  return rows.map((row) => {
    const text = (row.length === 3 ? row[2] : row[1]) as K;
    return planted(row[0], row[1], short[text], why[text], s);
  });
}

/** Everything one variant of a task does: a new variant is one entry of the task's table (and its texts). */
export interface VariantDef<T, S, K extends string, V extends Exact = Exact> {
  /** The question, in several phrasings per language. */
  ask: Phrases<[S]>;
  /** The worked solution, or the one with the planted `fault`. */
  solve(tx: T, s: S, fault?: string): Outcome;
  /** Why the method works: the "why" follow-up says it before the result line again. */
  why(tx: T, s: S): string;
  /**
   * Another way to the answer v: its steps, and an expression the check evaluates to v (the
   * solution's answer line closes it).
   */
  alt(tx: T, s: S, v: V): readonly [steps: string[], expr: string];
  verify(tx: T, s: S, v: V): Exchange;
  /** A question one step further (another number, the change undone, a special case). */
  edge(tx: T, s: S, v: V): Exchange;
  /** The planted mistakes (a function where they depend on the data). */
  mistakes: readonly SlipRow<K>[] | ((s: S) => readonly SlipRow<K>[]);
}

/** What a task's variants share of its texts: the "why" and "alt" questions and the mistakes' texts. */
export interface Wording<S, K extends string> {
  why: string;
  alt: string;
  slip: SlipTexts<S, K>;
  slipWhy: SlipTexts<S, K>;
}

/**
 * The parts of a FormulaDef a variant table gives: the question, solve, the follow-ups and the planted mistakes
 * of the problem's variant, with the texts of the dialogue's language.
 */
export function byVariant<T, S extends { variant: string }, K extends string, V extends Exact = Exact>(
  text: Tr<T>,
  variants: Readonly<Record<S["variant"], VariantDef<T, S, K, V>>>,
  wording: (tx: T) => Wording<S, K>,
  /** The check of another way's expression (`evd` where answers are shown as decimals). */
  altCheck: (expr: string, v: Exact) => CheckSpec = ev,
): Pick<FormulaDef<S>, "ask" | "solve" | "followup" | "mistakes"> {
  const of = (s: S) => variants[s.variant as S["variant"]];
  return {
    ask: (ctx, s) => pickT(ctx, of(s).ask)(s),
    solve: (ctx, s, fault) => of(s).solve(tr(ctx, text), s, fault),
    followup(ctx, s, kind, out) {
      const tx = tr(ctx, text);
      const v = out.value as V;
      if (kind === "why") {
        // The reason, then the result line again with the answer and its check.
        return because(wording(tx).why, of(s).why(tx, s), present(ctx, out));
      }
      if (kind === "alt") {
        const [steps, expr] = of(s).alt(tx, s, v);
        return sameAnswer(wording(tx).alt, steps, present(ctx, out), altCheck(expr, v));
      }
      return kind === "verify" ? of(s).verify(tx, s, v) : of(s).edge(tx, s, v);
    },
    mistakes(ctx, s) {
      const w = wording(tr(ctx, text));
      const rows = of(s).mistakes;
      return slips(typeof rows === "function" ? rows(s) : rows, s, w.slip, w.slipWhy);
    },
  };
}
