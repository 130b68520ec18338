import { type Tr, tr } from "../lang.js";
import type { Exact } from "../num/exact.js";
import { polyDisplay } from "../num/poly.js";
import * as R from "../num/rational.js";
import { type Q, q, qstr } from "../num/rational.js";
import {
  eqChain,
  ev,
  evs,
  exchange,
  isOne,
  op,
  type Phrases,
  pickS,
  pickT,
  signed,
  sv,
  wrong,
} from "../text.js";
import type {
  Carry,
  Ctx,
  Exchange,
  FollowupKind,
  Mistake,
  Param,
  Problem,
  Reply,
  TaskType,
} from "../types.js";
import { type Faulty, type Named, plantMistake, rootCarry, signedInt, wholeWithin } from "./equation.js";
import { param } from "./formula.js";

/** This module's texts: English here, every other language in TEXT (a missing entry does not compile). */
const TEXT_EN = {
  expandTheBrackets: (eq: string) => `Expand the brackets: ${eq}`,
  collectLikeTerms: (eq: string) => `Collect like terms: ${eq}`,
  moveToTheRight: (B: Q, eq: string) =>
    `Move ${qstr(B)} to the right-hand side with the opposite sign: ${eq}`,
  putTheTermsOn: (eq: string) => `Put the x terms on the left and the numbers on the right: ${eq}`,
  theRoot: "the root",
  anEquationStaysTrue: "An equation stays true if we add or subtract the same number on both sides.",
  subtractingFromBothSides: (B: Q, D: Q, DB: Q) =>
    `Subtracting ${op(B)} from both sides removes it on the left and leaves ${qstr(D)} - ${op(B)} = ${qstr(DB)} on the right: that is “moving it with the opposite sign”.`,
  thenDivideBothSides: (AC: Q, DB: Q, xs: string) =>
    `Then divide both sides by the coefficient of x, ${qstr(AC)}: x = ${eqChain([`${op(DB)} / ${op(AC)}`, xs])}.`,
  xIsAlreadyAlone: (xs: string) => `The coefficient of x is already 1, so x = ${xs}.`,
  thatKeepsBothSides: (xs: string) => `That keeps both sides equal and gives x = ${xs}.`,
  weCanGatherThe: "We can gather the x terms on the right and the numbers on the left instead:",
  theSameRoot: (xs: string) => `The same root: x = ${xs}.`,
  substituteIntoTheOriginal: (xs: string) => `Substitute x = ${xs} into the original equation.`,
  leftSide: (ld: string, lv: Q) => `Left side: ${ld} = ${qstr(lv)}`,
  rightSide: (rd: string, lv: Q) => `Right side: ${eqChain([rd, qstr(lv)])}`,
  bothSidesEqualSo: (lv: Q, xs: string) => `Both sides equal ${qstr(lv)}, so x = ${xs} is right.`,
  whatIfTheCoefficient: "What if the coefficient of x came out as zero after simplifying?",
  thenInsteadOfWe: (AC: Q, DB: Q) =>
    `Then instead of ${polyDisplay([AC, q(0)])} = ${qstr(DB)} we would have 0 · x = ${qstr(DB)}.`,
  theRightSideIs: (D: Q, B: Q, DB: Q) =>
    `The right side is ${qstr(D)} - ${op(B)} = ${qstr(DB)} ≠ 0, while 0 · x = 0 for every x, so it could never hold.`,
  hadTheRightSide: "Had the right side been zero as well, every x would work.",
  thereWouldBeNo: (DB: Q) => `There would be no solution: we would get 0 = ${qstr(DB)}.`,
  solveTheSameEquation: (sym: string, rhs: Q) =>
    `Solve the same equation in general: let the right-hand side be an arbitrary number ${sym} instead of ${qstr(rhs)}.`,
  afterSimplifyingTheLeft: (AC: Q, B: Q) => `After simplifying, the left side is ${polyDisplay([AC, B])}.`,
  checkWithTheOriginal: (sym: string, rhs: Q, B: Q, AC: Q, x: Q) =>
    `Check with the original data: ${sym} = ${qstr(rhs)} gives x = ${over(`${qstr(rhs)} - ${op(B)}`, AC)} = ${qstr(x)}.`,
  forThisIs: (formula: string, sym: string, rhs: Q, x: Q) =>
    `${formula}; for ${sym} = ${qstr(rhs)} this is x = ${qstr(x)}.`,
  movedAcrossWithoutChanging: (B: Q) => `I moved ${qstr(B)} across without changing its sign.`,
  movingToTheOther: (B: Q, D: Q, DB: Q) =>
    `Moving ${qstr(B)} to the other side flips its sign: the right side is ${qstr(D)} - ${op(B)} = ${qstr(DB)}, not ${qstr(D)} + ${op(B)}.`,
  miscalculated: (D: Q, B: Q) => `I miscalculated ${qstr(D)} - ${op(B)}.`,
  butWrote: (D: Q, B: Q, DB: Q, delta: number) =>
    `${qstr(D)} - ${op(B)} = ${qstr(DB)}, but I wrote ${qstr(R.add(DB, q(delta)))}.`,
  dividedTheWrongWay: "I divided the wrong way round.",
  fromWeGetDivide: (AC: Q, DB: Q) =>
    `From ${polyDisplay([AC, q(0)])} = ${qstr(DB)} we get x = ${op(DB)} / ${op(AC)}: divide by the coefficient of x, not the other way round.`,
  whenExpandingForgotTo: (inner: number, mult: number) =>
    `When expanding, I forgot to multiply ${inner} by ${mult}.`,
  theFactorInFront: (mult: number, inner: number) =>
    `The factor in front multiplies every term in the bracket: ${mult} · ${op(q(inner))} = ${mult * inner}, but I left ${inner}.`,
  gotSignWrongWhen: "I got a sign wrong when moving a term.",
  termChangesSignWhen: "A term changes sign when it crosses the equals sign.",
};

