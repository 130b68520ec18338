import { PHYS_POOLS } from "./chain-physics.js";
import { AN, aN, count, form, noun, RU, type Tr, tr } from "./lang.js";
import { MONEY } from "./nouns.js";
import { type Exact, isSurd, qsqrt, xadd, xascii, xmul, xnum, xsign, xsub } from "./num/exact.js";
import { aopnd, asc, dopnd, show } from "./num/fmt.js";
import { polyDisplay } from "./num/poly.js";
import * as R from "./num/rational.js";
import { q } from "./num/rational.js";
import { quantityRef, unit } from "./physics.js";
import { eqChain, evs, L, type Phrases, pickS, pickT, ruN, signed } from "./text.js";
import type { Carry, ChainStep, ChainStepFn, Ctx, Problem, QuantityKind } from "./types.js";

/**
 * Generic chain steps: each takes the previous turn's result (its kind says what it is) and asks
 * a new question that needs it. Tasks may put their own steps first (Problem.chain); these keep
 * a chain going for any number of turns.
 */
export function genericChain(ctx: Ctx, c: Carry, used?: Set<unknown>, pools = POOLS): ChainStep | null {
  used?.add(valueKey(c));
  // A step that lands on 0 ("16 - 16") or on a value the chain already had asks nothing new.
  const isNew = (step: ChainStep) => xsign(step.carry.value) !== 0 && !used?.has(valueKey(step.carry));
  // Arithmetic on a carried 0 alone ("0 · 5 = 0", "0² = 0") teaches nothing: put it into an expression.
  if (xsign(c.value) === 0) {
    const zero = { ...c, kind: "number" as const };
    let step = substLinearStep(ctx, zero)!;
    for (let i = 0; i < 6 && !isNew(step); i++) step = substLinearStep(ctx, zero)!;
    return step;
  }
  // Physics steps reuse the value as printed, a rational: none applies to a surd.
  const pool = pools[c.kind] ?? (isSurd(c.value) ? undefined : PHYS_POOLS[c.kind]);
  if (pool) {
    // Prefer a kind of step this dialogue has not had yet, so a chain does not repeat itself, and
    // above all one that does not lead back to a value the chain already had (÷ 6 after × 6; the
    // area of a square with the side just found from that area).
    for (let i = 0; i < 12; i++) {
      const f = ctx.rng.pick(pool);
      if (i < 6 && used?.has(f)) continue;
      const step = f(ctx, c);
      if (step && isNew(step)) {
        used?.add(f);
        return step;
      }
    }
    // Each kind of step a few more draws: its fresh numbers may yet give a plausible result, and
    // one that is new to the chain before one that is not.
    let fallback: ChainStep | null = null;
    for (const f of pool)
      for (let k = 0; k < 4; k++) {
        const step = f(ctx, c);
        if (step && isNew(step)) return step;
        fallback ??= step;
      }
    if (fallback) return fallback;
    // A physical value no step fits (too large for every follow-on): the chain ends here rather
    // than turn into bare arithmetic on a quantity ("Increase that power by 183").
    if (!pools[c.kind]) return null;
  }
  // A value no domain step fits: carry on with plain arithmetic on it.
  return addStep(ctx, { ...c, kind: "number" })!;
}

/**
 * A carried value as the chain's `used` set remembers it, beside the step functions used: by
 * its dimension, so a perimeter of 520 cm is no return to an area of 520 cm², while 49/289 is one
 * whether a probability or a plain number ("490/289 ÷ 10" after "10 · 49/289").
 */
function valueKey(c: Carry): string {
  const dimensionless = c.kind === "number" || c.kind === "probability" || c.kind === "count";
  const v = c.value;
  // A rational by its reduced numerator and denominator: no need to format it.
  return `${dimensionless ? "" : c.kind}:${isSurd(v) ? xascii(v) : `${v.n}/${v.d}`}`;
}

/**
 * The carry a chain starts from. A physics problem's own numbers are not drawn again by the first
 * step (a 13 kg sledge's energy, then the speed of a 13 kg body with it): see Carry.avoid. Other
 * kinds draw no physical data, and skip the cost of listing the parameters.
 */
export function chainStart(p: Problem): Carry {
  const first = p.carry();
  if (!PHYS_POOLS[first.kind]) return first;
  const avoid = first.avoid ? first.avoid.slice() : [];
  for (const x of p.params()) avoid.push(x.value);
  // A copy (a staged problem hands out its second stage's own carry), field by field: cheaper
  // than a spread, and the same object shape as every other carry.
  return {
    kind: first.kind,
    value: first.value,
    ref: first.ref,
    decimal: first.decimal,
    gas: first.gas,
    avoid,
  };
}

