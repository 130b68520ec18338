import { category, type Tr } from "./lang.js";
import type { Shown } from "./num/decimal.js";
import { type Exact, xascii } from "./num/exact.js";
import { asc } from "./num/fmt.js";
import { type Q, qstr } from "./num/rational.js";
import type { CheckSpec, Ctx, Exchange, Reply } from "./types.js";

/**
 * Phrase tables: a turn kind has several templates per language, each a function of its numbers
 * (a Tr: a table missing a language does not compile).
 * Tables are built once at module load; a dialogue calls only the one template it picks, so no
 * text is built and thrown away on the hot path.
 */
export type Phrases<A extends unknown[]> = Tr<readonly ((...args: A) => string)[]>;

export function pickT<A extends unknown[]>(ctx: Ctx, set: Phrases<A>): (...args: A) => string {
  return ctx.rng.pick(ctx.ru ? set.ru : set.en);
}

/** One of several fixed phrasings. */
export function pickS(ctx: Ctx, set: Tr<readonly string[]>): string {
  return ctx.rng.pick(ctx.ru ? set.ru : set.en);
}

/** A short phrase pair picked by language (both are literals, so nothing is wasted). */
export function L(ctx: Ctx, ru: string, en: string): string {
  return ctx.ru ? ru : en;
}

/** A user turn and its reply (steps, answer, checks), in the order a literal computes them. */
export function exchange(user: string, steps: string[], answer: string, checks: CheckSpec[]): Exchange {
  return { user, reply: { steps, answer, checks } };
}

/** A reply with one check. */
export function reply(steps: string[], answer: string, check: CheckSpec): Reply {
  return { steps, answer, checks: [check] };
}

/**
 * A check, always with all six fields in one order (absent ones undefined, which the JSON leaves
 * out): every check then has one hidden class, and the code that writes checks reads its fields
 * from one shape instead of six.
 */
export function check(
  kind: CheckSpec["kind"],
  expr: string,
  answer: string | string[],
  variable?: string,
  tolerance?: number,
  expect?: "wrong",
): CheckSpec {
  return { kind, expr, var: variable, answer, tolerance, expect };
}

/** An "evaluate" check whose answer is an exact value. */
export function ev(expr: string, answer: Exact): CheckSpec {
  return check("evaluate", expr, xascii(answer));
}

/** An "evaluate" check whose answer is written as a decimal when it terminates (money, percent). */
export function evd(expr: string, answer: Exact): CheckSpec {
  return check("evaluate", expr, asc(answer, true));
}

/** An "evaluate" check with a literal answer string. */
export function evs(expr: string, answer: string): CheckSpec {
  return check("evaluate", expr, answer);
}

/** An "evaluate" check for a physics value as shown (with its tolerance when rounded). */
export function evp(expr: string, s: Shown): CheckSpec {
  return check("evaluate", expr, s.text, undefined, s.approx ? s.tolerance : undefined);
}

/** A "solve" check: the roots of `equation` in `variable`. */
export function sv(equation: string, variable: string, roots: readonly Exact[]): CheckSpec {
  return check("solve", equation, roots.map(xascii), variable);
}

/**
 * The same check marked as the deliberately wrong claim of a correction dialogue; with `expr`,
 * the faulty answer checked against the right solution's expression.
 */
export function wrong(c: CheckSpec, expr = c.expr): CheckSpec {
  return check(c.kind, expr, c.answer, c.var, c.tolerance, "wrong");
}

/**
 * "a = √19 ≈ 4.36": the members of an equation chain joined by " = ", without a member that only
 * repeats the one before ("√19 = √19 ≈ 4.36", "26/15 = 26/15"), which no one writes.
 */
export function eqChain(parts: readonly string[]): string {
  let out = parts[0];
  let last = parts[0];
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i];
    // "81 / 8" then "81/8": the division is the fraction, written once.
    if (p === last || restatesDivision(last, p)) {
      if (p !== last) out = out.slice(0, out.length - last.length) + p;
      last = p;
      continue;
    }
    // "√19" then "√19 ≈ 4.36": the later member says the same and more.
    if (p.startsWith(last) && p.startsWith(" ≈ ", last.length))
      out = out.slice(0, out.length - last.length) + p;
    else out += ` = ${p}`;
    last = p;
  }
  return out;
}

const SUBSCRIPT_DIGITS = "₀₁₂₃₄₅₆₇₈₉";

function spellSubscript(n: number): string {
  return String(n).replace(/[0-9]/g, (c) => SUBSCRIPT_DIGITS[Number(c)]);
}

// Indices, bases and term numbers are small: their subscripts are spelled once.
const SUBSCRIPTS: string[] = Array.from({ length: 128 }, (_, n) => spellSubscript(n));

/** A number in subscript digits: 3 → "₃", 12 → "₁₂" (log₁₀, a₁₂, p₃). */
export function subscript(n: number): string {
  return Number.isInteger(n) && n >= 0 && n < SUBSCRIPTS.length ? SUBSCRIPTS[n] : spellSubscript(n);
}

/** Whether `division` is "a / b" and `fraction` writes it as "a/b": one number said twice. */
export function restatesDivision(division: string, fraction: string): boolean {
  return division.length === fraction.length + 2 && division.replace(" / ", "/") === fraction;
}

/** Signed term for running text: " + 5", " - 5" (ASCII minus so text and checks agree). */
export function signed(n: number): string {
  return n < 0 ? ` - ${-n}` : ` + ${n}`;
}

/** An operand in running text: a negative number or a fraction in brackets ("(-3)", "(1/2)"). */
export function op(x: Q): string {
  return x.d === 1 && x.n >= 0 ? qstr(x) : `(${qstr(x)})`;
}

/** A whole operand in running text: "(-3)", "4". */
export function opInt(n: number): string {
  return n < 0 ? `(${n})` : String(n);
}

/** Whether a rational is exactly 1: a factor or a divisor no one writes out. */
export function isOne(x: Q): boolean {
  return x.n === 1 && x.d === 1;
}

/** Coefficient in front of a symbol: 1 -> "", -1 -> "-", 3 -> "3". */
export function coef(n: number): string {
  return n === 1 ? "" : n === -1 ? "-" : String(n);
}

/**
 * Russian noun agreement with a number by the language's plural rules: ruN(5, "шар", "шара",
 * "шаров") is "5 шаров", ruN(2.5, ...) "2.5 шара". New code uses count() with a Noun (lang.ts).
 */
export function ruN(n: number, one: string, few: string, many: string): string {
  const c = category(true, n);
  return `${n} ${c === "one" ? one : c === "many" ? many : few}`;
}

/** Ordinal words for "the first number", ... (accusative, neuter/masculine inanimate in ru). */
export const ORD_RU = ["первое", "второе", "третье", "четвёртое", "пятое", "шестое", "седьмое", "восьмое"];
export const ORD_EN = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"];
