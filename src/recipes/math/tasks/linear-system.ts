import { type Tr, tr } from "../lang.js";
import type { Exact } from "../num/exact.js";
import * as R from "../num/rational.js";
import { type Q, q, qstr } from "../num/rational.js";
import { eqChain, ev, evs, exchange, L, op, opInt, type Phrases, pickS, pickT, sv, wrong } from "../text.js";
import type {
  Carry,
  CheckSpec,
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
  eliminateMultiplyTheFirst: (s: Sys) =>
    s.b1 === 1 && s.b2 === 1
      ? "Eliminate y: subtract the second equation from the first."
      : s.b1 === 1
        ? `Eliminate y: multiply the first equation by ${opInt(s.b2)} and subtract the second.`
        : s.b2 === 1
          ? `Eliminate y: multiply the second equation by ${opInt(s.b1)} and subtract it from the first.`
          : `Eliminate y: multiply the first equation by ${opInt(s.b2)}, the second by ${opInt(s.b1)}, and subtract.`,
  putIntoTheFirst: (s: Sys, x: Q, rest: Q) =>
    `Put x into the first equation: ${times(s.b1, "y")} = ${s.c1}${minusTimes(s.a1, x)} = ${qstr(rest)}.`,
  theValueOf: "the value of x",
  multiplyingBothSidesBy:
    "Multiplying both sides by a number, and subtracting equals from equals, keep the equations true.",
  theFactorsAndMake: (s: Sys) =>
    s.b1 === 1 && s.b2 === 1
      ? "The y coefficients are already equal (1), so y cancels when subtracting."
      : `The factors ${opInt(s.b2)} and ${opInt(s.b1)} make both y coefficients equal (${s.b1 * s.b2}), so y cancels when subtracting.`,
  thatLeadsToThe: (ans: string) => `That leads to the unique solution: ${ans}.`,
  withCramerRule: "With Cramer's rule:",
  theSameSolution: (ans: string) => `The same solution: ${ans}.`,
  substituteAndIntoBoth: "Substitute x and y into both equations:",
  theLeftSidesGive: (s: Sys) =>
    `The left sides give ${s.c1} and ${s.c2}, matching the right sides, so the solution is correct.`,
  theSolutionIsUnique: "The solution is unique as long as the determinant Δ = a₁b₂ - a₂b₁ is not zero.",
  whenTheLinesAre: (s: Sys, crit: Q) =>
    `Δ = 0 when a₁ = a₂b₁ / b₂ = ${opInt(s.a2)} · ${opInt(s.b1)}${s.b2 === 1 ? "" : ` / ${opInt(s.b2)}`} = ${qstr(crit)}: the lines are then parallel or the same.`,
  forA1: (crit: Q) => `For a₁ = ${qstr(crit)}.`,
  theRightHandSide: "the right-hand side of the first equation",
  theRightHandSide2: "the right-hand side of the second equation",
  theCoefficientOfIn: "the coefficient of x in the first equation",
  whenSubtractingTheEquations: "When subtracting the equations I got the sign of the right side wrong.",
  theRightSideIs: (s: Sys, DX: number) =>
    `The right side is ${s.c1 * s.b2} - ${opInt(s.c2 * s.b1)} = ${DX}; I added instead.`,
  miscalculatedTheRightSide: "I miscalculated the right side after eliminating y.",
  slipWas: (s: Sys, DX: number, delta: number) =>
    `${s.c1 * s.b2} - ${opInt(s.c2 * s.b1)} = ${DX}, not ${DX + delta}.`,
  findingMultipliedByInstead: (s: Sys) => `Finding y, I multiplied by ${s.b1} instead of dividing.`,
  divideBy: (s: Sys, rest: Q) =>
    `${times(s.b1, "y")} = ${qstr(rest)} gives y = ${qstr(rest)} / ${opInt(s.b1)}.`,
  madeAnArithmeticSlip: "I made an arithmetic slip.",
  theRightSideAfter: "The right side after eliminating y was wrong.",
};

