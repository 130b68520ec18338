import { count, type Tr, tr } from "../lang.js";
import { N } from "../nouns.js";
import { type Exact, isSurd } from "../num/exact.js";
import { asc } from "../num/fmt.js";
import * as R from "../num/rational.js";
import { type Q, q, qstr } from "../num/rational.js";
import { ev, evs, exchange, L, type Phrases, pickT, sv } from "../text.js";
import type { CheckSpec, Ctx, Exchange, FollowupKind, Param } from "../types.js";
import type { Presented } from "./formula.js";
import {
  type FormulaDef,
  formulaTask,
  type MistakeDef,
  mistakeOf,
  type Outcome,
  outcomes,
  param,
  present,
} from "./formula.js";

/** This module's texts: English here, every other language in TEXT (a missing entry does not compile). */
const TEXT_EN = {
  byDefinitionIsThe: "By definition log_b(a) is the exponent that turns b into a.",
  soTheExponentIs: (s: S, k: number) =>
    `${qstr(argQ(s))} = ${s.b}^${k < 0 ? `(${k})` : k}, so the exponent is ${k}.`,
  sumOfLogsIs: (s: S, x: number, y: number, prod: number) =>
    `A sum of logs is the log of the product: ${log(s.b, `${x} · ${y}`)} = ${log(s.b, String(prod))}.`,
  differenceOfLogsIs: (s: S, x: number, y: number, prod: number) =>
    `A difference of logs is the log of the quotient: ${log(s.b, `${x} / ${y}`)} = ${log(s.b, String(prod))}.`,
  andSoTheAnswer: (B: number, s: S, m: number, A: R.Q, n: number) =>
    `${B} = ${s.b}^${m} and ${qstr(A)} = ${s.b}^${n}, so the answer is ${m}/${n}.`,
  writeTheBaseAnd: (s: S, B: number, m: number, A: R.Q, n: number) =>
    `Write the base and the argument as powers of ${s.b}: ${B} = ${s.b}^${m}, ${qstr(A)} = ${s.b}^${n < 0 ? `(${n})` : n}.`,
  weNeed: (s: S, m: number, n: number) =>
    `We need (${s.b}^${m})^x = ${s.b}^${n < 0 ? `(${n})` : n}, i.e. ${m}x = ${n}.`,
  byTheDefinitionOf: (a: number, c: number, s: S, k: number, pow: number) =>
    `By the definition of a logarithm ${a === 1 ? "" : a}x${c < 0 ? ` - ${-c}` : c > 0 ? ` + ${c}` : ""} = ${s.b}^${k} = ${pow}.`,
  weGet: (a: number, c: number, s: S, k: number) =>
    `We get ${a === 1 ? "" : a}x${c < 0 ? ` - ${-c}` : c > 0 ? ` + ${c}` : ""} = ${s.b} · ${k} = ${s.b * k}.`,
  domainCheckTheArgument: (pow: number) => `Domain check: the argument equals ${pow} > 0.`,
  logarithmAnswersToWhat: "A logarithm answers: to what power must the base be raised to give the argument?",
  hereHolds: (s: S, v: R.Q) => `Here ${exponential(s).replace("x", `(${qstr(v)})`)} holds.`,
  exponentiateBothSidesWith: (s: S) =>
    `Exponentiate both sides with base ${s.b}: ${s.b} to the power of the log is the argument itself.`,
  changeToBase: (s: S, B: number, A: R.Q) =>
    `Change to base ${s.b}: ${log(B, qstr(A))} = ${log(s.b, qstr(A))} / ${log(s.b, String(B))}.`,
  multiplyByUntilWe: (target: R.Q, s: S) =>
    `Multiply ${qstr(target)} by ${s.b} until we reach 1 and count the steps (negatively):`,
  divideByUntilWe: (target: R.Q, s: S) =>
    `Divide ${qstr(target)} by ${s.b} until we reach 1 and count the steps:`,
  soTheLogarithmIs: (v: R.Q, ctx: Ctx) =>
    `${count(ctx, Math.abs(v.n), N.step)}, so the logarithm is ${qstr(v)}.`,
  putTheArgumentIs: (v: R.Q, a: number, c: number, arg: R.Q, s: S) =>
    `Put x = ${qstr(v)}: the argument is ${a} · ${qstr(v)}${c < 0 ? ` - ${-c}` : ` + ${c}`} = ${qstr(arg)}, and ${s.b}^${s.e[2]} = ${qstr(arg)}.`,
  theArgumentIsSo: (arg: R.Q, s: S) =>
    `The argument is ${qstr(arg)} = ${s.b}^${s.e[2]}, so the root is right.`,
  raiseTheBaseTo: (base: number, v: R.Q, target: R.Q) =>
    `Raise the base to the answer: ${base}^(${qstr(v)}) = ${qstr(target)}.`,
  theArgumentSoThe: (base: number, v: R.Q, target: R.Q) =>
    `${base}^(${qstr(v)}) = ${qstr(target)}, the argument, so the answer is right.`,
  anyPositiveBaseTo: "Any positive base to the power zero is 1, so the log of 1 is 0.",
  positiveBaseRaisedTo:
    "A positive base raised to any power stays positive, so a negative argument is never reached.",
  theOfNegativeNumber: (s: S) =>
    `${log(s.variant === "rational" ? s.b ** s.e[0] : s.b, "1")} = 0; the log of a negative number is undefined.`,
  theExponentInThe: "the exponent in the argument",
  theBase: "the base",
  theRightHandSide: "the right-hand side",
  theConstantTerm: "the constant term",
  theArgumentExponent: "the argument's exponent",
  theSecondArgument: "the second argument",
  stateTheRuleIn: "State the rule in general for any base b.",
  for: (s: S, x: number, y: number, p: Presented) => `For b = ${s.b}, x = ${x}, y = ${y}: ${p.line}`,
  forHereItIs: (sg: number, p: Presented) =>
    `${sg > 0 ? "log_b(x) + log_b(y) = log_b(xy)" : "log_b(x) - log_b(y) = log_b(x/y)"} for b > 0, b ≠ 1; here it is ${p.text}.`,
};