const TEXT: Tr<typeof TEXT_EN> = {
  ru: {
    expandTheBrackets: (eq) => `Раскроем скобки: ${eq}`,
    collectLikeTerms: (eq) => `Приведём подобные: ${eq}`,
    moveToTheRight: (B, eq) => `Перенесём ${qstr(B)} в правую часть с противоположным знаком: ${eq}`,
    putTheTermsOn: (eq) => `Соберём слагаемые с x слева, числа справа: ${eq}`,
    theRoot: "найденный корень",
    anEquationStaysTrue: `Уравнение не изменится, если к обеим частям прибавить или из обеих частей вычесть одно и то же число.`,
    subtractingFromBothSides: (B, D, DB) =>
      `Вычитая ${op(B)} из обеих частей, мы убираем его слева, а справа получаем ${qstr(D)} - ${op(B)} = ${qstr(DB)}: это и есть «перенос с противоположным знаком».`,
    thenDivideBothSides: (AC, DB, xs) =>
      `Затем делим обе части на коэффициент при x, ${qstr(AC)}: x = ${eqChain([`${op(DB)} / ${op(AC)}`, xs])}.`,
    xIsAlreadyAlone: (xs) => `Коэффициент при x уже равен 1, поэтому x = ${xs}.`,
    thatKeepsBothSides: (xs) => `Так сохраняется равенство, и получаем x = ${xs}.`,
    weCanGatherThe: "Можно собрать x в правой части, а числа в левой:",
    theSameRoot: (xs) => `Тот же корень: x = ${xs}.`,
    substituteIntoTheOriginal: (xs) => `Подставим x = ${xs} в исходное уравнение.`,
    leftSide: (ld, lv) => `Левая часть: ${ld} = ${qstr(lv)}`,
    rightSide: (rd, lv) => `Правая часть: ${eqChain([rd, qstr(lv)])}`,
    bothSidesEqualSo: (lv, xs) => `Обе части равны ${qstr(lv)}, значит, x = ${xs} — верный корень.`,
    whatIfTheCoefficient: "А что будет, если коэффициент при x после упрощения окажется равен нулю?",
    thenInsteadOfWe: (AC, DB) =>
      `Тогда вместо ${polyDisplay([AC, q(0)])} = ${qstr(DB)} было бы 0 · x = ${qstr(DB)}.`,
    theRightSideIs: (D, B, DB) =>
      `Справа стоит ${qstr(D)} - ${op(B)} = ${qstr(DB)} ≠ 0, а 0 · x = 0 при любом x, так что равенство невозможно.`,
    hadTheRightSide: "Если бы и правая часть была нулём, подходил бы любой x.",
    thereWouldBeNo: (DB) => `Решений бы не было: получилось бы 0 = ${qstr(DB)}.`,
    solveTheSameEquation: (sym, rhs) =>
      `Решите то же уравнение в общем виде: пусть в правой части стоит произвольное число ${sym} вместо ${qstr(rhs)}.`,
    afterSimplifyingTheLeft: (AC, B) => `Левая часть после упрощения: ${polyDisplay([AC, B])}.`,
    checkWithTheOriginal: (sym, rhs, B, AC, x) =>
      `Проверка на исходных данных: при ${sym} = ${qstr(rhs)} получаем x = ${over(`${qstr(rhs)} - ${op(B)}`, AC)} = ${qstr(x)}.`,
    forThisIs: (formula, sym, rhs, x) => `${formula}; при ${sym} = ${qstr(rhs)} это x = ${qstr(x)}.`,
    movedAcrossWithoutChanging: (B) => `Я перенёс ${qstr(B)} без смены знака.`,
    movingToTheOther: (B, D, DB) =>
      `При переносе ${qstr(B)} в другую часть знак меняется: справа должно быть ${qstr(D)} - ${op(B)} = ${qstr(DB)}, а я написал ${qstr(D)} + ${op(B)}.`,
    miscalculated: (D, B) => `Я ошибся в вычислении ${qstr(D)} - ${op(B)}.`,
    butWrote: (D, B, DB, delta) =>
      `${qstr(D)} - ${op(B)} = ${qstr(DB)}, а у меня получилось ${qstr(R.add(DB, q(delta)))}.`,
    dividedTheWrongWay: "Я разделил не в ту сторону.",
    fromWeGetDivide: (AC, DB) =>
      `Из ${polyDisplay([AC, q(0)])} = ${qstr(DB)} следует x = ${op(DB)} / ${op(AC)}: делить нужно на коэффициент при x, а я разделил коэффициент на правую часть.`,
    whenExpandingForgotTo: (inner, mult) => `При раскрытии скобок я не умножил ${inner} на ${mult}.`,
    theFactorInFront: (mult, inner) =>
      `Множитель перед скобкой умножается на каждое слагаемое: ${mult} · ${op(q(inner))} = ${mult * inner}, а я оставил ${inner}.`,
    gotSignWrongWhen: "Я ошибся в знаке при переносе.",
    termChangesSignWhen: "При переносе слагаемого через знак равенства его знак меняется.",
  },
  en: TEXT_EN,
};

