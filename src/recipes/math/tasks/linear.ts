import { type Tr, tr } from "../lang.js";
import { type Exact, isSurd } from "../num/exact.js";
import { polyDisplay } from "../num/poly.js";
import * as R from "../num/rational.js";
import { NumericRangeError, type Q, q, qstr } from "../num/rational.js";
import { ev, evs, exchange, type Phrases, pickS, pickT, sv, wrong } from "../text.js";
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

/** This module's texts: English here, every other language in TEXT (a missing entry does not compile). */
const TEXT_EN = {
  expandTheBrackets: (a: number, ab: number, selfRaw: Raw) =>
    `Expand the brackets: ${a}x${sgn(ab)} = ${selfRaw.c}`,
  expandTheBrackets2: (a: number, ab: number, c: number, ce: number, selfRaw: Raw) =>
    `Expand the brackets: ${a}x${sgn(ab)}${c < 0 ? " + " : " - "}${Math.abs(c)}x${sgn(-ce)} = ${selfRaw.f}`,
  collectLikeTerms: (A: R.Q, B: R.Q, selfRaw: Raw) =>
    `Collect like terms: ${polyDisplay([A, B])} = ${selfRaw.f}`,
  moveToTheRight: (B: R.Q, A: R.Q, selfD: R.Q, fault: "sign" | "slip" | "dropped" | "inverted" | undefined) =>
    `Move ${qstr(B)} to the right-hand side with the opposite sign: ${polyDisplay([A, q(0)])} = ${qstr(selfD)}${fault === "sign" ? " + " : " - "}${op(B)}`,
  putTheTermsOn: (
    A: R.Q,
    selfC: R.Q,
    selfD: R.Q,
    fault: "sign" | "slip" | "dropped" | "inverted" | undefined,
    B: R.Q,
  ) =>
    `Put the x terms on the left and the numbers on the right: ${polyDisplay([A, q(0)])} - ${op(selfC)}x = ${qstr(selfD)}${fault === "sign" ? " + " : " - "}${op(B)}`,
  theRoot: "the root",
  anEquationStaysTrue: "An equation stays true if we add or subtract the same number on both sides.",
  subtractingFromBothSides: (selfB: R.Q, selfD: R.Q, DB: R.Q) =>
    `Subtracting ${op(selfB)} from both sides removes it on the left and leaves ${qstr(selfD)} - ${op(selfB)} = ${qstr(DB)} on the right: that is "moving it with the opposite sign".`,
  thenDivideBothSides: (AC: R.Q, DB: R.Q, xs: string) =>
    `Then divide both sides by the coefficient of x, ${qstr(AC)}: x = ${op(DB)} / ${op(AC)} = ${xs}.`,
  thatKeepsBothSides: (xs: string) => `That keeps both sides equal and gives x = ${xs}.`,
  weCanGatherThe: "We can gather the x terms on the right and the numbers on the left instead:",
  theSameRoot: (xs: string) => `The same root: x = ${xs}.`,
  substituteIntoTheOriginal: (xs: string) => `Substitute x = ${xs} into the original equation.`,
  leftSide: (ld: string, lv: R.Q) => `Left side: ${ld} = ${qstr(lv)}`,
  rightSide: (rd: string, lv: R.Q) => `Right side: ${rd} = ${qstr(lv)}`,
  bothSidesEqualSo: (lv: R.Q, xs: string) => `Both sides equal ${qstr(lv)}, so x = ${xs} is right.`,
  whatIfTheCoefficient: "What if the coefficient of x came out as zero after simplifying?",
  thenInsteadOfWe: (AC: R.Q, DB: R.Q) =>
    `Then instead of ${polyDisplay([AC, q(0)])} = ${qstr(DB)} we would have 0 · x = ${qstr(DB)}.`,
  theRightSideIs: (selfD: R.Q, selfB: R.Q, DB: R.Q) =>
    `The right side is ${qstr(selfD)} - ${op(selfB)} = ${qstr(DB)} ≠ 0, while 0 · x = 0 for every x, so it could never hold.`,
  hadTheRightSide: "Had the right side been zero as well, every x would work.",
  thereWouldBeNo: (DB: R.Q) => `There would be no solution: we would get 0 = ${qstr(DB)}.`,
  solveTheSameEquation: (sym: string, rhs: R.Q) =>
    `Solve the same equation in general: let the right-hand side be an arbitrary number ${sym} instead of ${qstr(rhs)}.`,
  afterSimplifyingTheLeft: (AC: R.Q, selfB: R.Q) =>
    `After simplifying, the left side is ${polyDisplay([AC, selfB])}.`,
  checkWithTheOriginal: (sym: string, rhs: R.Q, selfB: R.Q, AC: R.Q, selfX: R.Q) =>
    `Check with the original data: ${sym} = ${qstr(rhs)} gives x = (${qstr(rhs)} - ${op(selfB)}) / ${op(AC)} = ${qstr(selfX)}.`,
  forThisIs: (formula: string, sym: string, rhs: R.Q, selfX: R.Q) =>
    `${formula}; for ${sym} = ${qstr(rhs)} this is x = ${qstr(selfX)}.`,
  movedAcrossWithoutChanging: (selfB: R.Q) => `I moved ${qstr(selfB)} across without changing its sign.`,
  movingToTheOther: (selfB: R.Q, selfD: R.Q, DB: R.Q) =>
    `Moving ${qstr(selfB)} to the other side flips its sign: the right side is ${qstr(selfD)} - ${op(selfB)} = ${qstr(DB)}, not ${qstr(selfD)} + ${op(selfB)}.`,
  miscalculated: (selfD: R.Q, selfB: R.Q) => `I miscalculated ${qstr(selfD)} - ${op(selfB)}.`,
  butWrote: (selfD: R.Q, selfB: R.Q, DB: R.Q, delta: number) =>
    `${qstr(selfD)} - ${op(selfB)} = ${qstr(DB)}, but I wrote ${qstr(R.add(DB, q(delta)))}.`,
  dividedTheWrongWay: "I divided the wrong way round.",
  fromWeGetDivide: (AC: R.Q, DB: R.Q) =>
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
    expandTheBrackets: (a, ab, selfRaw) => `Раскроем скобки: ${a}x${sgn(ab)} = ${selfRaw.c}`,
    expandTheBrackets2: (a, ab, c, ce, selfRaw) =>
      `Раскроем скобки: ${a}x${sgn(ab)}${c < 0 ? " + " : " - "}${Math.abs(c)}x${sgn(-ce)} = ${selfRaw.f}`,
    collectLikeTerms: (A, B, selfRaw) => `Приведём подобные: ${polyDisplay([A, B])} = ${selfRaw.f}`,
    moveToTheRight: (B, A, selfD, fault) =>
      `Перенесём ${qstr(B)} в правую часть с противоположным знаком: ${polyDisplay([A, q(0)])} = ${qstr(selfD)}${fault === "sign" ? " + " : " - "}${op(B)}`,
    putTheTermsOn: (A, selfC, selfD, fault, B) =>
      `Соберём слагаемые с x слева, числа справа: ${polyDisplay([A, q(0)])} - ${op(selfC)}x = ${qstr(selfD)}${fault === "sign" ? " + " : " - "}${op(B)}`,
    theRoot: "найденный корень",
    anEquationStaysTrue: `Уравнение не изменится, если к обеим частям прибавить или из обеих частей вычесть одно и то же число.`,
    subtractingFromBothSides: (selfB, selfD, DB) =>
      `Вычитая ${op(selfB)} из обеих частей, мы убираем его слева, а справа получаем ${qstr(selfD)} - ${op(selfB)} = ${qstr(DB)}: это и есть «перенос с противоположным знаком».`,
    thenDivideBothSides: (AC, DB, xs) =>
      `Затем делим обе части на коэффициент при x, ${qstr(AC)}: x = ${op(DB)} / ${op(AC)} = ${xs}.`,
    thatKeepsBothSides: (xs) => `Так сохраняется равенство, и получаем x = ${xs}.`,
    weCanGatherThe: "Можно собрать x в правой части, а числа в левой:",
    theSameRoot: (xs) => `Тот же корень: x = ${xs}.`,
    substituteIntoTheOriginal: (xs) => `Подставим x = ${xs} в исходное уравнение.`,
    leftSide: (ld, lv) => `Левая часть: ${ld} = ${qstr(lv)}`,
    rightSide: (rd, lv) => `Правая часть: ${rd} = ${qstr(lv)}`,
    bothSidesEqualSo: (lv, xs) => `Обе части равны ${qstr(lv)}, значит, x = ${xs} — верный корень.`,
    whatIfTheCoefficient: "А что будет, если коэффициент при x после упрощения окажется равен нулю?",
    thenInsteadOfWe: (AC, DB) =>
      `Тогда вместо ${polyDisplay([AC, q(0)])} = ${qstr(DB)} было бы 0 · x = ${qstr(DB)}.`,
    theRightSideIs: (selfD, selfB, DB) =>
      `Справа стоит ${qstr(selfD)} - ${op(selfB)} = ${qstr(DB)} ≠ 0, а 0 · x = 0 при любом x, так что равенство невозможно.`,
    hadTheRightSide: "Если бы и правая часть была нулём, подходил бы любой x.",
    thereWouldBeNo: (DB) => `Решений бы не было: получилось бы 0 = ${qstr(DB)}.`,
    solveTheSameEquation: (sym, rhs) =>
      `Решите то же уравнение в общем виде: пусть в правой части стоит произвольное число ${sym} вместо ${qstr(rhs)}.`,
    afterSimplifyingTheLeft: (AC, selfB) => `Левая часть после упрощения: ${polyDisplay([AC, selfB])}.`,
    checkWithTheOriginal: (sym, rhs, selfB, AC, selfX) =>
      `Проверка на исходных данных: при ${sym} = ${qstr(rhs)} получаем x = (${qstr(rhs)} - ${op(selfB)}) / ${op(AC)} = ${qstr(selfX)}.`,
    forThisIs: (formula, sym, rhs, selfX) => `${formula}; при ${sym} = ${qstr(rhs)} это x = ${qstr(selfX)}.`,
    movedAcrossWithoutChanging: (selfB) => `Я перенёс ${qstr(selfB)} без смены знака.`,
    movingToTheOther: (selfB, selfD, DB) =>
      `При переносе ${qstr(selfB)} в другую часть знак меняется: справа должно быть ${qstr(selfD)} - ${op(selfB)} = ${qstr(DB)}, а я написал ${qstr(selfD)} + ${op(selfB)}.`,
    miscalculated: (selfD, selfB) => `Я ошибся в вычислении ${qstr(selfD)} - ${op(selfB)}.`,
    butWrote: (selfD, selfB, DB, delta) =>
      `${qstr(selfD)} - ${op(selfB)} = ${qstr(DB)}, а у меня получилось ${qstr(R.add(DB, q(delta)))}.`,
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

const KEYS: Record<Form, (keyof Raw)[]> = {
  1: ["a", "b", "c"],
  2: ["a", "b", "c", "e"],
  3: ["a", "b", "c"],
  4: ["a", "b", "c"],
  5: ["a", "b", "c", "e", "f"],
};

function sgn(n: number): string {
  return n < 0 ? ` - ${-n}` : ` + ${n}`;
}

function normal(raw: Raw): { A: Q; B: Q; C: Q; D: Q } {
  const { form, a, b, c, e, f } = raw;
  switch (form) {
    case 1:
      return { A: q(a), B: q(b), C: q(0), D: q(c) };
    case 2:
      return { A: q(a), B: q(b), C: q(c), D: q(e) };
    case 3:
      return { A: q(a), B: q(a * b), C: q(0), D: q(c) };
    case 4:
      return { A: q(1, a), B: q(b), C: q(0), D: q(c) };
    default:
      return { A: q(a - c), B: q(a * b - c * e), C: q(0), D: q(f) };
  }
}

/**
 * The two sides with x written as `x`: "ascii" for checks, "text" for the symbol x in running
 * text ("3x"), "numeric" for a substituted number in running text ("3 · 4").
 */
function sides(raw: Raw, x: string, style: "ascii" | "text" | "numeric"): [string, string] {
  const { form, a, b, c, e, f } = raw;
  const mul = style === "ascii" ? "*" : style === "numeric" ? " · " : "";
  const ax = (k: number) => (k === 1 ? x : k === -1 ? `-${x}` : `${k}${mul}${x}`);
  switch (form) {
    case 1:
      return [`${ax(a)}${sgn(b)}`, String(c)];
    case 2:
      return [`${ax(a)}${sgn(b)}`, `${ax(c)}${sgn(e)}`];
    case 3:
      return [`${a}${mul}(${x}${sgn(b)})`, String(c)];
    case 4:
      return [`${x}/${a}${sgn(b)}`, String(c)];
    default:
      return [
        `${a}${mul}(${x}${sgn(b)})${c < 0 ? " + " : " - "}${Math.abs(c)}${mul}(${x}${sgn(e)})`,
        String(f),
      ];
  }
}

function nz(ctx: Ctx, lo: number, hi: number, neg: boolean): number {
  const v = ctx.rng.int(lo, hi);
  return neg && ctx.rng.chance(0.4) ? -v : v;
}

function draw(ctx: Ctx): Raw {
  const r = ctx.rng;
  const d = ctx.d;
  for (let i = 0; i < 40; i++) {
    let raw: Raw;
    if (d <= 2) {
      const a = r.int(2, 9);
      const x = r.int(1, d === 1 ? 10 : 15);
      const b = nz(ctx, 1, 30, d === 2);
      raw = { form: 1, a, b, c: a * x + b, e: 0, f: 0 };
    } else if (d <= 4) {
      const a = nz(ctx, 2, 12, true);
      let c = nz(ctx, 1, 12, d === 4);
      if (c === a) c = a + 1;
      const x = nz(ctx, 1, 15, true);
      const b = nz(ctx, 1, 40, true);
      raw = { form: 2, a, b, c, e: (a - c) * x + b, f: 0 };
    } else if (d <= 6) {
      if (r.chance(0.5))
        raw = {
          form: 3,
          a: nz(ctx, 2, 9, d === 6),
          b: nz(ctx, 1, 15, true),
          c: nz(ctx, 1, 60, true),
          e: 0,
          f: 0,
        };
      else {
        const a = nz(ctx, 2, 15, true);
        let c = nz(ctx, 1, 15, true);
        if (c === a) c = -a;
        raw = { form: 2, a, b: nz(ctx, 1, 40, true), c, e: nz(ctx, 1, 40, true), f: 0 };
      }
    } else if (d <= 8) {
      raw = {
        form: 4,
        a: r.int(2, 9) * (d === 8 && r.chance(0.3) ? -1 : 1),
        b: nz(ctx, 1, 20, true),
        c: nz(ctx, 1, 30, true),
        e: 0,
        f: 0,
      };
    } else {
      const a = r.int(2, 12);
      let c = nz(ctx, 2, 12, true);
      if (c === a) c = a + 1;
      raw = { form: 5, a, b: nz(ctx, 1, 15, true), c, e: nz(ctx, 1, 15, true), f: nz(ctx, 1, 80, true) };
    }
    const n = normal(raw);
    if (R.eq(n.A, n.C) || n.B.n === 0 || R.eq(n.B, n.D)) continue;
    return raw;
  }
  return { form: 1, a: 3, b: 5, c: 17, e: 0, f: 0 };
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

function op(x: Q): string {
  return x.d === 1 && x.n >= 0 ? qstr(x) : `(${qstr(x)})`;
}

class LinearProblem implements Problem {
  private readonly A: Q;
  private readonly B: Q;
  private readonly C: Q;
  private readonly D: Q;
  readonly x: Q;
  private readonly text: string;
  private readonly ascii: string;

  constructor(
    private readonly ctx: Ctx,
    private readonly raw: Raw,
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

  ask(): string {
    return pickT(this.ctx, ASK)(this.text);
  }

  /** Steps from the original form to A'x = D', with an optional fault. */
  private work(fault?: "sign" | "slip" | "dropped" | "inverted", delta = 1): { steps: string[]; x: Q } {
    const tx = tr(this.ctx, TEXT);
    const { form, a, b, c, e } = this.raw;
    const steps: string[] = [];
    let A = this.A;
    let B = this.B;
    if (form === 3 || form === 5) {
      if (form === 3) {
        const ab = fault === "dropped" ? b : a * b;
        B = q(ab);
        steps.push(tx.expandTheBrackets(a, ab, this.raw));
      } else {
        const ab = a * b;
        const ce = fault === "dropped" ? e : c * e;
        A = q(a - c);
        B = q(ab - ce);
        steps.push(tx.expandTheBrackets2(a, ab, c, ce, this.raw));
        steps.push(tx.collectLikeTerms(A, B, this.raw));
      }
    }
    const AC = R.sub(A, this.C);
    let DB = fault === "sign" ? R.add(this.D, B) : R.sub(this.D, B);
    if (fault === "slip") DB = R.add(DB, q(delta));
    if (R.eq(this.C, q(0))) steps.push(tx.moveToTheRight(B, A, this.D, fault));
    else steps.push(tx.putTheTermsOn(A, this.C, this.D, fault, B));
    steps.push(`${polyDisplay([AC, q(0)])} = ${qstr(DB)}`);
    let x: Q;
    if (fault === "inverted") {
      x = R.div(AC, DB);
      steps.push(`x = ${op(AC)} / ${op(DB)} = ${qstr(x)}`);
    } else {
      x = R.div(DB, AC);
      steps.push(`x = ${op(DB)} / ${op(AC)} = ${qstr(x)}`);
    }
    return { steps, x };
  }

  solve(): Reply {
    const { steps, x } = this.work();
    return { steps, answer: `x = ${qstr(x)}`, checks: [sv(this.ascii, "x", [x])] };
  }

  carry(): Carry {
    return {
      kind: "number",
      value: this.x,
      ref: tr(this.ctx, TEXT).theRoot,
      sym: "x",
      decimal: false,
    };
  }

  followup(kind: FollowupKind): Exchange {
    const ctx = this.ctx;
    const tx = tr(ctx, TEXT);
    const xs = qstr(this.x);
    const AC = R.sub(this.A, this.C);
    const DB = R.sub(this.D, this.B);
    if (kind === "why") {
      return exchange(
        pickT(ctx, WHY)(qstr(this.B)),
        [
          tx.anEquationStaysTrue,
          tx.subtractingFromBothSides(this.B, this.D, DB),
          tx.thenDivideBothSides(AC, DB, xs),
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
          `${qstr(this.B)} - ${op(this.D)} = ${op(this.C)}x - ${op(this.A)}x`,
          `${qstr(left)} = ${polyDisplay([right, q(0)])}`,
          `x = ${op(left)} / ${op(right)} = ${xs}`,
        ],
        tx.theSameRoot(xs),
        [ev(`(${qstr(this.B)} - ${op(this.D)})/(${op(this.C)} - ${op(this.A)})`, this.x)],
      );
    }
    if (kind === "verify") {
      const [la, ra] = sides(this.raw, op(this.x), "ascii");
      const [ld, rd] = sides(this.raw, op(this.x), "numeric");
      const lv = this.sideValue(true);
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

  private sideValue(left: boolean): Q {
    const xv = this.x;
    return left ? R.add(R.mul(this.A, xv), this.B) : R.add(R.mul(this.C, xv), this.D);
  }

  params(): Param[] {
    const keys = KEYS[this.raw.form];
    const ru = this.ctx.ru;
    const labels: Record<string, [string, string]> = {
      a:
        this.raw.form === 4
          ? ["делитель при x", "the divisor of x"]
          : ["коэффициент при x", "the coefficient of x"],
      b: ["число в левой части", "the number on the left"],
      c:
        this.raw.form === 2 || this.raw.form === 5
          ? ["второй коэффициент при x", "the second coefficient of x"]
          : ["правую часть", "the right-hand side"],
      e: ["число в правой части", "the number on the right"],
      f: ["правую часть", "the right-hand side"],
    };
    return keys.map((k) => ({
      key: k,
      label: labels[k][ru ? 0 : 1],
      value: q(this.raw[k] as number),
      ops:
        k === "c" || k === "f"
          ? (["double", "negate", "set", "general"] as const)
          : (["double", "negate", "set"] as const),
      fresh: (ctx: Ctx) => q(nz(ctx, 2, 20, true)),
    }));
  }

  with(key: string, value: Exact): Problem | null {
    if (isSurd(value) || value.d !== 1) return null;
    const raw = { ...this.raw, [key]: value.n };
    if (raw.form === 4 && raw.a === 0) return null;
    const n = normal(raw);
    if (R.eq(n.A, n.C)) return null;
    if (Math.abs(value.n) > 1000) return null;
    return new LinearProblem(this.ctx, raw);
  }

  general(key: string): Exchange | null {
    if (this.raw.form === 2 || (key !== "c" && key !== "f")) return null;
    const tx = tr(this.ctx, TEXT);
    const AC = R.sub(this.A, this.C);
    const rhs = this.D;
    const sym = key;
    const formula = `x = (${sym} - ${op(this.B)}) / ${op(AC)}`;
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

  mistake(): Mistake {
    const ctx = this.ctx;
    const tx = tr(ctx, TEXT);
    const r = ctx.rng;
    const kinds: ("sign" | "slip" | "dropped" | "inverted")[] = ["sign", "slip", "inverted"];
    if (this.raw.form === 3 && this.raw.a !== 1) kinds.push("dropped", "dropped");
    if (this.raw.form === 5 && this.raw.c !== 1) kinds.push("dropped", "dropped");
    for (let i = 0; i < 10; i++) {
      const kind = r.pick(kinds);
      const delta = r.pick([1, -1, 2, -2, 10]);
      let bad: { steps: string[]; x: Q };
      try {
        bad = this.work(kind, delta);
      } catch (e) {
        if (e instanceof RangeError || e instanceof NumericRangeError) continue;
        throw e;
      }
      if (R.eq(bad.x, this.x)) continue;
      const wrongReply: Reply = {
        steps: bad.steps,
        answer: `x = ${qstr(bad.x)}`,
        checks: [wrong(sv(this.ascii, "x", [bad.x]))],
      };
      const DB = R.sub(this.D, this.B);
      const AC = R.sub(this.A, this.C);
      if (kind === "sign")
        return {
          kind: "sign_error",
          wrong: wrongReply,
          short: tx.movedAcrossWithoutChanging(this.B),
          explain: [tx.movingToTheOther(this.B, this.D, DB)],
        };
      if (kind === "slip")
        return {
          kind: "arithmetic_slip",
          wrong: wrongReply,
          short: tx.miscalculated(this.D, this.B),
          explain: [tx.butWrote(this.D, this.B, DB, delta)],
        };
      if (kind === "inverted")
        return {
          kind: "wrong_formula",
          wrong: wrongReply,
          short: tx.dividedTheWrongWay,
          explain: [tx.fromWeGetDivide(AC, DB)],
        };
      const mult = this.raw.form === 3 ? this.raw.a : this.raw.c;
      const inner = this.raw.form === 3 ? this.raw.b : this.raw.e;
      return {
        kind: "dropped_term",
        wrong: wrongReply,
        short: tx.whenExpandingForgotTo(inner, mult),
        explain: [tx.theFactorInFront(mult, inner)],
      };
    }
    // Fallback: a sign slip always changes the answer because B != 0.
    const bad = this.work("sign");
    return {
      kind: "sign_error",
      wrong: {
        steps: bad.steps,
        answer: `x = ${qstr(bad.x)}`,
        checks: [wrong(sv(this.ascii, "x", [bad.x]))],
      },
      short: tx.gotSignWrongWhen,
      explain: [tx.termChangesSignWhen],
    };
  }
}

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

export const linear: TaskType = {
  id: "linear",
  domain: "math",
  create: (ctx) => new LinearProblem(ctx, draw(ctx)),
};
