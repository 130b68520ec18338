import { count, EN, ordinal, RU, type Tr, tr } from "../lang.js";
import { N } from "../nouns.js";
import { type Exact, isSurd, qsqrt, xascii, xdisplay, xshow } from "../num/exact.js";
import * as R from "../num/rational.js";
import { type Q, q, qstr } from "../num/rational.js";
import { ev, exchange, L, opInt, type Phrases, pickT } from "../text.js";
import type { Ctx, Exchange } from "../types.js";
import { type Outcome, outcomes, type Presented, param, planted, present, resultLine } from "./formula.js";
import { checked, type Questions, type Solved, type TaskVariant, variantTask } from "./variant-task.js";

/** This module's texts: English here, every other language in TEXT (a missing entry does not compile). */
const TEXT_EN = {
  is: (s: S, m: number) => `${pw(s.base, m)} is ${s.base} · ${m}.`,
  powerIsRepeatedMultiplication: (s: S, m: number, factors: string) =>
    `A power is repeated multiplication: ${pw(s.base, m)} = ${factors}.`,
  multiplyingPowersMultipliesThe: (s: S, m: number, n: number, k: number) =>
    `Multiplying powers multiplies the exponents: ${s.base}^(${m} · ${opInt(n)} - ${opInt(k)}).`,
  withOneBaseMultiplying: (s: S, m: number, n: number, fault: string | undefined, k: number, total: number) =>
    `With one base, multiplying adds exponents and dividing subtracts them: ${s.base}^(${m} + ${n < 0 ? `(${n})` : n} ${fault === "signK" ? "+" : "-"} ${k < 0 ? `(${k})` : k}) = ${pw(s.base, total)}.`,
  negativeExponentMeansReciprocal: (s: S, total: number) =>
    `A negative exponent means a reciprocal: ${pw(s.base, total)} = 1 / ${pw(s.base, -total)}.`,
  theRootOfIs: (n: number, s: S, b: number) =>
    `The ${ordinal(n)} root of ${s.base} is ${b}, since ${pw(b, n)} = ${s.base}.`,
  isTheRootOf: (m: number, s: S, n: number) => `a^(p/q) is the ${ordinal(m)} root of ${s.base}^${n}.`,
  theRootOf: "a^(p/q) = (the q-th root of a)^p.",
  takeOut: (prod: number, sq: number, rest: number) =>
    `${prod} = ${sq * sq} · ${rest}; take out ${sq * sq}: √${prod} = ${sq * sq}√${rest}.`,
  pullOutPerfectSquare: (prod: number, sq: number, rest: number) =>
    `Pull out a perfect square: ${prod} = ${sq * sq} · ${rest}, so √${prod} = √${sq * sq} · √${rest} = ${sq}√${rest}.`,
  meansUsedAsFactor: (s: S, m: number, ctx: Ctx) =>
    `${pw(s.base, m)} means ${s.base} used as a factor ${count(ctx, m, N.time)}, not multiplied by ${m}.`,
  isFactorsOfAnd: "aᵐ · aⁿ is m factors of a and n more, m + n in all; dividing by aᵏ cancels k of them.",
  theRuleStillHolds: "The rule aᵐ / aᵏ = aᵐ⁻ᵏ still holds when k > m, which is why a⁻ⁿ = 1 / aⁿ.",
  fractionalExponentMeansThe:
    "A fractional exponent p/q means the q-th root raised to the power p; that keeps the rule (a^(1/q))^q = a.",
  simplestRadicalFormLeaves:
    "Simplest radical form leaves no perfect-square factor under the root; each is taken out by √(a²b) = a√b.",
  viaSquaringSo: (s: S, half: number, hv: R.Q, m: number) =>
    `Via squaring: ${pw(s.base, half)} = ${qstr(hv)}, so ${pw(s.base, m)} = ${qstr(hv)}²${m % 2 ? ` · ${s.base}` : ""}.`,
  evaluateEachPowerSeparately: "Evaluate each power separately:",
  raiseToThePower: (s: S, m: number, pv: R.Q) =>
    `Raise to the power first, then take the root: ${s.base}^${Math.abs(m)} = ${qstr(pv)}.`,
  theRootOfIs2: (n: number, pv: R.Q, s: S, m: number) =>
    `The ${ordinal(n)} root of ${qstr(pv)} is ${qstr(R.pow(q(Math.round(s.base ** (1 / n))), Math.abs(m)))}${m < 0 ? ", then take the reciprocal" : ""}.`,
  factorIntoPrimesAnd: "Factor into primes and pair them up:",
  squareTheAnswer: (value: Exact, sq: R.Q) => `Square the answer: (${xdisplay(value)})² = ${qstr(sq)}.`,
  weGetTheNumber: (sq: R.Q) => `We get ${qstr(sq)}, the number under the root, so it is right.`,
  raiseTheAnswerTo: (n: number, value: Exact, back: R.Q, s: S, m: number) =>
    `Raise the answer to the power ${n}: (${xdisplay(value)})^${n} = ${qstr(back)} = ${s.base}^${m}.`,
  asItShouldBe: (value: Exact, n: number, back: R.Q) =>
    `(${xdisplay(value)})^${n} = ${qstr(back)}, as it should be.`,
  divideTheAnswerBy: (s: S, value: Exact, back: R.Q, m: number) =>
    `Divide the answer by ${s.base}: ${xdisplay(value)} / ${s.base} = ${qstr(back)} = ${pw(s.base, m - 1)}.`,
  multiplyTheAnswerBy: (s: S, k: number, value: Exact, last: R.Q, back: R.Q, m: number, n: number) =>
    `Multiply the answer by the divisor ${pw(s.base, k)}: ${xdisplay(value)} · ${qstr(last)} = ${qstr(back)} = ${pw(s.base, m)} · ${pw(s.base, n)}.`,
  weGetSoIt: (expect: R.Q) => `We get ${qstr(expect)}, so it checks out.`,
  byTheQuotientRule: "By the quotient rule aⁿ / aⁿ = a⁰, and it also equals 1.",
  theNumberUnderThe: "the number under the root",
  theBase: "the base",
  theExponentNumerator: "the exponent's numerator",
  theRootOfThe: "the root of the base",
  theFirstExponent: "the first exponent",
  writeTheResultIn: "Write the result in general for any base a > 0.",
  for: (s: S, p: Presented) => `For a = ${s.base}: ${p.line}`,
  forThatIs: (exp: string, s: S, p: Presented) => `${exp}; for a = ${s.base} that is ${p.text}.`,
  multipliedByExponent: "I multiplied the base by the exponent.",
  factorsNotProduct: (s: S) =>
    `${pw(s.base, s.e[0])} is ${count(EN, s.e[0], N.factor)} of ${s.base}, not ${s.base} · ${s.e[0]}.`,
  multipliedExponents: "I multiplied the exponents instead of adding them.",
  exponentsAdd: "Multiplying powers of one base adds the exponents: aᵐ · aⁿ = aᵐ⁺ⁿ.",
  addedDivisorExponent: "When dividing I added the exponent instead of subtracting it.",
  divisorExponentSubtracted: "aᵐ / aᵏ = aᵐ⁻ᵏ: the divisor's exponent is subtracted.",
  swappedExponentParts: "I swapped the exponent's numerator and denominator.",
  denominatorIsTheRoot: "In a^(p/q) the denominator q is the root and the numerator p the power.",
  negativeAsMinus: "I read the negative exponent as a minus sign on the result.",
  negativeIsReciprocal: "A negative exponent gives a reciprocal, not a negative number: a⁻ⁿ = 1 / aⁿ.",
  tookOutTheSquare: "I took the square itself out of the root instead of its root.",
  rootComesOut: "√(a²b) = a√b: what comes out is a, not a².",
};