const TEXT: Tr<typeof TEXT_EN> = {
  ru: {
    eliminateMultiplyTheFirst: (s) =>
      s.b1 === 1 && s.b2 === 1
        ? "Исключим y: вычтем второе уравнение из первого."
        : s.b1 === 1
          ? `Исключим y: умножим первое уравнение на ${opInt(s.b2)} и вычтем второе.`
          : s.b2 === 1
            ? `Исключим y: умножим второе уравнение на ${opInt(s.b1)} и вычтем его из первого.`
            : `Исключим y: умножим первое уравнение на ${opInt(s.b2)}, второе на ${opInt(s.b1)} и вычтем.`,
    putIntoTheFirst: (s, x, rest) =>
      `Подставим x в первое уравнение: ${times(s.b1, "y")} = ${s.c1}${minusTimes(s.a1, x)} = ${qstr(rest)}.`,
    theValueOf: "найденное значение x",
    multiplyingBothSidesBy:
      "Умножение обеих частей уравнения на число и вычитание равных величин из равных сохраняют равенство.",
    theFactorsAndMake: (s) =>
      s.b1 === 1 && s.b2 === 1
        ? "Коэффициенты при y уже одинаковы (1), поэтому y исчезает при вычитании."
        : `Множители ${opInt(s.b2)} и ${opInt(s.b1)} подобраны так, чтобы коэффициенты при y стали одинаковыми (${s.b1 * s.b2}) и y исчез при вычитании.`,
    thatLeadsToThe: (ans) => `Так получаем единственное решение: ${ans}.`,
    withCramerRule: "По формулам Крамера:",
    theSameSolution: (ans) => `То же решение: ${ans}.`,
    substituteAndIntoBoth: "Подставим x и y в оба уравнения:",
    theLeftSidesGive: (s) => `Левые части равны ${s.c1} и ${s.c2}, как и правые, решение верное.`,
    theSolutionIsUnique: "Решение единственно, пока определитель Δ = a₁b₂ - a₂b₁ не равен нулю.",
    whenTheLinesAre: (s, crit) =>
      `Δ = 0 при a₁ = a₂b₁ / b₂ = ${opInt(s.a2)} · ${opInt(s.b1)}${s.b2 === 1 ? "" : ` / ${opInt(s.b2)}`} = ${qstr(crit)}: тогда прямые параллельны или совпадают.`,
    forA1: (crit) => `При a₁ = ${qstr(crit)}.`,
    theRightHandSide: "правую часть первого уравнения",
    theRightHandSide2: "правую часть второго уравнения",
    theCoefficientOfIn: "коэффициент при x в первом уравнении",
    whenSubtractingTheEquations: "При вычитании уравнений я ошибся в знаке правой части.",
    theRightSideIs: (s, DX) =>
      `Справа должно быть ${s.c1 * s.b2} - ${opInt(s.c2 * s.b1)} = ${DX}, а я сложил.`,
    miscalculatedTheRightSide: "Я ошибся в вычислении правой части после исключения y.",
    slipWas: (s, DX, delta) => `${s.c1 * s.b2} - ${opInt(s.c2 * s.b1)} = ${DX}, а не ${DX + delta}.`,
    findingMultipliedByInstead: (s) => `Находя y, я умножил на ${s.b1} вместо деления.`,
    divideBy: (s, rest) =>
      `Из ${times(s.b1, "y")} = ${qstr(rest)} следует y = ${qstr(rest)} / ${opInt(s.b1)}.`,
    madeAnArithmeticSlip: "Я ошибся в вычислении.",
    theRightSideAfter: "Правая часть после исключения y посчитана неверно.",
  },
  en: TEXT_EN,
};

/**
 * linear_system: two linear equations in x and y. Difficulty: a coefficient of 1 and a whole
 * positive solution (1-2), whole solutions with negatives (3-5), larger coefficients and
 * rational solutions (6-10). Solved by elimination; checks substitute each found value into one
 * equation and solve for the other, so together they confirm both equations.
 */
interface Sys {
  a1: number;
  b1: number;
  c1: number;
  a2: number;
  b2: number;
  c2: number;
}

function det(s: Sys): number {
  return s.a1 * s.b2 - s.a2 * s.b1;
}

/** The right side after eliminating y (Cramer's Δx). */
function dx(s: Sys): number {
  return s.c1 * s.b2 - s.c2 * s.b1;
}

