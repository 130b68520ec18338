import { count, type Tr, tr } from "../lang.js";
import { N } from "../nouns.js";
import { isSurd } from "../num/exact.js";
import { asc } from "../num/fmt.js";
import * as R from "../num/rational.js";
import { type Q, q, qstr } from "../num/rational.js";
import {
  check,
  coef,
  eqChain,
  ev,
  evs,
  exchange,
  L,
  op,
  opInt,
  type Phrases,
  pickT,
  signed,
  subscript,
  sv,
} from "../text.js";
import type { CheckSpec, Ctx, Exchange, FollowupKind, Param } from "../types.js";
import {
  type Display,
  type FormulaDef,
  formulaTask,
  type MistakeDef,
  type Outcome,
  outcomes,
  type Presented,
  param,
  planted,
  present,
} from "./formula.js";

/** This module's texts: English here, every other language in TEXT (a missing entry does not compile). */
const TEXT_EN = {
  byDefinitionIsThe: "By definition log_b(a) is the exponent that turns b into a.",
  soTheExponentIs: (eq: string, k: number) => `${eq}, so the exponent is ${k}.`,
  sumOfLogsIs: (eq: string) => `A sum of logs is the log of the product: ${eq}.`,
  differenceOfLogsIs: (eq: string) => `A difference of logs is the log of the quotient: ${eq}.`,
  andSoTheAnswer: (B: number, s: S, m: number, A: Q, n: number) =>
    `${B} = ${s.b}^${m} and ${qstr(A)} = ${s.b}^${opInt(n)}, so the answer is ${m}/${opInt(n)}.`,
  writeTheBaseAnd: (b: number, powers: string) =>
    `Write the base and the argument as powers of ${b}: ${powers}.`,
  weNeed: (eq: string, linear: string) => `We need ${eq}, i.e. ${linear}.`,
  byTheDefinitionOf: (eq: string) => `By the definition of a logarithm ${eq}.`,
  weGet: (eq: string) => `We get ${eq}.`,
  domainCheckTheArgument: (pow: number) => `Domain check: the argument equals ${pow} > 0.`,
  logarithmAnswersToWhat: "A logarithm answers: to what power must the base be raised to give the argument?",
  hereHolds: (s: S, v: Q) => `Here ${exponential(s).replace("x", `(${qstr(v)})`)} holds.`,
  exponentiateBothSidesWith: (s: S) =>
    `Exponentiate both sides with base ${s.b}: ${s.b} to the power of the log is the argument itself.`,
  changeToBase: (b: number, eq: string) => `Change to base ${b}: ${eq}.`,
  multiplyByUntilWe: (target: Q, s: S) =>
    `Multiply ${qstr(target)} by ${s.b} until we reach 1 and count the steps (negatively):`,
  divideByUntilWe: (target: Q, s: S) =>
    `Divide ${qstr(target)} by ${s.b} until we reach 1 and count the steps:`,
  soTheLogarithmIs: (v: Q, ctx: Ctx) =>
    `${count(ctx, Math.abs(v.n), N.step)}, so the logarithm is ${qstr(v)}.`,
  putTheArgumentIs: (xs: string, arg: string, power: string) =>
    `Put x = ${xs}: the argument is ${arg}, and ${power}.`,
  theArgumentIsSo: (arg: Q, s: S) => `The argument is ${qstr(arg)} = ${s.b}^${s.e[2]}, so the root is right.`,
  raiseTheBaseTo: (eq: string) => `Raise the base to the answer: ${eq}.`,
  theArgumentSoThe: (eq: string) => `${eq}, the argument, so the answer is right.`,
  anyPositiveBaseTo: "Any positive base to the power zero is 1, so the log of 1 is 0.",
  positiveBaseRaisedTo:
    "A positive base raised to any power stays positive, so a negative argument is never reached.",
  theOfNegativeNumber: (s: S) => `${log(base(s), "1")} = 0; the log of a negative number is undefined.`,
  theExponentInThe: "the exponent in the argument",
  theBase: "the base",
  theRightHandSide: "the right-hand side",
  theConstantTerm: "the constant term",
  theArgumentExponent: "the argument's exponent",
  theSecondArgument: "the second argument",
  stateTheRuleIn: "State the rule in general for any base b.",
  forThese: (s: S, x: number, y: number, p: Presented) => `For b = ${s.b}, x = ${x}, y = ${y}: ${p.line}`,
  forHereItIs: (rule: string, p: Presented) => `${rule} for b > 0, b ≠ 1; here it is ${p.text}.`,
  lostTheMinus: "I lost the minus sign of the exponent.",
  fractionNeedsNegative: (eq: string, den: number) => `${eq}: a fraction 1/${den} needs a negative exponent.`,
  addedTheArguments: "I added the arguments instead of multiplying them.",
  sumIsLogOfProduct: "The sum of logs is the log of the product: log(x) + log(y) = log(xy).",
  subtractedTheArguments: "I subtracted the arguments instead of dividing them.",
  differenceIsLogOfQuotient: "The difference of logs is the log of the quotient: log(x) - log(y) = log(x/y).",
  turnedTheFraction: "I turned the fraction upside down.",
  givesX: (m: number, n: number) => `${m}x = ${n} gives x = ${n}/${m}.`,
  multipliedTheBase: "I multiplied the base by k instead of raising it to the power k.",
  meansPower: (pow: number, prod: number) => `log_b(A) = k means A = b^k = ${pow}, not b · k = ${prod}.`,
};

