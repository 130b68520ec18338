import { type Tr, tr } from "../lang.js";
import { type Exact, isSurd } from "../num/exact.js";
import * as R from "../num/rational.js";
import { NumericRangeError, OVERFLOW, type Q, q } from "../num/rational.js";
import { ev, evs, exchange, type Phrases, pickS, pickT, wrong } from "../text.js";
import type { Carry, Ctx, Exchange, Mistake, Param, Problem, Reply, TaskType } from "../types.js";
import {
  bin,
  countOps,
  evaluate,
  type Fault,
  type Leaf,
  leaf,
  leaves,
  type Node,
  naive,
  numberLeaves,
  type Op,
  type Reduction,
  reduce,
  render,
  replaceLeaf,
  withinBounds,
} from "./expr-tree.js";
import { param } from "./formula.js";

/** An evaluation of the expression: its steps and value (the right one, or a faulty reading). */
type Reading = { steps: Reduction[]; value: Q };

/** This module's texts: English here, every other language in TEXT (a missing entry does not compile). */
const TEXT_EN = {
  workInOrderBrackets:
    "Work in order: brackets, powers, multiplication and division, then addition and subtraction.",
  so: (selfText: string, selfValue: R.Q) => `So ${selfText} = ${R.qstr(selfValue)}.`,
  theResult: "the result",
  then2: ", then ",
  isInBracketsAnd: (first: Reduction) => `${first.text} is in brackets, and brackets come first`,
  powersComeBeforeThe: "powers come before the other operations",
  comesBeforeAdditionAnd: (first: Reduction) =>
    `${OP_NAME_EN[first.op]} comes before addition and subtraction`,
  operationsOfTheSame: "operations of the same level go left to right",
  theOrderOfOperations:
    "The order of operations: brackets, then powers, then multiplication and division left to right, and only then addition and subtraction.",
  firstComes: (first: Reduction, reason: string) => `First comes ${first.text}: ${reason}.`,
  theWholeChain: (order: string) => `The whole chain: ${order}.`,
  followingThatOrderGives: (v: string) => `Following that order gives ${v}.`,
  canYouExplainHow: "Can you explain how you got that?",
  isThereAnotherWay: "Is there another way to compute it?",
  divideSign: "÷",
  splitAndMultiplyPart: (b: R.Q, tens: number, units: number) =>
    `Split ${b.n} = ${tens} + ${units} and multiply part by part:`,
  split: (b: R.Q, tens: number, units: number) => `Split ${b.n} = ${tens} + ${units}:`,
  doesNotDependOn: (t: { op: Op; l: Leaf; r: Leaf }, bT: string, sym: string, aT: string, selfValue: R.Q) =>
    `${t.op === "+" ? "Addition" : "Multiplication"} does not depend on order: ${bT} ${sym} ${aT} = ${R.qstr(selfValue)}.`,
  symbol2: (t: { op: Op; l: Leaf; r: Leaf }, aT: string, iT: string, selfValue: R.Q) =>
    `${t.op === "-" ? "Subtracting is adding the opposite" : "Dividing is multiplying by the reciprocal"}: ${aT} ${t.op === "-" ? "+" : "·"} ${iT} = ${R.qstr(selfValue)}.`,
  sameResult: (selfValue: R.Q) => `Same result: ${R.qstr(selfValue)}.`,
  powerIsRepeatedMultiplication: "A power is repeated multiplication:",
  weCanWriteIt:
    "We can write it all as one fraction: multiply the numerators, multiply the denominators, reduce at the end:",
  weCanEvaluateEach: "We can evaluate each term separately first:",
  addTheTermsWith: "Add up the terms with a plus and those with a minus separately, then subtract:",
  theTermsCanBe: "The terms can be added in any order; start from the right:",
  openTheBracketsAnd: "Open the brackets and go left to right:",
  nowCombineWithSigns: (text: string, selfValue: R.Q) =>
    `Now combine with signs: ${text} = ${R.qstr(selfValue)}.`,
  theSameAnswer: (selfValue: R.Q) => `The same answer: ${R.qstr(selfValue)}.`,
  checkTheLastStep: (last: Reduction, res: R.Q) =>
    `Check the last step (${last.text} = ${R.qstr(res)}) with the inverse operation:`,
  weGetExactlyThe: (back: R.Q, selfValue: R.Q) =>
    `We get ${R.qstr(back)}, exactly the number before the last step, so ${R.qstr(selfValue)} is right.`,
  theCheckWorksSo: (line: string, selfValue: R.Q) =>
    `The check works: ${line}, so ${R.qstr(selfValue)} is correct.`,
  whatHappensIfWe: "What happens if we just go left to right and ignore the order of operations?",
  thatGivesInsteadOf: (wrongOrder: Reading, selfValue: R.Q) =>
    `That gives ${R.qstr(wrongOrder.value)} instead of ${R.qstr(selfValue)}: ignoring the order changes what the expression means.`,
  leftToRightWould: (wrongOrder: Reading, selfValue: R.Q) =>
    `Left to right would give ${R.qstr(wrongOrder.value)}, which is wrong; the correct value is ${R.qstr(selfValue)}.`,
  andIfTheFirst: (first: Leaf) =>
    `And if the first number had the opposite sign (${R.qstr(R.neg(first.v))})?`,
  thenTheResultIs: (value: R.Q) => `Then the result is ${R.qstr(value)}.`,
  theNumber: (i: number) => `the ${["first", "second", "third", "fourth"][i]} number`,
  wentLeftToRight: "I went left to right and broke the order of operations.",
  theMistakeEvaluatedIn: (wrongOrder: Reading, correct: Reading) =>
    `The mistake: I evaluated in reading order (${wrongOrder.steps.map((s) => s.text).join(", ")}), but ${correct.steps[0].text} has to be done first.`,
  gotTheSignWrong: (s: Reduction) => `I got the sign wrong in ${s.text}.`,
  inAddedInsteadOf: (s: Reduction, bad: Reading, minusStep: number) =>
    `In ${s.text} I added instead of subtracting and got ${R.qstr(bad.steps[minusStep].result)}; in fact ${s.text} = ${R.qstr(s.result)}.`,
  miscalculated: (good: Reduction) => `I miscalculated ${good.text}.`,
  theSlipIsIn: (good: Reduction, bad: Reading, step: number) =>
    `The slip is in ${good.text}: I wrote ${R.qstr(bad.steps[step].result)}, but it is ${R.qstr(good.result)}. That carried through to the final result.`,
  slippedInTheLast: "I slipped in the last step.",
  theLastStepWas: "The last step was off by 1.",
  theFactorsCanBe: "The factors can be multiplied in another order:",
  repeatedAddition: "Multiplication is repeated addition:",
  nextToASquare:
    "A square is 1 more than the product of the numbers on either side: a · a = (a - 1)(a + 1) + 1.",
  splitAndMultiplyEach: (x: number, tens: number, units: number, n: (k: number) => string, rest: number) =>
    `Split ${x} = ${tens}${units < 0 ? ` - ${-units}` : ` + ${units}`} and multiply each part by ${n(rest)}:`,
};