const TEXT: Tr<typeof TEXT_EN> = {
  ru: {
    is: (s, m) => `${pw(s.base, m)} — это ${s.base} · ${m}.`,
    powerIsRepeatedMultiplication: (s, m, factors) =>
      `Степень — это повторное умножение: ${pw(s.base, m)} = ${factors}.`,
    multiplyingPowersMultipliesThe: (s, m, n, k) =>
      `При умножении степеней показатели перемножаются: ${s.base}^(${m} · ${opInt(n)} - ${opInt(k)}).`,
    withOneBaseMultiplying: (s, m, n, fault, k, total) =>
      `При умножении степеней с одним основанием показатели складываются, при делении — вычитаются: ${s.base}^(${m} + ${n < 0 ? `(${n})` : n} ${fault === "signK" ? "+" : "-"} ${k < 0 ? `(${k})` : k}) = ${pw(s.base, total)}.`,
    negativeExponentMeansReciprocal: (s, total) =>
      `Отрицательный показатель означает обратное число: ${pw(s.base, total)} = 1 / ${pw(s.base, -total)}.`,
    theRootOfIs: (n, s, b) => `Корень степени ${n} из ${s.base} равен ${b}, так как ${pw(b, n)} = ${s.base}.`,
    isTheRootOf: (m, s, n) => `a^(p/q) — это корень степени ${m} из ${s.base}^${n}.`,
    theRootOf: `a^(p/q) = (корень степени q из a)^p.`,
    takeOut: (prod, sq, rest) =>
      `${prod} = ${sq * sq} · ${rest}, выносим ${sq * sq}: √${prod} = ${sq * sq}√${rest}.`,
    pullOutPerfectSquare: (prod, sq, rest) =>
      `Выделим полный квадрат: ${prod} = ${sq * sq} · ${rest}, поэтому √${prod} = √${sq * sq} · √${rest} = ${sq}√${rest}.`,
    meansUsedAsFactor: (s, m, ctx) =>
      `${pw(s.base, m)} означает, что ${s.base} берётся множителем ${count(ctx, m, N.time)}, а не умножается на ${m}.`,
    isFactorsOfAnd: `aᵐ · aⁿ — это m множителей a и ещё n множителей a, всего m + n; деление на aᵏ сокращает k множителей.`,
    theRuleStillHolds: "Правило aᵐ / aᵏ = aᵐ⁻ᵏ работает и когда k > m; поэтому a⁻ⁿ = 1 / aⁿ.",
    fractionalExponentMeansThe: `Дробный показатель p/q означает корень степени q и возведение в степень p: так сохраняется правило (a^(1/q))^q = a.`,
    simplestRadicalFormLeaves:
      "Простейший радикальный вид: под корнем не остаётся множителей, являющихся полными квадратами. Их выносим по правилу √(a²b) = a√b.",
    viaSquaringSo: (s, half, hv, m) =>
      `Через квадрат: ${pw(s.base, half)} = ${qstr(hv)}, поэтому ${pw(s.base, m)} = ${qstr(hv)}²${m % 2 ? ` · ${s.base}` : ""}.`,
    evaluateEachPowerSeparately: "Посчитаем каждую степень отдельно:",
    raiseToThePower: (s, m, pv) =>
      `Можно сначала возвести в степень, потом извлечь корень: ${s.base}^${Math.abs(m)} = ${qstr(pv)}.`,
    theRootOfIs2: (n, pv, s, m) =>
      `Корень степени ${n} из ${qstr(pv)} равен ${qstr(R.pow(q(Math.round(s.base ** (1 / n))), Math.abs(m)))}${m < 0 ? ", и берём обратное число" : ""}.`,
    factorIntoPrimesAnd: "Разложим на простые множители и соберём пары:",
    squareTheAnswer: (value, sq) => `Возведём ответ в квадрат: (${xdisplay(value)})² = ${qstr(sq)}.`,
    weGetTheNumber: (sq) => `Получили ${qstr(sq)} — подкоренное число, ответ верный.`,
    raiseTheAnswerTo: (n, value, back, s, m) =>
      `Возведём ответ в степень ${n}: (${xdisplay(value)})^${n} = ${qstr(back)} = ${s.base}^${m}.`,
    asItShouldBe: (value, n, back) => `(${xdisplay(value)})^${n} = ${qstr(back)}, как и должно быть.`,
    divideTheAnswerBy: (s, value, back, m) =>
      `Разделим ответ на ${s.base}: ${xdisplay(value)} / ${s.base} = ${qstr(back)} = ${pw(s.base, m - 1)}.`,
    multiplyTheAnswerBy: (s, k, value, last, back, m, n) =>
      `Умножим ответ на делитель ${pw(s.base, k)}: ${xdisplay(value)} · ${qstr(last)} = ${qstr(back)} = ${pw(s.base, m)} · ${pw(s.base, n)}.`,
    weGetSoIt: (expect) => `Получили ${qstr(expect)}, всё сходится.`,
    byTheQuotientRule: `По правилу деления степеней aⁿ / aⁿ = a⁰, а с другой стороны это 1.`,
    theNumberUnderThe: "подкоренное число",
    theBase: "основание",
    theExponentNumerator: "числитель показателя",
    theRootOfThe: "корень из основания",
    theFirstExponent: "первый показатель",
    writeTheResultIn: "Запишите результат в общем виде для любого основания a > 0.",
    for: (s, p) => `При a = ${s.base}: ${p.line}`,
    forThatIs: (exp, s, p) => `${exp}; при a = ${s.base} это ${p.text}.`,
    multipliedByExponent: "Я умножил основание на показатель.",
    factorsNotProduct: (s) =>
      `${pw(s.base, s.e[0])} — это ${count(RU, s.e[0], N.factor)}, равных ${s.base}, а не ${s.base} · ${s.e[0]}.`,
    multipliedExponents: "Я перемножил показатели вместо сложения.",
    exponentsAdd: "При умножении степеней с одинаковым основанием показатели складываются: aᵐ · aⁿ = aᵐ⁺ⁿ.",
    addedDivisorExponent: "При делении я прибавил показатель вместо вычитания.",
    divisorExponentSubtracted: "aᵐ / aᵏ = aᵐ⁻ᵏ: показатель делителя вычитается.",
    swappedExponentParts: "Я перепутал числитель и знаменатель показателя.",
    denominatorIsTheRoot: "В a^(p/q) знаменатель q — степень корня, а числитель p — степень.",
    negativeAsMinus: "Я принял отрицательный показатель за знак минус у результата.",
    negativeIsReciprocal: "Отрицательный показатель даёт обратное число, а не отрицательное: a⁻ⁿ = 1 / aⁿ.",
    tookOutTheSquare: "Я вынес из-под корня сам квадрат, а не корень из него.",
    rootComesOut: "√(a²b) = a√b: выносится a, а не a².",
  },
  en: TEXT_EN,
};