/** Rough size of a value: keeps chains from growing numbers nobody would compute by hand. */
function size(x: Exact): number {
  if (isSurd(x)) return Math.max(Math.abs(x.a.n), x.a.d, Math.abs(x.b.n), x.b.d, x.r);
  return Math.max(Math.abs(x.n), x.d);
}

/** A step's result for the next turn, which names it as its kind is named ("that probability"). */
function carryOf(ctx: Ctx, kind: QuantityKind, v: Exact, decimal = false): Carry {
  return { kind, value: v, ref: quantityRef(ctx, kind), decimal };
}

function numberCarry(ctx: Ctx, v: Exact, decimal?: boolean): Carry {
  return carryOf(ctx, "number", v, decimal === true);
}

/** Every chain step's shape: the working, the answer, one check that `expr` evaluates to `v`. */
function evalStep(
  user: string,
  steps: string[],
  answer: string,
  expr: string,
  v: Exact,
  carry: Carry,
  decimal = false,
): ChainStep {
  return {
    user,
    reply: { steps, answer, checks: [evs(expr, asc(v, decimal))] },
    carry,
  };
}

/** A step on a plain number: the answer is the value, shown as the carried one was (decimal or not). */
function numStep(ctx: Ctx, c: Carry, user: string, lines: string[], v: Exact, expr: string): ChainStep {
  return evalStep(user, lines, show(v, c.decimal), expr, v, numberCarry(ctx, v, c.decimal), c.decimal);
}

const MUL: Phrases<[string, string]> = {
  ru: [
    (r, k) => `Теперь умножьте ${r} на ${k}.`,
    (r, k) => `Умножьте ${r} на ${k}. Что получится?`,
    (r, k) => `Хорошо. А теперь умножим ${r} на ${k}.`,
  ],
  en: [
    (r, k) => `Now multiply ${r} by ${k}.`,
    (r, k) => `Multiply ${r} by ${k}. What do you get?`,
    (r, k) => `Good. Next, multiply ${r} by ${k}.`,
  ],
};
const ADD: Phrases<[string, string]> = {
  ru: [
    (r, k) => `Увеличьте ${r} на ${k}.`,
    (_r, k) => `Прибавьте к полученному числу ${k}.`,
    (r, k) => `Теперь увеличьте ${r} на ${k}. Сколько получится?`,
  ],
  en: [
    (r, k) => `Now add ${k} to ${r}.`,
    (r, k) => `Increase ${r} by ${k}.`,
    (r, k) => `What is ${r} plus ${k}?`,
  ],
};
const DIV: Phrases<[string, string]> = {
  ru: [(r, k) => `Разделите ${r} на ${k}.`, (r, k) => `Теперь разделите ${r} на ${k}. Ответ дайте точно.`],
  en: [(r, k) => `Divide ${r} by ${k}.`, (r, k) => `Now divide ${r} by ${k}, exactly.`],
};
const SQUARE: Phrases<[string]> = {
  ru: [(r) => `Возведите ${r} в квадрат.`, () => "Чему равен квадрат полученного числа?"],
  en: [(r) => `Square ${r}.`, (r) => `What is the square of ${r}?`],
};
const SUBST: Phrases<[string, string]> = {
  ru: [
    (r, e) => `Подставьте ${r} вместо x в выражение ${e}.`,
    (_r, e) => `Найдите значение выражения ${e}, если x равен полученному числу.`,
    (r, e) => `Теперь вычислите ${e}, подставив ${r} вместо x.`,
  ],
  en: [
    (r, e) => `Substitute ${r} for x in ${e}.`,
    (r, e) => `Evaluate ${e} with x equal to ${r}.`,
    (r, e) => `Now plug ${r} into ${e} as x.`,
  ],
};
const PERCENT: Phrases<[string, number, boolean]> = {
  ru: [
    (r, p, up) => `${up ? "Увеличьте" : "Уменьшите"} ${r} на ${p}%.`,
    (r, p, up) => `Что получится, если ${r} ${up ? "увеличить" : "уменьшить"} на ${p}%?`,
  ],
  en: [
    (r, p, up) => `${up ? "Increase" : "Decrease"} ${r} by ${p}%.`,
    (r, p, up) => `What do you get if ${r} ${up ? "grows" : "drops"} by ${p}%?`,
  ],
};

function kText(k: number): string {
  return k < 0 ? `(${k})` : String(k);
}