const TEXT: Tr<typeof TEXT_EN> = {
  ru: {
    workInOrderBrackets:
      "Выполняем действия по порядку: скобки, степени, умножение и деление, затем сложение и вычитание.",
    so: (selfText, selfValue) => `Итак, ${selfText} = ${R.qstr(selfValue)}.`,
    theResult: "результат",
    then2: ", затем ",
    isInBracketsAnd: (first) => `${first.text} стоит в скобках, а скобки вычисляются первыми`,
    powersComeBeforeThe: "степень вычисляется раньше остальных действий",
    comesBeforeAdditionAnd: (first) => `${OP_NAME_RU[first.op]} выполняется раньше сложения и вычитания`,
    operationsOfTheSame: "действия одного уровня выполняются слева направо",
    theOrderOfOperations:
      "Порядок действий: сначала скобки, затем степени, потом умножение и деление слева направо, и только потом сложение и вычитание.",
    firstComes: (first, reason) => `Первым идёт ${first.text}: ${reason}.`,
    theWholeChain: (order) => `Вся цепочка: ${order}.`,
    followingThatOrderGives: (v) => `Порядок действий даёт ${v}.`,
    canYouExplainHow: "Объясните, как вы получили этот результат.",
    isThereAnotherWay: "А можно посчитать по-другому?",
    divideSign: ":",
    splitAndMultiplyPart: (b, tens, units) => `Разложим ${b.n} = ${tens} + ${units} и умножим по частям:`,
    split: (b, tens, units) => `Разложим ${b.n} = ${tens} + ${units}:`,
    doesNotDependOn: (t, bT, sym, aT, selfValue) =>
      `${t.op === "+" ? "Сложение" : "Умножение"} не зависит от порядка: ${bT} ${sym} ${aT} = ${R.qstr(selfValue)}.`,
    symbol2: (t, aT, iT, selfValue) =>
      `${t.op === "-" ? "Вычитание — это сложение с противоположным числом" : "Деление — это умножение на обратное число"}: ${aT} ${t.op === "-" ? "+" : "·"} ${iT} = ${R.qstr(selfValue)}.`,
    sameResult: (selfValue) => `Получается то же: ${R.qstr(selfValue)}.`,
    powerIsRepeatedMultiplication: "Степень — это повторное умножение:",
    weCanWriteIt:
      "Можно записать всё выражение одной дробью: числители перемножить, знаменатели перемножить, сократить в конце:",
    weCanEvaluateEach: "Можно сначала найти каждое слагаемое отдельно:",
    addTheTermsWith: "Сложим отдельно слагаемые со знаком плюс и со знаком минус, затем вычтем:",
    theTermsCanBe: "Слагаемые можно складывать в любом порядке; начнём справа:",
    openTheBracketsAnd: "Раскроем скобки и будем считать слева направо:",
    nowCombineWithSigns: (text, selfValue) =>
      `Теперь складываем с учётом знаков: ${text} = ${R.qstr(selfValue)}.`,
    theSameAnswer: (selfValue) => `Ответ тот же: ${R.qstr(selfValue)}.`,
    checkTheLastStep: (last, res) => `Проверим последнее действие (${last.text} = ${R.qstr(res)}) обратным:`,
    weGetExactlyThe: (back, selfValue) =>
      `Получили ${R.qstr(back)} — то самое число, что было до последнего действия, значит, ответ ${R.qstr(selfValue)} верен.`,
    theCheckWorksSo: (line, selfValue) => `Проверка сходится: ${line}, ответ ${R.qstr(selfValue)} верен.`,
    whatHappensIfWe:
      "Что получится, если просто считать слева направо, не обращая внимания на порядок действий?",
    thatGivesInsteadOf: (wrongOrder, selfValue) =>
      `Получится ${R.qstr(wrongOrder.value)}, а не ${R.qstr(selfValue)}: такой подсчёт меняет смысл выражения, поэтому порядок действий важен.`,
    leftToRightWould: (wrongOrder, selfValue) =>
      `Слева направо вышло бы ${R.qstr(wrongOrder.value)} — это неверно; правильно ${R.qstr(selfValue)}.`,
    andIfTheFirst: (first) =>
      `А если бы первое число было с противоположным знаком (${R.qstr(R.neg(first.v))})?`,
    thenTheResultIs: (value) => `Тогда получится ${R.qstr(value)}.`,
    theNumber: (i) => `${["первое", "второе", "третье", "четвёртое"][i]} число`,
    wentLeftToRight: "Я выполнил действия слева направо и нарушил порядок действий.",
    theMistakeEvaluatedIn: (wrongOrder, correct) =>
      `Ошибка: я вычислял по порядку записи (${wrongOrder.steps.map((s) => s.text).join(", ")}), а ${OP_NAME_RU[correct.steps[0].op]} ${correct.steps[0].text} нужно выполнить раньше.`,
    gotTheSignWrong: (s) => `Я ошибся в знаке в действии ${s.text}.`,
    inAddedInsteadOf: (s, bad, minusStep) =>
      `В действии ${s.text} я сложил числа вместо вычитания и получил ${R.qstr(bad.steps[minusStep].result)}; верно ${s.text} = ${R.qstr(s.result)}.`,
    miscalculated: (good) => `Я ошибся в вычислении ${good.text}.`,
    theSlipIsIn: (good, bad, step) =>
      `Ошибка в шаге ${good.text}: я написал ${R.qstr(bad.steps[step].result)}, а должно быть ${R.qstr(good.result)}. Из-за этого неверным оказался и итог.`,
    slippedInTheLast: "Я ошибся в последнем действии.",
    theLastStepWas: "Последнее действие посчитано с ошибкой на 1.",
    theFactorsCanBe: "Множители можно перемножить в другом порядке:",
    repeatedAddition: "Умножение — это сложение одинаковых слагаемых:",
    nextToASquare: "Квадрат числа на 1 больше произведения соседних с ним чисел: a · a = (a - 1)(a + 1) + 1.",
    splitAndMultiplyEach: (x, tens, units, n, rest) =>
      `Разложим ${x} = ${tens}${units < 0 ? ` - ${-units}` : ` + ${units}`} и умножим по частям на ${n(rest)}:`,
  },
  en: TEXT_EN,
};