/**
 * powers: exponents and roots. Difficulty: a power a^n (1-2); a product and quotient of powers of
 * one base, a^m · a^n / a^k (3-4); negative exponents giving fractions (5-6); fractional
 * exponents like 27^(2/3) (7-8); simplifying square roots into simplest radical form, √72 = 6√2
 * and √a · √b (9-10).
 */
type Variant = "power" | "rules" | "negative" | "fractional" | "root";

interface S {
  variant: Variant;
  base: number;
  /** rules/negative: [m, n, k] for a^m · a^n / a^k; fractional: [p, q] for base^(p/q); root: [x, y]. */
  e: number[];
}

function draw(ctx: Ctx): S {
  const r = ctx.rng;
  const dd = ctx.d;
  if (dd <= 2) {
    const base = r.int(2, dd === 1 ? 12 : 20);
    const maxE = Math.max(2, Math.floor(Math.log(dd === 1 ? 2000 : 100000) / Math.log(base)));
    return { variant: "power", base, e: [r.int(2, maxE)] };
  }
  if (dd <= 6) {
    // a^m · a^n / a^k with a whole result (3-4) or, from a negative n, a fraction (5-6).
    const neg = dd >= 5;
    const base = r.int(2, neg ? 6 : 7);
    for (let i = 0; i < 20; i++) {
      const m = neg ? r.int(1, 5) : r.int(2, 9);
      const n = neg ? -r.int(1, 6) : r.int(1, 8);
      const k = neg ? r.int(-3, 6) : r.int(1, m + n - 1);
      const total = m + n - k;
      if ((neg ? -total : total) >= 1 && base ** Math.abs(total) <= 4096)
        return { variant: neg ? "negative" : "rules", base, e: [m, n, k] };
    }
    return neg
      ? { variant: "negative", base: 2, e: [2, -4, 1] }
      : { variant: "rules", base: 2, e: [3, 4, 5] };
  }
  if (dd <= 8) {
    // base = b^q so base^(p/q) = b^p.
    const b = r.int(2, 10);
    const qq = r.int(2, b <= 3 ? 5 : b <= 5 ? 3 : 2);
    let p = r.int(1, 5) * (r.chance(0.35) ? -1 : 1);
    if (p % qq === 0) p += p > 0 ? 1 : -1;
    if (b ** Math.abs(p) > 100000) p = p < 0 ? -1 : 1;
    return { variant: "fractional", base: b ** qq, e: [p, qq] };
  }
  for (let i = 0; i < 30; i++) {
    const x = r.int(2, 30);
    const y = r.chance(0.5) ? r.int(2, 30) : 1;
    const [sq, rest] = R.splitSquare(x * y);
    if (sq > 1 && rest > 1) return { variant: "root", base: 0, e: [x, y] };
  }
  return { variant: "root", base: 0, e: [72, 1] };
}

const SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

function superscript(n: number): string {
  return String(n).replace(/[-\d]/g, (c) => (c === "-" ? "⁻" : SUPERSCRIPT_DIGITS[Number(c)]));
}

// Exponents are small: their superscripts are spelled once (index n + 64 for n in -64..63).
const SUPERSCRIPTS: string[] = Array.from({ length: 128 }, (_, k) => superscript(k - 64));

function sup(n: number): string {
  return Number.isInteger(n) && n >= -64 && n < 64 ? SUPERSCRIPTS[n + 64] : superscript(n);
}

function pw(base: number, e: number): string {
  return `${base}${sup(e)}`;
}

function pwa(base: number, e: number): string {
  return e < 0 ? `${base}^(${e})` : `${base}^${e}`;
}

const ASK: Phrases<[string, Variant]> = {
  ru: [
    (e, v) =>
      v === "root" ? `Упростите: ${e}. Запишите ответ в простейшем радикальном виде.` : `Вычислите: ${e}`,
    (e, v) => (v === "root" ? `Вынесите множитель из-под корня: ${e}.` : `Найдите значение выражения ${e}.`),
    (e, v) => (v === "root" ? `Запишите ${e} в простейшем виде.` : `Чему равно ${e}?`),
    (e, v) => (v === "root" ? `Упростите выражение ${e}.` : `Посчитайте ${e}, ответ дайте точно.`),
  ],
  en: [
    (e, v) => (v === "root" ? `Simplify ${e} into simplest radical form.` : `Compute ${e}.`),
    (e, v) => (v === "root" ? `Take the factors out from under the root: ${e}.` : `Find the value of ${e}.`),
    (e, v) => (v === "root" ? `Write ${e} in simplest form.` : `What is ${e}?`),
    (e, v) => (v === "root" ? `Simplify the expression ${e}.` : `Evaluate ${e} exactly.`),
  ],
};