/**
 * linear: one linear equation in x. Difficulty moves from `ax + b = c` with a whole answer,
 * through x on both sides and brackets, to fractional coefficients and rational answers, and at
 * the top two brackets to expand.
 *
 * Forms: 1 `ax + b = c`; 2 `ax + b = cx + e`; 3 `a(x + b) = c`; 4 `x/a + b = c`;
 * 5 `a(x + b) - c(x + e) = f`. Everything reduces to A·x + B = C·x + D.
 */
type Form = 1 | 2 | 3 | 4 | 5;

interface Raw {
  form: Form;
  a: number;
  b: number;
  c: number;
  e: number;
  f: number;
}

/** A difference over the coefficient of x: "(c - 5) / 3", or "c - 5" when the coefficient is 1. */
function over(difference: string, AC: Q): string {
  return isOne(AC) ? difference : `(${difference}) / ${op(AC)}`;
}

/** c·x in a step: "3x", "(-2)x", but "x" for c = 1. */
function xTerm(c: Q): string {
  return R.eq(c, q(1)) ? "x" : `${op(c)}x`;
}

function raw(form: Form, a: number, b: number, c: number, e = 0, f = 0): Raw {
  return { form, a, b, c, e, f };
}

interface Normal {
  A: Q;
  B: Q;
  C: Q;
  D: Q;
}

const COEF: Tr = { ru: "коэффициент при x", en: "the coefficient of x" };
const LEFT: Tr = { ru: "число в левой части", en: "the number on the left" };
const RHS: Tr = { ru: "правую часть", en: "the right-hand side" };
const SECOND: Tr = { ru: "второй коэффициент при x", en: "the second coefficient of x" };
const RIGHT: Tr = { ru: "число в правой части", en: "the number on the right" };