/**
 * arithmetic: evaluate an expression. Difficulty sets the number of operations (1 to 6), the
 * operations allowed (+ − first, then ×, ÷, powers), and the numbers (small naturals, then
 * negatives, then fractions).
 */
interface Level {
  ops: [number, number];
  allowed: Op[];
  max: number;
  negatives: boolean;
  fractions: number;
}

const LEVELS: Level[] = [
  { ops: [1, 1], allowed: ["+", "-"], max: 60, negatives: false, fractions: 0 },
  { ops: [2, 2], allowed: ["+", "-", "*"], max: 30, negatives: false, fractions: 0 },
  { ops: [2, 3], allowed: ["+", "-", "*"], max: 50, negatives: false, fractions: 0 },
  { ops: [3, 3], allowed: ["+", "-", "*", "/"], max: 40, negatives: true, fractions: 0 },
  { ops: [2, 3], allowed: ["+", "-", "*", "/"], max: 20, negatives: false, fractions: 0.45 },
  { ops: [3, 3], allowed: ["+", "-", "*", "/"], max: 20, negatives: true, fractions: 0.4 },
  { ops: [3, 4], allowed: ["+", "-", "*", "/"], max: 25, negatives: true, fractions: 0.45 },
  { ops: [3, 4], allowed: ["+", "-", "*", "/", "^"], max: 25, negatives: true, fractions: 0.4 },
  { ops: [4, 5], allowed: ["+", "-", "*", "/", "^"], max: 30, negatives: true, fractions: 0.45 },
  { ops: [5, 6], allowed: ["+", "-", "*", "/", "^"], max: 40, negatives: true, fractions: 0.5 },
];

function drawLeaf(ctx: Ctx, lv: Level): Q {
  const r = ctx.rng;
  if (lv.fractions > 0 && r.chance(lv.fractions)) {
    const den = r.int(2, ctx.d >= 8 ? 9 : 6);
    let num = r.int(1, den * 3);
    if (num % den === 0) num += 1;
    return q(lv.negatives && r.chance(0.25) ? -num : num, den);
  }
  const v = r.int(1, lv.max);
  return q(lv.negatives && r.chance(0.3) ? -v : v);
}