function powQ(base: number, e: number): Q {
  return R.pow(q(base), e);
}

type Tx = typeof TEXT_EN;

/**
 * A variant of powers: the expression as the question shows it and as the check reads it, and everything
 * its TaskVariant holds.
 */
interface PowerVariant extends TaskVariant<S, Tx> {
  text(s: S): string;
  ascii(s: S): string;
}

/** The edge question of every variant but roots: the base to the power zero. */
function zeroPower(tx: Tx, s: S, { ctx }: Solved): Exchange {
  return exchange(
    L(ctx, `А чему равно ${s.base} в нулевой степени?`, `And what is ${s.base} to the power zero?`),
    [tx.byTheQuotientRule],
    `${pw(s.base, 0)} = 1`,
    [ev(`${s.base}^0`, q(1))],
  );
}

function freshBase(c: Ctx): Q {
  return q(c.rng.int(2, 12));
}

/** a^m · a^n / a^k: whole results (rules) and fractions from negative exponents (negative). */
const EXPONENT_RULES: Omit<PowerVariant, "why"> = {
  text: (s) => `${pw(s.base, s.e[0])} · ${pw(s.base, s.e[1])} / ${pw(s.base, s.e[2])}`,
  ascii: (s) => `${pwa(s.base, s.e[0])}*${pwa(s.base, s.e[1])}/${pwa(s.base, s.e[2])}`,
  solve: (tx, s, fault) => {
    const [m, n, k] = s.e;
    const total = fault === "multiply" ? m * n - k : fault === "signK" ? m + n + k : m + n - k;
    const rule =
      fault === "multiply"
        ? tx.multiplyingPowersMultipliesThe(s, m, n, k)
        : tx.withOneBaseMultiplying(s, m, n, fault, k, total);
    const steps = [rule];
    if (total < 0) steps.push(tx.negativeExponentMeansReciprocal(s, total));
    return outcomes(ascii(s), "", "number")(steps, powQ(s.base, total), pw(s.base, total));
  },
  alt: (tx, s, { v }) => {
    const [m, n, k] = s.e;
    const [a, b, c] = [powQ(s.base, m), powQ(s.base, n), powQ(s.base, k)];
    return [
      [
        tx.evaluateEachPowerSeparately,
        `${pw(s.base, m)} = ${qstr(a)}, ${pw(s.base, n)} = ${qstr(b)}, ${pw(s.base, k)} = ${qstr(c)}`,
        `${qstr(a)} · ${qstr(b)} / ${qstr(c)} = ${xdisplay(v)}`,
      ],
      `${qstr(a)}*(${qstr(b)})/(${qstr(c)})`,
    ];
  },
  verify: (tx, s, { v }) => {
    const [m, n, k] = s.e;
    const last = powQ(s.base, k);
    const back = R.mul(v as Q, last);
    const expect = R.mul(powQ(s.base, m), powQ(s.base, n));
    const step = tx.multiplyTheAnswerBy(s, k, v, last, back, m, n);
    return checked(step, tx.weGetSoIt(expect), `(${xascii(v)})*${qstr(last)}`, expect);
  },
  edge: zeroPower,
  params: (tx, s) => [
    param("base", tx.theBase, undefined, q(s.base), ["set", "double", "general"], freshBase),
    param("e0", tx.theFirstExponent, undefined, q(s.e[0]), ["set", "double"], (c) => q(c.rng.int(1, 9))),
  ],
  mistakes: (tx) => [
    planted("wrong_formula", "multiply", tx.multipliedExponents, tx.exponentsAdd),
    planted("sign_error", "signK", tx.addedDivisorExponent, tx.divisorExponentSubtracted),
  ],
};