/**
 * "x op k" with a drawn whole k (`kFirst`: "k op x"); `draw` returns null when x is too large
 * for the step. The question names the carried value and k; the working is one line.
 */
function opStep(
  ask: Phrases<[string, string]>,
  draw: (ctx: Ctx, c: Carry) => number | null,
  apply: (x: Exact, k: number) => Exact,
  op: string | Tr,
  checkOp: string,
  kFirst = false,
): ChainStepFn {
  return (ctx, c) => {
    const k = draw(ctx, c);
    if (k === null) return null;
    const v = apply(c.value, k);
    const x = dopnd(c.value, c.decimal);
    const ax = aopnd(c.value, c.decimal);
    const kt = kText(k);
    const shownOp = typeof op === "string" ? op : tr(ctx, op);
    const line = kFirst ? `${kt}${shownOp}${x}` : `${x}${shownOp}${kt}`;
    const expr = kFirst ? `${kt}${checkOp}${ax}` : `${ax}${checkOp}${kt}`;
    return numStep(ctx, c, pickT(ctx, ask)(c.ref, String(k)), [`${line} = ${show(v, c.decimal)}`], v, expr);
  };
}

/** An added or subtracted whole number: small at easy levels. */
const term = (ctx: Ctx) => ctx.rng.int(2, ctx.d < 5 ? 30 : 200);

const mulStep = opStep(
  MUL,
  (ctx, c) => {
    if (size(c.value) > 400) return null;
    const r = ctx.rng;
    return r.int(2, ctx.d < 5 ? 6 : 12) * (ctx.d >= 4 && r.chance(0.3) ? -1 : 1);
  },
  (x, k) => xmul(x, q(k)),
  " · ",
  "*",
);
const addStep = opStep(ADD, term, (x, k) => xadd(x, q(k)), " + ", " + ");

const divStep = opStep(
  DIV,
  (ctx, c) => {
    if (size(c.value) > 5000) return null;
    const r = ctx.rng;
    const k = r.int(2, ctx.d < 5 ? 6 : 15);
    // Easy levels divide evenly when they can.
    if (ctx.d < 5 && !isSurd(c.value) && c.value.d === 1 && c.value.n !== 0) {
      const divisors: number[] = [];
      const n = Math.abs(c.value.n);
      for (let i = 2; i <= Math.min(12, n); i++) if (n % i === 0) divisors.push(i);
      if (divisors.length > 0) return r.pick(divisors);
    }
    return k;
  },
  (x, k) => (isSurd(x) ? xmul(x, q(1, k)) : R.div(x, q(k))),
  { ru: " : ", en: " ÷ " },
  "/",
);

const squareStep: ChainStepFn = (ctx, c) => {
  if (size(c.value) > 60) return null;
  const v = xmul(c.value, c.value);
  const line = `${dopnd(c.value, c.decimal)}² = ${show(v, c.decimal)}`;
  return numStep(ctx, c, pickT(ctx, SQUARE)(c.ref), [line], v, `${aopnd(c.value, c.decimal)}^2`);
};

const substLinearStep: ChainStepFn = (ctx, c) => substLinear(ctx, c, 400);

/** "Evaluate ax + b at x = the result", for a value whose size is at most `limit`. */
function substLinear(ctx: Ctx, c: Carry, limit: number): ChainStep | null {
  if (size(c.value) > limit) return null;
  const r = ctx.rng;
  const a = r.int(2, 9) * (ctx.d >= 4 && r.chance(0.3) ? -1 : 1);
  const b = r.int(1, 20) * (r.chance(0.5) ? -1 : 1);
  const v = xadd(xmul(q(a), c.value), q(b));
  const exprD = polyDisplay([q(a), q(b)]);
  const sub = `${a} · ${dopnd(c.value, c.decimal)}${signed(b)}`;
  const expr = `${a}*${aopnd(c.value, c.decimal)}${signed(b)}`;
  const lines = [`${exprD} = ${sub}`, `= ${show(v, c.decimal)}`];
  return numStep(ctx, c, pickT(ctx, SUBST)(c.ref, exprD), lines, v, expr);
}