function isUnit(x: Q): boolean {
  return x.d === 1 && Math.abs(x.n) === 1;
}

function build(ctx: Ctx, lv: Level, nOps: number): Node {
  const r = ctx.rng;
  if (nOps === 0) return leaf(drawLeaf(ctx, lv));
  let op = r.pick(lv.allowed);
  if (op === "^") {
    // Powers sit on a small base (a number or a one-operation group) to stay hand-computable.
    const base =
      nOps >= 2 && r.chance(0.4) ? build(ctx, { ...lv, max: 6, fractions: 0 }, 1) : leaf(q(r.int(2, 9)));
    const baseOps = base.leaf ? 0 : 1;
    const e = leaf(q(Math.abs(evaluate(base).n) <= 5 ? r.int(2, 3) : 2));
    const pw = bin("^", base, e);
    const rest = nOps - 1 - baseOps;
    if (rest <= 0) return pw;
    const other = build(ctx, lv, rest - 1);
    const join = r.pick<Op>(["+", "-", "*"]);
    return r.chance(0.5) ? bin(join, pw, other) : bin(join, other, pw);
  }
  const k = r.int(0, nOps - 1);
  const left = build(ctx, lv, k);
  let right = build(ctx, lv, nOps - 1 - k);
  if (op === "/") {
    const lval = evaluate(left);
    if (ctx.d <= 4) {
      // Whole-number levels divide evenly: pick a divisor of the dividend.
      const n = Math.abs(lval.n);
      const divisors: number[] = [];
      if (lval.d === 1) for (let i = 2; i <= Math.min(12, n); i++) if (n % i === 0) divisors.push(i);
      if (divisors.length === 0) op = "*";
      else right = leaf(q(r.pick(divisors)));
    } else if (evaluate(right).n === 0) right = leaf(q(r.int(2, 9)));
  }
  // A product or quotient with a factor ±1 ("(17 - 16) · 19") has no working to show: add instead.
  if ((op === "*" || op === "/") && (isUnit(evaluate(left)) || isUnit(evaluate(right)))) op = "+";
  if (op === "-" && ctx.d <= 2) {
    // No negative results before negatives are introduced.
    if (R.cmp(evaluate(left), evaluate(right)) < 0) return bin(op, right, left);
  }
  return bin(op, left, right);
}

function generate(ctx: Ctx): Node {
  const lv = LEVELS[ctx.d - 1];
  for (let i = 0; i < 30; i++) {
    const n = ctx.rng.int(lv.ops[0], lv.ops[1]);
    const tree = build(ctx, lv, n);
    if (countOps(tree) >= 1 && withinBounds(tree, 20000, ctx.d >= 5 ? 2000 : 1)) return numberLeaves(tree);
  }
  const a = ctx.rng.int(2, 50);
  const b = ctx.rng.int(2, 50);
  return numberLeaves(bin("+", leaf(q(a)), leaf(q(b))));
}

const ASK: Phrases<[string]> = {
  ru: [
    (e) => `Вычислите: ${e}`,
    (e) => `Найдите значение выражения ${e}.`,
    (e) => `Чему равно ${e}?`,
    (e) => `Посчитайте ${e}. Ответ дайте точно.`,
  ],
  en: [
    (e) => `Compute ${e}.`,
    (e) => `Evaluate: ${e}`,
    (e) => `What is ${e}?`,
    (e) => `Find the exact value of ${e}.`,
  ],
};

const RANK: Record<Op, number> = { "+": 1, "-": 1, "*": 2, "/": 2, "^": 3 };

const OP_NAME_RU: Record<Op, string> = {
  "+": "сложение",
  "-": "вычитание",
  "*": "умножение",
  "/": "деление",
  "^": "возведение в степень",
};
const OP_NAME_EN: Record<Op, string> = {
  "+": "addition",
  "-": "subtraction",
  "*": "multiplication",
  "/": "division",
  "^": "the power",
};

/**
 * The left-to-right reading (`naive`) or a faulty evaluation, or null when that leaves no
 * hand-computable numbers (a huge power, a slipped divisor of 0).
 */
function tryReduce(tree: Node, ru: boolean, fault: Fault | "naive"): Reading | null {
  try {
    return fault === "naive" ? naive(tree, ru) : reduce(tree, ru, fault);
  } catch (e) {
    if (e instanceof RangeError || e instanceof NumericRangeError) return null;
    throw e;
  }
}

/** A number as an operand: bracketed when negative or a fraction. */
function operand(x: Q): string {
  return x.d === 1 && x.n >= 0 ? R.qstr(x) : `(${R.qstr(x)})`;
}

/** A whole number as a factor: bracketed when negative. */
function factor(k: number): string {
  return k < 0 ? `(${k})` : String(k);
}

function lines(steps: Reduction[]): string[] {
  return steps.map((s) => `${s.text} = ${R.qstr(s.result)}`);
}