function draw(ctx: Ctx): Sys {
  const dd = ctx.d;
  for (let i = 0; i < 50; i++) {
    const neg = dd >= 3;
    const hi = dd <= 2 ? 5 : dd <= 5 ? 9 : 12;
    const s: Sys = {
      a1: signedInt(ctx, 1, hi, neg),
      b1: signedInt(ctx, 1, hi, neg),
      c1: 0,
      a2: signedInt(ctx, 1, hi, neg),
      b2: signedInt(ctx, 1, hi, neg),
      c2: 0,
    };
    if (dd <= 2) s.a1 = 1;
    if (det(s) === 0) continue;
    if (dd <= 5) {
      const x = signedInt(ctx, 1, dd <= 2 ? 9 : 12, neg);
      const y = signedInt(ctx, 1, dd <= 2 ? 9 : 12, neg);
      s.c1 = s.a1 * x + s.b1 * y;
      s.c2 = s.a2 * x + s.b2 * y;
    } else {
      s.c1 = signedInt(ctx, 1, 40, true);
      s.c2 = signedInt(ctx, 1, 40, true);
    }
    return s;
  }
  return { a1: 1, b1: 1, c1: 5, a2: 1, b2: -1, c2: 1 };
}

function term(k: number, v: string, first: boolean): string {
  const mag = Math.abs(k) === 1 ? v : `${Math.abs(k)}${v}`;
  if (first) return k < 0 ? `-${mag}` : mag;
  return k < 0 ? ` - ${mag}` : ` + ${mag}`;
}

/** " - a · x" in running text, without a factor ±1: " - 4", " + 4", " - 3 · 4". */
function minusTimes(a: number, x: Q): string {
  return a === 1 ? ` - ${op(x)}` : a === -1 ? ` + ${op(x)}` : ` - ${opInt(a)} · ${op(x)}`;
}

/** k·v as a step writes it: "(-3)y", "3y", but "y" and "-y" for k = ±1. */
function times(k: number, v: string): string {
  return Math.abs(k) === 1 ? term(k, v, true) : `${opInt(k)}${v}`;
}

function eqText(a: number, b: number, c: number): string {
  return `${term(a, "x", true)}${term(b, "y", false)} = ${c}`;
}

/** `p·s - r·t` with the operator `mul` ("*" in checks, " · " in text): a 2×2 determinant. */
function cross(p: number, s: number, r: number, t: number, mul: string): string {
  return `${p}${mul}${opInt(s)} - ${opInt(r)}${mul}${opInt(t)}`;
}

/** The left side `a·x + b·y` at a found pair, with the operator `mul`. */
function lhs(a: number, b: number, x: Q, y: Q, mul: string): string {
  return `${opInt(a)}${mul}${op(x)} + ${opInt(b)}${mul}${op(y)}`;
}

/** The left side at a found pair as text: "2 · 3 + 4", "-3 - 4", with no factor ±1 written. */
function lhsText(a: number, b: number, x: Q, y: Q): string {
  const first = a === 1 ? op(x) : a === -1 ? `-${op(x)}` : `${opInt(a)} · ${op(x)}`;
  return `${first}${b === 1 ? ` + ${op(y)}` : b === -1 ? ` - ${op(y)}` : ` + ${opInt(b)} · ${op(y)}`}`;
}

const ASK: Phrases<[string, string]> = {
  ru: [
    (e1, e2) => `Решите систему уравнений:\n${e1}\n${e2}`,
    (e1, e2) => `Найдите x и y, если ${e1} и ${e2}.`,
    (e1, e2) => `Решите систему: { ${e1}; ${e2} }`,
  ],
  en: [
    (e1, e2) => `Solve the system of equations:\n${e1}\n${e2}`,
    (e1, e2) => `Find x and y if ${e1} and ${e2}.`,
    (e1, e2) => `Solve the system { ${e1}; ${e2} }.`,
  ],
};
const WHY = {
  ru: ["Почему уравнения можно умножать и вычитать друг из друга?", "Зачем умножать уравнения на эти числа?"],
  en: ["Why can we multiply and subtract the equations?", "Why multiply the equations by those numbers?"],
};

/** Planted faults: the right side added instead of subtracted, slipped by delta, or y multiplied out. */
type Fault = "sign" | "slip" | "multiply";

