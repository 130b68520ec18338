import { type Exact, isSurd } from "../num/exact.js";
import { NumericRangeError } from "../num/rational.js";
import type { Carry, Ctx, Mistake, MistakeKind, Reply } from "../types.js";

/**
 * What the equation tasks (linear, linear_system, quadratic) share: their random coefficients,
 * the root they carry on, whole-number variations and planted faults.
 */

/** A whole number in lo..hi, negated with probability `p` when `neg` (the draws keep this order). */
export function signedInt(ctx: Ctx, lo: number, hi: number, neg: boolean, p = 0.4): number {
  const v = ctx.rng.int(lo, hi);
  return neg && ctx.rng.chance(p) ? -v : v;
}

/** The root an equation hands to the next chain step, named as the task names it. */
export function rootCarry(value: Exact, ref: string): Carry {
  return { kind: "number", value, ref, decimal: false };
}

/** A variation's new coefficient: a whole number within ±max, else null (no fractions or surds). */
export function wholeWithin(value: Exact, max: number): number | null {
  return isSurd(value) || value.d !== 1 || Math.abs(value.n) > max ? null : value.n;
}

/** A planted mistake's kind, the sentence that names it and the line that explains it. */
export type Named = [kind: MistakeKind, short: string, explain: string];

/** An equation problem whose working can go wrong in named ways. */
export interface Faulty<F> {
  readonly ctx: Ctx;
  /** The faults that fit this problem (one listed twice is drawn twice as often). */
  faults(): F[];
  /** The size of fault f's slip, drawn right after the fault itself. */
  slip(f: F): number;
  /** The worked reply; with a fault, its checks are marked as the planted wrong claim. */
  work(fault?: F, delta?: number): Reply;
  named(fault: F, delta: number): Named;
  /** The fault (and slip) used when none drawn changed the answer, with its generic texts. */
  fallback(): [fault: F, delta: number, named: Named];
}

/**
 * Correction mode's planted error: up to `tries` draws of a fault, the first whose answer differs
 * from the right one (a working that leaves exact arithmetic, e.g. a division by zero, is drawn
 * again), else the fallback.
 */
export function plantMistake<F>(p: Faulty<F>, tries: number): Mistake {
  const right = p.work().answer;
  const faults = p.faults();
  for (let i = 0; i < tries; i++) {
    const f = p.ctx.rng.pick(faults);
    const delta = p.slip(f);
    let bad: Reply;
    try {
      bad = p.work(f, delta);
    } catch (e) {
      if (e instanceof RangeError || e instanceof NumericRangeError) continue;
      throw e;
    }
    if (bad.answer !== right) return asMistake(p.named(f, delta), bad);
  }
  const [f, delta, named] = p.fallback();
  return asMistake(named, p.work(f, delta));
}

function asMistake([kind, short, explain]: Named, wrong: Reply): Mistake {
  return { kind, wrong, short, explain: [explain] };
}