/** How a check undoes a last + − × ÷: the inverse's sign in text (× is undone by the language's ÷), in ASCII, and the inverse. */
const UNDO: Record<"+" | "-" | "*" | "/", [text: string | null, ascii: string, undo: (a: Q, b: Q) => Q]> = {
  "+": ["-", " - ", R.sub],
  "-": ["+", " + ", R.add],
  "*": [null, "/", R.div],
  "/": ["·", "*", R.mul],
};

class ArithmeticProblem implements Problem {
  private readonly text: string;
  private readonly ascii: string;
  private readonly value: Q;
  private readonly tx: typeof TEXT_EN;

  constructor(
    private readonly ctx: Ctx,
    private readonly tree: Node,
  ) {
    this.text = render(tree, false, ctx.ru);
    this.ascii = render(tree, true, ctx.ru);
    this.value = evaluate(tree);
    this.tx = tr(ctx, TEXT);
  }

  ask(): string {
    return pickT(this.ctx, ASK)(this.text);
  }

  solve(): Reply {
    const { steps } = reduce(this.tree, this.ctx.ru);
    const out = lines(steps);
    if (steps.length > 1) {
      out.unshift(this.tx.workInOrderBrackets);
      out.push(this.tx.so(this.text, this.value));
    }
    return { steps: out, answer: R.qstr(this.value), checks: [ev(this.ascii, this.value)] };
  }

  carry(): Carry {
    return { kind: "number", value: this.value, ref: this.tx.theResult, decimal: false };
  }

  followup(kind: "why" | "alt" | "verify" | "edge"): Exchange {
    const { ctx, tx } = this;
    const { steps } = reduce(this.tree, ctx.ru);
    if (kind === "why") {
      if (steps.length === 1) return this.decompose(true);
      const order = steps.map((s) => `${s.text} = ${R.qstr(s.result)}`).join(tx.then2);
      const first = steps[0];
      const weaker = steps.some((s) => RANK[s.op] < RANK[first.op]);
      const reason = first.inBrackets
        ? tx.isInBracketsAnd(first)
        : first.op === "^"
          ? tx.powersComeBeforeThe
          : weaker
            ? tx.comesBeforeAdditionAnd(first)
            : tx.operationsOfTheSame;
      return exchange(
        pickT(ctx, WHY)(first.text),
        [tx.theOrderOfOperations, tx.firstComes(first, reason), tx.theWholeChain(order)],
        tx.followingThatOrderGives(R.qstr(this.value)),
        [ev(this.ascii, this.value)],
      );
    }
    if (kind === "alt") return steps.length === 1 ? this.decompose(false) : this.termwise(steps);
    if (kind === "verify") return this.verify(steps);
    return this.edge();
  }

  /** Single operation: split a number into tens and units (or swap the operands). */
  private decompose(why: boolean): Exchange {
    const { tx } = this;
    const t = this.tree as { op: Op; l: Leaf; r: Leaf };
    const a = t.l.v;
    const b = t.r.v;
    const user = why ? tx.canYouExplainHow : tx.isThereAnotherWay;
    const sym = t.op === "*" ? "·" : t.op === "/" ? tx.divideSign : t.op;
    let stepsOut: string[];
    let expr: string;
    if (b.d === 1 && b.n >= 10 && b.n % 10 !== 0 && (t.op === "+" || t.op === "-" || t.op === "*")) {
      const tens = b.n - (b.n % 10);
      const units = b.n % 10;
      const aText = a.n < 0 ? `(${R.qstr(a)})` : R.qstr(a);
      if (t.op === "*") {
        const p1 = R.mul(a, q(tens));
        const p2 = R.mul(a, q(units));
        stepsOut = [
          tx.splitAndMultiplyPart(b, tens, units),
          `${aText} · ${tens} = ${R.qstr(p1)}, ${aText} · ${units} = ${R.qstr(p2)}`,
          `${R.qstr(p1)} + ${p2.n < 0 ? `(${R.qstr(p2)})` : R.qstr(p2)} = ${R.qstr(this.value)}`,
        ];
        expr = `${aText}*${tens} + ${aText}*${units}`;
      } else {
        const mid = t.op === "+" ? R.add(a, q(tens)) : R.sub(a, q(tens));
        stepsOut = [
          tx.split(b, tens, units),
          `${aText} ${sym} ${tens} = ${R.qstr(mid)}`,
          `${mid.n < 0 ? `(${R.qstr(mid)})` : R.qstr(mid)} ${sym} ${units} = ${R.qstr(this.value)}`,
        ];
        expr = `${aText} ${t.op} ${tens} ${t.op} ${units}`;
      }
    } else if (t.op === "+" || t.op === "*") {
      stepsOut = [tx.doesNotDependOn(t, operand(b), sym, operand(a), this.value)];
      expr = `${operand(b)}${t.op === "*" ? "*" : " + "}${operand(a)}`;
    } else {
      const iT = `(${R.qstr(t.op === "-" ? R.neg(b) : R.inv(b))})`;
      stepsOut = [tx.symbol2(t, operand(a), iT, this.value)];
      expr = `${operand(a)}${t.op === "-" ? " + " : "*"}${iT}`;
    }
    return exchange(user, stepsOut, tx.sameResult(this.value), [ev(expr, this.value)]);
  }

