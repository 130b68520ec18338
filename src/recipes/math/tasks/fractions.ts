import { type Tr, tr } from "../lang.js";
import { type Exact, isSurd } from "../num/exact.js";
import * as R from "../num/rational.js";
import { lcm, type Q, q, qstr } from "../num/rational.js";
import { eqChain, ev, exchange, L, opInt, type Phrases, pickT } from "../text.js";
import type { Ctx, Exchange, FollowupKind, Param } from "../types.js";
import {
  formulaTask,
  type MistakeDef,
  type Outcome,
  param,
  planted,
  present,
  sameAnswer,
} from "./formula.js";

/**
 * Each fraction over the common denominator, but for one already over it: "5/3 = 90/54", not
 * "13/54 = 13/54, 5/3 = 90/54".
 */
function rewritten(a: Q, b: Q, L0: number, an: number, bn: number): string {
  const one = (x: Q, n: number) => `${qstr(x)} = ${n}/${L0}`;
  if (a.d === L0) return one(b, bn);
  if (b.d === L0) return one(a, an);
  return `${one(a, an)}, ${one(b, bn)}`;
}

/** This module's texts: English here, every other language in TEXT (a missing entry does not compile). */
const TEXT_EN = {
  divideSign: "÷",
  commonDenominatorLcm: (a: R.Q, b: R.Q, L0: number, an: number, bn: number) =>
    `Common denominator LCM(${a.d}, ${b.d}) = ${L0}: ${rewritten(a, b, L0, an, bn)}.`,
  dividingByFractionMeans: (a: R.Q, b: R.Q, inv: R.Q) =>
    `Dividing by a fraction means multiplying by its reciprocal: ${f(a)} ÷ ${f(b)} = ${f(a)} · ${f(inv)}.`,
  bracketsFirst: "Brackets first.",
  workLeftToRight: "Work left to right.",
  onlyEqualSizedParts:
    "Only equal-sized parts can be added, so the fractions are first brought to a common denominator and then the numerators are added.",
  onlyEqualSizedParts2:
    "Only equal-sized parts can be subtracted, so we use a common denominator and subtract the numerators.",
  takingFractionOfFraction:
    "Taking a fraction of a fraction multiplies the numerators (how many parts) and the denominators (into how many parts).",
  divisionUndoesMultiplicationAnd:
    "Division undoes multiplication: a ÷ b = a · (1/b), and the reciprocal of a fraction swaps its numerator and denominator.",
  withTheGeneralRule: "With the general rule a/b ± c/d = (ad ± bc) / (bd), reducing at the end:",
  cancelCrosswiseBeforeMultiplying: (a: R.Q, b: R.Q, g1: number, g2: number) =>
    `Cancel crosswise before multiplying: ${a.n} and ${b.d} share ${g1}, ${b.n} and ${a.d} share ${g2}.`,
  bringBothToThe: (L0: number, an: number, bn: number) =>
    `Bring both to the denominator ${L0}: ${an}/${L0} ÷ ${bn}/${L0}. The parts are equal, so divide the numerators:`,
  divisorIsOnePart: (L0: number, an: number) =>
    `Bring both to the denominator ${L0}: ${an}/${L0} ÷ 1/${L0}. The parts are equal and the divisor is one such part; count how many such parts the dividend holds:`,
  weCanEstimateIn: (s: S, dec: (x: Q) => string) =>
    `We can estimate in decimals: ${s.f.map((x) => `${f(x)} ≈ ${dec(x)}`).join(", ")}.`,
  theSameOperationsIn: (dec: (x: Q) => string, value: R.Q) =>
    `The same operations in decimals give ≈ ${dec(value)}; the exact fraction with that value is ${qstr(value)} (${qstr(value)} ≈ ${dec(value)}).`,
  undoTheLastOperation: "Undo the last operation:",
  weGetTheValue: (prev: R.Q) => `We get ${qstr(prev)}, the value before the last step, so it checks out.`,
  theCheckGivesSo: (back: R.Q, value: R.Q) => `The check gives ${qstr(back)}, so ${qstr(value)} is right.`,
  remainder: (value: R.Q, whole: number) =>
    `${value.n} ÷ ${value.d} = ${whole} remainder ${Math.abs(value.n % value.d)}.`,
  yes: (value: R.Q, whole: number, rest: R.Q) =>
    `Yes: ${qstr(value)} = ${whole} + (${qstr(rest)}), i.e. ${whole} ${Math.abs(rest.n)}/${rest.d}.`,
  compareWith: (value: R.Q, half: R.Q) =>
    `Compare with 1/2: ${qstr(value)} - 1/2 = ${qstr(R.sub(value, half))}.`,
  theDifferenceFromIs: (cmp: number, value: R.Q, half: R.Q) =>
    `${cmp > 0 ? "More" : cmp < 0 ? "Less" : "Exactly one half"}: the difference from 1/2 is ${qstr(R.sub(value, half))}.`,
  combinedNumeratorsAndDenominators: "I combined numerators and denominators separately.",
  thatIsNotAllowed:
    "That is not allowed: only numerators over the same denominator can be combined, so a common denominator comes first.",
  whenDividingDidNot: "When dividing I did not flip the divisor.",
  dividingByFractionMeans2:
    "Dividing by a fraction means multiplying by its reciprocal; I multiplied by the fraction itself.",
};