const TEXT: Tr<typeof TEXT_EN> = {
  ru: {
    byDefinitionIsThe: `По определению log_b(a) — это показатель, в который нужно возвести b, чтобы получить a.`,
    soTheExponentIs: (eq, k) => `${eq}, значит, показатель равен ${k}.`,
    sumOfLogsIs: (eq) => `Сумма логарифмов — логарифм произведения: ${eq}.`,
    differenceOfLogsIs: (eq) => `Разность логарифмов — логарифм частного: ${eq}.`,
    andSoTheAnswer: (B, s, m, A, n) =>
      `${B} = ${s.b}^${m}, ${qstr(A)} = ${s.b}^${opInt(n)}, поэтому ответ ${m}/${opInt(n)}.`,
    writeTheBaseAnd: (b, powers) => `Запишем основание и аргумент как степени ${b}: ${powers}.`,
    weNeed: (eq, linear) => `Нужно ${eq}, то есть ${linear}.`,
    byTheDefinitionOf: (eq) => `По определению логарифма ${eq}.`,
    weGet: (eq) => `Получаем ${eq}.`,
    domainCheckTheArgument: (pow) => `Проверим ОДЗ: аргумент логарифма равен ${pow} > 0.`,
    logarithmAnswersToWhat:
      "Логарифм отвечает на вопрос: в какую степень возвести основание, чтобы получить аргумент.",
    hereHolds: (s, v) => `Здесь ${exponential(s).replace("x", `(${qstr(v)})`)} — равенство верное.`,
    exponentiateBothSidesWith: (s) =>
      `Можно потенцировать обе части по основанию ${s.b}: ${s.b} в степени логарифма по основанию ${s.b} даёт сам аргумент.`,
    changeToBase: (b, eq) => `Через переход к основанию ${b}: ${eq}.`,
    multiplyByUntilWe: (target, s) =>
      `Будем умножать ${qstr(target)} на ${s.b}, пока не получим 1, и посчитаем шаги (с минусом):`,
    divideByUntilWe: (target, s) =>
      `Будем делить ${qstr(target)} на ${s.b}, пока не получим 1, и посчитаем шаги:`,
    soTheLogarithmIs: (v, _ctx) => `Шагов: ${Math.abs(v.n)}, значит, логарифм равен ${qstr(v)}.`,
    putTheArgumentIs: (xs, arg, power) => `Подставим x = ${xs}: аргумент ${arg}, и ${power}.`,
    theArgumentIsSo: (arg, s) => `Аргумент равен ${qstr(arg)} = ${s.b}^${s.e[2]}, корень верный.`,
    raiseTheBaseTo: (eq) => `Возведём основание в найденную степень: ${eq}.`,
    theArgumentSoThe: (eq) => `${eq} — это аргумент, ответ верный.`,
    anyPositiveBaseTo:
      "Любое положительное основание в нулевой степени даёт 1, поэтому логарифм единицы равен 0.",
    positiveBaseRaisedTo:
      "Положительное основание в любой степени даёт положительное число, поэтому отрицательный аргумент получить нельзя.",
    theOfNegativeNumber: (s) => `${log(base(s), "1")} = 0; логарифм отрицательного числа не определён.`,
    theExponentInThe: "показатель степени в аргументе",
    theBase: "основание",
    theRightHandSide: "правую часть",
    theConstantTerm: "свободный член",
    theArgumentExponent: "показатель аргумента",
    theSecondArgument: "второй аргумент",
    stateTheRuleIn: "Сформулируйте правило в общем виде для любого основания b.",
    forThese: (s, x, y, p) => `Для b = ${s.b}, x = ${x}, y = ${y}: ${p.line}`,
    forHereItIs: (rule, p) => `${rule} при b > 0, b ≠ 1; здесь это ${p.text}.`,
    lostTheMinus: "Я потерял минус у показателя.",
    fractionNeedsNegative: (eq, den) => `${eq}: дробь 1/${den} получается при отрицательном показателе.`,
    addedTheArguments: "Я сложил аргументы вместо того, чтобы их перемножить.",
    sumIsLogOfProduct: "Сумма логарифмов — логарифм произведения: log(x) + log(y) = log(xy).",
    subtractedTheArguments: "Я вычел аргументы вместо того, чтобы их разделить.",
    differenceIsLogOfQuotient: "Разность логарифмов — логарифм частного: log(x) - log(y) = log(x/y).",
    turnedTheFraction: "Я перевернул дробь.",
    givesX: (m, n) => `Из ${m}x = ${n} следует x = ${n}/${m}.`,
    multipliedTheBase: "Я умножил основание на k вместо возведения в степень.",
    meansPower: (pow, prod) => `log_b(A) = k означает A = b^k = ${pow}, а не b · k = ${prod}.`,
  },
  en: TEXT_EN,
};