const substQuadraticStep: ChainStepFn = (ctx, c) => {
  if (size(c.value) > 40) return null;
  const r = ctx.rng;
  const b = r.int(1, 9) * (r.chance(0.5) ? -1 : 1);
  const k = r.int(0, 12) * (r.chance(0.5) ? -1 : 1);
  const x = c.value;
  const x2 = xmul(x, x);
  const v = xadd(xadd(x2, xmul(q(b), x)), q(k));
  const exprD = polyDisplay([q(1), q(b), q(k)]);
  const xs = dopnd(x, c.decimal);
  const xa = aopnd(x, c.decimal);
  const kTail = k === 0 ? "" : signed(k);
  const bTerm = `${b < 0 ? "-" : "+"} ${Math.abs(b)}`;
  // The expression writes "x² + x", so its substitution has no factor 1 either.
  const bShown = Math.abs(b) === 1 ? `${b < 0 ? "-" : "+"} ${xs}` : `${bTerm} · ${xs}`;
  const lines = [
    `${exprD} = ${xs}² ${bShown}${kTail}`,
    `${xs}² = ${show(x2, c.decimal)}`,
    `= ${show(v, c.decimal)}`,
  ];
  return numStep(ctx, c, pickT(ctx, SUBST)(c.ref, exprD), lines, v, `${xa}^2 ${bTerm}*${xa}${kTail}`);
};

const percentStep: ChainStepFn = (ctx, c) => percent(ctx, c, 100_000);

/** "Increase the result by 20%", for an amount of at least 1 whose size is at most `limit`. */
function percent(ctx: Ctx, c: Carry, limit: number): ChainStep | null {
  // A rise or fall by a percentage is asked of amounts, not of a probability-sized 1/512.
  if (isSurd(c.value) || size(c.value) > limit || Math.abs(xnum(c.value)) < 1) return null;
  const r = ctx.rng;
  const p = r.pick([5, 10, 15, 20, 25, 30, 40, 50]);
  const up = r.chance(0.6);
  const factor = q(up ? 100 + p : 100 - p, 100);
  const v = R.mul(c.value, factor);
  const f = R.decStr(factor);
  const lines = [
    ctx.ru
      ? `${up ? "Увеличение" : "Уменьшение"} на ${p}% — это умножение на ${f}.`
      : `${AN(p)}% ${up ? "increase" : "decrease"} means multiplying by ${f}.`,
    `${dopnd(c.value, true)} · ${f} = ${show(v, true)}`,
  ];
  // Money-like from here on: the result and what follows are shown as decimals.
  const user = pickT(ctx, PERCENT)(c.ref, p, up);
  const expr = `${aopnd(c.value, true)}*${f}`;
  return evalStep(user, lines, show(v, true), expr, v, numberCarry(ctx, v, true), true);
}

// Probability -------------------------------------------------------------------------------

/** A step with an exact (fraction) answer, carried as a probability. */
function probStep(ctx: Ctx, user: string, steps: string[], expr: string, v: Exact): ChainStep {
  return evalStep(user, steps, show(v), expr, v, carryOf(ctx, "probability", v));
}

const COMPLEMENT: Tr<readonly string[]> = {
  ru: [
    "Какова вероятность противоположного события?",
    "А какова вероятность того, что это событие не произойдёт?",
  ],
  en: ["What is the probability of the opposite event?", "And the probability that it does not happen?"],
};
const TWICE: Tr<readonly string[]> = {
  ru: [
    "Опыт повторяют дважды, независимо. Какова вероятность, что событие произойдёт оба раза?",
    "Если провести опыт два раза независимо, с какой вероятностью событие случится в обоих?",
  ],
  en: [
    "The experiment is repeated twice, independently. What is the probability the event happens both times?",
    "If we run it twice independently, how likely is the event to occur both times?",
  ],
};
const AT_LEAST_ONE: Tr<readonly string[]> = {
  ru: ["Опыт повторяют дважды независимо. Какова вероятность, что событие произойдёт хотя бы один раз?"],
  en: ["Repeat it twice independently. What is the probability that the event happens at least once?"],
};
const EXPECTED: Phrases<[number]> = {
  ru: [
    (n) => `Опыт повторяют ${ruN(n, "раз", "раза", "раз")}. Сколько раз в среднем произойдёт событие?`,
    (n) => `Каково ожидаемое число появлений события в ${n} независимых опытах?`,
  ],
  en: [
    (n) => `The experiment is repeated ${n} times. On average, how many times does the event occur?`,
    (n) => `What is the expected number of occurrences in ${n} independent trials?`,
  ],
};

const complementStep: ChainStepFn = (ctx, c) => {
  const v = xsub(q(1), c.value);
  const law = L(
    ctx,
    "Вероятности события и противоположного ему события в сумме дают 1.",
    "An event and its opposite have probabilities that add up to 1.",
  );
  const line = `1 - ${dopnd(c.value)} = ${show(v)}`;
  return probStep(ctx, pickS(ctx, COMPLEMENT), [law, line], `1 - ${aopnd(c.value)}`, v);
};