const TEXT: Tr<typeof TEXT_EN> = {
  ru: {
    divideSign: ":",
    commonDenominatorLcm: (a, b, L0, an, bn) =>
      `Общий знаменатель НОК(${a.d}, ${b.d}) = ${L0}: ${rewritten(a, b, L0, an, bn)}.`,
    dividingByFractionMeans: (a, b, inv) =>
      `Деление на дробь — умножение на обратную: ${f(a)} : ${f(b)} = ${f(a)} · ${f(inv)}.`,
    bracketsFirst: "Сначала действие в скобках.",
    workLeftToRight: "Действия выполняем по порядку.",
    onlyEqualSizedParts:
      "Складывать можно только одинаковые доли: поэтому дроби сначала приводят к общему знаменателю, а потом складывают числители.",
    onlyEqualSizedParts2:
      "Вычитать можно только одинаковые доли: поэтому дроби приводят к общему знаменателю и вычитают числители.",
    takingFractionOfFraction:
      "Взять дробь от дроби — значит перемножить числители (сколько частей) и знаменатели (на сколько частей делим).",
    divisionUndoesMultiplicationAnd:
      "Деление — действие, обратное умножению: a : b = a · (1/b), а число, обратное дроби, получается перестановкой числителя и знаменателя.",
    withTheGeneralRule: "По общей формуле a/b ± c/d = (ad ± bc) / (bd), а сократить в конце:",
    cancelCrosswiseBeforeMultiplying: (a, b, g1, g2) =>
      `Можно сократить крест-накрест до умножения: ${a.n} и ${b.d} делятся на ${g1}, ${b.n} и ${a.d} — на ${g2}.`,
    bringBothToThe: (L0, an, bn) =>
      `Приведём к общему знаменателю ${L0}: ${an}/${L0} : ${bn}/${L0}. Доли одинаковые, поэтому делим числители:`,
    divisorIsOnePart: (L0, an) =>
      `Приведём к общему знаменателю ${L0}: ${an}/${L0} : 1/${L0}. Доли одинаковые, а делитель — одна такая доля; посчитаем, сколько таких долей в делимом:`,
    weCanEstimateIn: (s, dec) =>
      `Можно прикинуть в десятичных дробях: ${s.f.map((x) => `${f(x)} ≈ ${dec(x)}`).join(", ")}.`,
    theSameOperationsIn: (dec, value) =>
      `Те же действия с десятичными дают ≈ ${dec(value)}; точная дробь с таким значением — ${qstr(value)} (${qstr(value)} ≈ ${dec(value)}).`,
    undoTheLastOperation: "Выполним обратное действие к последнему:",
    weGetTheValue: (prev) => `Получили ${qstr(prev)} — значение до последнего действия, всё сходится.`,
    theCheckGivesSo: (back, value) => `Проверка даёт ${qstr(back)}, ответ ${qstr(value)} верный.`,
    remainder: (value, whole) =>
      `${value.n} : ${value.d} = ${whole}, остаток ${Math.abs(value.n % value.d)}.`,
    yes: (value, whole, rest) =>
      `Да: ${qstr(value)} = ${whole} + (${qstr(rest)}), то есть ${whole} ${Math.abs(rest.n)}/${rest.d}.`,
    compareWith: (value, half) => `Сравним с 1/2: ${qstr(value)} - 1/2 = ${qstr(R.sub(value, half))}.`,
    theDifferenceFromIs: (cmp, value, half) =>
      `${cmp > 0 ? "Больше" : cmp < 0 ? "Меньше" : "Ровно половина"}: разность с 1/2 равна ${qstr(R.sub(value, half))}.`,
    combinedNumeratorsAndDenominators: "Я сложил отдельно числители и знаменатели.",
    thatIsNotAllowed:
      "Так делать нельзя: складывать можно только числители дробей с одинаковым знаменателем, поэтому сначала нужен общий знаменатель.",
    whenDividingDidNot: "При делении я не перевернул делитель.",
    dividingByFractionMeans2:
      "Делить на дробь — значит умножать на обратную дробь, а я умножил на саму дробь.",
  },
  en: TEXT_EN,
};