/**
 * logarithms: exact logarithms and simple logarithmic equations. Difficulty: log_b(b^k) (1-2) and
 * of reciprocals (3); a sum or difference of logs that combines into a power of the base (4-6);
 * rational values such as log₄ 8 = 3/2 (7-8); equations log_b(ax + c) = k (9-10).
 * Checks use the exponential form, since the check vocabulary has no log: "2^x = 8".
 */
type Variant = "basic" | "sum" | "rational" | "equation";

interface S {
  variant: Variant;
  b: number;
  /** basic: [k]; sum: [x, y, sign]; rational: [m, n] for log_{c^m}(c^n) with b = c; equation: [a, c, k]. */
  e: number[];
}

function log(base: number | string, arg: string): string {
  return `log${typeof base === "number" ? subscript(base) : base}(${arg})`;
}

function draw(ctx: Ctx): S {
  const r = ctx.rng;
  const dd = ctx.d;
  if (dd <= 3) {
    const b = r.int(2, dd === 1 ? 10 : 16);
    const maxK = Math.max(1, Math.floor(Math.log(dd === 1 ? 1000 : 100000) / Math.log(b)));
    const k = r.int(1, maxK) * (dd === 3 && r.chance(0.6) ? -1 : 1);
    return { variant: "basic", b, e: [k] };
  }
  if (dd <= 6) {
    // Composite bases, so the arguments themselves need not be powers of the base.
    const b = r.pick(SUM_BASES);
    const k = b <= 12 && r.chance(0.3) ? 3 : 2;
    const total = b ** k;
    const x = r.pick(splitDivisors(b, k));
    if (r.chance(0.5)) return { variant: "sum", b, e: [x, total / x, 1] };
    const y = r.int(2, 9);
    return { variant: "sum", b, e: [total * y, y, -1] };
  }
  if (dd <= 8) {
    const c = r.pick([2, 2, 3, 3, 5, 7]);
    const m = r.int(2, c === 2 ? 5 : c === 3 ? 3 : 2);
    let n = r.int(1, c === 2 ? 12 : c === 3 ? 7 : 4) * (r.chance(0.3) ? -1 : 1);
    if (n % m === 0) n += n > 0 ? 1 : -1;
    return { variant: "rational", b: c, e: [m, n] };
  }
  const b = r.int(2, 5);
  const k = r.int(1, b === 2 ? 6 : 3);
  const a = r.int(1, 9);
  const c = r.int(-20, 20);
  if (b ** k - c === 0) return { variant: "equation", b, e: [a, c + 1, k] };
  return { variant: "equation", b, e: [a, c, k] };
}