const FAULTS: Record<Fault, (tx: typeof TEXT_EN, s: Sys, delta: number, x: Q) => Named> = {
  sign: (tx, s) => ["sign_error", tx.whenSubtractingTheEquations, tx.theRightSideIs(s, dx(s))],
  slip: (tx, s, delta) => ["arithmetic_slip", tx.miscalculatedTheRightSide, tx.slipWas(s, dx(s), delta)],
  multiply: (tx, s, _delta, x) => [
    "wrong_formula",
    tx.findingMultipliedByInstead(s),
    tx.divideBy(s, R.sub(q(s.c1), R.mul(q(s.a1), x))),
  ],
};

class SystemProblem implements Problem, Faulty<Fault> {
  readonly x: Q;
  readonly y: Q;

  constructor(
    readonly ctx: Ctx,
    private readonly s: Sys,
  ) {
    const D = det(s);
    this.x = q(dx(s), D);
    this.y = q(s.a1 * s.c2 - s.a2 * s.c1, D);
  }

  ask(): string {
    const s = this.s;
    return pickT(this.ctx, ASK)(eqText(s.a1, s.b1, s.c1), eqText(s.a2, s.b2, s.c2));
  }

  /** The two checks for a claimed pair: each value solves one equation given the other. */
  private checks(x: Q, y: Q, markWrong: boolean): CheckSpec[] {
    const s = this.s;
    const c1 = sv(`${opInt(s.a1)}*x + ${opInt(s.b1)}*${op(y)} = ${s.c1}`, "x", [x]);
    const c2 = sv(`${opInt(s.a2)}*${op(x)} + ${opInt(s.b2)}*y = ${s.c2}`, "y", [y]);
    if (!markWrong) return [c1, c2];
    // Mark exactly the claims that are false (a wrong pair can still satisfy one equation).
    const ok1 = R.eq(R.add(R.mul(q(s.a1), x), R.mul(q(s.b1), y)), q(s.c1));
    const ok2 = R.eq(R.add(R.mul(q(s.a2), x), R.mul(q(s.b2), y)), q(s.c2));
    return [ok1 ? c1 : wrong(c1), ok2 ? c2 : wrong(c2)];
  }

  /** Elimination, then substitution, with an optional fault. */
  work(fault?: Fault, delta = 1): Reply {
    const tx = tr(this.ctx, TEXT);
    const s = this.s;
    const D = det(s);
    let DX = fault === "sign" ? s.c1 * s.b2 + s.c2 * s.b1 : dx(s);
    if (fault === "slip") DX += delta;
    const x = q(DX, D);
    const rest = R.sub(q(s.c1), R.mul(q(s.a1), x));
    const y = fault === "multiply" ? R.mul(rest, q(s.b1)) : R.div(rest, q(s.b1));
    const steps: string[] = [
      tx.eliminateMultiplyTheFirst(s),
      `(${s.a1 * s.b2} - ${opInt(s.a2 * s.b1)})x = ${s.c1 * s.b2} ${fault === "sign" ? "+" : "-"} ${opInt(s.c2 * s.b1)}`,
      // "x = 7" once, not "x = 7, x = 7", when the x coefficient comes out 1.
      D === 1 ? `x = ${DX}` : `${term(D, "x", true)} = ${DX}, x = ${qstr(x)}`,
      tx.putIntoTheFirst(s, x, rest),
    ];
    // With y alone (b₁ = 1) the line before already reads "y = ..."; nothing is divided by 1.
    if (s.b1 !== 1)
      steps.push(
        `y = ${eqChain([`${op(rest)} ${fault === "multiply" ? "·" : "/"} ${opInt(s.b1)}`, qstr(y)])}`,
      );
    return { steps, answer: this.answer(x, y), checks: this.checks(x, y, fault !== undefined) };
  }

  private answer(x: Q, y: Q): string {
    return `x = ${qstr(x)}, y = ${qstr(y)}`;
  }

  solve(): Reply {
    return this.work();
  }

  carry(): Carry {
    return rootCarry(this.x, tr(this.ctx, TEXT).theValueOf);
  }