/**
 * fractions: operations on common fractions. Difficulty: adding or subtracting with a common
 * denominator (1-2), different denominators (3-4), multiplying and dividing (5-6), three
 * fractions (7-10, with division and negative values at 9-10). Answers in lowest terms.
 */
type Op = "+" | "-" | "*" | "/";

interface S {
  f: Q[];
  ops: Op[];
}

function frac(ctx: Ctx, maxDen: number, den?: number): Q {
  const r = ctx.rng;
  const b = den ?? r.int(2, maxDen);
  let a = r.int(1, b * 2);
  if (a % b === 0) a += 1;
  const neg = ctx.d >= 9 && r.chance(0.25);
  return q(neg ? -a : a, b);
}

function draw(ctx: Ctx): S {
  const r = ctx.rng;
  const dd = ctx.d;
  if (dd <= 2) {
    const den = r.int(3, 12);
    return { f: [frac(ctx, 12, den), frac(ctx, 12, den)], ops: [r.pick<Op>(["+", "-"])] };
  }
  if (dd <= 4) {
    let a = frac(ctx, dd === 3 ? 8 : 12);
    let b = frac(ctx, dd === 3 ? 8 : 12);
    if (a.d === b.d) b = frac(ctx, 12, b.d + 1);
    if (R.cmp(a, b) < 0 && r.chance(0.5)) [a, b] = [b, a];
    return { f: [a, b], ops: [r.pick<Op>(["+", "-"])] };
  }
  if (dd <= 6) return { f: [frac(ctx, 10), frac(ctx, 10)], ops: [r.pick<Op>(["*", "/"])] };
  const ops: Op[] =
    dd <= 8
      ? [r.pick<Op>(["+", "-", "*"]), r.pick<Op>(["+", "-", "*"])]
      : [r.pick<Op>(["+", "-", "*", "/"]), r.pick<Op>(["*", "/", "+", "-"])];
  return { f: [frac(ctx, 9), frac(ctx, 9), frac(ctx, 9)], ops };
}

type Tx = typeof TEXT_EN;

/** Per operation: its precedence, how it applies, the inverse that checks it, and why it works so. */
const OPS: Record<Op, { prec: number; apply(a: Q, b: Q): Q; inverse: Op; why(tx: Tx): string }> = {
  "+": { prec: 1, apply: R.add, inverse: "-", why: (tx) => tx.onlyEqualSizedParts },
  "-": { prec: 1, apply: R.sub, inverse: "+", why: (tx) => tx.onlyEqualSizedParts2 },
  "*": { prec: 2, apply: R.mul, inverse: "/", why: (tx) => tx.takingFractionOfFraction },
  "/": { prec: 2, apply: R.div, inverse: "*", why: (tx) => tx.divisionUndoesMultiplicationAnd },
};