const SUM_BASES = [6, 10, 12, 14, 15, 18, 20];
const DIVISORS = new Map<number, number[]>();

/** Divisors of b^k that are not themselves powers of b (computed once per base and power). */
function splitDivisors(b: number, k: number): number[] {
  const key = b * 10 + k;
  let list = DIVISORS.get(key);
  if (!list) {
    const total = b ** k;
    list = [];
    for (let x = 2; x < total; x++) if (total % x === 0 && !isPowerOf(x, b)) list.push(x);
    DIVISORS.set(key, list);
  }
  return list;
}

function isPowerOf(x: number, b: number): boolean {
  while (x % b === 0) x /= b;
  return x === 1;
}

/** basic: the argument b^k. */
function argQ(s: S): Q {
  return R.pow(q(s.b), s.e[0]);
}

/** sum: the combined argument, x·y or x/y. */
function product(s: S): number {
  const [x, y, sg] = s.e;
  return sg > 0 ? x * y : x / y;
}

/** The logarithm's base as written: c^m for a rational value, else b. */
function base(s: S): number {
  return s.variant === "rational" ? s.b ** s.e[0] : s.b;
}

/** equation: the log's argument "ax + c" with the factor as given ("2", "2*", "" for a = 1). */
function argument(factor: string | number, c: number): string {
  return `${factor}x${c === 0 ? "" : signed(c)}`;
}

/** equation: "- c" subtracted from the power (so "+ 3" for c = -3, and "- 0"). */
function minus(c: number): string {
  return `${c < 0 ? "+" : "-"} ${Math.abs(c)}`;
}

/**
 * equation: x = (power - c) / a as written, "power / a" when there is no c to subtract, and no
 * division at all for a = 1.
 */
function solved(power: number, c: number, a: number): string {
  if (a === 1) return c === 0 ? String(power) : `${power} ${minus(c)}`;
  return c === 0 ? `${power} / ${a}` : `(${power} ${minus(c)}) / ${a}`;
}

const ASK: Phrases<[string, boolean]> = {
  ru: [
    (t, eq) => (eq ? `Решите уравнение: ${t}` : `Вычислите: ${t}`),
    (t, eq) => (eq ? `Найдите x: ${t}.` : `Найдите значение ${t}.`),
    (t, eq) => (eq ? `При каком x верно равенство ${t}?` : `Чему равен ${t}?`),
    (t, eq) => (eq ? `Решите логарифмическое уравнение ${t}.` : `Найдите точное значение выражения ${t}.`),
  ],
  en: [
    (t, eq) => (eq ? `Solve the equation ${t}.` : `Compute ${t}.`),
    (t, eq) => (eq ? `Find x if ${t}.` : `Find the value of ${t}.`),
    (t, eq) => (eq ? `For which x does ${t} hold?` : `What is ${t}?`),
    (t, eq) => (eq ? `Solve the logarithmic equation ${t}.` : `Find the exact value of ${t}.`),
  ],
};
const ALT: Tr = { ru: "Можно ли решить по-другому?", en: "Is there another way to get it?" };
const VERIFY: Tr = { ru: "Как проверить ответ?", en: "How can we check the answer?" };
const DECIMAL: Display = { decimal: true };