const POWERS: Record<Variant, PowerVariant> = {
  power: {
    text: (s) => pw(s.base, s.e[0]),
    ascii: (s) => pwa(s.base, s.e[0]),
    solve: (tx, s, fault) => {
      const m = s.e[0];
      const factors = Array.from({ length: m }, () => String(s.base)).join(" · ");
      const worked = outcomes(ascii(s), "", "number");
      if (fault === "times") return worked([tx.is(s, m)], q(s.base * m), `${s.base} · ${m}`);
      return worked([tx.powerIsRepeatedMultiplication(s, m, factors)], powQ(s.base, m), factors);
    },
    why: (tx, s, { ctx }) => tx.meansUsedAsFactor(s, s.e[0], ctx),
    alt: (tx, s) => {
      const m = s.e[0];
      const half = Math.floor(m / 2);
      const expr = m % 2 === 0 ? `(${s.base}^${half})^2` : `(${s.base}^${half})^2*${s.base}`;
      return [[tx.viaSquaringSo(s, half, powQ(s.base, half), m)], expr];
    },
    verify: (tx, s, { v }) => {
      const m = s.e[0];
      const back = R.div(v as Q, q(s.base));
      const expect = powQ(s.base, m - 1);
      return checked(
        tx.divideTheAnswerBy(s, v, back, m),
        tx.weGetSoIt(expect),
        `${xascii(v)}/${s.base}`,
        expect,
      );
    },
    edge: zeroPower,
    // The same inputs as the exponent rules: the base and the (first) exponent.
    params: EXPONENT_RULES.params,
    mistakes: (tx, s) => [
      planted("wrong_formula", "times", tx.multipliedByExponent, tx.factorsNotProduct(s)),
    ],
  },
  rules: { ...EXPONENT_RULES, why: (tx) => tx.isFactorsOfAnd },
  negative: { ...EXPONENT_RULES, why: (tx) => tx.theRuleStillHolds },
  fractional: {
    text: (s) => `${s.base}^(${s.e[0]}/${s.e[1]})`,
    ascii: (s) => `${s.base}^(${s.e[0]}/${s.e[1]})`,
    solve: (tx, s, fault) => {
      const [m, n] = s.e;
      const b = Math.round(s.base ** (1 / n));
      const root = tx.theRootOfIs(n, s, b);
      const worked = outcomes(ascii(s), "", "number");
      if (fault === "negAsSign" && m < 0)
        return worked([root, `${s.base}^(${m}/${n}) = -${pw(b, -m)}`], R.neg(powQ(b, -m)), `-${pw(b, -m)}`);
      if (fault === "swap") return worked([tx.isTheRootOf(m, s, n)], powQ(s.base, n), pw(s.base, n));
      return worked([tx.theRootOf, root], powQ(b, m), pw(b, m));
    },
    why: (tx) => tx.fractionalExponentMeansThe,
    alt: (tx, s) => {
      const [m, n] = s.e;
      const pv = powQ(s.base, Math.abs(m));
      return [
        [tx.raiseToThePower(s, m, pv), tx.theRootOfIs2(n, pv, s, m)],
        `(${s.base}^${Math.abs(m)})^(${m < 0 ? -1 : 1}/${n})`,
      ];
    },
    verify: (tx, s, { v }) => {
      const [m, n] = s.e;
      const back = R.pow(v as Q, n);
      return checked(
        tx.raiseTheAnswerTo(n, v, back, s, m),
        tx.asItShouldBe(v, n, back),
        `(${xascii(v)})^${n}`,
        back,
      );
    },
    edge: zeroPower,
    params: (tx, s) => [
      param("base", tx.theBase, undefined, q(s.base), ["general"], freshBase),
      param("p", tx.theExponentNumerator, undefined, q(s.e[0]), ["negate", "set"], (c) => q(c.rng.int(1, 5))),
      param("root", tx.theRootOfThe, undefined, q(Math.round(s.base ** (1 / s.e[1]))), ["set"], (c) =>
        q(c.rng.int(2, 9)),
      ),
    ],
    // Swapped parts read as "the 2nd root of 16^4": only a numerator from 2 makes a root degree
    // (a "root of degree -1" or "1st root" is no mistake anyone would believe).
    mistakes: (tx, s) => {
      const m = s.e[0];
      const out = [];
      if (m >= 2)
        out.push(planted("wrong_formula", "swap", tx.swappedExponentParts, tx.denominatorIsTheRoot));
      if (m < 0) out.push(planted("sign_error", "negAsSign", tx.negativeAsMinus, tx.negativeIsReciprocal));
      return out;
    },
  },
  root: {
    text: (s) => (s.e[1] === 1 ? `√${s.e[0]}` : `√${s.e[0]} · √${s.e[1]}`),
    ascii: (s) => (s.e[1] === 1 ? `sqrt(${s.e[0]})` : `sqrt(${s.e[0]})*sqrt(${s.e[1]})`),
    solve: (tx, s, fault) => {
      const [m, n] = s.e;
      const prod = m * n;
      const [sq, rest] = R.splitSquare(prod);
      const value = qsqrt(q(prod));
      const steps: string[] = [];
      const worked = outcomes(ascii(s), "", "number");
      if (n !== 1) steps.push(`√a · √b = √(ab): √${m} · √${n} = √${prod}.`);
      if (fault === "rootOfSq") {
        steps.push(tx.takeOut(prod, sq, rest));
        return worked(steps, qsqrt(q(sq ** 4 * rest)), `${sq * sq}√${rest}`);
      }
      steps.push(tx.pullOutPerfectSquare(prod, sq, rest));
      return worked(steps, value, text(s));
    },
    why: (tx) => tx.simplestRadicalFormLeaves,
    alt: (tx, s, { o, ctx }) => {
      const prod = s.e[0] * s.e[1];
      return [
        [tx.factorIntoPrimesAnd, `${prod} = ${primeFactors(prod).join(" · ")}`, resultLine(ctx, o)],
        `sqrt(${prod})`,
      ];
    },
    verify: (tx, s, { v }) => {
      const sq = R.mul(q(s.e[0]), q(s.e[1]));
      return checked(tx.squareTheAnswer(v, sq), tx.weGetTheNumber(sq), `(${xascii(v)})^2`, sq);
    },
    edge: (_tx, s, { v, ctx }) => {
      const mn = s.e[0] * s.e[1];
      return exchange(
        L(
          ctx,
          "А если под корнем стоит полный квадрат, например 4 раза по столько же?",
          "And if we multiply the number under the root by 4?",
        ),
        [`√(4 · ${mn}) = √4 · √${mn} = 2 · ${xdisplay(v)}.`],
        xshow(qsqrt(q(4 * mn))),
        [ev(`sqrt(4*${mn})`, qsqrt(q(4 * mn)))],
      );
    },
    params: (tx, s) => [
      param("x", tx.theNumberUnderThe, undefined, q(s.e[0]), ["double", "set"], (c) => q(c.rng.int(8, 99))),
    ],
    mistakes: (tx) => [planted("wrong_formula", "rootOfSq", tx.tookOutTheSquare, tx.rootComesOut)],
  },
};