/** Whether the first pair needs brackets to be evaluated first. */
function bracketFirst(s: S): boolean {
  return s.ops.length === 2 && OPS[s.ops[1]].prec > OPS[s.ops[0]].prec;
}

/** An operation's sign in text, or in ASCII for the check without `tx`. */
function opText(op: Op, tx?: Tx): string {
  return !tx ? op : op === "*" ? "·" : op === "/" ? tx.divideSign : op;
}

function f(x: Q): string {
  return x.n < 0 ? `(${qstr(x)})` : qstr(x);
}

function fa(x: Q): string {
  return `(${qstr(x)})`;
}

/** The expression as the question shows it (with `tx`) or as the check reads it. */
function written(s: S, show: (x: Q) => string, tx?: Tx): string {
  const [a, b, c] = s.f;
  const first = `${show(a)} ${opText(s.ops[0], tx)} ${show(b)}`;
  if (s.ops.length === 1) return first;
  return `${bracketFirst(s) ? `(${first})` : first} ${opText(s.ops[1], tx)} ${show(c)}`;
}

function text(s: S, tx: Tx): string {
  return written(s, f, tx);
}

function ascii(s: S): string {
  return written(s, fa);
}

/** `num/den`, then its lowest terms when they differ. */
function reduced(raw: string, value: Q): string {
  return raw === qstr(value) ? raw : `${raw} = ${qstr(value)}`;
}

/** One operation written the way it is taught, optionally with a classic fraction mistake. */
function step(op: Op, a: Q, b: Q, tx: Tx, fault?: string): { lines: string[]; value: Q } {
  if (op === "+" || op === "-") {
    if (fault === "across") {
      const num = op === "+" ? a.n + b.n : a.n - b.n;
      const value = q(num, a.d + b.d);
      return {
        lines: [`${f(a)} ${op} ${f(b)} = (${a.n} ${op} ${opInt(b.n)}) / (${a.d} + ${b.d}) = ${qstr(value)}`],
        value,
      };
    }
    const L0 = lcm(a.d, b.d);
    const an = a.n * (L0 / a.d);
    const bn = b.n * (L0 / b.d);
    const num = op === "+" ? an + bn : an - bn;
    const value = q(num, L0);
    const lines: string[] = [];
    if (a.d !== b.d) lines.push(tx.commonDenominatorLcm(a, b, L0, an, bn));
    lines.push(
      `${an}/${L0} ${op} ${bn < 0 ? `(${bn}/${L0})` : `${bn}/${L0}`} = ${reduced(`${num}/${L0}`, value)}`,
    );
    return { lines, value };
  }
  if (op === "*") {
    const value = R.mul(a, b);
    const raw = `${a.n * b.n}/${a.d * b.d}`;
    return {
      lines: [`${f(a)} · ${f(b)} = (${a.n} · ${opInt(b.n)}) / (${a.d} · ${b.d}) = ${reduced(raw, value)}`],
      value,
    };
  }
  if (fault === "noFlip") {
    const value = R.mul(a, b);
    return { lines: [`${f(a)} ${tx.divideSign} ${f(b)} = ${f(a)} · ${f(b)} = ${qstr(value)}`], value };
  }
  const inv = R.inv(b);
  const value = R.mul(a, inv);
  return { lines: [tx.dividingByFractionMeans(a, b, inv), `${f(a)} · ${f(inv)} = ${qstr(value)}`], value };
}

function run(s: S, tx: Tx, fault?: string, faultAt = 0): { lines: string[]; value: Q } {
  const [a, b, c] = s.f;
  const first = step(s.ops[0], a, b, tx, faultAt === 0 ? fault : undefined);
  if (s.ops.length === 1) return first;
  const second = step(s.ops[1], first.value, c, tx, faultAt === 1 ? fault : undefined);
  return { lines: [...first.lines, ...second.lines], value: second.value };
}