  /**
   * A product or quotient as one fraction: every factor above or below the line, multiplied out,
   * reduced once at the end (a power is written as repeated multiplication).
   */
  private singleFraction(): string[] {
    const { tx } = this;
    const top: Q[] = [];
    const bottom: Q[] = [];
    const collect = (n: Node, below: boolean) => {
      if (!n.leaf && (n.op === "*" || n.op === "/")) {
        collect(n.l, below);
        collect(n.r, n.op === "/" ? !below : below);
      } else (below ? bottom : top).push(evaluate(n));
    };
    collect(this.tree, false);
    if (bottom.length === 0 && top.length === 1 && !this.tree.leaf && this.tree.op === "^") {
      const base = evaluate(this.tree.l);
      const times = evaluate(this.tree.r).n;
      return [
        tx.powerIsRepeatedMultiplication,
        `${Array(times).fill(operand(base)).join(" · ")} = ${R.qstr(this.value)}`,
      ];
    }
    // Numerators over denominators: a factor below the line contributes its reciprocal.
    const nums: number[] = [];
    const dens: number[] = [];
    for (const x of top) {
      nums.push(x.n);
      if (x.d !== 1) dens.push(x.d);
    }
    for (const x of bottom) {
      if (x.d !== 1) nums.push(x.d);
      // Dividing by 1/2 multiplies by 2: no "/ (1)" left below the line.
      if (x.n !== 1) dens.push(x.n);
    }
    const N = nums.reduce((a, b) => a * b, 1);
    const D = dens.reduce((a, b) => a * b, 1);
    if (!Number.isSafeInteger(N) || !Number.isSafeInteger(D)) throw OVERFLOW;
    if (dens.length === 0) return splitProduct(nums, tx);
    const fraction = `(${nums.map(factor).join(" · ")}) / (${dens.map(factor).join(" · ")})`;
    const raw = `${N}/${D}`;
    const result = R.qstr(this.value);
    return [tx.weCanWriteIt, raw === result ? `${fraction} = ${result}` : `${fraction} = ${raw} = ${result}`];
  }

  /** Several operations: compute each top-level term on its own, then combine. */
  private termwise(reductions: Reduction[]): Exchange {
    const { ctx, tx } = this;
    const terms: { sign: 1 | -1; node: Node }[] = [];
    const collect = (n: Node, sign: 1 | -1) => {
      if (!n.leaf && (n.op === "+" || n.op === "-")) {
        collect(n.l, sign);
        collect(n.r, n.op === "+" ? sign : (-sign as 1 | -1));
      } else terms.push({ sign, node: n });
    };
    collect(this.tree, 1);
    const vals = terms.map((t) => evaluate(t.node));
    if (terms.length > 1 && terms.every((t) => t.node.leaf)) return this.grouped(terms, vals, reductions);
    // A term that is already a number needs no line of its own ("15 = 15").
    const parts = terms.flatMap((t, i) =>
      t.node.leaf ? [] : [`${render(t.node, false, ctx.ru)} = ${R.qstr(vals[i])}`],
    );
    // The signed sum of the terms' values, the same in text and in the check.
    let sum = "";
    terms.forEach((t, i) => {
      const vt = operand(vals[i]);
      if (i === 0) sum = t.sign < 0 ? `-${vt}` : vt;
      else sum += t.sign < 0 ? ` - ${vt}` : ` + ${vt}`;
    });
    const steps =
      terms.length > 1
        ? [tx.weCanEvaluateEach, ...parts, tx.nowCombineWithSigns(sum, this.value)]
        : this.singleFraction();
    return exchange(pickS(ctx, ALT), steps, tx.theSameAnswer(this.value), [
      ev(terms.length > 1 ? sum : this.ascii, this.value),
    ]);
  }