/** A form: the inputs variations may change (with their labels), its A·x + B = C·x + D, its sides. */
interface FormDef {
  labels: Partial<Record<keyof Raw, Tr>>;
  normal(r: Raw): Normal;
  /** The two sides with x written as `x`, `mul` between a factor and what it multiplies, `ax(k)` for k·x. */
  sides(r: Raw, x: string, mul: string, ax: (k: number) => string): [string, string];
}

const FORMS: Record<Form, FormDef> = {
  1: {
    labels: { a: COEF, b: LEFT, c: RHS },
    normal: ({ a, b, c }) => ({ A: q(a), B: q(b), C: q(0), D: q(c) }),
    sides: ({ a, b, c }, _x, _mul, ax) => [`${ax(a)}${signed(b)}`, String(c)],
  },
  2: {
    labels: { a: COEF, b: LEFT, c: SECOND, e: RIGHT },
    normal: ({ a, b, c, e }) => ({ A: q(a), B: q(b), C: q(c), D: q(e) }),
    sides: ({ a, b, c, e }, _x, _mul, ax) => [`${ax(a)}${signed(b)}`, `${ax(c)}${signed(e)}`],
  },
  3: {
    labels: { a: COEF, b: LEFT, c: RHS },
    normal: ({ a, b, c }) => ({ A: q(a), B: q(a * b), C: q(0), D: q(c) }),
    sides: ({ a, b, c }, x, mul) => [`${a}${mul}(${x}${signed(b)})`, String(c)],
  },
  4: {
    labels: { a: { ru: "делитель при x", en: "the divisor of x" }, b: LEFT, c: RHS },
    normal: ({ a, b, c }) => ({ A: q(1, a), B: q(b), C: q(0), D: q(c) }),
    sides: ({ a, b, c }, x) => [`${x}/${a}${signed(b)}`, String(c)],
  },
  5: {
    // a(x + b) - c(x + e) = f: the numbers in the brackets are both on the left.
    labels: {
      a: { ru: "множитель перед первой скобкой", en: "the factor of the first bracket" },
      b: { ru: "число в первой скобке", en: "the number in the first bracket" },
      c: { ru: "множитель перед второй скобкой", en: "the factor of the second bracket" },
      e: { ru: "число во второй скобке", en: "the number in the second bracket" },
      f: RHS,
    },
    normal: ({ a, b, c, e, f }) => ({ A: q(a - c), B: q(a * b - c * e), C: q(0), D: q(f) }),
    sides: ({ a, b, c, e, f }, x, mul) => [
      `${a}${mul}(${x}${signed(b)})${c < 0 ? " + " : " - "}${Math.abs(c)}${mul}(${x}${signed(e)})`,
      String(f),
    ],
  },
};

function normal(r: Raw): Normal {
  return FORMS[r.form].normal(r);
}

/**
 * The two sides with x written as `x`: "ascii" for checks, "text" for the symbol x in running
 * text ("3x"), "numeric" for a substituted number in running text ("3 · 4").
 */
function sides(r: Raw, x: string, style: "ascii" | "text" | "numeric"): [string, string] {
  const mul = style === "ascii" ? "*" : style === "numeric" ? " · " : "";
  return FORMS[r.form].sides(r, x, mul, (k) => (k === 1 ? x : k === -1 ? `-${x}` : `${k}${mul}${x}`));
}