const ASK: Phrases<[string]> = {
  ru: [
    (e) => `Вычислите: ${e}`,
    (e) => `Найдите значение выражения ${e}. Ответ запишите несократимой дробью.`,
    (e) => `Чему равно ${e}?`,
  ],
  en: [
    (e) => `Compute ${e}.`,
    (e) => `Find the value of ${e} as a fraction in lowest terms.`,
    (e) => `What is ${e}?`,
  ],
};

function solve(ctx: Ctx, s: S, fault?: string): Outcome {
  const tx = tr(ctx, TEXT);
  const at = fault ? faultPosition(s, fault) : 0;
  const { lines, value } = run(s, tx, fault, at);
  if (s.ops.length === 2) lines.unshift(bracketFirst(s) ? tx.bracketsFirst : tx.workLeftToRight);
  return { steps: lines, value, expr: ascii(s), sym: "", kind: "number", formula: text(s, tx) };
}

function faultPosition(s: S, fault: string): number {
  const want: Op[] = fault === "across" ? ["+", "-"] : ["/"];
  return Math.max(
    0,
    s.ops.findIndex((o) => want.includes(o)),
  );
}

/** Another way to a single operation's value: its steps and the check expression. */
function altSingle(tx: Tx, op: Op, a: Q, b: Q, value: Q): [steps: string[], expr: string] {
  if (op === "+" || op === "-") {
    const num = op === "+" ? a.n * b.d + b.n * a.d : a.n * b.d - b.n * a.d;
    const bn = b.n < 0 ? `(${b.n})` : b.n;
    return [
      [
        tx.withTheGeneralRule,
        eqChain([
          `(${a.n} · ${b.d} ${op} ${bn} · ${a.d}) / (${a.d} · ${b.d})`,
          `${num}/${a.d * b.d}`,
          qstr(value),
        ]),
      ],
      `(${a.n}*${b.d} ${op} ${bn}*${a.d})/(${a.d}*${b.d})`,
    ];
  }
  if (op === "*") {
    const g1 = R.gcd(a.n, b.d);
    const g2 = R.gcd(b.n, a.d);
    const [n1, n2, d1, d2] = [a.n / g1, b.n / g2, a.d / g2, b.d / g1];
    return [
      [
        tx.cancelCrosswiseBeforeMultiplying(a, b, g1, g2),
        `(${n1} · ${opInt(n2)}) / (${d1} · ${d2}) = ${qstr(value)}`,
      ],
      `(${n1}*${n2})/(${d1}*${d2})`,
    ];
  }
  const L0 = lcm(a.d, b.d);
  const an = a.n * (L0 / a.d);
  const bn = b.n * (L0 / b.d);
  // Dividing by one part: no "12 / 1" to write out.
  if (bn === 1)
    return [[tx.divisorIsOnePart(L0, an), `${an}/${L0} = ${an} · 1/${L0}`], `(${an}/${L0})/(1/${L0})`];
  const bt = bn < 0 ? `(${bn})` : bn;
  return [[tx.bringBothToThe(L0, an, bn), eqChain([`${an} / ${bt}`, qstr(value)])], `${an}/${bt}`];
}