function primeFactors(n: number): number[] {
  const out: number[] = [];
  for (let f = 2; f * f <= n; f++)
    while (n % f === 0) {
      out.push(f);
      n /= f;
    }
  if (n > 1) out.push(n);
  return out;
}

function withParam(_ctx: Ctx, s: S, key: string, value: Exact): S | null {
  if (isSurd(value) || value.d !== 1 || value.n <= 0) return null;
  if (key === "x") {
    const [sq, rest] = R.splitSquare(value.n * s.e[1]);
    if (sq === 1 || rest === 1 || value.n > 5000) return null;
    return { ...s, e: [value.n, s.e[1]] };
  }
  if (s.variant === "fractional") {
    if (key === "p") {
      const b = Math.round(s.base ** (1 / s.e[1]));
      if (value.n % s.e[1] === 0 || b ** Math.abs(value.n) > 100000) return null;
      return { ...s, e: [value.n, s.e[1]] };
    }
    if (key === "root") {
      const base = value.n ** s.e[1];
      if (value.n < 2 || base > 100000 || value.n ** Math.abs(s.e[0]) > 100000) return null;
      return { ...s, base };
    }
    return null;
  }
  if (key === "base") {
    if (value.n < 2 || value.n > 20) return null;
    const n2 = { ...s, base: value.n };
    return bounded(n2) ? n2 : null;
  }
  const e = s.e.slice();
  e[0] = value.n;
  const n2 = { ...s, e };
  return bounded(n2) ? n2 : null;
}