type Text = typeof TEXT_EN;

/** One variant's whole behaviour: a new variant is one entry of VARIANTS. */
interface VariantDef {
  /** The expression or equation asked about ("log₂(8)", "log₃(2x + 1) = 2"). */
  text(s: S): string;
  /** The check: the exponential form, solved for x. */
  exponential(s: S): string;
  /** The worked solution; `fault` is one that `mistakes` names. */
  work(tx: Text, s: S, expr: string, fault?: string): Outcome;
  alt(ctx: Ctx, s: S, v: Q, ans: string): Exchange;
  verify(ctx: Ctx, s: S, v: Q): Exchange;
  params(tx: Text, s: S): Param[];
  /** The data with parameter `key` set to the whole number n, or null when that makes no sense. */
  with(s: S, key: string, n: number): S | null;
  mistakes(tx: Text, s: S): MistakeDef[];
}

const VARIANTS: Record<Variant, VariantDef> = {
  basic: {
    text: (s) => log(s.b, qstr(argQ(s))),
    exponential: (s) => `${s.b}^x = ${qstr(argQ(s))}`,
    work(tx, s, expr, fault) {
      const k = s.e[0];
      const worked = outcomes(expr, "", "number");
      if (fault === "sign" && k < 0)
        return worked([tx.byDefinitionIsThe, `${qstr(argQ(s))} = ${s.b}^${-k}`], q(-k), this.text(s));
      const eq = `${qstr(argQ(s))} = ${s.b}^${opInt(k)}`;
      return worked([tx.byDefinitionIsThe, tx.soTheExponentIs(eq, k)], q(k), this.text(s));
    },
    alt: (ctx, s, v, ans) => counted(ctx, s, v, ans, argQ(s)),
    verify: (ctx, s, v) => raised(ctx, s.b, v, argQ(s)),
    params: (tx, s) => [
      param("k", tx.theExponentInThe, undefined, q(s.e[0]), ["double", "negate", "set"], (c) =>
        q(c.rng.int(1, 8)),
      ),
      param("b", tx.theBase, "b", q(s.b), ["set"], (c) => q(c.rng.int(2, 12))),
    ],
    with(s, key, n) {
      if (key === "b") return n < 2 || n ** Math.abs(s.e[0]) > 1000000 ? null : { ...s, b: n };
      if (key !== "k" || n === 0 || s.b ** Math.abs(n) > 100000) return null;
      return { ...s, e: [n] };
    },
    mistakes: (tx, s) =>
      s.e[0] < 0
        ? [
            planted(
              "sign_error",
              "sign",
              tx.lostTheMinus,
              tx.fractionNeedsNegative(`${qstr(argQ(s))} = ${s.b}^(${s.e[0]})`, s.b ** -s.e[0]),
            ),
          ]
        : [],
  },
  sum: {
    text: (s) => `${log(s.b, String(s.e[0]))} ${s.e[2] > 0 ? "+" : "-"} ${log(s.b, String(s.e[1]))}`,
    exponential: (s) => `${s.b}^x = ${s.e[0]}${s.e[2] > 0 ? "*" : "/"}${s.e[1]}`,
    work(tx, s, expr, fault) {
      const [x, y, sg] = s.e;
      const prod = product(s);
      if (fault === "wrongRule") {
        // The classic slip: combining the arguments with the same operation as the logs.
        const alt = sg > 0 ? x + y : x - y;
        const approx = q(Math.round((Math.log(alt) / Math.log(s.b)) * 100), 100);
        const op = sg > 0 ? "+" : "-";
        const steps = [
          `${log(s.b, String(x))} ${op} ${log(s.b, String(y))} = ${log(s.b, `${x} ${op} ${y}`)} = ${log(s.b, String(alt))}`,
          `${log(s.b, String(alt))} ≈ ${R.decStr(approx)}`,
        ];
        return outcomes(expr, "", "number", DECIMAL)(steps, approx, this.text(s));
      }
      // The combined argument is a power of the base: count how many times it divides.
      let k = 0;
      for (let v = prod; v > 1; v /= s.b) k++;
      const eq = `${log(s.b, `${x} ${sg > 0 ? "·" : "/"} ${y}`)} = ${log(s.b, String(prod))}`;
      const rule = sg > 0 ? tx.sumOfLogsIs(eq) : tx.differenceOfLogsIs(eq);
      return outcomes(expr, "", "number")([rule, `${prod} = ${s.b}^${k}.`], q(k), this.text(s));
    },
    alt: (ctx, s, v, ans) => counted(ctx, s, v, ans, q(product(s))),
    verify: (ctx, s, v) => raised(ctx, s.b, v, q(product(s))),
    params(tx, s) {
      // Scaling the second argument by a power of the base keeps the answer whole.
      const [, y, sg] = s.e;
      return [
        { key: "b", label: tx.theBase, value: q(s.b), ops: ["general"] },
        param("y", tx.theSecondArgument, undefined, q(y), ["set"], (c) =>
          q(sg > 0 ? y * s.b ** c.rng.int(1, 2) : y * s.b),
        ),
      ];
    },
    with(s, key, n) {
      const [x, , sg] = s.e;
      if (key !== "y" || (sg < 0 && x % n !== 0)) return null;
      const prod = sg > 0 ? x * n : x / n;
      if (prod < s.b || prod > 10_000_000 || !isPowerOf(prod, s.b)) return null;
      return { ...s, e: [x, n, sg] };
    },
    mistakes: (tx, s) => [
      s.e[2] > 0
        ? planted("wrong_formula", "wrongRule", tx.addedTheArguments, tx.sumIsLogOfProduct)
        : planted("wrong_formula", "wrongRule", tx.subtractedTheArguments, tx.differenceIsLogOfQuotient),
    ],
  },
  rational: {
    text: (s) => log(s.b ** s.e[0], qstr(R.pow(q(s.b), s.e[1]))),
    exponential: (s) => `${s.b ** s.e[0]}^x = ${qstr(R.pow(q(s.b), s.e[1]))}`,
    work(tx, s, expr, fault) {
      const [m, n] = s.e;
      const B = s.b ** m;
      const A = R.pow(q(s.b), n);
      const worked = outcomes(expr, "", "number");
      if (fault === "inverted") return worked([tx.andSoTheAnswer(B, s, m, A, n)], q(m, n), this.text(s));
      const pn = opInt(n);
      const steps = [
        tx.writeTheBaseAnd(s.b, `${B} = ${s.b}^${m}, ${qstr(A)} = ${s.b}^${pn}`),
        tx.weNeed(`(${s.b}^${m})^x = ${s.b}^${pn}`, `${m}x = ${n}`),
      ];
      return worked(steps, q(n, m), this.text(s));
    },
    alt(ctx, s, v, ans) {
      const [m, n] = s.e;
      const A = qstr(R.pow(q(s.b), n));
      const B = s.b ** m;
      const eq = `${log(B, A)} = ${log(s.b, A)} / ${log(s.b, String(B))}`;
      const steps = [tr(ctx, TEXT).changeToBase(s.b, eq), eqChain([`${n} / ${m}`, qstr(v)])];
      return exchange(tr(ctx, ALT), steps, ans, [ev(`${n}/${m}`, v)]);
    },
    verify: (ctx, s, v) => raised(ctx, s.b ** s.e[0], v, R.pow(q(s.b), s.e[1])),
    params: (tx, s) => [
      param("n", tx.theArgumentExponent, undefined, q(s.e[1]), ["negate", "set"], (c) => q(c.rng.int(1, 7))),
    ],
    with: (s, key, n) =>
      key !== "n" || n % s.e[0] === 0 || s.b ** Math.abs(n) > 100000 ? null : { ...s, e: [s.e[0], n] },
    mistakes: (tx, s) => [
      planted("wrong_formula", "inverted", tx.turnedTheFraction, tx.givesX(s.e[0], s.e[1])),
    ],
  },
  equation: {
    text: (s) => `${log(s.b, argument(coef(s.e[0]), s.e[1]))} = ${s.e[2]}`,
    exponential: (s) => `${argument(`${s.e[0]}*`, s.e[1])} = ${s.b}^${s.e[2]}`,
    work(tx, s, expr, fault) {
      const [a, c, k] = s.e;
      const pow = s.b ** k;
      const worked = outcomes(expr, "x", "number");
      const lhs = argument(coef(a), c);
      if (fault === "kTimesB")
        return worked(
          [tx.weGet(`${lhs} = ${s.b} · ${k} = ${s.b * k}`)],
          q(s.b * k - c, a),
          solved(s.b * k, c, a),
        );
      const steps = [tx.byTheDefinitionOf(`${lhs} = ${s.b}^${k} = ${pow}`), tx.domainCheckTheArgument(pow)];
      return worked(steps, q(pow - c, a), solved(pow, c, a));
    },
    alt(ctx, s, v, ans) {
      const [a, c, k] = s.e;
      const lhs = argument(coef(a), c);
      // The argument x itself: "x = 5^3 = 125", not "x = 125, x = 125".
      const line = lhs === "x" ? `x = ${s.b}^${k} = ${qstr(v)}` : `${lhs} = ${s.b ** k}, x = ${qstr(v)}`;
      const steps = [tr(ctx, TEXT).exponentiateBothSidesWith(s), line];
      const expr = lhs === "x" ? `${s.b}^${k}` : `(${s.b}^${k} ${minus(c)})/${a}`;
      return exchange(tr(ctx, ALT), steps, ans, [ev(expr, v)]);
    },
    verify(ctx, s, v) {
      const tx = tr(ctx, TEXT);
      const [a, c] = s.e;
      const arg = R.add(R.mul(q(a), v), q(c));
      const steps = [
        tx.putTheArgumentIs(
          qstr(v),
          // No factor 1 written, and no "125 = 125" when the argument is x itself.
          a === 1 && c === 0
            ? qstr(arg)
            : `${a === 1 ? op(v) : `${a} · ${op(v)}`}${c === 0 ? "" : signed(c)} = ${qstr(arg)}`,
          `${s.b}^${s.e[2]} = ${qstr(arg)}`,
        ),
      ];
      return exchange(tr(ctx, VERIFY), steps, tx.theArgumentIsSo(arg, s), [
        evs(`${a}*(${qstr(v)})${signed(c)}`, qstr(arg)),
      ]);
    },
    params: (tx, s) => [
      param("k", tx.theRightHandSide, "k", q(s.e[2]), ["set"], (c) => q(c.rng.int(1, 4))),
      param("c", tx.theConstantTerm, "c", q(s.e[1]), ["double", "negate", "set"], (c) =>
        q(c.rng.int(-15, 15)),
      ),
    ],
    with(s, key, n) {
      const [a, c, k] = s.e;
      if (key === "k" && (n < 0 || s.b ** n > 100000)) return null;
      const e = key === "k" ? [a, c, n] : [a, n, k];
      return s.b ** e[2] - e[1] === 0 ? null : { ...s, e };
    },
    mistakes: (tx, s) => [
      planted("wrong_formula", "kTimesB", tx.multipliedTheBase, tx.meansPower(s.b ** s.e[2], s.b * s.e[2])),
    ],
  },
};

