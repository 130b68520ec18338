import { type Tr, tr } from "../lang.js";
import { type Exact, isSurd } from "../num/exact.js";
import * as R from "../num/rational.js";
import { type Q, q, qstr } from "../num/rational.js";
import { ev, evs, exchange, L, type Phrases, pickS, pickT, wrong } from "../text.js";
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
import { param } from "./formula.js";

/** This module's texts: English here, every other language in TEXT (a missing entry does not compile). */
const TEXT_EN = {
  eliminateMultiplyTheFirst: (s: Sys) =>
    `Eliminate y: multiply the first equation by ${n(s.b2)}, the second by ${n(s.b1)}, and subtract.`,
  putIntoTheFirst: (s: Sys, x: R.Q, rest: R.Q) =>
    `Put x into the first equation: ${n(s.b1)}y = ${s.c1} - ${n(s.a1)} · ${o(x)} = ${qstr(rest)}.`,
  theValueOf: "the value of x",
  multiplyingBothSidesBy:
    "Multiplying both sides by a number, and subtracting equals from equals, keep the equations true.",
  theFactorsAndMake: (s: Sys) =>
    `The factors ${n(s.b2)} and ${n(s.b1)} make both y coefficients equal (${s.b1 * s.b2}), so y cancels when subtracting.`,
  thatLeadsToThe: (ans: string) => `That leads to the unique solution: ${ans}.`,
  withCramerRule: "With Cramer's rule:",
  theSameSolution: (ans: string) => `The same solution: ${ans}.`,
  substituteAndIntoBoth: "Substitute x and y into both equations:",
  theLeftSidesGive: (s: Sys) =>
    `The left sides give ${s.c1} and ${s.c2}, matching the right sides, so the solution is correct.`,
  theSolutionIsUnique: "The solution is unique as long as the determinant Δ = a₁b₂ - a₂b₁ is not zero.",
  whenTheLinesAre: (s: Sys, crit: R.Q) =>
    `Δ = 0 when a₁ = a₂b₁ / b₂ = ${n(s.a2)} · ${n(s.b1)} / ${n(s.b2)} = ${qstr(crit)}: the lines are then parallel or the same.`,
  for: (crit: R.Q) => `For a₁ = ${qstr(crit)}.`,
  theRightHandSide: "the right-hand side of the first equation",
  theRightHandSide2: "the right-hand side of the second equation",
  theCoefficientOfIn: "the coefficient of x in the first equation",
  whenSubtractingTheEquations: "When subtracting the equations I got the sign of the right side wrong.",
  theRightSideIs: (s: Sys, DX: number) =>
    `The right side is ${s.c1 * s.b2} - ${n(s.c2 * s.b1)} = ${DX}; I added instead.`,
  miscalculatedTheRightSide: "I miscalculated the right side after eliminating y.",
  not: (s: Sys, DX: number, delta: number) =>
    `${s.c1 * s.b2} - ${n(s.c2 * s.b1)} = ${DX}, not ${DX + delta}.`,
  findingMultipliedByInstead: (s: Sys) => `Finding y, I multiplied by ${s.b1} instead of dividing.`,
  gives: (s: Sys, selfX: R.Q) =>
    `${n(s.b1)}y = ${qstr(R.sub(q(s.c1), R.mul(q(s.a1), selfX)))} gives y = ${qstr(R.sub(q(s.c1), R.mul(q(s.a1), selfX)))} / ${n(s.b1)}.`,
  madeAnArithmeticSlip: "I made an arithmetic slip.",
  theRightSideAfter: "The right side after eliminating y was wrong.",
};