const twiceStep: ChainStepFn = (ctx, c) => {
  const v = xmul(c.value, c.value);
  const law = L(
    ctx,
    "Для независимых опытов вероятности перемножаются.",
    "For independent trials the probabilities multiply.",
  );
  const line = `${dopnd(c.value)} · ${dopnd(c.value)} = ${show(v)}`;
  return probStep(ctx, pickS(ctx, TWICE), [law, line], `${aopnd(c.value)}^2`, v);
};

const atLeastOnceStep: ChainStepFn = (ctx, c) => {
  const none = xsub(q(1), c.value);
  const v = xsub(q(1), xmul(none, none));
  const steps = [
    ctx.ru
      ? `Проще через противоположное событие «ни разу»: в одном опыте событие не происходит с вероятностью 1 - ${dopnd(c.value)} = ${show(none)}.`
      : `Easier via the opposite event “never”: in one trial the event fails to happen with probability 1 - ${dopnd(c.value)} = ${show(none)}.`,
    ctx.ru
      ? `Оба раза не происходит: ${dopnd(none)}² = ${show(xmul(none, none))}.`
      : `It fails both times: ${dopnd(none)}² = ${show(xmul(none, none))}.`,
    `1 - ${dopnd(xmul(none, none))} = ${show(v)}`,
  ];
  return probStep(ctx, pickS(ctx, AT_LEAST_ONE), steps, `1 - (1 - ${aopnd(c.value)})^2`, v);
};

const expectedStep: ChainStepFn = (ctx, c) => {
  if (isSurd(c.value)) return null;
  const n = ctx.rng.pick([10, 12, 20, 24, 30, 36, 50, 60, 100, 120]);
  const v = R.mul(c.value, q(n));
  const law = ctx.ru
    ? `Ожидаемое число появлений равно n · P = ${n} · ${dopnd(c.value)}.`
    : `The expected count is n · P = ${n} · ${dopnd(c.value)}.`;
  const steps = [law, `${n} · ${dopnd(c.value)} = ${show(v)}`];
  return evalStep(pickT(ctx, EXPECTED)(n), steps, show(v), `${n}*${aopnd(c.value)}`, v, numberCarry(ctx, v));
};

// Counts --------------------------------------------------------------------------------------

const GUESS: Tr<readonly string[]> = {
  ru: [
    "Какова вероятность угадать один конкретный вариант, выбрав наугад?",
    "Если выбрать один вариант случайно, с какой вероятностью это будет заранее задуманный?",
  ],
  en: [
    "What is the probability of guessing one particular option at random?",
    "If one option is picked at random, how likely is it to be a specific one chosen in advance?",
  ],
};
const TIMES: Phrases<[number]> = {
  ru: [
    (k) =>
      `Каждый такой вариант можно дополнительно оформить одним из ${k} способов. Сколько всего вариантов?`,
    (k) => `Добавим ещё один независимый выбор из ${k} возможностей. Сколько теперь вариантов?`,
  ],
  en: [
    (k) => `Each of those options can also be done in one of ${k} ways. How many options are there now?`,
    (k) => `Add one more independent choice with ${k} possibilities. How many options in total?`,
  ],
};

const guessStep: ChainStepFn = (ctx, c) => {
  if (isSurd(c.value) || R.cmp(c.value, q(1)) < 0) return null;
  const v = R.inv(c.value);
  const why = ctx.ru
    ? `Все варианты (${R.qstr(c.value)}) равновозможны, подходит ровно один.`
    : `All ${R.qstr(c.value)} options are equally likely and exactly one is right.`;
  return probStep(ctx, pickS(ctx, GUESS), [why, `P = 1/${R.qstr(c.value)}`], `1/${aopnd(c.value)}`, v);
};

const timesStep: ChainStepFn = (ctx, c) => {
  if (size(c.value) > 100000) return null;
  const k = ctx.rng.int(2, 6);
  const v = xmul(c.value, q(k));
  const law = L(
    ctx,
    "По правилу произведения число вариантов умножается:",
    "By the product rule the counts multiply:",
  );
  const line = `${dopnd(c.value)} · ${k} = ${show(v)}`;
  return evalStep(pickT(ctx, TIMES)(k), [law, line], show(v), `${aopnd(c.value)}*${k}`, v, {
    ...c,
    value: v,
  });
};

// Geometry lengths and areas ------------------------------------------------------------------