/** "Another way" for a plain value: count how many times the argument divides by the base (or multiplies up to 1). */
function counted(ctx: Ctx, s: S, v: Q, ans: string, target: Q): Exchange {
  const tx = tr(ctx, TEXT);
  const up = R.cmp(target, q(1)) < 0;
  const chain: string[] = [];
  let cur = target;
  for (let i = 0; i < Math.abs(v.n) && i < 8; i++) {
    const next = up ? R.mul(cur, q(s.b)) : R.div(cur, q(s.b));
    chain.push(`${qstr(cur)} ${up ? "·" : ":"} ${s.b} = ${qstr(next)}`);
    cur = next;
  }
  const first = up ? tx.multiplyByUntilWe(target, s) : tx.divideByUntilWe(target, s);
  return exchange(tr(ctx, ALT), [first, ...chain, tx.soTheLogarithmIs(v, ctx)], ans, [checkOf(s, v)]);
}

/** Checking a plain value: the base raised to the answer gives the argument back. */
function raised(ctx: Ctx, base: number, v: Q, target: Q): Exchange {
  const tx = tr(ctx, TEXT);
  const eq = `${base}^(${qstr(v)}) = ${qstr(target)}`;
  return exchange(tr(ctx, VERIFY), [tx.raiseTheBaseTo(eq)], tx.theArgumentSoThe(eq), [
    ev(`${base}^(${qstr(v)})`, target),
  ]);
}