  followup(kind: FollowupKind): Exchange {
    const ctx = this.ctx;
    const tx = tr(ctx, TEXT);
    const s = this.s;
    const ans = this.answer(this.x, this.y);
    if (kind === "why")
      return exchange(
        pickS(ctx, WHY),
        [tx.multiplyingBothSidesBy, tx.theFactorsAndMake(s)],
        tx.thatLeadsToThe(ans),
        this.checks(this.x, this.y, false),
      );
    if (kind === "alt") {
      const DY = s.a1 * s.c2 - s.a2 * s.c1;
      const D = cross(s.a1, s.b2, s.a2, s.b1, "*");
      return exchange(
        L(ctx, "Можно решить другим способом?", "Can it be solved another way?"),
        [
          tx.withCramerRule,
          `Δ = ${cross(s.a1, s.b2, s.a2, s.b1, " · ")} = ${det(s)}`,
          `Δx = ${cross(s.c1, s.b2, s.c2, s.b1, " · ")} = ${dx(s)}, Δy = ${cross(s.a1, s.c2, s.a2, s.c1, " · ")} = ${DY}`,
          `x = Δx / Δ = ${qstr(this.x)}, y = Δy / Δ = ${qstr(this.y)}`,
        ],
        tx.theSameSolution(ans),
        [
          ev(`(${cross(s.c1, s.b2, s.c2, s.b1, "*")})/(${D})`, this.x),
          ev(`(${cross(s.a1, s.c2, s.a2, s.c1, "*")})/(${D})`, this.y),
        ],
      );
    }
    if (kind === "verify")
      return exchange(
        L(ctx, "Как проверить решение?", "How can we check the solution?"),
        [
          tx.substituteAndIntoBoth,
          `${lhsText(s.a1, s.b1, this.x, this.y)} = ${s.c1}`,
          `${lhsText(s.a2, s.b2, this.x, this.y)} = ${s.c2}`,
        ],
        tx.theLeftSidesGive(s),
        [
          evs(lhs(s.a1, s.b1, this.x, this.y, "*"), String(s.c1)),
          evs(lhs(s.a2, s.b2, this.x, this.y, "*"), String(s.c2)),
        ],
      );
    const crit = q(s.a2 * s.b1, s.b2);
    return exchange(
      L(
        ctx,
        "При каком коэффициенте при x в первом уравнении система не имела бы единственного решения?",
        "For which coefficient of x in the first equation would the system not have a unique solution?",
      ),
      [tx.theSolutionIsUnique, tx.whenTheLinesAre(s, crit)],
      tx.forA1(crit),
      [ev(`${opInt(s.a2)}*${opInt(s.b1)}/${opInt(s.b2)}`, crit)],
    );
  }

  params(): Param[] {
    const tx = tr(this.ctx, TEXT);
    const s = this.s;
    const rhs = (c: Ctx) => q(signedInt(c, 1, 40, true));
    return [
      param("c1", tx.theRightHandSide, undefined, q(s.c1), ["double", "negate", "set"], rhs),
      param("c2", tx.theRightHandSide2, undefined, q(s.c2), ["double", "negate", "set"], rhs),
      param("a1", tx.theCoefficientOfIn, undefined, q(s.a1), ["double", "set"], (c) =>
        q(signedInt(c, 1, 9, true)),
      ),
    ];
  }

  with(key: string, value: Exact): Problem | null {
    const v = wholeWithin(value, 1000);
    if (v === null || v === 0) return null;
    const s = { ...this.s, [key]: v };
    if (det(s) === 0) return null;
    return new SystemProblem(this.ctx, s);
  }

  faults(): Fault[] {
    return Math.abs(this.s.b1) !== 1 ? ["sign", "slip", "multiply"] : ["sign", "slip"];
  }

  slip(): number {
    return this.ctx.rng.pick([1, -1, 2, -2]);
  }

  named(f: Fault, delta: number): Named {
    return FAULTS[f](tr(this.ctx, TEXT), this.s, delta, this.x);
  }

  fallback(): [Fault, number, Named] {
    const tx = tr(this.ctx, TEXT);
    return ["slip", 1, ["arithmetic_slip", tx.madeAnArithmeticSlip, tx.theRightSideAfter]];
  }

  mistake(): Mistake {
    return plantMistake(this, 10);
  }
}

export const linearSystem: TaskType = {
  id: "linear_system",
  domain: "math",
  create: (ctx) => new SystemProblem(ctx, draw(ctx)),
  multiline: true,
};