const SQUARE_AREA: Tr<readonly string[]> = {
  ru: ["Найдите площадь квадрата с такой стороной.", "Какова площадь квадрата с такой стороной?"],
  en: ["Find the area of a square with that side.", "What is the area of a square with that side?"],
};
const SQUARE_PERIM: Tr<readonly string[]> = {
  ru: ["Каков периметр квадрата с такой стороной?", "Найдите периметр квадрата с этой стороной."],
  en: ["What is the perimeter of a square with that side?", "Find the perimeter of a square with that side."],
};
const SQUARE_SIDE: Tr<readonly string[]> = {
  ru: [
    "Найдите сторону квадрата такой же площади.",
    "Какой должна быть сторона квадрата, чтобы его площадь была такой же?",
  ],
  en: ["Find the side of a square with the same area.", "What side gives a square of the same area?"],
};
const RECT_SIDE: Phrases<[string]> = {
  ru: [
    (a) => `Прямоугольник такой же площади имеет сторону ${a} см. Найдите другую сторону.`,
    (a) => `Одна сторона прямоугольника с той же площадью — ${a} см. Чему равна вторая?`,
  ],
  en: [
    (a) => `A rectangle with the same area has a side of ${a} cm. Find the other side.`,
    (a) => `One side of a rectangle with that area is ${a} cm. How long is the other?`,
  ],
};
const SCALE: Phrases<[number]> = {
  ru: [(k) => `Все размеры фигуры увеличили в ${k} раза. Какой стала площадь?`],
  en: [(k) => `Every dimension of the figure is scaled up ${k} times. What is the new area?`],
};

type GeoKind = "length" | "area";

/** A step whose result is a length or area named `sym`: the answer is "sym = value unit". */
function geoStep(
  ctx: Ctx,
  user: string,
  steps: string[],
  expr: string,
  v: Exact,
  kind: GeoKind,
  sym: string,
) {
  const answer = `${sym} = ${show(v)}${unit(ctx, kind)}`;
  return evalStep(user, steps, answer, expr, v, carryOf(ctx, kind, v));
}

const squareAreaStep: ChainStepFn = (ctx, c) => {
  if (size(c.value) > 200) return null;
  const v = xmul(c.value, c.value);
  const line = `S = a² = ${dopnd(c.value)}² = ${show(v)}${unit(ctx, "area")}`;
  return geoStep(ctx, pickS(ctx, SQUARE_AREA), [line], `${aopnd(c.value)}^2`, v, "area", "S");
};

const squarePerimStep: ChainStepFn = (ctx, c) => {
  const v = xmul(c.value, q(4));
  const line = `P = 4a = 4 · ${dopnd(c.value)} = ${show(v)}${unit(ctx, "length")}`;
  const step = geoStep(ctx, pickS(ctx, SQUARE_PERIM), [line], `4*${aopnd(c.value)}`, v, "length", "P");
  // A perimeter is no side: what follows asks about "the result", not "a square with that side".
  step.carry = numberCarry(ctx, v);
  return step;
};

const squareSideStep: ChainStepFn = (ctx, c) => {
  if (isSurd(c.value) || c.value.n <= 0) return null;
  const v = qsqrt(c.value);
  const steps = [
    L(ctx, "Площадь квадрата a², поэтому a = √S.", "A square's area is a², so a = √S."),
    `${eqChain(["a", `√${dopnd(c.value)}`, show(v)])}${unit(ctx, "length")}`,
  ];
  return geoStep(ctx, pickS(ctx, SQUARE_SIDE), steps, `sqrt(${asc(c.value)})`, v, "length", "a");
};

const rectSideStep: ChainStepFn = (ctx, c) => {
  const a = ctx.rng.int(2, 12);
  const v = xmul(c.value, q(1, a));
  const steps = [
    L(
      ctx,
      "Площадь прямоугольника S = a · b, значит b = S / a.",
      "A rectangle's area is S = a · b, so b = S / a.",
    ),
    // "b = 447/7", not "b = 447 / 7 = 447/7": a quotient that does not reduce is the fraction.
    `b = ${eqChain([`${dopnd(c.value)} / ${a}`, show(v)])}${unit(ctx, "length")}`,
  ];
  return geoStep(ctx, pickT(ctx, RECT_SIDE)(String(a)), steps, `${aopnd(c.value)}/${a}`, v, "length", "b");
};