function exponential(s: S): string {
  return VARIANTS[s.variant].exponential(s);
}

function checkOf(s: S, v: Q): CheckSpec {
  return sv(exponential(s), "x", [v]);
}

function solve(ctx: Ctx, s: S, fault?: string): Outcome {
  const o = VARIANTS[s.variant].work(tr(ctx, TEXT), s, exponential(s), fault);
  o.check = check("solve", exponential(s), [asc(o.value, o.decimal)], "x");
  return o;
}

function followup(ctx: Ctx, s: S, kind: FollowupKind, o: Outcome): Exchange {
  const tx = tr(ctx, TEXT);
  const v = o.value as Q;
  const ans = present(ctx, o).answer;
  if (kind === "alt") return VARIANTS[s.variant].alt(ctx, s, v, ans);
  if (kind === "verify") return VARIANTS[s.variant].verify(ctx, s, v);
  if (kind === "why")
    return exchange(
      L(ctx, "Почему логарифм равен именно этому числу?", "Why is the logarithm exactly that number?"),
      [tx.logarithmAnswersToWhat, tx.hereHolds(s, v)],
      ans,
      [checkOf(s, v)],
    );
  // edge: log of 1 and of the base itself.
  const one = log(base(s), "1");
  return exchange(
    L(
      ctx,
      `А чему равны ${one} и почему логарифм отрицательного числа не существует?`,
      `And what is ${one}, and why is there no log of a negative number?`,
    ),
    [tx.anyPositiveBaseTo, tx.positiveBaseRaisedTo],
    tx.theOfNegativeNumber(s),
    [sv(`${base(s)}^x = 1`, "x", [q(0)])],
  );
}