function draw(ctx: Ctx): Raw {
  const r = ctx.rng;
  const d = ctx.d;
  for (let i = 0; i < 40; i++) {
    let form: Raw;
    if (d <= 2) {
      const a = r.int(2, 9);
      const x = r.int(1, d === 1 ? 10 : 15);
      const b = signedInt(ctx, 1, 30, d === 2);
      form = raw(1, a, b, a * x + b);
    } else if (d <= 4) {
      const a = signedInt(ctx, 2, 12, true);
      let c = signedInt(ctx, 1, 12, d === 4);
      if (c === a) c = a + 1;
      const x = signedInt(ctx, 1, 15, true);
      const b = signedInt(ctx, 1, 40, true);
      form = raw(2, a, b, c, (a - c) * x + b);
    } else if (d <= 6) {
      if (r.chance(0.5))
        form = raw(
          3,
          signedInt(ctx, 2, 9, d === 6),
          signedInt(ctx, 1, 15, true),
          signedInt(ctx, 1, 60, true),
        );
      else {
        const a = signedInt(ctx, 2, 15, true);
        let c = signedInt(ctx, 1, 15, true);
        if (c === a) c = -a;
        form = raw(2, a, signedInt(ctx, 1, 40, true), c, signedInt(ctx, 1, 40, true));
      }
    } else if (d <= 8) {
      const a = r.int(2, 9) * (d === 8 && r.chance(0.3) ? -1 : 1);
      form = raw(4, a, signedInt(ctx, 1, 20, true), signedInt(ctx, 1, 30, true));
    } else {
      const a = r.int(2, 12);
      let c = signedInt(ctx, 2, 12, true);
      if (c === a) c = a + 1;
      form = raw(
        5,
        a,
        signedInt(ctx, 1, 15, true),
        c,
        signedInt(ctx, 1, 15, true),
        signedInt(ctx, 1, 80, true),
      );
    }
    const n = normal(form);
    if (R.eq(n.A, n.C) || n.B.n === 0 || R.eq(n.B, n.D)) continue;
    return form;
  }
  return raw(1, 3, 5, 17);
}

const ASK: Phrases<[string]> = {
  ru: [
    (e) => `Решите уравнение: ${e}`,
    (e) => `Найдите x, если ${e}.`,
    (e) => `Решите уравнение ${e} и найдите корень.`,
    (e) => `При каком x выполняется равенство ${e}?`,
  ],
  en: [
    (e) => `Solve the equation: ${e}`,
    (e) => `Find x if ${e}.`,
    (e) => `Solve ${e} for x.`,
    (e) => `For which x does ${e} hold?`,
  ],
};
const WHY: Phrases<[string]> = {
  ru: [
    (b) => `Почему ${b} переносится в другую часть с противоположным знаком?`,
    () => "Почему так можно делать с уравнением — переносить слагаемые и делить?",
  ],
  en: [
    (b) => `Why does ${b} move to the other side with the opposite sign?`,
    () => "Why are we allowed to move terms around and divide like that?",
  ],
};
const ALT = {
  ru: ["Можно ли решить это уравнение по-другому?", "А есть другой способ решения?"],
  en: ["Can this be solved another way?", "Is there a different way to solve it?"],
};
const VERIFY = {
  ru: ["Как проверить, что корень найден правильно?", "Как убедиться, что ответ верный?"],
  en: ["How can we check the root is right?", "How do we verify this answer?"],
};

/** Planted faults: a term moved without its sign flipped, a slip, a bracket term not multiplied, x = A/D. */
type Fault = "sign" | "slip" | "dropped" | "inverted";

const FAULTS: Record<Fault, (tx: typeof TEXT_EN, p: LinearProblem, delta: number) => Named> = {
  sign: (tx, p) => ["sign_error", tx.movedAcrossWithoutChanging(p.B), tx.movingToTheOther(p.B, p.D, p.DB)],
  slip: (tx, p, delta) => ["arithmetic_slip", tx.miscalculated(p.D, p.B), tx.butWrote(p.D, p.B, p.DB, delta)],
  inverted: (tx, p) => ["wrong_formula", tx.dividedTheWrongWay, tx.fromWeGetDivide(p.AC, p.DB)],
  dropped: (tx, { raw }) => {
    const mult = raw.form === 3 ? raw.a : raw.c;
    const inner = raw.form === 3 ? raw.b : raw.e;
    return ["dropped_term", tx.whenExpandingForgotTo(inner, mult), tx.theFactorInFront(mult, inner)];
  },
};
const PLAIN_FAULTS: Fault[] = ["sign", "slip", "inverted"];
/** A bracket whose factor is not 1 can also lose a product (drawn twice as often). */
const BRACKET_FAULTS: Fault[] = ["sign", "slip", "inverted", "dropped", "dropped"];

class LinearProblem implements Problem, Faulty<Fault> {
  readonly A: Q;
  readonly B: Q;
  readonly C: Q;
  readonly D: Q;
  readonly x: Q;
  private readonly text: string;
  private readonly ascii: string;