const TEXT: Tr<typeof TEXT_EN> = {
  ru: {
    eliminateMultiplyTheFirst: (s) =>
      `Исключим y: умножим первое уравнение на ${n(s.b2)}, второе на ${n(s.b1)} и вычтем.`,
    putIntoTheFirst: (s, x, rest) =>
      `Подставим x в первое уравнение: ${n(s.b1)}y = ${s.c1} - ${n(s.a1)} · ${o(x)} = ${qstr(rest)}.`,
    theValueOf: "найденное значение x",
    multiplyingBothSidesBy:
      "Умножение обеих частей уравнения на число и вычитание равных величин из равных сохраняют равенство.",
    theFactorsAndMake: (s) =>
      `Множители ${n(s.b2)} и ${n(s.b1)} подобраны так, чтобы коэффициенты при y стали одинаковыми (${s.b1 * s.b2}) и y исчез при вычитании.`,
    thatLeadsToThe: (ans) => `Так получаем единственное решение: ${ans}.`,
    withCramerRule: "По формулам Крамера:",
    theSameSolution: (ans) => `То же решение: ${ans}.`,
    substituteAndIntoBoth: "Подставим x и y в оба уравнения:",
    theLeftSidesGive: (s) => `Левые части равны ${s.c1} и ${s.c2}, как и правые, решение верное.`,
    theSolutionIsUnique: "Решение единственно, пока определитель Δ = a₁b₂ - a₂b₁ не равен нулю.",
    whenTheLinesAre: (s, crit) =>
      `Δ = 0 при a₁ = a₂b₁ / b₂ = ${n(s.a2)} · ${n(s.b1)} / ${n(s.b2)} = ${qstr(crit)}: тогда прямые параллельны или совпадают.`,
    for: (crit) => `При a₁ = ${qstr(crit)}.`,
    theRightHandSide: "правую часть первого уравнения",
    theRightHandSide2: "правую часть второго уравнения",
    theCoefficientOfIn: "коэффициент при x в первом уравнении",
    whenSubtractingTheEquations: "При вычитании уравнений я ошибся в знаке правой части.",
    theRightSideIs: (s, DX) => `Справа должно быть ${s.c1 * s.b2} - ${n(s.c2 * s.b1)} = ${DX}, а я сложил.`,
    miscalculatedTheRightSide: "Я ошибся в вычислении правой части после исключения y.",
    not: (s, DX, delta) => `${s.c1 * s.b2} - ${n(s.c2 * s.b1)} = ${DX}, а не ${DX + delta}.`,
    findingMultipliedByInstead: (s) => `Находя y, я умножил на ${s.b1} вместо деления.`,
    gives: (s, selfX) =>
      `Из ${n(s.b1)}y = ${qstr(R.sub(q(s.c1), R.mul(q(s.a1), selfX)))} следует y = ${qstr(R.sub(q(s.c1), R.mul(q(s.a1), selfX)))} / ${n(s.b1)}.`,
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

function nz(ctx: Ctx, lo: number, hi: number, neg: boolean): number {
  const v = ctx.rng.int(lo, hi);
  return neg && ctx.rng.chance(0.4) ? -v : v;
}

function det(s: Sys): number {
  return s.a1 * s.b2 - s.a2 * s.b1;
}

function draw(ctx: Ctx): Sys {
  const dd = ctx.d;
  for (let i = 0; i < 50; i++) {
    const neg = dd >= 3;
    const hi = dd <= 2 ? 5 : dd <= 5 ? 9 : 12;
    const s: Sys = {
      a1: nz(ctx, 1, hi, neg),
      b1: nz(ctx, 1, hi, neg),
      c1: 0,
      a2: nz(ctx, 1, hi, neg),
      b2: nz(ctx, 1, hi, neg),
      c2: 0,
    };
    if (dd <= 2) s.a1 = 1;
    if (det(s) === 0) continue;
    if (dd <= 5) {
      const x = nz(ctx, 1, dd <= 2 ? 9 : 12, neg);
      const y = nz(ctx, 1, dd <= 2 ? 9 : 12, neg);
      s.c1 = s.a1 * x + s.b1 * y;
      s.c2 = s.a2 * x + s.b2 * y;
    } else {
      s.c1 = nz(ctx, 1, 40, true);
      s.c2 = nz(ctx, 1, 40, true);
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

function eqText(a: number, b: number, c: number): string {
  return `${term(a, "x", true)}${term(b, "y", false)} = ${c}`;
}

function o(x: Q): string {
  return x.d === 1 && x.n >= 0 ? qstr(x) : `(${qstr(x)})`;
}

function n(k: number): string {
  return k < 0 ? `(${k})` : String(k);
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

class SystemProblem implements Problem {
  readonly x: Q;
  readonly y: Q;

  constructor(
    private readonly ctx: Ctx,
    private readonly s: Sys,
  ) {
    const D = det(s);
    this.x = q(s.c1 * s.b2 - s.c2 * s.b1, D);
    this.y = q(s.a1 * s.c2 - s.a2 * s.c1, D);
  }

  ask(): string {
    const s = this.s;
    return pickT(this.ctx, ASK)(eqText(s.a1, s.b1, s.c1), eqText(s.a2, s.b2, s.c2));
  }

  /** The two checks for a claimed pair: each value solves one equation given the other. */
  private checks(x: Q, y: Q, markWrong: boolean): CheckSpec[] {
    const s = this.s;
    const c1: CheckSpec = {
      kind: "solve",
      expr: `${n(s.a1)}*x + ${n(s.b1)}*${o(y)} = ${s.c1}`,
      var: "x",
      answer: [qstr(x)],
    };
    const c2: CheckSpec = {
      kind: "solve",
      expr: `${n(s.a2)}*${o(x)} + ${n(s.b2)}*y = ${s.c2}`,
      var: "y",
      answer: [qstr(y)],
    };
    if (!markWrong) return [c1, c2];
    // Mark exactly the claims that are false (a wrong pair can still satisfy one equation).
    const ok1 = R.eq(R.add(R.mul(q(s.a1), x), R.mul(q(s.b1), y)), q(s.c1));
    const ok2 = R.eq(R.add(R.mul(q(s.a2), x), R.mul(q(s.b2), y)), q(s.c2));
    return [ok1 ? c1 : wrong(c1), ok2 ? c2 : wrong(c2)];
  }

  private work(fault?: "sign" | "slip" | "multiply", delta = 1): { steps: string[]; x: Q; y: Q } {
    const tx = tr(this.ctx, TEXT);
    const s = this.s;
    const D = det(s);
    let DX = fault === "sign" ? s.c1 * s.b2 + s.c2 * s.b1 : s.c1 * s.b2 - s.c2 * s.b1;
    if (fault === "slip") DX += delta;
    const x = q(DX, D);
    const rest = R.sub(q(s.c1), R.mul(q(s.a1), x));
    const y = fault === "multiply" ? R.mul(rest, q(s.b1)) : R.div(rest, q(s.b1));
    const steps = [
      tx.eliminateMultiplyTheFirst(s),
      `(${s.a1 * s.b2} - ${n(s.a2 * s.b1)})x = ${s.c1 * s.b2} ${fault === "sign" ? "+" : "-"} ${n(s.c2 * s.b1)}`,
      `${D}x = ${DX}, x = ${qstr(x)}`,
      tx.putIntoTheFirst(s, x, rest),
      fault === "multiply"
        ? `y = ${o(rest)} · ${n(s.b1)} = ${qstr(y)}`
        : `y = ${o(rest)} / ${n(s.b1)} = ${qstr(y)}`,
    ];
    return { steps, x, y };
  }

  private answer(x: Q, y: Q): string {
    return `x = ${qstr(x)}, y = ${qstr(y)}`;
  }

  solve(): Reply {
    const { steps, x, y } = this.work();
    return { steps, answer: this.answer(x, y), checks: this.checks(x, y, false) };
  }

  carry(): Carry {
    return {
      kind: "number",
      value: this.x,
      ref: tr(this.ctx, TEXT).theValueOf,
      sym: "x",
      decimal: false,
    };
  }

  followup(kind: FollowupKind): Exchange {
    const ctx = this.ctx;
    const tx = tr(ctx, TEXT);
    const s = this.s;
    const ans = this.answer(this.x, this.y);
    if (kind === "why")
      return exchange(
        pickS(ctx, {
          ru: [
            "Почему уравнения можно умножать и вычитать друг из друга?",
            "Зачем умножать уравнения на эти числа?",
          ],
          en: [
            "Why can we multiply and subtract the equations?",
            "Why multiply the equations by those numbers?",
          ],
        }),
        [tx.multiplyingBothSidesBy, tx.theFactorsAndMake(s)],
        tx.thatLeadsToThe(ans),
        this.checks(this.x, this.y, false),
      );
    if (kind === "alt") {
      const D = det(s);
      const DX = s.c1 * s.b2 - s.c2 * s.b1;
      const DY = s.a1 * s.c2 - s.a2 * s.c1;
      return exchange(
        L(ctx, "Можно решить другим способом?", "Can it be solved another way?"),
        [
          tx.withCramerRule,
          `Δ = ${s.a1} · ${n(s.b2)} - ${n(s.a2)} · ${n(s.b1)} = ${D}`,
          `Δx = ${s.c1} · ${n(s.b2)} - ${n(s.c2)} · ${n(s.b1)} = ${DX}, Δy = ${s.a1} · ${n(s.c2)} - ${n(s.a2)} · ${n(s.c1)} = ${DY}`,
          `x = Δx / Δ = ${qstr(this.x)}, y = Δy / Δ = ${qstr(this.y)}`,
        ],
        tx.theSameSolution(ans),
        [
          ev(
            `(${s.c1}*${n(s.b2)} - ${n(s.c2)}*${n(s.b1)})/(${s.a1}*${n(s.b2)} - ${n(s.a2)}*${n(s.b1)})`,
            this.x,
          ),
          ev(
            `(${s.a1}*${n(s.c2)} - ${n(s.a2)}*${n(s.c1)})/(${s.a1}*${n(s.b2)} - ${n(s.a2)}*${n(s.b1)})`,
            this.y,
          ),
        ],
      );
    }
    if (kind === "verify") {
      const l1 = `${n(s.a1)} · ${o(this.x)} + ${n(s.b1)} · ${o(this.y)}`;
      const l2 = `${n(s.a2)} · ${o(this.x)} + ${n(s.b2)} · ${o(this.y)}`;
      return exchange(
        L(ctx, "Как проверить решение?", "How can we check the solution?"),
        [tx.substituteAndIntoBoth, `${l1} = ${s.c1}`, `${l2} = ${s.c2}`],
        tx.theLeftSidesGive(s),
        [
          evs(`${n(s.a1)}*${o(this.x)} + ${n(s.b1)}*${o(this.y)}`, String(s.c1)),
          evs(`${n(s.a2)}*${o(this.x)} + ${n(s.b2)}*${o(this.y)}`, String(s.c2)),
        ],
      );
    }
    const crit = q(s.a2 * s.b1, s.b2);
    return exchange(
      L(
        ctx,
        "При каком коэффициенте при x в первом уравнении система не имела бы единственного решения?",
        "For which coefficient of x in the first equation would the system not have a unique solution?",
      ),
      [tx.theSolutionIsUnique, tx.whenTheLinesAre(s, crit)],
      tx.for(crit),
      [ev(`${n(s.a2)}*${n(s.b1)}/${n(s.b2)}`, crit)],
    );
  }

  params(): Param[] {
    const tx = tr(this.ctx, TEXT);
    const s = this.s;
    return [
      param("c1", tx.theRightHandSide, undefined, q(s.c1), ["double", "negate", "set"], (c) =>
        q(nz(c, 1, 40, true)),
      ),
      param("c2", tx.theRightHandSide2, undefined, q(s.c2), ["double", "negate", "set"], (c) =>
        q(nz(c, 1, 40, true)),
      ),
      param("a1", tx.theCoefficientOfIn, undefined, q(s.a1), ["double", "set"], (c) => q(nz(c, 1, 9, true))),
    ];
  }

  with(key: string, value: Exact): Problem | null {
    if (isSurd(value) || value.d !== 1 || value.n === 0 || Math.abs(value.n) > 1000) return null;
    const s = { ...this.s, [key]: value.n };
    if (det(s) === 0) return null;
    return new SystemProblem(this.ctx, s);
  }

  mistake(): Mistake {
    const ctx = this.ctx;
    const tx = tr(ctx, TEXT);
    const s = this.s;
    const kinds: ("sign" | "slip" | "multiply")[] = ["sign", "slip"];
    if (Math.abs(s.b1) !== 1) kinds.push("multiply");
    for (let i = 0; i < 10; i++) {
      const f = ctx.rng.pick(kinds);
      const delta = ctx.rng.pick([1, -1, 2, -2]);
      const bad = this.work(f, delta);
      if (R.eq(bad.x, this.x) && R.eq(bad.y, this.y)) continue;
      const wrongReply: Reply = {
        steps: bad.steps,
        answer: this.answer(bad.x, bad.y),
        checks: this.checks(bad.x, bad.y, true),
      };
      const DX = s.c1 * s.b2 - s.c2 * s.b1;
      if (f === "sign")
        return {
          kind: "sign_error",
          wrong: wrongReply,
          short: tx.whenSubtractingTheEquations,
          explain: [tx.theRightSideIs(s, DX)],
        };
      if (f === "slip")
        return {
          kind: "arithmetic_slip",
          wrong: wrongReply,
          short: tx.miscalculatedTheRightSide,
          explain: [tx.not(s, DX, delta)],
        };
      return {
        kind: "wrong_formula",
        wrong: wrongReply,
        short: tx.findingMultipliedByInstead(s),
        explain: [tx.gives(s, this.x)],
      };
    }
    const bad = this.work("slip", 1);
    return {
      kind: "arithmetic_slip",
      wrong: { steps: bad.steps, answer: this.answer(bad.x, bad.y), checks: this.checks(bad.x, bad.y, true) },
      short: tx.madeAnArithmeticSlip,
      explain: [tx.theRightSideAfter],
    };
  }
}

export const linearSystem: TaskType = {
  id: "linear_system",
  domain: "math",
  create: (ctx) => new SystemProblem(ctx, draw(ctx)),
};