function general(ctx: Ctx, s: S, key: string, o: Outcome): Exchange | null {
  if (key !== "b" || s.variant !== "sum") return null;
  const tx = tr(ctx, TEXT);
  const [x, y, sg] = s.e;
  const p = present(ctx, o);
  const rule = sg > 0 ? "log_b(x) + log_b(y) = log_b(xy)" : "log_b(x) - log_b(y) = log_b(x/y)";
  return exchange(tx.stateTheRuleIn, [rule, tx.forThese(s, x, y, p)], tx.forHereItIs(rule, p), [
    checkOf(s, o.value as Q),
  ]);
}

const def: FormulaDef<S> = {
  id: "logarithms",
  domain: "math",
  draw,
  ask: (ctx, s) => pickT(ctx, ASK)(VARIANTS[s.variant].text(s), s.variant === "equation"),
  solve,
  params: (ctx, s) => VARIANTS[s.variant].params(tr(ctx, TEXT), s),
  with: (_ctx, s, key, value) =>
    isSurd(value) || value.d !== 1 ? null : VARIANTS[s.variant].with(s, key, value.n),
  followup,
  mistakes: (ctx, s) => VARIANTS[s.variant].mistakes(tr(ctx, TEXT), s),
  general,
};

export const logarithms = formulaTask(def);