function followup(ctx: Ctx, s: S, kind: FollowupKind, o: Outcome): Exchange {
  const tx = tr(ctx, TEXT);
  const p = present(ctx, o);
  const [a, b] = s.f;
  const op = s.ops[0];
  const value = o.value as Q;
  if (kind === "why")
    return {
      user: L(ctx, "Почему дроби считаются именно так?", "Why are fractions handled this way?"),
      reply: { steps: [OPS[op].why(tx), ...o.steps.slice(-1)], answer: p.answer, checks: [p.check] },
    };
  if (kind === "alt") {
    const user = L(ctx, "Можно посчитать по-другому?", "Could it be done another way?");
    if (s.ops.length === 1) {
      const [steps, expr] = altSingle(tx, op, a, b, value);
      return sameAnswer(user, steps, p, ev(expr, o.value));
    }
    // Three fractions: an estimate in decimals, then the exact value confirmed against it.
    const dec = (x: Q) => R.toNumber(x).toFixed(4);
    const steps = [tx.weCanEstimateIn(s, dec), tx.theSameOperationsIn(dec, value)];
    return sameAnswer(user, steps, p, ev(ascii(s), o.value));
  }
  if (kind === "verify") {
    const last = s.ops[s.ops.length - 1];
    const other = s.f[s.ops.length];
    const prev = s.ops.length === 1 ? a : OPS[s.ops[0]].apply(s.f[0], s.f[1]);
    const inverse = OPS[last].inverse;
    const back = OPS[inverse].apply(value, other);
    return exchange(
      L(ctx, "Как проверить ответ?", "How can I check the answer?"),
      [
        tx.undoTheLastOperation,
        `${f(value)} ${opText(inverse, tx)} ${f(other)} = ${qstr(back)}`,
        tx.weGetTheValue(prev),
      ],
      tx.theCheckGivesSo(back, value),
      [ev(`${fa(value)} ${inverse} ${fa(other)}`, back)],
    );
  }
  // edge: a mixed number, or for a proper fraction how it compares with one half.
  // A whole answer is no mixed number ("3 = 3 + (0)"): it is compared with one half as well.
  const whole = Math.trunc(value.n / value.d);
  if (whole !== 0 && value.d !== 1) {
    const rest = R.sub(value, q(whole));
    return exchange(
      L(ctx, "Можно ли записать ответ смешанным числом?", "Can the answer be written as a mixed number?"),
      [tx.remainder(value, whole)],
      tx.yes(value, whole, rest),
      [ev(`${whole} + (${qstr(rest)})`, value)],
    );
  }
  const half = q(1, 2);
  const cmp = R.cmp(value, half);
  return exchange(
    L(ctx, "Ответ больше или меньше половины?", "Is the answer more or less than one half?"),
    [tx.compareWith(value, half)],
    tx.theDifferenceFromIs(cmp, value, half),
    [ev(`${fa(value)} - 1/2`, R.sub(value, half))],
  );
}

const FRACTION_NAMES: Tr<readonly string[]> = {
  ru: ["первую дробь", "вторую дробь", "третью дробь"],
  en: ["the first fraction", "the second fraction", "the third fraction"],
};

function freshFraction(c: Ctx): Q {
  return frac(c, 10);
}

function params(ctx: Ctx, s: S): Param[] {
  const names = tr(ctx, FRACTION_NAMES);
  return s.f.map((x, i) => param(String(i), names[i], undefined, x, ["double", "set"], freshFraction));
}

function withParam(_ctx: Ctx, s: S, key: string, value: Exact): S | null {
  if (isSurd(value) || value.n === 0 || Math.abs(value.n) > 500 || value.d > 500) return null;
  const f2 = s.f.slice();
  f2[Number(key)] = value;
  return { ...s, f: f2 };
}

function mistakes(ctx: Ctx, s: S): MistakeDef[] {
  const tx = tr(ctx, TEXT);
  const out: MistakeDef[] = [];
  if (s.ops.some((o) => o === "+" || o === "-"))
    out.push(planted("wrong_formula", "across", tx.combinedNumeratorsAndDenominators, tx.thatIsNotAllowed));
  if (s.ops.includes("/"))
    out.push(planted("wrong_formula", "noFlip", tx.whenDividingDidNot, tx.dividingByFractionMeans2));
  return out;
}

export const fractions = formulaTask<S>({
  id: "fractions",
  domain: "math",
  draw,
  ask: (ctx, s) => pickT(ctx, ASK)(text(s, tr(ctx, TEXT))),
  solve,
  params,
  with: withParam,
  followup,
  mistakes,
});