  /**
   * A sum of numbers alone ("15 - 14 + 2") has no term to evaluate. Another way is another order:
   * the terms of each sign added apart, then subtracted (15 + 2 = 17, 17 - 14 = 3); or from the
   * right (18 + (17 - 7)); or, when the solution worked a bracket first, brackets opened and left to
   * right. The first of these whose working the solution has not already written.
   */
  private grouped(terms: { sign: 1 | -1 }[], vals: Q[], reductions: Reduction[]): Exchange {
    const { ctx, tx } = this;
    const signed = vals.map((v, i) => (terms[i].sign < 0 ? R.neg(v) : v));
    const total = (xs: Q[]) => xs.reduce((a, b) => R.add(a, b), q(0));
    /** "a + b - c", written from signed values (the first as it is). */
    const chain = (xs: Q[]) =>
      xs
        .map((x, i) => (i === 0 ? operand(x) : x.n < 0 ? ` - ${operand(R.neg(x))}` : ` + ${operand(x)}`))
        .join("");
    const plus = vals.filter((_, i) => terms[i].sign > 0);
    const minus = vals.filter((_, i) => terms[i].sign < 0);
    // Each group as the expression writes its terms ("(1/2) + (-20) + 20").
    const sum = (xs: Q[]) => xs.map(operand).join(" + ");
    const ways: [intro: string, steps: string[], expr: string][] = [];
    if (minus.length > 0) {
      const p = total(plus);
      const m = total(minus);
      const steps: string[] = [];
      if (plus.length > 1) steps.push(`${sum(plus)} = ${R.qstr(p)}`);
      if (minus.length > 1) steps.push(`${sum(minus)} = ${R.qstr(m)}`);
      steps.push(`${operand(p)} - ${operand(m)} = ${R.qstr(this.value)}`);
      ways.push([tx.addTheTermsWith, steps, `(${sum(plus)}) - (${sum(minus)})`]);
    }
    if (terms[1].sign > 0) {
      const rest = total(signed.slice(1));
      const last = `${chain([signed[0], rest])} = ${R.qstr(this.value)}`;
      const expr = `${operand(signed[0])} + (${chain(signed.slice(1))})`;
      ways.push([tx.theTermsCanBe, [`${chain(signed.slice(1))} = ${R.qstr(rest)}`, last], expr]);
    }
    // Left to right with the brackets opened: running totals of the signed terms.
    const running: string[] = [];
    let acc = signed[0];
    for (const x of signed.slice(1)) {
      const next = R.add(acc, x);
      running.push(`${chain([acc, x])} = ${R.qstr(next)}`);
      acc = next;
    }
    ways.push([tx.openTheBracketsAnd, running, chain(signed)]);
    const original = new Set(lines(reductions));
    const [intro, steps, expr] = ways.find(([, xs]) => !xs.every((l) => original.has(l))) ?? ways[0];
    return exchange(pickS(ctx, ALT), [intro, ...steps], tx.theSameAnswer(this.value), [ev(expr, this.value)]);
  }

  private verify(steps: Reduction[]): Exchange {
    const { tx } = this;
    const last = steps[steps.length - 1];
    const res = last.result;
    let line: string;
    let expr: string;
    let back: Q;
    if (last.op !== "^" && (last.op !== "*" || last.b.n !== 0)) {
      const [sign, ascii, undo] = UNDO[last.op];
      back = undo(res, last.b);
      line = `${operand(res)} ${sign ?? tx.divideSign} ${operand(last.b)} = ${R.qstr(back)}`;
      expr = `${operand(res)}${ascii}${operand(last.b)}`;
    } else {
      // A power last: check by multiplying the base out.
      back = res;
      const factors = Array.from({ length: last.b.n }, () => operand(last.a));
      line = `${factors.join(" · ")} = ${R.qstr(res)}`;
      expr = factors.join("*");
    }
    return exchange(
      pickS(this.ctx, VERIFY),
      [tx.checkTheLastStep(last, res), line, tx.weGetExactlyThe(back, this.value)],
      tx.theCheckWorksSo(line, this.value),
      [evs(expr, R.qstr(back))],
    );
  }

  private edge(): Exchange {
    const { ctx, tx } = this;
    const ru = ctx.ru;
    const wrongOrder = tryReduce(this.tree, ru, "naive");
    if (wrongOrder && !R.eq(wrongOrder.value, this.value)) {
      return exchange(
        tx.whatHappensIfWe,
        [...lines(wrongOrder.steps), tx.thatGivesInsteadOf(wrongOrder, this.value)],
        tx.leftToRightWould(wrongOrder, this.value),
        [evs(this.ascii, R.qstr(this.value))],
      );
    }
    // Otherwise: what if the first number had the opposite sign?
    const first = leaves(this.tree)[0];
    const flipped = replaceLeaf(this.tree, first.id, R.neg(first.v));
    const value = evaluate(flipped);
    const text = render(flipped, false, ru);
    return exchange(
      tx.andIfTheFirst(first),
      [...lines(reduce(flipped, ru).steps), `${text} = ${R.qstr(value)}`],
      tx.thenTheResultIs(value),
      [ev(render(flipped, true, ru), value)],
    );
  }

  params(): Param[] {
    const ls = leaves(this.tree).slice(0, 4);
    return ls.map((l, i) =>
      param(String(l.id), this.tx.theNumber(i), undefined, l.v, ["double", "negate", "set"], (ctx: Ctx) =>
        drawLeaf(ctx, { ...LEVELS[ctx.d - 1], negatives: false }),
      ),
    );
  }

  with(key: string, value: Exact): Problem | null {
    if (isSurd(value)) return null;
    const tree = replaceLeaf(this.tree, Number(key), value);
    if (!withinBounds(tree, 100000, 5000)) return null;
    return new ArithmeticProblem(this.ctx, tree);
  }

  mistake(): Mistake {
    const { ctx, tx } = this;
    const ru = ctx.ru;
    const correct = reduce(this.tree, ru);
    const options: (() => Mistake | null)[] = [() => this.slip(correct.steps.length)];
    const wrongOrder = tryReduce(this.tree, ru, "naive");
    if (wrongOrder && !R.eq(wrongOrder.value, this.value)) {
      options.push(() => ({
        kind: "order_of_operations",
        wrong: this.wrongReply(wrongOrder.steps, wrongOrder.value),
        short: tx.wentLeftToRight,
        explain: [tx.theMistakeEvaluatedIn(wrongOrder, correct)],
      }));
    }
    const minusStep = correct.steps.findIndex((s) => s.op === "-" && s.b.n !== 0);
    if (minusStep >= 0) {
      options.push(() => {
        const bad = tryReduce(this.tree, ru, { step: minusStep, kind: "sign" });
        if (!bad || R.eq(bad.value, this.value)) return null;
        const s = correct.steps[minusStep];
        return {
          kind: "sign_error",
          wrong: this.wrongReply(bad.steps, bad.value),
          short: tx.gotTheSignWrong(s),
          explain: [tx.inAddedInsteadOf(s, bad, minusStep)],
        };
      });
    }
    for (let i = 0; i < 6; i++) {
      const m = ctx.rng.pick(options)();
      if (m) return m;
    }
    return this.slip(correct.steps.length)!;
  }