  constructor(
    readonly ctx: Ctx,
    readonly raw: Raw,
  ) {
    const n = normal(raw);
    this.A = n.A;
    this.B = n.B;
    this.C = n.C;
    this.D = n.D;
    this.x = R.div(R.sub(n.D, n.B), R.sub(n.A, n.C));
    const [l, r] = sides(raw, "x", "text");
    const [la, ra] = sides(raw, "x", "ascii");
    this.text = `${l} = ${r}`;
    this.ascii = `${la} = ${ra}`;
  }

  /** The coefficient of x once the x terms are on the left. */
  get AC(): Q {
    return R.sub(this.A, this.C);
  }

  /** The right side once the numbers are on it. */
  get DB(): Q {
    return R.sub(this.D, this.B);
  }

  ask(): string {
    return pickT(this.ctx, ASK)(this.text);
  }

  /** Steps from the original form to A'x = D' and the root, with an optional fault. */
  work(fault?: Fault, delta = 1): Reply {
    const tx = tr(this.ctx, TEXT);
    const { form, a, b, c, e, f } = this.raw;
    const steps: string[] = [];
    let A = this.A;
    let B = this.B;
    if (form === 3) {
      const ab = fault === "dropped" ? b : a * b;
      B = q(ab);
      steps.push(tx.expandTheBrackets(`${a}x${signed(ab)} = ${c}`));
    } else if (form === 5) {
      const ab = a * b;
      const ce = fault === "dropped" ? e : c * e;
      A = q(a - c);
      B = q(ab - ce);
      steps.push(
        tx.expandTheBrackets(
          `${a}x${signed(ab)}${c < 0 ? " + " : " - "}${Math.abs(c)}x${signed(-ce)} = ${f}`,
        ),
      );
      steps.push(tx.collectLikeTerms(`${polyDisplay([A, B])} = ${f}`));
    }
    const AC = R.sub(A, this.C);
    let DB = fault === "sign" ? R.add(this.D, B) : R.sub(this.D, B);
    if (fault === "slip") DB = R.add(DB, q(delta));
    const moved = `${qstr(this.D)}${fault === "sign" ? " + " : " - "}${op(B)}`;
    if (R.eq(this.C, q(0))) steps.push(tx.moveToTheRight(B, `${polyDisplay([A, q(0)])} = ${moved}`));
    else steps.push(tx.putTheTermsOn(`${polyDisplay([A, q(0)])} - ${xTerm(this.C)} = ${moved}`));
    steps.push(`${polyDisplay([AC, q(0)])} = ${qstr(DB)}`);
    const [num, den] = fault === "inverted" ? [AC, DB] : [DB, AC];
    const x = R.div(num, den);
    // With a coefficient 1 the line before already reads "x = ...".
    if (!isOne(den)) steps.push(`x = ${eqChain([`${op(num)} / ${op(den)}`, qstr(x)])}`);
    const check = sv(this.ascii, "x", [x]);
    return { steps, answer: `x = ${qstr(x)}`, checks: [fault ? wrong(check) : check] };
  }

  solve(): Reply {
    return this.work();
  }

  carry(): Carry {
    return rootCarry(this.x, tr(this.ctx, TEXT).theRoot);
  }