const scaleStep: ChainStepFn = (ctx, c) => {
  const k = ctx.rng.int(2, 4);
  const v = xmul(c.value, q(k * k));
  const steps = [
    ctx.ru
      ? `При увеличении размеров в ${k} раза площадь растёт в ${k}² = ${ruN(k * k, "раз", "раза", "раз")}.`
      : `Scaling lengths by ${k} multiplies the area by ${k}² = ${k * k}.`,
    `S′ = ${dopnd(c.value)} · ${k * k} = ${show(v)}${unit(ctx, "area")}`,
  ];
  // The new area has a name of its own: the area it scales is S (the answer before, or the first part).
  return geoStep(ctx, pickT(ctx, SCALE)(k), steps, `${aopnd(c.value)}*${k}^2`, v, "area", "S′");
};

// Money ---------------------------------------------------------------------------------------

/**
 * An amount of money carried on: what a person asks of a price (a discount, a tax or card fee,
 * splitting the bill, the change from a payment), never bare arithmetic on it, and every answer
 * keeps the currency (percentages' prices).
 */
const DISCOUNT: Phrases<[string]> = {
  ru: [
    (p) => `На товар по этой цене дают скидку ${p}%. Сколько он будет стоить со скидкой?`,
    (p) => `Покупателю дают скидку ${p}% от этой суммы. Сколько он заплатит?`,
  ],
  en: [
    (p) => `The shop then takes ${p}% off that price. What does the item cost now?`,
    (p) => `With ${aN(p)}% discount on that amount, how much is paid?`,
  ],
};
const SURCHARGE: Phrases<[string]> = {
  ru: [
    (p) => `К этой сумме добавляют налог ${p}%. Сколько нужно заплатить с налогом?`,
    (p) => `При оплате картой к этой сумме добавляется комиссия ${p}%. Сколько всего спишут с карты?`,
  ],
  en: [
    (p) => `${AN(p)}% sales tax is added to that amount at the checkout. What is the total?`,
    (p) => `Paying by card adds ${aN(p)}% fee to that amount. How much is charged in all?`,
  ],
};
const FRIEND = noun("друг", "друга", "друзей", "friend", "friends");
const SPLIT: Phrases<[number]> = {
  ru: [
    (k) => `Эту сумму делят поровну между ${k} участниками. Сколько заплатит каждый?`,
    (k) => `Эту сумму оплачивают вскладчину ${count(RU, k, FRIEND)}, поровну. Какова доля каждого?`,
  ],
  en: [
    (k) => `${k} friends split that amount equally. How much does each pay?`,
    (k) => `That amount is shared equally by ${k} people. What is each one's share?`,
  ],
};
const CHANGE: Phrases<[number]> = {
  ru: [
    (n) => `Покупатель платит за эту сумму ${n} ₽. Сколько сдачи он получит?`,
    (n) => `За эту сумму отдают ${n} ₽. Какой будет сдача?`,
  ],
  en: [
    (n) => `The buyer hands over ${n} dollars for that amount. How much change is due?`,
    (n) => `That amount is paid with ${n} dollars. How much change comes back?`,
  ],
};
const MONEY_LINES: Tr<{
  off(p: number, f: string): string;
  on(p: number, f: string): string;
  each: string;
  change: string;
}> = {
  ru: {
    off: (p, f) => `Скидка ${p}% оставляет ${100 - p}% цены: умножаем на ${f}.`,
    on: (p, f) => `Прибавить ${p}% — значит умножить на ${f}.`,
    each: "Каждый платит равную часть: сумму делим на число людей.",
    change: "Сдача — это разность между отданной суммой и ценой.",
  },
  en: {
    off: (p, f) => `Taking ${p}% off leaves ${100 - p}% of the price: multiply by ${f}.`,
    on: (p, f) => `Adding ${p}% means multiplying by ${f}.`,
    each: "Each pays an equal part: divide the amount by the number of people.",
    change: "The change is what was handed over minus the price.",
  },
};

/** " ₽" / " dollars": the currency after an amount, agreeing with it. */
function currency(ctx: Ctx, v: Exact): string {
  return ` ${form(ctx, xnum(v), MONEY)}`;
}

/** A money step's reply: the lines, the amount with its currency, its check; the amount goes on. */
function moneyStep(ctx: Ctx, user: string, lines: string[], v: Exact, expr: string): ChainStep {
  const answer = `${show(v, true)}${currency(ctx, v)}`;
  return evalStep(user, lines, answer, expr, v, carryOf(ctx, "money", v, true), true);
}

/** Percentages a shop takes off, and a tax or card fee adds. */
const DISCOUNTS = [5, 10, 15, 20, 25, 30, 40];
const SURCHARGES = [2, 3, 5, 8, 10, 13, 15, 20];