function bounded(s: S): boolean {
  const [m, n, k] = s.e;
  const total = s.variant === "power" ? m : m + n - k;
  return Math.abs(total) <= 12 && s.base ** Math.abs(total) <= 1e6 && !(s.variant === "rules" && total < 1);
}

function general(ctx: Ctx, s: S, key: string, o: Outcome): Exchange | null {
  if (key !== "base" || s.variant === "root" || s.variant === "power") return null;
  const tx = tr(ctx, TEXT);
  const [m, n, k] = s.e;
  const p = present(ctx, o);
  const exp = s.variant === "fractional" ? `a^(${m}/${n})` : `a^${m + n - k}`;
  const formula = s.variant === "fractional" ? exp : `aᵐ · aⁿ / aᵏ = ${exp}`;
  return exchange(tx.writeTheResultIn, [formula, tx.for(s, p)], tx.forThatIs(exp, s, p), [
    s.variant === "fractional" ? p.check : ev(pwa(s.base, m + n - k), o.value),
  ]);
}

function text(s: S): string {
  return POWERS[s.variant].text(s);
}

function ascii(s: S): string {
  return POWERS[s.variant].ascii(s);
}

const QUESTIONS: Questions = {
  why: { ru: "Почему так можно делать?", en: "Why does that rule work?" },
  alt: { ru: "А можно посчитать иначе?", en: "Can we compute it differently?" },
  verify: { ru: "Как проверить ответ?", en: "How do we check the answer?" },
};

export const powers = variantTask<S, Tx>({
  id: "powers",
  domain: "math",
  text: TEXT,
  draw,
  variant: (s) => POWERS[s.variant],
  questions: QUESTIONS,
  ask: (ctx, s) => pickT(ctx, ASK)(text(s), s.variant),
  with: withParam,
  general,
});