  followup(kind: FollowupKind): Exchange {
    const ctx = this.ctx;
    const tx = tr(ctx, TEXT);
    const xs = qstr(this.x);
    const { AC, DB } = this;
    if (kind === "why") {
      return exchange(
        pickT(ctx, WHY)(qstr(this.B)),
        [
          tx.anEquationStaysTrue,
          tx.subtractingFromBothSides(this.B, this.D, DB),
          isOne(AC) ? tx.xIsAlreadyAlone(xs) : tx.thenDivideBothSides(AC, DB, xs),
        ],
        tx.thatKeepsBothSides(xs),
        [sv(this.ascii, "x", [this.x])],
      );
    }
    if (kind === "alt") {
      // Move the x terms the other way: B - D = (C - A)x.
      const left = R.sub(this.B, this.D);
      const right = R.sub(this.C, this.A);
      return exchange(
        pickS(ctx, ALT),
        [
          tx.weCanGatherThe,
          // No "0x" term when the right side had no x (C = 0).
          `${qstr(this.B)} - ${op(this.D)} = ${this.C.n === 0 ? polyDisplay([R.neg(this.A), q(0)]) : `${xTerm(this.C)} - ${xTerm(this.A)}`}`,
          `${qstr(left)} = ${polyDisplay([right, q(0)])}`,
          ...(isOne(right) ? [] : [`x = ${eqChain([`${op(left)} / ${op(right)}`, xs])}`]),
        ],
        tx.theSameRoot(xs),
        [ev(`(${qstr(this.B)} - ${op(this.D)})/(${op(this.C)} - ${op(this.A)})`, this.x)],
      );
    }
    if (kind === "verify") {
      const [la, ra] = sides(this.raw, op(this.x), "ascii");
      const [ld, rd] = sides(this.raw, op(this.x), "numeric");
      const lv = R.add(R.mul(this.A, this.x), this.B);
      return exchange(
        pickS(ctx, VERIFY),
        [tx.substituteIntoTheOriginal(xs), tx.leftSide(ld, lv), tx.rightSide(rd, lv)],
        tx.bothSidesEqualSo(lv, xs),
        [evs(la, qstr(lv)), evs(ra, qstr(lv))],
      );
    }
    // edge: a zero coefficient of x.
    return exchange(
      tx.whatIfTheCoefficient,
      [tx.thenInsteadOfWe(AC, DB), tx.theRightSideIs(this.D, this.B, DB), tx.hadTheRightSide],
      tx.thereWouldBeNo(DB),
      [ev(`${qstr(this.D)} - ${op(this.B)}`, DB)],
    );
  }

  params(): Param[] {
    const labels = FORMS[this.raw.form].labels;
    return (Object.keys(labels) as (keyof Raw)[]).map((k) =>
      param(
        k,
        tr(this.ctx, labels[k] as Tr),
        undefined,
        q(this.raw[k] as number),
        k === "c" || k === "f" ? ["double", "negate", "set", "general"] : ["double", "negate", "set"],
        (ctx: Ctx) => q(signedInt(ctx, 2, 20, true)),
      ),
    );
  }

  with(key: string, value: Exact): Problem | null {
    const v = wholeWithin(value, 1000);
    if (v === null) return null;
    const r = { ...this.raw, [key]: v };
    if (r.form === 4 && r.a === 0) return null;
    const n = normal(r);
    return R.eq(n.A, n.C) ? null : new LinearProblem(this.ctx, r);
  }

  general(key: string): Exchange | null {
    if (this.raw.form === 2 || (key !== "c" && key !== "f")) return null;
    const tx = tr(this.ctx, TEXT);
    const AC = this.AC;
    const rhs = this.D;
    const sym = key;
    const formula = `x = ${over(`${sym} - ${op(this.B)}`, AC)}`;
    return exchange(
      tx.solveTheSameEquation(sym, rhs),
      [
        tx.afterSimplifyingTheLeft(AC, this.B),
        `${polyDisplay([AC, q(0)])} = ${sym} - ${op(this.B)}`,
        formula,
        tx.checkWithTheOriginal(sym, rhs, this.B, AC, this.x),
      ],
      tx.forThisIs(formula, sym, rhs, this.x),
      [ev(`(${qstr(rhs)} - ${op(this.B)})/${op(AC)}`, this.x)],
    );
  }

  faults(): Fault[] {
    const { form, a, c } = this.raw;
    const faults = (form === 3 && a !== 1) || (form === 5 && c !== 1) ? BRACKET_FAULTS : PLAIN_FAULTS;
    // With x already alone nobody divides at all, let alone the wrong way round.
    return isOne(this.AC) ? faults.filter((f) => f !== "inverted") : faults;
  }

  slip(): number {
    return this.ctx.rng.pick([1, -1, 2, -2, 10]);
  }

  named(f: Fault, delta: number): Named {
    return FAULTS[f](tr(this.ctx, TEXT), this, delta);
  }

  /** A sign slip always changes the answer because B != 0. */
  fallback(): [Fault, number, Named] {
    const tx = tr(this.ctx, TEXT);
    return ["sign", 1, ["sign_error", tx.gotSignWrongWhen, tx.termChangesSignWhen]];
  }

  mistake(): Mistake {
    return plantMistake(this, 10);
  }
}

export const linear: TaskType = {
  id: "linear",
  domain: "math",
  create: (ctx) => new LinearProblem(ctx, draw(ctx)),
};