  private slip(n: number): Mistake {
    const { ctx, tx } = this;
    const ru = ctx.ru;
    const r = ctx.rng;
    for (let i = 0; i < 12; i++) {
      const step = r.int(0, n - 1);
      const deltas = [1, -1, 2, -2, 10, -10];
      const delta = q(r.pick(deltas));
      const fault: Fault = { step, kind: "slip", delta };
      const bad = tryReduce(this.tree, ru, fault);
      if (!bad || R.eq(bad.value, this.value)) continue;
      const good = reduce(this.tree, ru).steps[step];
      return {
        kind: "arithmetic_slip",
        wrong: this.wrongReply(bad.steps, bad.value),
        short: tx.miscalculated(good),
        explain: [tx.theSlipIsIn(good, bad, step)],
      };
    }
    // Unreachable in practice (a +1 slip in the last step always changes the result).
    const bad = reduce(this.tree, ru, { step: n - 1, kind: "slip", delta: q(1) });
    return {
      kind: "arithmetic_slip",
      wrong: this.wrongReply(bad.steps, bad.value),
      short: tx.slippedInTheLast,
      explain: [tx.theLastStepWas],
    };
  }

  private wrongReply(steps: Reduction[], value: Q): Reply {
    const out = lines(steps);
    if (steps.length > 1) out.push(this.tx.so(this.text, value));
    return { steps: out, answer: R.qstr(value), checks: [wrong(ev(this.ascii, value))] };
  }
}

const WHY: Phrases<[string]> = {
  ru: [(t) => `Почему вы начали именно с ${t}?`, () => "Почему действия выполняются именно в таком порядке?"],
  en: [(t) => `Why did you start with ${t}?`, () => "Why are the operations done in that order?"],
};
const ALT = {
  ru: ["А можно посчитать другим способом?", "Есть ли другой способ получить ответ?"],
  en: ["Is there another way to compute this?", "Could we get the answer a different way?"],
};
const VERIFY = {
  ru: ["Как проверить этот ответ?", "Как убедиться, что ответ верный?"],
  en: ["How can I check this answer?", "How do we know the answer is right?"],
};

export const arithmetic: TaskType = {
  id: "arithmetic",
  domain: "math",
  create: (ctx) => new ArithmeticProblem(ctx, generate(ctx)),
};

/** a · a another way: as a sum of a terms (2 to 4), else from its neighbours (a - 1)(a + 1) + 1. */
function squareAnotherWay(a: number, tx: typeof TEXT_EN): string[] {
  if (a >= 2 && a <= 4) return [tx.repeatedAddition, `${Array(a).fill(a).join(" + ")} = ${a * a}`];
  return [tx.nextToASquare, `${factor(a - 1)} · ${factor(a + 1)} + 1 = ${(a - 1) * (a + 1)} + 1 = ${a * a}`];
}

/**
 * A product of whole numbers another way: the largest factor split into tens and units and
 * multiplied part by part (distributivity), or with no factor from 10 up (or only ±1 besides it),
 * in the other order.
 */
function splitProduct(nums: number[], tx: typeof TEXT_EN): string[] {
  const total = nums.reduce((a, b) => a * b, 1);
  let big = 0;
  for (let i = 1; i < nums.length; i++) if (Math.abs(nums[i]) > Math.abs(nums[big])) big = i;
  const x = nums[big];
  const rest = nums.filter((_, i) => i !== big).reduce((a, b) => a * b, 1);
  // Splitting to multiply each part by 1 would only write the factor 1 out.
  if (Math.abs(x) < 10 || x % 10 === 0 || nums.length < 2 || Math.abs(rest) === 1) {
    const reversed = [...nums].reverse();
    // "8 · 8" read backwards is "8 · 8": another order must be one (2 · 3 · 2 → 3 · 2 · 2), and
    // a square has ways of its own.
    if (reversed.every((k, i) => k === nums[i])) {
      if (nums.length === 2 && Math.abs(nums[0]) >= 2) return squareAnotherWay(nums[0], tx);
      if (nums.length > 2) reversed.push(reversed.shift()!);
    }
    return [tx.theFactorsCanBe, `${reversed.map(factor).join(" · ")} = ${total}`];
  }
  const units = x % 10;
  const tens = x - units;
  return [
    tx.splitAndMultiplyEach(x, tens, units, factor, rest),
    `${factor(tens)} · ${factor(rest)} + ${factor(units)} · ${factor(rest)} = ${tens * rest} + ${factor(units * rest)} = ${total}`,
  ];
}