/** The amount times (100 ± p)%: a discount (`up` false) or a tax or fee. */
function percentMoney(up: boolean): ChainStepFn {
  return (ctx, c) => {
    if (isSurd(c.value) || xsign(c.value) <= 0) return null;
    const x = c.value;
    const all = up ? SURCHARGES : DISCOUNTS;
    // A new percentage (not the one just applied), giving whole cents where one can: x · (100 ± p)
    // is a whole number of cents when the denominator divides it.
    const fresh = all.filter((p) => !c.avoid?.some((a) => xnum(a) === p));
    const cents = fresh.filter((p) => (x.n * (up ? 100 + p : 100 - p)) % x.d === 0);
    const p = ctx.rng.pick(cents.length > 0 ? cents : fresh.length > 0 ? fresh : all);
    const factor = q(up ? 100 + p : 100 - p, 100);
    const v = R.mul(x, factor);
    const f = R.decStr(factor);
    const t = tr(ctx, MONEY_LINES);
    const lines = [up ? t.on(p, f) : t.off(p, f), `${dopnd(c.value, true)} · ${f} = ${show(v, true)}`];
    const user = pickT(ctx, up ? SURCHARGE : DISCOUNT)(String(p));
    const step = moneyStep(ctx, user, lines, v, `${aopnd(c.value, true)}*${f}`);
    step.carry.avoid = [q(p)];
    return step;
  };
}

/** Into how many equal parts a bill is split. */
const PARTS = [2, 3, 4, 5, 6];
/** The division sign as each language writes it between numbers. */
const DIVIDED: Tr = { ru: " : ", en: " ÷ " };

const splitStep: ChainStepFn = (ctx, c) => {
  if (isSurd(c.value) || xsign(c.value) <= 0) return null;
  const x = c.value;
  // People split a bill into whole cents when they can.
  const even = PARTS.filter((k) => (100 * x.n) % (k * x.d) === 0);
  const k = even.length > 0 ? ctx.rng.pick(even) : ctx.rng.int(2, 6);
  const v = R.div(x, q(k));
  const op = tr(ctx, DIVIDED);
  const lines = [tr(ctx, MONEY_LINES).each, `${dopnd(x, true)}${op}${k} = ${show(v, true)}`];
  return moneyStep(ctx, pickT(ctx, SPLIT)(k), lines, v, `${aopnd(x, true)}/${k}`);
};

/** Round sums a buyer hands over, the smallest above the price. */
const NOTES = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000];

const changeStep: ChainStepFn = (ctx, c) => {
  // Change is given for a price in whole cents (kopecks).
  if (isSurd(c.value) || xsign(c.value) <= 0 || R.decimalPlaces(c.value) > 2) return null;
  const x = c.value;
  const n = NOTES.find((k) => R.cmp(q(k), x) > 0);
  if (n === undefined) return null;
  const v = R.sub(q(n), x);
  const lines = [tr(ctx, MONEY_LINES).change, `${n} - ${dopnd(x, true)} = ${show(v, true)}`];
  return moneyStep(ctx, pickT(ctx, CHANGE)(n), lines, v, `${n} - ${aopnd(x, true)}`);
};

const POOLS: Partial<Record<Carry["kind"], ChainStepFn[]>> = {
  money: [percentMoney(false), percentMoney(true), splitStep, changeStep],
  // No "add 14" / "subtract from 98": bare one-line sums were 40% of chain steps and asked
  // nothing a reader would (they remain only as the fallback for a value nothing else fits).
  number: [mulStep, divStep, squareStep, substLinearStep, substQuadraticStep, percentStep],
  probability: [complementStep, twiceStep, atLeastOnceStep, expectedStep],
  count: [guessStep, timesStep],
  length: [squareAreaStep, squarePerimStep],
  area: [squareSideStep, rectSideStep, scaleStep],
};

/**
 * The second stage of a level 8-10 problem: a chain step, except that a plain number is put into
 * an expression ("evaluate x² - 4x - 1 at the root found"), the school's solve-then-evaluate
 * exercise, rather than asked to have a number added or taken away ("what is the root minus 191?").
 */
const STAGE_POOLS: typeof POOLS = {
  ...POOLS,
  number: [
    // An amount of money changes by a percentage; any other number goes into an expression.
    (ctx, c) => (c.decimal ? percent(ctx, c, 10_000_000) : substLinear(ctx, c, 100_000)),
    (ctx, c) => (c.decimal ? percent(ctx, c, 10_000_000) : substQuadraticStep(ctx, c)),
  ],
};

export function secondStage(ctx: Ctx, c: Carry): ChainStep | null {
  return genericChain(ctx, c, undefined, STAGE_POOLS);
}