const TEXT: Tr<typeof TEXT_EN> = {
  ru: {
    byDefinitionIsThe: `По определению log_b(a) — это показатель, в который нужно возвести b, чтобы получить a.`,
    soTheExponentIs: (s, k) =>
      `${qstr(argQ(s))} = ${s.b}^${k < 0 ? `(${k})` : k}, значит, показатель равен ${k}.`,
    sumOfLogsIs: (s, x, y, prod) =>
      `Сумма логарифмов — логарифм произведения: ${log(s.b, `${x} · ${y}`)} = ${log(s.b, String(prod))}.`,
    differenceOfLogsIs: (s, x, y, prod) =>
      `Разность логарифмов — логарифм частного: ${log(s.b, `${x} / ${y}`)} = ${log(s.b, String(prod))}.`,
    andSoTheAnswer: (B, s, m, A, n) =>
      `${B} = ${s.b}^${m}, ${qstr(A)} = ${s.b}^${n}, поэтому ответ ${m}/${n}.`,
    writeTheBaseAnd: (s, B, m, A, n) =>
      `Запишем основание и аргумент как степени ${s.b}: ${B} = ${s.b}^${m}, ${qstr(A)} = ${s.b}^${n < 0 ? `(${n})` : n}.`,
    weNeed: (s, m, n) => `Нужно (${s.b}^${m})^x = ${s.b}^${n < 0 ? `(${n})` : n}, то есть ${m}x = ${n}.`,
    byTheDefinitionOf: (a, c, s, k, pow) =>
      `По определению логарифма ${a === 1 ? "" : a}x${c < 0 ? ` - ${-c}` : c > 0 ? ` + ${c}` : ""} = ${s.b}^${k} = ${pow}.`,
    weGet: (a, c, s, k) =>
      `Получаем ${a === 1 ? "" : a}x${c < 0 ? ` - ${-c}` : c > 0 ? ` + ${c}` : ""} = ${s.b} · ${k} = ${s.b * k}.`,
    domainCheckTheArgument: (pow) => `Проверим ОДЗ: аргумент логарифма равен ${pow} > 0.`,
    logarithmAnswersToWhat:
      "Логарифм отвечает на вопрос: в какую степень возвести основание, чтобы получить аргумент.",
    hereHolds: (s, v) => `Здесь ${exponential(s).replace("x", `(${qstr(v)})`)} — равенство верное.`,
    exponentiateBothSidesWith: (s) =>
      `Можно потенцировать обе части по основанию ${s.b}: ${s.b} в степени логарифма по основанию ${s.b} даёт сам аргумент.`,
    changeToBase: (s, B, A) =>
      `Через переход к основанию ${s.b}: ${log(B, qstr(A))} = ${log(s.b, qstr(A))} / ${log(s.b, String(B))}.`,
    multiplyByUntilWe: (target, s) =>
      `Будем умножать ${qstr(target)} на ${s.b}, пока не получим 1, и посчитаем шаги (с минусом):`,
    divideByUntilWe: (target, s) =>
      `Будем делить ${qstr(target)} на ${s.b}, пока не получим 1, и посчитаем шаги:`,
    soTheLogarithmIs: (v, _ctx) => `Шагов: ${Math.abs(v.n)}, значит, логарифм равен ${qstr(v)}.`,
    putTheArgumentIs: (v, a, c, arg, s) =>
      `Подставим x = ${qstr(v)}: аргумент ${a} · ${qstr(v)}${c < 0 ? ` - ${-c}` : ` + ${c}`} = ${qstr(arg)}, и ${s.b}^${s.e[2]} = ${qstr(arg)}.`,
    theArgumentIsSo: (arg, s) => `Аргумент равен ${qstr(arg)} = ${s.b}^${s.e[2]}, корень верный.`,
    raiseTheBaseTo: (base, v, target) =>
      `Возведём основание в найденную степень: ${base}^(${qstr(v)}) = ${qstr(target)}.`,
    theArgumentSoThe: (base, v, target) =>
      `${base}^(${qstr(v)}) = ${qstr(target)} — это аргумент, ответ верный.`,
    anyPositiveBaseTo:
      "Любое положительное основание в нулевой степени даёт 1, поэтому логарифм единицы равен 0.",
    positiveBaseRaisedTo:
      "Положительное основание в любой степени даёт положительное число, поэтому отрицательный аргумент получить нельзя.",
    theOfNegativeNumber: (s) =>
      `${log(s.variant === "rational" ? s.b ** s.e[0] : s.b, "1")} = 0; логарифм отрицательного числа не определён.`,
    theExponentInThe: "показатель степени в аргументе",
    theBase: "основание",
    theRightHandSide: "правую часть",
    theConstantTerm: "свободный член",
    theArgumentExponent: "показатель аргумента",
    theSecondArgument: "второй аргумент",
    stateTheRuleIn: "Сформулируйте правило в общем виде для любого основания b.",
    for: (s, x, y, p) => `Для b = ${s.b}, x = ${x}, y = ${y}: ${p.line}`,
    forHereItIs: (sg, p) =>
      `${sg > 0 ? "log_b(x) + log_b(y) = log_b(xy)" : "log_b(x) - log_b(y) = log_b(x/y)"} при b > 0, b ≠ 1; здесь это ${p.text}.`,
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

const SUB: Record<string, string> = {
  "0": "₀",
  "1": "₁",
  "2": "₂",
  "3": "₃",
  "4": "₄",
  "5": "₅",
  "6": "₆",
  "7": "₇",
  "8": "₈",
  "9": "₉",
};

function sub(n: number): string {
  return String(n)
    .split("")
    .map((c) => SUB[c] ?? c)
    .join("");
}

function log(base: number | string, arg: string): string {
  return `log${typeof base === "number" ? sub(base) : base}(${arg})`;
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

function argQ(s: S): Q {
  return R.pow(q(s.b), s.e[0]);
}

function text(s: S): string {
  const [x, y, sg] = s.e;
  switch (s.variant) {
    case "basic":
      return log(s.b, qstr(argQ(s)));
    case "sum":
      return `${log(s.b, String(x))} ${sg > 0 ? "+" : "-"} ${log(s.b, String(y))}`;
    case "rational": {
      const [m, n] = s.e;
      return log(s.b ** m, qstr(R.pow(q(s.b), n)));
    }
    default: {
      const [a, c, k] = s.e;
      return `${log(s.b, `${a === 1 ? "" : a}x${c < 0 ? ` - ${-c}` : c > 0 ? ` + ${c}` : ""}`)} = ${k}`;
    }
  }
}

/** The check: the exponential form, solved for x. */
function exponential(s: S): string {
  const [x, y, sg] = s.e;
  switch (s.variant) {
    case "basic":
      return `${s.b}^x = ${qstr(argQ(s))}`;
    case "sum":
      return sg > 0 ? `${s.b}^x = ${x}*${y}` : `${s.b}^x = ${x}/${y}`;
    case "rational": {
      const [m, n] = s.e;
      return `${s.b ** m}^x = ${qstr(R.pow(q(s.b), n))}`;
    }
    default: {
      const [a, c, k] = s.e;
      return `${a}*x${c < 0 ? ` - ${-c}` : c > 0 ? ` + ${c}` : ""} = ${s.b}^${k}`;
    }
  }
}

function answerValue(s: S): Q {
  switch (s.variant) {
    case "basic":
      return q(s.e[0]);
    case "sum": {
      const [x, y, sg] = s.e;
      const prod = sg > 0 ? x * y : x / y;
      let k = 0;
      let v = prod;
      while (v > 1) {
        v /= s.b;
        k++;
      }
      return q(k);
    }
    case "rational":
      return q(s.e[1], s.e[0]);
    default: {
      const [a, c, k] = s.e;
      return q(s.b ** k - c, a);
    }
  }
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

function solve(ctx: Ctx, s: S, fault?: string): Outcome {
  const o = work(ctx, s, fault);
  o.check = { kind: "solve", expr: exponential(s), var: "x", answer: [asc(o.value, o.decimal)] };
  return o;
}

function work(ctx: Ctx, s: S, fault?: string): Outcome {
  const tx = tr(ctx, TEXT);
  const def = tx.byDefinitionIsThe;
  const value = answerValue(s);
  const expr = exponential(s);
  switch (s.variant) {
    case "basic": {
      const k = s.e[0];
      const worked = outcomes(expr, "", "number");
      if (fault === "sign" && k < 0) return worked([def, `${qstr(argQ(s))} = ${s.b}^${-k}`], q(-k), text(s));
      return worked([def, tx.soTheExponentIs(s, k)], value, text(s));
    }
    case "sum": {
      const [x, y, sg] = s.e;
      const prod = sg > 0 ? x * y : x / y;
      const rule = sg > 0 ? tx.sumOfLogsIs(s, x, y, prod) : tx.differenceOfLogsIs(s, x, y, prod);
      if (fault === "wrongRule") {
        // The classic slip: combining the arguments with the same operation as the logs.
        const alt = sg > 0 ? x + y : x - y;
        const approx = q(Math.round((Math.log(alt) / Math.log(s.b)) * 100), 100);
        return {
          steps: [
            sg > 0
              ? `${log(s.b, String(x))} + ${log(s.b, String(y))} = ${log(s.b, `${x} + ${y}`)} = ${log(s.b, String(alt))}`
              : `${log(s.b, String(x))} - ${log(s.b, String(y))} = ${log(s.b, `${x} - ${y}`)} = ${log(s.b, String(alt))}`,
            `${log(s.b, String(alt))} ≈ ${R.decStr(approx)}`,
          ],
          value: approx,
          expr,
          sym: "",
          kind: "number",
          formula: text(s),
          decimal: true,
        };
      }
      return {
        steps: [rule, `${prod} = ${s.b}^${qstr(value)}.`],
        value,
        expr,
        sym: "",
        kind: "number",
        formula: text(s),
      };
    }
    case "rational": {
      const [m, n] = s.e;
      const B = s.b ** m;
      const A = R.pow(q(s.b), n);
      const worked = outcomes(expr, "", "number");
      if (fault === "inverted") return worked([tx.andSoTheAnswer(B, s, m, A, n)], q(m, n), text(s));
      return worked([tx.writeTheBaseAnd(s, B, m, A, n), tx.weNeed(s, m, n)], value, text(s));
    }
    default: {
      const [a, c, k] = s.e;
      const pow = s.b ** k;
      const steps = [tx.byTheDefinitionOf(a, c, s, k, pow)];
      const worked = outcomes(expr, "x", "number");
      if (fault === "kTimesB") {
        steps[0] = tx.weGet(a, c, s, k);
        return worked(steps, q(s.b * k - c, a), `(${s.b * k} ${c < 0 ? "+" : "-"} ${Math.abs(c)}) / ${a}`);
      }
      steps.push(tx.domainCheckTheArgument(pow));
      return worked(steps, value, `(${pow} ${c < 0 ? "+" : "-"} ${Math.abs(c)}) / ${a}`);
    }
  }
}

function checkOf(s: S, v: Q): CheckSpec {
  return sv(exponential(s), "x", [v]);
}

function followup(ctx: Ctx, s: S, kind: FollowupKind, o: Outcome): Exchange {
  const tx = tr(ctx, TEXT);
  const p = present(ctx, o);
  const v = o.value as Q;
  const ans = p.answer;
  if (kind === "why") {
    return exchange(
      L(ctx, "Почему логарифм равен именно этому числу?", "Why is the logarithm exactly that number?"),
      [tx.logarithmAnswersToWhat, tx.hereHolds(s, v)],
      ans,
      [checkOf(s, v)],
    );
  }
  if (kind === "alt") {
    const user = L(ctx, "Можно ли решить по-другому?", "Is there another way to get it?");
    if (s.variant === "equation") {
      const [a, c, k] = s.e;
      return exchange(
        user,
        [
          tx.exponentiateBothSidesWith(s),
          `${a}x${c < 0 ? ` - ${-c}` : c > 0 ? ` + ${c}` : ""} = ${s.b ** k}, x = ${qstr(v)}`,
        ],
        ans,
        [ev(`(${s.b}^${k} ${c < 0 ? "+" : "-"} ${Math.abs(c)})/${a}`, v)],
      );
    }
    if (s.variant === "rational") {
      const [m, n] = s.e;
      const B = s.b ** m;
      const A = R.pow(q(s.b), n);
      return exchange(user, [tx.changeToBase(s, B, A), `${n} / ${m} = ${qstr(v)}`], ans, [
        ev(`${n}/${m}`, v),
      ]);
    }
    // Count how many times the argument divides by the base (or multiplies up to 1).
    const target = s.variant === "basic" ? argQ(s) : q(s.e[2] > 0 ? s.e[0] * s.e[1] : s.e[0] / s.e[1]);
    const up = R.cmp(target, q(1)) < 0;
    const chain: string[] = [];
    let cur = target;
    for (let i = 0; i < Math.abs(v.n) && i < 8; i++) {
      const next = up ? R.mul(cur, q(s.b)) : R.div(cur, q(s.b));
      chain.push(`${qstr(cur)} ${up ? "·" : ":"} ${s.b} = ${qstr(next)}`);
      cur = next;
    }
    return exchange(
      user,
      [
        up ? tx.multiplyByUntilWe(target, s) : tx.divideByUntilWe(target, s),
        ...chain,
        tx.soTheLogarithmIs(v, ctx),
      ],
      ans,
      [checkOf(s, v)],
    );
  }
  if (kind === "verify") {
    if (s.variant === "equation") {
      const [a, c] = s.e;
      const arg = R.add(R.mul(q(a), v), q(c));
      return exchange(
        L(ctx, "Как проверить ответ?", "How can we check the answer?"),
        [tx.putTheArgumentIs(v, a, c, arg, s)],
        tx.theArgumentIsSo(arg, s),
        [evs(`${a}*(${qstr(v)})${c < 0 ? ` - ${-c}` : ` + ${c}`}`, qstr(arg))],
      );
    }
    const base = s.variant === "rational" ? s.b ** s.e[0] : s.b;
    const target =
      s.variant === "basic"
        ? argQ(s)
        : s.variant === "rational"
          ? R.pow(q(s.b), s.e[1])
          : q(s.e[2] > 0 ? s.e[0] * s.e[1] : s.e[0] / s.e[1]);
    return exchange(
      L(ctx, "Как проверить ответ?", "How can we check the answer?"),
      [tx.raiseTheBaseTo(base, v, target)],
      tx.theArgumentSoThe(base, v, target),
      [ev(`${base}^(${qstr(v)})`, target)],
    );
  }
  // edge: log of 1 and of the base itself.
  return exchange(
    L(
      ctx,
      `А чему равны ${log(s.variant === "rational" ? s.b ** s.e[0] : s.b, "1")} и почему логарифм отрицательного числа не существует?`,
      `And what is ${log(s.variant === "rational" ? s.b ** s.e[0] : s.b, "1")}, and why is there no log of a negative number?`,
    ),
    [tx.anyPositiveBaseTo, tx.positiveBaseRaisedTo],
    tx.theOfNegativeNumber(s),
    [sv(`${s.variant === "rational" ? s.b ** s.e[0] : s.b}^x = 1`, "x", [q(0)])],
  );
}

function params(ctx: Ctx, s: S): Param[] {
  const tx = tr(ctx, TEXT);
  switch (s.variant) {
    case "basic":
      return [
        param("k", tx.theExponentInThe, undefined, q(s.e[0]), ["double", "negate", "set"], (c) =>
          q(c.rng.int(1, 8)),
        ),
        param("b", tx.theBase, "b", q(s.b), ["set"], (c) => q(c.rng.int(2, 12))),
      ];
    case "equation":
      return [
        param("k", tx.theRightHandSide, "k", q(s.e[2]), ["set"], (c) => q(c.rng.int(1, 4))),
        param("c", tx.theConstantTerm, "c", q(s.e[1]), ["double", "negate", "set"], (c) =>
          q(c.rng.int(-15, 15)),
        ),
      ];
    case "rational":
      return [
        param("n", tx.theArgumentExponent, undefined, q(s.e[1]), ["negate", "set"], (c) =>
          q(c.rng.int(1, 7)),
        ),
      ];
    default: {
      // Scaling the second argument by a power of the base keeps the answer whole.
      const [, y, sg] = s.e;
      return [
        { key: "b", label: tx.theBase, value: q(s.b), ops: ["general"] },
        param("y", tx.theSecondArgument, undefined, q(y), ["set"], (c) =>
          q(sg > 0 ? y * s.b ** c.rng.int(1, 2) : y * s.b),
        ),
      ];
    }
  }
}

function withParam(_ctx: Ctx, s: S, key: string, value: Exact): S | null {
  if (isSurd(value) || value.d !== 1) return null;
  const e = s.e.slice();
  if (s.variant === "basic" && key === "b") {
    if (value.n < 2 || value.n ** Math.abs(e[0]) > 1000000) return null;
    return { ...s, b: value.n };
  }
  if (s.variant === "basic" && key === "k") {
    if (value.n === 0 || s.b ** Math.abs(value.n) > 100000) return null;
    e[0] = value.n;
  } else if (s.variant === "rational" && key === "n") {
    if (value.n % s.e[0] === 0 || s.b ** Math.abs(value.n) > 100000) return null;
    e[1] = value.n;
  } else if (s.variant === "sum" && key === "y") {
    const [x, , sg] = s.e;
    if (sg < 0 && x % value.n !== 0) return null;
    const prod = sg > 0 ? x * value.n : x / value.n;
    if (prod < s.b || prod > 10_000_000 || !isPowerOf(prod, s.b)) return null;
    e[1] = value.n;
  } else if (s.variant === "equation") {
    if (key === "k") {
      if (value.n < 0 || s.b ** value.n > 100000) return null;
      e[2] = value.n;
    } else e[1] = value.n;
    if (s.b ** e[2] - e[1] === 0) return null;
  } else return null;
  return { ...s, e };
}

function general(ctx: Ctx, s: S, key: string, o: Outcome): Exchange | null {
  if (key !== "b" || s.variant !== "sum") return null;
  const tx = tr(ctx, TEXT);
  const [x, y, sg] = s.e;
  const p = present(ctx, o);
  return exchange(
    tx.stateTheRuleIn,
    [sg > 0 ? "log_b(x) + log_b(y) = log_b(xy)" : "log_b(x) - log_b(y) = log_b(x/y)", tx.for(s, x, y, p)],
    tx.forHereItIs(sg, p),
    [checkOf(s, o.value as Q)],
  );
}

function mistakes(ctx: Ctx, s: S): MistakeDef[] {
  const mistake = mistakeOf(ctx);
  switch (s.variant) {
    case "basic":
      return s.e[0] < 0
        ? [
            mistake(
              "sign_error",
              "sign",
              { ru: "Я потерял минус у показателя.", en: "I lost the minus sign of the exponent." },
              {
                ru: `${qstr(argQ(s))} = ${s.b}^(${s.e[0]}): дробь 1/${s.b ** -s.e[0]} получается при отрицательном показателе.`,
                en: `${qstr(argQ(s))} = ${s.b}^(${s.e[0]}): a fraction 1/${s.b ** -s.e[0]} needs a negative exponent.`,
              },
            ),
          ]
        : [];
    case "sum":
      return [
        mistake(
          "wrong_formula",
          "wrongRule",
          {
            ru:
              s.e[2] > 0
                ? "Я сложил аргументы вместо того, чтобы их перемножить."
                : "Я вычел аргументы вместо того, чтобы их разделить.",
            en:
              s.e[2] > 0
                ? "I added the arguments instead of multiplying them."
                : "I subtracted the arguments instead of dividing them.",
          },
          {
            ru:
              s.e[2] > 0
                ? "Сумма логарифмов — логарифм произведения: log(x) + log(y) = log(xy)."
                : "Разность логарифмов — логарифм частного: log(x) - log(y) = log(x/y).",
            en:
              s.e[2] > 0
                ? "The sum of logs is the log of the product: log(x) + log(y) = log(xy)."
                : "The difference of logs is the log of the quotient: log(x) - log(y) = log(x/y).",
          },
        ),
      ];
    case "rational":
      return [
        mistake(
          "wrong_formula",
          "inverted",
          { ru: "Я перевернул дробь.", en: "I turned the fraction upside down." },
          {
            ru: `Из ${s.e[0]}x = ${s.e[1]} следует x = ${s.e[1]}/${s.e[0]}.`,
            en: `${s.e[0]}x = ${s.e[1]} gives x = ${s.e[1]}/${s.e[0]}.`,
          },
        ),
      ];
    default:
      return [
        mistake(
          "wrong_formula",
          "kTimesB",
          {
            ru: "Я умножил основание на k вместо возведения в степень.",
            en: "I multiplied the base by k instead of raising it to the power k.",
          },
          {
            ru: `log_b(A) = k означает A = b^k = ${s.b ** s.e[2]}, а не b · k = ${s.b * s.e[2]}.`,
            en: `log_b(A) = k means A = b^k = ${s.b ** s.e[2]}, not b · k = ${s.b * s.e[2]}.`,
          },
        ),
      ];
  }
}

const def: FormulaDef<S> = {
  id: "logarithms",
  domain: "math",
  draw,
  ask: (ctx, s) => pickT(ctx, ASK)(text(s), s.variant === "equation"),
  solve,
  params,
  with: withParam,
  followup,
  mistakes,
  general,
};

export const logarithms = formulaTask(def);
