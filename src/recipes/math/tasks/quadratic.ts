import { type Tr, tr } from "../lang.js";
import {
  type Exact,
  isSurd,
  qsqrt,
  xadd,
  xcmp,
  xdisplay,
  xdiv,
  xdop,
  xmul,
  xneg,
  xop,
  xshow,
} from "../num/exact.js";
import { polyAscii, polyDisplay } from "../num/poly.js";
import * as R from "../num/rational.js";
import { type Q, q, qstr } from "../num/rational.js";
import {
  coef,
  eqChain,
  ev,
  evs,
  exchange,
  opInt as op,
  type Phrases,
  pickS,
  pickT,
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

/** This module's texts: English here, every other language in TEXT (a missing entry does not compile). */
const TEXT_EN = {
  noRealRoots: (D: number) => `no real roots (D = ${D} < 0)`,
  bringEverythingToThe: (std: string) => `Bring everything to the left: ${std}`,
  soThereAreNo: "D < 0, so there are no real roots.",
  soThereIsOne: (eq: string) => `D = 0, so there is one root: ${eq}`,
  theRoot: "the root",
  theLargerRoot: "the larger root",
  soThereAreTwo: "D > 0, so there are two roots",
  soThereIsExactly: "D = 0, so there is exactly one root",
  theDiscriminantFormulaWorks:
    "The discriminant formula works for every ax² + bx + c = 0 with a ≠ 0: it comes from completing the square.",
  hereAnd: (a: number, D: number, count: string) => `Here a = ${a} ≠ 0 and D = ${D}: ${count}.`,
  guessingRootsDoesNot:
    "Guessing roots does not always work; the formula does not care whether the roots are nice.",
  henceTheDiscriminant: (ans: string) => `Hence the discriminant: ${ans}.`,
  forWhichWouldThis: "For which c would this equation have no real roots at all?",
  forWhichValueOf: "For which value of c would the equation have exactly one root?",
  theNumberOfRoots: (b: number, a: number) =>
    `The number of roots depends on the sign of D = b² - 4ac = ${op(b)}² - 4 · ${op(a)} · c.`,
  when: (b: number, a: number, cStar: Q) =>
    `D = 0 when c = b² / (4a) = ${eqChain([`${b * b} / ${op(4 * a)}`, qstr(cStar)])}.`,
  when2: (a: number, cStar: Q) => `D < 0 when ${a > 0 ? "c >" : "c <"} ${qstr(cStar)}.`,
  nowSoThereAre: (c: number, D: number) => `Now c = ${c}, so there are ${D > 0 ? "two roots" : "none"}.`,
  for: (a: number, cStar: Q) => `For ${a > 0 ? "c >" : "c <"} ${qstr(cStar)}.`,
  for2: (cStar: Q) => `For c = ${qstr(cStar)}.`,
  byVietaFormulasAnd: (sum: Q, prod: Q) =>
    `By Vieta's formulas x₁ + x₂ = -b/a = ${qstr(sum)} and x₁ · x₂ = c/a = ${qstr(prod)}.`,
  theNumbersThatFit: (roots: Exact[], fact: string) =>
    `The numbers that fit are ${roots.map((x) => xdisplay(x)).join(" and ")}, so ${fact}.`,
  factoringGivesTheSame: (ans: string, sum: Q, prod: Q) =>
    `Factoring gives the same answer: ${ans} (sum ${qstr(sum)}, product ${qstr(prod)}).`,
  completeTheSquareDivide: "Complete the square. Divide by a:",
  theSameRoots: (ans: string) => `The same roots: ${ans}.`,
  substituteTheRootsInto: (std: string) => `Substitute the roots into ${std}.`,
  theLeftSideSo: (roots: Exact[]) =>
    `${roots.length === 1 ? "The root makes" : "Both roots make"} the left side 0, so the answer is right.`,
  solveItInGeneral: "Solve it in general: let the constant term be an arbitrary number c.",
  realRootsExistWhen: (cond: string) => `Real roots exist when D ≥ 0, i.e. ${cond}.`,
  forAndTheLarger: (c: number, D: number, b: number, pm: string, den: string, big: Exact) =>
    `For c = ${c}: D = ${D}, and the larger root is (${-b} ${pm} √${D}) / ${den} = ${xdisplay(big)}.`,
  forAtTheLarger: (formula: string, cond: string, c: number, big: Exact) =>
    `${formula} for ${cond}; at c = ${c} the larger root is ${xshow(big)}.`,
  usedInsteadOfIn: "I used b instead of -b in the root formula.",
  theFormulaIsWith: (b: number) =>
    `The formula is x = (-b ± √D) / (2a) with -b = ${-b}, but I substituted ${b}, which flipped the sign of both roots.`,
  gotTheSignWrong: "I got the sign wrong in the discriminant.",
  theDiscriminantIsBut: (b: number, a: number, c: number, D: number) =>
    `The discriminant is D = b² - 4ac, but I added: ${b * b} + ${op(4 * a * c)}. Correct: ${b * b} - ${op(4 * a * c)} = ${D}.`,
  dividedByInsteadOf: "I divided by a instead of 2a.",
  theDenominatorOfThe: (a: number) =>
    `The denominator of the root formula is 2a = ${2 * a}; I divided by a = ${a}, so each root came out doubled, twice as far from zero as the true one.`,
  miscalculatedTheDiscriminant: "I miscalculated the discriminant.",
  slipWas: (b: number, a: number, c: number, D: number, badD: number) =>
    `${op(b)}² - 4 · ${op(a)} · ${op(c)} = ${b * b} - ${op(4 * a * c)} = ${D}, not ${badD}.`,
  theDenominatorOfThe2: "The denominator of the root formula is 2a.",
};

const TEXT: Tr<typeof TEXT_EN> = {
  ru: {
    noRealRoots: (D) => `действительных корней нет (D = ${D} < 0)`,
    bringEverythingToThe: (std) => `Перенесём всё в левую часть: ${std}`,
    soThereAreNo: "D < 0, поэтому действительных корней нет.",
    soThereIsOne: (eq) => `D = 0, корень один: ${eq}`,
    theRoot: "найденный корень",
    theLargerRoot: "больший корень",
    soThereAreTwo: "D > 0, значит, корней два",
    soThereIsExactly: "D = 0, значит, корень один",
    theDiscriminantFormulaWorks:
      "Формула корней через дискриминант подходит для любого уравнения ax² + bx + c = 0 с a ≠ 0: она получается выделением полного квадрата.",
    hereAnd: (a, D, count) => `Здесь a = ${a} ≠ 0, и D = ${D}: ${count}.`,
    guessingRootsDoesNot:
      "Подбор корней работает не всегда, а формула не зависит от того, красивые ли корни.",
    henceTheDiscriminant: (ans) => `Поэтому через дискриминант: ${ans}.`,
    forWhichWouldThis: "При каких c у этого уравнения вообще не было бы действительных корней?",
    forWhichValueOf: "При каком значении c у уравнения был бы ровно один корень?",
    theNumberOfRoots: (b, a) =>
      `Число корней определяется знаком D = b² - 4ac = ${op(b)}² - 4 · ${op(a)} · c.`,
    when: (b, a, cStar) => `D = 0 при c = b² / (4a) = ${eqChain([`${b * b} / ${op(4 * a)}`, qstr(cStar)])}.`,
    when2: (a, cStar) => `D < 0 при ${a > 0 ? "c >" : "c <"} ${qstr(cStar)}.`,
    nowSoThereAre: (c, D) => `Сейчас c = ${c}, поэтому корней ${D > 0 ? "два" : "нет"}.`,
    for: (a, cStar) => `При ${a > 0 ? "c >" : "c <"} ${qstr(cStar)}.`,
    for2: (cStar) => `При c = ${qstr(cStar)}.`,
    byVietaFormulasAnd: (sum, prod) =>
      `По теореме Виета x₁ + x₂ = -b/a = ${qstr(sum)}, x₁ · x₂ = c/a = ${qstr(prod)}.`,
    theNumbersThatFit: (roots, fact) =>
      `Подходящие числа: ${roots.map((x) => xdisplay(x)).join(" и ")}, поэтому ${fact}.`,
    factoringGivesTheSame: (ans, sum, prod) =>
      `Разложение на множители даёт тот же ответ: ${ans} (сумма ${qstr(sum)}, произведение ${qstr(prod)}).`,
    completeTheSquareDivide: "Выделим полный квадрат. Разделим на a:",
    theSameRoots: (ans) => `Получаем те же корни: ${ans}.`,
    substituteTheRootsInto: (std) => `Подставим корни в ${std}.`,
    theLeftSideSo: (roots) =>
      `${roots.length === 1 ? "Корень обращает" : "Оба корня обращают"} левую часть в 0, значит, ответ верный.`,
    solveItInGeneral: "Решите уравнение в общем виде: пусть свободный член — произвольное число c.",
    realRootsExistWhen: (cond) => `Действительные корни есть при D ≥ 0, то есть при ${cond}.`,
    forAndTheLarger: (c, D, b, pm, den, big) =>
      `При c = ${c}: D = ${D}, больший корень (${-b} ${pm} √${D}) / ${den} = ${xdisplay(big)}.`,
    forAtTheLarger: (formula, cond, c, big) =>
      `${formula} при ${cond}; при c = ${c} больший корень ${xshow(big)}.`,
    usedInsteadOfIn: "В формуле корней я взял b вместо -b.",
    theFormulaIsWith: (b) =>
      `В формуле x = (-b ± √D) / (2a) стоит -b = ${-b}, а я подставил ${b}. Поэтому оба корня получились с неверным знаком.`,
    gotTheSignWrong: "Я ошибся в знаке в дискриминанте.",
    theDiscriminantIsBut: (b, a, c, D) =>
      `Дискриминант D = b² - 4ac, а я сложил: ${b * b} + ${op(4 * a * c)}. Верно: ${b * b} - ${op(4 * a * c)} = ${D}.`,
    dividedByInsteadOf: "Я разделил на a вместо 2a.",
    theDenominatorOfThe: (a) =>
      `В знаменателе формулы корней стоит 2a = ${2 * a}, а я разделил на a = ${a}, поэтому каждый корень вышел удвоенным — вдвое больше по модулю, чем верный.`,
    miscalculatedTheDiscriminant: "Я ошибся при вычислении дискриминанта.",
    slipWas: (b, a, c, D, badD) =>
      `${op(b)}² - 4 · ${op(a)} · ${op(c)} = ${b * b} - ${op(4 * a * c)} = ${D}, а у меня было ${badD}.`,
    theDenominatorOfThe2: "В знаменателе формулы корней стоит 2a.",
  },
  en: TEXT_EN,
};

/**
 * quadratic: ax² + bx + c = 0. Difficulty: monic with whole roots (1-2), a leading coefficient and
 * negative or double roots (3-4), rational roots (5-6), irrational roots in simplest radical form
 * (7-8), larger coefficients and equations to rearrange first (6+, 9-10).
 */
interface Coeffs {
  a: number;
  b: number;
  c: number;
  /** Shown as `ax² + bx = -c` (rearranged first) instead of `... = 0`. */
  moved: boolean;
}

function rint(ctx: Ctx, lo: number, hi: number): number {
  return signedInt(ctx, lo, hi, true, 0.45);
}

function draw(ctx: Ctx): Coeffs {
  const r = ctx.rng;
  const d = ctx.d;
  const moved = d >= 6 && r.chance(0.4);
  for (let i = 0; i < 50; i++) {
    let a: number;
    let b: number;
    let c: number;
    if (d <= 4) {
      a = d <= 2 ? 1 : r.int(1, d === 3 ? 3 : 5) * (d === 4 && r.chance(0.25) ? -1 : 1);
      const x1 = d === 1 ? r.int(1, 9) : rint(ctx, 1, 10);
      let x2 = d === 1 ? r.int(1, 9) : rint(ctx, 0, 10);
      if (x2 === x1 && !(d >= 3 && r.chance(0.15))) x2 = x1 + r.int(1, 4);
      b = -a * (x1 + x2);
      c = a * x1 * x2;
    } else if (d <= 6) {
      // (p x - m)(s x - n): rational roots m/p and n/s.
      const p = r.int(1, 5);
      const s = r.int(2, 5);
      const m = rint(ctx, 1, 9);
      const n = rint(ctx, 1, 9);
      a = p * s;
      b = -(p * n + s * m);
      c = m * n;
      if (d === 6 && r.chance(0.3)) {
        a = -a;
        b = -b;
        c = -c;
      }
    } else {
      const hi = d <= 8 ? 10 : 20;
      a = r.int(1, d <= 8 ? 4 : 7) * (d >= 9 && r.chance(0.3) ? -1 : 1);
      b = rint(ctx, 0, hi);
      c = rint(ctx, 1, hi);
    }
    const D = b * b - 4 * a * c;
    if (D < 0 || a === 0) continue;
    if (d >= 7 && R.exactSqrt(D) >= 0 && r.chance(0.85)) continue;
    const g = R.gcd(R.gcd(a, b), c);
    if (g > 1 && d >= 5 && r.chance(0.7)) continue;
    return { a, b, c, moved: moved && c !== 0 };
  }
  return { a: 1, b: -5, c: 6, moved: false };
}

const ASK: Phrases<[string]> = {
  ru: [
    (e) => `Решите уравнение: ${e}`,
    (e) => `Найдите корни уравнения ${e}.`,
    (e) => `Решите квадратное уравнение ${e}.`,
    (e) => `При каких x выполняется ${e}?`,
  ],
  en: [
    (e) => `Solve the equation: ${e}`,
    (e) => `Find the roots of ${e}.`,
    (e) => `Solve the quadratic equation ${e}.`,
    (e) => `For which x is ${e}?`,
  ],
};

/** Roots of ax² + bx + c with a given discriminant, ascending. */
function rootsFrom(a: number, b: number, D: number, divisor = 2 * a, negB = -b): Exact[] {
  if (D < 0) return [];
  const s = qsqrt(q(D));
  const den = q(divisor);
  if (D === 0) return [xdiv(q(negB), den)];
  const r1 = xdiv(xadd(q(negB), xneg(s)), den);
  const r2 = xdiv(xadd(q(negB), s), den);
  return xcmp(r1, r2) <= 0 ? [r1, r2] : [r2, r1];
}

/** Planted faults: +b for -b, +4ac in the discriminant, a divisor of a for 2a, a slip in D. */
type Fault = "negB" | "plus4ac" | "overA" | "slip";

const FAULTS: Record<Fault, (tx: typeof TEXT_EN, k: Coeffs, D: number, delta: number) => Named> = {
  negB: (tx, { b }) => ["sign_error", tx.usedInsteadOfIn, tx.theFormulaIsWith(b)],
  plus4ac: (tx, { a, b, c }, D) => ["sign_error", tx.gotTheSignWrong, tx.theDiscriminantIsBut(b, a, c, D)],
  overA: (tx, { a }) => ["wrong_formula", tx.dividedByInsteadOf, tx.theDenominatorOfThe(a)],
  slip: (tx, { a, b, c }, D, delta) => [
    "arithmetic_slip",
    tx.miscalculatedTheDiscriminant,
    tx.slipWas(b, a, c, D, D + delta),
  ],
};

class QuadraticProblem implements Problem, Faulty<Fault> {
  private readonly D: number;
  readonly roots: Exact[];
  private readonly text: string;
  private readonly ascii: string;
  private readonly std: string;

  constructor(
    readonly ctx: Ctx,
    private readonly k: Coeffs,
  ) {
    const { a, b, c } = k;
    this.D = b * b - 4 * a * c;
    this.roots = rootsFrom(a, b, this.D);
    const coeffs = [q(a), q(b), q(c)];
    this.std = `${polyDisplay(coeffs)} = 0`;
    if (k.moved) {
      const left = [q(a), q(b), q(0)];
      this.text = `${polyDisplay(left)} = ${-c}`;
      this.ascii = `${polyAscii(left)} = ${-c}`;
    } else {
      this.text = this.std;
      this.ascii = `${polyAscii(coeffs)} = 0`;
    }
  }

  ask(): string {
    return pickT(this.ctx, ASK)(this.text);
  }

  private rootsAnswer(roots: readonly Exact[], D: number): string {
    const tx = tr(this.ctx, TEXT);
    if (roots.length === 0) return tx.noRealRoots(D);
    if (roots.length === 1) return `x = ${xshow(roots[0])}`;
    return `x₁ = ${xshow(roots[0])}, x₂ = ${xshow(roots[1])}`;
  }

  /** The solution with an optional fault: "negB" (+b for -b), "plus4ac", "overA" (÷a not 2a), "slip". */
  work(fault?: Fault, delta = 0): Reply {
    const tx = tr(this.ctx, TEXT);
    const { a, b, c } = this.k;
    const steps: string[] = [];
    if (this.k.moved) steps.push(tx.bringEverythingToThe(this.std));
    steps.push(`a = ${a}, b = ${b}, c = ${c}`);
    let D = fault === "plus4ac" ? b * b + 4 * a * c : b * b - 4 * a * c;
    if (fault === "slip") D += delta;
    steps.push(`D = b² - 4ac = ${op(b)}² ${fault === "plus4ac" ? "+" : "-"} 4 · ${op(a)} · ${op(c)} = ${D}`);
    const negB = fault === "negB" ? b : -b;
    const divisor = fault === "overA" ? a : 2 * a;
    const nb = fault === "negB" ? "b" : "-b";
    const den = fault === "overA" ? "a" : "(2a)";
    const roots = rootsFrom(a, b, D, divisor, negB);
    if (D < 0) steps.push(tx.soThereAreNo);
    else if (D === 0)
      steps.push(
        tx.soThereIsOne(`x = ${eqChain([`${nb} / ${den}`, `${negB} / ${op(divisor)}`, xdisplay(roots[0])])}`),
      );
    else {
      const s = xdisplay(qsqrt(q(D)));
      steps.push(s === `√${D}` ? `√D = √${D}` : `√D = √${D} = ${s}`);
      steps.push(`x₁,₂ = (${nb} ± √D) / ${den} = (${negB} ± ${s}) / ${op(divisor)}`);
      steps.push(`x₁ = ${xshow(roots[0])}, x₂ = ${xshow(roots[1])}`);
    }
    const checks = [fault ? wrong(sv(this.ascii, "x", roots)) : sv(this.ascii, "x", roots)];
    if (!fault && roots.length === 0) checks.push(evs(`${op(b)}^2 - 4*${op(a)}*${op(c)}`, String(D)));
    return { steps, answer: this.rootsAnswer(roots, D), checks };
  }

  solve(): Reply {
    return this.work();
  }

  carry(): Carry {
    const tx = tr(this.ctx, TEXT);
    return rootCarry(
      this.roots[this.roots.length - 1],
      this.roots.length === 1 ? tx.theRoot : tx.theLargerRoot,
    );
  }

  followup(kind: FollowupKind): Exchange {
    const ctx = this.ctx;
    const tx = tr(ctx, TEXT);
    const { a, b, c } = this.k;
    const ans = this.rootsAnswer(this.roots, this.D);
    if (kind === "why") {
      const count = this.D > 0 ? tx.soThereAreTwo : tx.soThereIsExactly;
      return exchange(
        pickS(ctx, WHY),
        [tx.theDiscriminantFormulaWorks, tx.hereAnd(a, this.D, count), tx.guessingRootsDoesNot],
        tx.henceTheDiscriminant(ans),
        [sv(this.ascii, "x", this.roots)],
      );
    }
    if (kind === "alt") return this.alternative(ans);
    if (kind === "verify") return this.verify();
    // edge: the value of c that gives a single root (or, if already single, none).
    const cStar = R.div(q(b * b), q(4 * a));
    const single = this.D === 0;
    const expr = `${op(b)}^2/(4*${op(a)})`;
    return exchange(
      single ? tx.forWhichWouldThis : tx.forWhichValueOf,
      [
        tx.theNumberOfRoots(b, a),
        tx.when(b, a, cStar),
        single ? tx.when2(a, cStar) : tx.nowSoThereAre(c, this.D),
      ],
      single ? tx.for(a, cStar) : tx.for2(cStar),
      [ev(expr, cStar)],
    );
  }

  private alternative(ans: string): Exchange {
    const ctx = this.ctx;
    const tx = tr(ctx, TEXT);
    const { a, b, c } = this.k;
    const rational = this.roots.every((x) => !isSurd(x));
    const sum = R.div(q(-b), q(a));
    const prod = R.div(q(c), q(a));
    if (rational) {
      const factors = this.roots.map((x) =>
        (x as Q).n === 0 ? "x" : `(x ${R.sign(x as Q) < 0 ? "+" : "-"} ${qstr(R.abs(x as Q))})`,
      );
      const fact = `${coef(a)}${this.roots.length === 1 ? `${factors[0]}²` : factors.join("")} = 0`;
      return exchange(
        pickS(ctx, ALT),
        [tx.byVietaFormulasAnd(sum, prod), tx.theNumbersThatFit(this.roots, fact)],
        tx.factoringGivesTheSame(ans, sum, prod),
        [sv(this.ascii, "x", this.roots), ev(`-${op(b)}/${op(a)}`, sum), ev(`${op(c)}/${op(a)}`, prod)],
      );
    }
    // Completing the square.
    const h = R.div(q(b), q(2 * a));
    const rhs = R.div(q(this.D), q(4 * a * a));
    return exchange(
      pickS(ctx, ALT),
      [
        tx.completeTheSquareDivide,
        `${polyDisplay([q(1), R.div(q(b), q(a)), R.div(q(c), q(a))])} = 0`,
        `(x ${R.sign(h) < 0 ? "-" : "+"} ${qstr(R.abs(h))})² = ${qstr(rhs)}`,
        `x = ${qstr(R.neg(h))} ± √(${qstr(rhs)}) = ${qstr(R.neg(h))} ± ${xdisplay(qsqrt(rhs))}`,
      ],
      tx.theSameRoots(ans),
      [sv(this.ascii, "x", this.roots)],
    );
  }

  private verify(): Exchange {
    const ctx = this.ctx;
    const tx = tr(ctx, TEXT);
    const { a, b, c } = this.k;
    const steps: string[] = [tx.substituteTheRootsInto(this.std)];
    const checks = this.roots.map((x, i) => {
      const x2 = xmul(x, x);
      const t1 = xmul(q(a), x2);
      const t2 = xmul(q(b), x);
      const name = this.roots.length === 1 ? "x" : `x${i === 0 ? "₁" : "₂"}`;
      // Only the terms the equation has, and no factor 1 written ("x² = 5", not "1 · x² = 5, 0 · x = 0").
      const parts = [`${name}² = ${xdisplay(x2)}`];
      if (a !== 1) parts.push(`${a === -1 ? "-" : `${a} · `}${name}² = ${xdisplay(t1)}`);
      if (b !== 0 && b !== 1) parts.push(`${b === -1 ? "-" : `${b} · `}${name} = ${xdisplay(t2)}`);
      steps.push(`${name} = ${xdisplay(x)}: ${parts.join(", ")}`);
      const terms = [xdop(t1)];
      if (b !== 0) terms.push(xdop(t2));
      if (c !== 0) terms.push(op(c));
      steps.push(`${terms.join(" + ")} = 0`);
      return evs(`${op(a)}*${xop(x)}^2 + ${op(b)}*${xop(x)} + ${op(c)}`, "0");
    });
    return exchange(pickS(ctx, VERIFY), steps, tx.theLeftSideSo(this.roots), checks);
  }

  params(): Param[] {
    const ru = this.ctx.ru;
    const mk = (key: "a" | "b" | "c", ruL: string, enL: string, general: boolean): Param => ({
      key,
      label: ru ? ruL : enL,
      sym: key,
      value: q(this.k[key]),
      ops: general ? ["double", "negate", "set", "general"] : ["double", "negate", "set"],
      fresh: (ctx: Ctx) => q(rint(ctx, 1, 12)),
    });
    return [
      mk("a", "старший коэффициент a", "the leading coefficient a", false),
      mk("b", "коэффициент b", "the coefficient b", false),
      mk("c", "свободный член c", "the constant term c", true),
    ];
  }

  with(key: string, value: Exact): Problem | null {
    const v = wholeWithin(value, 400);
    if (v === null) return null;
    const k = { ...this.k, moved: false, [key]: v };
    if (k.a === 0) return null;
    return new QuadraticProblem(this.ctx, k);
  }

  general(key: string): Exchange | null {
    if (key !== "c" || this.roots.length === 0) return null;
    const tx = tr(this.ctx, TEXT);
    const { a, b, c } = this.k;
    const big = this.roots[this.roots.length - 1];
    const den = op(2 * a);
    const dC = `${b * b} ${a > 0 ? "-" : "+"} ${Math.abs(4 * a)}c`;
    const formula = `x = (${-b} ± √(${dC})) / ${den}`;
    const cStar = R.div(q(b * b), q(4 * a));
    const cond = a > 0 ? `c ≤ ${qstr(cStar)}` : `c ≥ ${qstr(cStar)}`;
    // With a < 0 the denominator is negative, so "-√D" gives the larger root.
    const pm = a > 0 ? "+" : "-";
    return exchange(
      tx.solveItInGeneral,
      [
        `${polyDisplay([q(a), q(b), q(0)])} + c = 0`,
        `D = ${op(b)}² - 4 · ${op(a)} · c = ${dC}`,
        tx.realRootsExistWhen(cond),
        formula,
        tx.forAndTheLarger(c, this.D, b, pm, den, big),
      ],
      tx.forAtTheLarger(formula, cond, c, big),
      [ev(`(${-b} ${pm} sqrt(${b * b} - 4*${op(a)}*${op(c)}))/${den}`, big)],
    );
  }

  faults(): Fault[] {
    const { a, b, c } = this.k;
    const options: Fault[] = ["overA", "slip"];
    if (b !== 0) options.push("negB", "negB");
    if (a * c !== 0) options.push("plus4ac", "plus4ac");
    return options;
  }

  /** A slip in the discriminant that keeps it non-negative. */
  slip(f: Fault): number {
    if (f !== "slip") return 0;
    const delta = this.ctx.rng.pick([1, -1, 2, -2, 4, -4, 10]);
    return this.D + delta < 0 ? -delta : delta;
  }

  named(f: Fault, delta: number): Named {
    return FAULTS[f](tr(this.ctx, TEXT), this.k, this.D, delta);
  }

  fallback(): [Fault, number, Named] {
    const tx = tr(this.ctx, TEXT);
    return ["overA", 0, ["wrong_formula", tx.dividedByInsteadOf, tx.theDenominatorOfThe2]];
  }

  mistake(): Mistake {
    return plantMistake(this, 12);
  }
}

const WHY = {
  ru: ["Почему вы решали через дискриминант?", "Зачем здесь нужен дискриминант?"],
  en: ["Why did you use the discriminant?", "Why go through the discriminant here?"],
};
const ALT = {
  ru: ["Можно ли найти корни другим способом?", "А есть способ без формулы корней?"],
  en: ["Is there another way to find the roots?", "Can we do it without the quadratic formula?"],
};
const VERIFY = {
  ru: ["Как проверить, что корни найдены верно?", "Как убедиться, что ответ правильный?"],
  en: ["How can we check these roots?", "How do we make sure the answer is right?"],
};

export const quadratic: TaskType = {
  id: "quadratic",
  domain: "math",
  create: (ctx) => new QuadraticProblem(ctx, draw(ctx)),
};
