import { AN, aN, type Tr, tr } from "./lang.js";
import { type Exact, isSurd, xnum } from "./num/exact.js";
import * as R from "./num/rational.js";
import { type Q, q } from "./num/rational.js";
import { d, type Formula, formula, physStep, plausible, pnum } from "./physics.js";
import { type Phrases, pickT, subscript } from "./text.js";
import type { ChainStepFn, Ctx, GasState, QuantityKind } from "./types.js";

/**
 * Physics chain steps: "using that speed, find the distance in 5 s". Each consumes the value the
 * previous turn printed (rounded values are reused as printed) and draws fresh data for the rest.
 * genericChain (chain.ts) picks from PHYS_POOLS, at the end of this file, by the carried kind.
 */
const pos = (x: Q) => x.n > 0;

/**
 * One step of the table: from the carried value x and up to two fresh numbers y, z (drawn in
 * that order, before the question is picked), the question (its templates per language, given
 * y and z as written), the law and the result's formula.
 */
interface Row extends Phrases<[y: string, z: string]> {
  /** The step also makes sense for a carried value that is zero or negative. */
  anySign?: true;
  /** The fresh numbers (given the carried value x); none when the step needs only x. */
  y?: (ctx: Ctx, x: Q) => Q;
  z?: (ctx: Ctx, x: Q) => Q;
  /** The law the step applies; by default the result with each number's symbol ("{y:m}" is m). */
  law?: string | Tr;
  kind: QuantityKind;
  /** The result in {x}, {y}, {z}: "sym = formula" as its line shows it (see `compile`). */
  result: string | Tr;
  /** The largest result the step's story allows (a runner's speed), beyond the quantity's range. */
  max?: number;
}

const NONE = q(0);

/** A result line's symbol and formula (see physics.ts `formula`), and the law it applies, per language. */
interface Result {
  sym: string;
  f: Formula;
  law: string;
}

/**
 * "p = {y:m} · {x:v}" by language (one text for both unless the symbol differs: A = F · s,
 * W = F · s). The law is the line with each number's symbol ("p = m · v"), unless `law` says it.
 */
function compile(result: string | Tr, names: readonly string[], law?: string | Tr): Tr<Result> {
  const one = (line: string, lang: "ru" | "en"): Result => {
    const at = line.indexOf(" = ");
    const said = typeof law === "string" ? law : law?.[lang];
    const f = formula(line.slice(at + 3), names);
    return { sym: line.slice(0, at), f, law: said ?? line.replace(/\{\w+:([^}]*)\}/g, "$1") };
  };
  if (typeof result === "string") return { ru: one(result, "ru"), en: one(result, "en") };
  return { ru: one(result.ru, "ru"), en: one(result.en, "en") };
}

function step(r: Row): ChainStepFn {
  const result = compile(r.result, ["x", "y", "z"], r.law);
  return (ctx, c) => {
    const x = c.value as Q;
    if (!r.anySign && !pos(x)) return null;
    const y = r.y ? fresh(ctx, x, r.y, c.avoid) : NONE;
    const z = r.z ? fresh(ctx, x, r.z, c.avoid) : NONE;
    const { sym, f, law } = tr(ctx, result);
    const v = [x, y, z];
    const value = f.value(v);
    if (!plausible(r.kind, value) || (r.max !== undefined && xnum(value) > r.max)) return null;
    const ask = pickT(ctx, r)(d(y), d(z));
    const out = physStep(ctx, ask, [law], sym, r.kind, value, f.shown(v), f.check(v));
    if (r.y) out.carry.avoid = r.z ? [y, z] : [y];
    return out;
  };
}

/** A fresh number from `draw` that repeats none of `avoid` (a few draws, then whatever comes). */
function fresh(ctx: Ctx, carried: Q, draw: (ctx: Ctx, x: Q) => Q, avoid: readonly Exact[] | undefined): Q {
  let x = draw(ctx, carried);
  for (let i = 0; i < 3 && avoid?.some((a) => !isSurd(a) && R.eq(a, x)); i++) x = draw(ctx, carried);
  return x;
}

const int = (lo: number, hi: number) => (ctx: Ctx) => q(ctx.rng.int(lo, hi));
const num = (lo: number, hi: number) => (ctx: Ctx) => pnum(ctx, lo, hi);

const MAINS = [12, 24, 36, 110, 127, 220, 230];

/** Shares of a speed a ball keeps, in tenths (a bounce keeps at most 90%). */
const SHARES = [5, 6, 7, 8, 9];

/** "0.6" as a percentage, "60". */
const percent = (share: string) => String(Math.round(Number(share) * 100));

const STANDARD_T = [273, 280, 290, 300, 310];

const standardT = (ctx: Ctx) => q(ctx.rng.pick(STANDARD_T));

/**
 * A fresh whole value in [lo, hi] different from `other`, and from the numbers just given unless
 * a few draws cannot avoid them (a gas taken back to the volume it started from is no question).
 */
function freshBut(ctx: Ctx, lo: number, hi: number, other: Q | undefined, avoid?: readonly Exact[]): Q {
  let x = fresh(ctx, NONE, (c) => q(c.rng.int(lo, hi)), avoid);
  if (other && R.eq(x, other)) x = R.add(x, q(lo < hi ? 1 : -1));
  return x;
}

/**
 * A gas step continues from the state the dialogue has reached (carry.gas): a known volume,
 * pressure or temperature is never restated with another number, an unknown one is introduced
 * once, and the verb follows the numbers (heated when T rises, compressed when V falls).
 * The carried value changes as another state variable goes from `from` (the chain's own value,
 * or drawn and introduced now) to `to`.
 */
interface GasTexts {
  /** The verb when that variable rises, and when it falls. */
  more: string;
  less: string;
  /** The question when `from` is the chain's own value, and when it is introduced now. */
  known(verb: string, from: string, to: string): string;
  fresh(verb: string, from: string, to: string): string;
}

/** A state variable (not the state's index). */
type GasVar = "p" | "V" | "T";

interface GasRow {
  /** The state variable that goes from `from` to `to`. */
  change: GasVar;
  texts: Tr<GasTexts>;
  law: Tr;
  /** What the step finds: the gas's pressure or its volume. */
  kind: "pressure" | "volume";
  /** The result in {x}, {from}, {to}: "sym = formula" as its line shows it (see `compile`). */
  result: string;
}

/** Per state variable, whole values: the range it is drawn from while unknown, and that of its new value. */
const RANGES: Record<GasVar, { from: [number, number]; to: [number, number] }> = {
  p: { from: [80, 300], to: [50, 400] },
  V: { from: [4, 30], to: [2, 40] },
  T: { from: [250, 350], to: [200, 600] },
};

/**
 * The rows write a change from state 1 to state 2; a gas already in state n (its answer said p₂)
 * goes on from n to n + 1 (p₂V₂ = p₃V₃), or one symbol would name two values.
 */
function renumber(text: string, n: number): string {
  if (n <= 1) return text;
  const from = subscript(n);
  const to = subscript(n + 1);
  return text.replace(/[₁₂]/g, (x) => (x === "₁" ? from : to));
}

function gasStep(g: GasRow): ChainStepFn {
  const { sym, f } = compile(g.result, ["x", "from", "to"]).en;
  const range = RANGES[g.change];
  return (ctx, c) => {
    const x = c.value as Q;
    if (!pos(x)) return null;
    const known = c.gas?.[g.change] as Q | undefined;
    const from = known ?? q(ctx.rng.int(range.from[0], range.from[1]));
    const to = freshBut(ctx, range.to[0], range.to[1], from, c.avoid);
    const v = [x, from, to];
    const result = f.value(v);
    if (!plausible(g.kind, result)) return null;
    const t = tr(ctx, g.texts);
    const verb = R.cmp(to, from) > 0 ? t.more : t.less;
    const ask = (known ? t.known : t.fresh)(verb, d(from), d(to));
    const n = c.gas?.n ?? 1;
    const law = renumber(tr(ctx, g.law), n);
    const step = physStep(ctx, ask, [law], renumber(sym, n), g.kind, result, f.shown(v), f.check(v));
    const gas: GasState = { n: n + 1, p: c.gas?.p, V: c.gas?.V, T: c.gas?.T };
    gas[g.kind === "pressure" ? "p" : "V"] = result;
    gas[g.change] = to;
    step.carry.gas = gas;
    step.carry.avoid = [from];
    return step;
  };
}

/** Heated or cooled at constant volume or pressure, then `ask`. */
function heat(at: Tr, ask: Tr): Tr<GasTexts> {
  return {
    ru: {
      more: "нагревают",
      less: "охлаждают",
      known: (v, _t1, t2) => `Затем газ ${v} ${at.ru} до ${t2} К. ${ask.ru}`,
      fresh: (v, t1, t2) => `Температура газа сейчас ${t1} К; его ${v} ${at.ru} до ${t2} К. ${ask.ru}`,
    },
    en: {
      more: "heated",
      less: "cooled",
      known: (v, _t1, t2) => `The gas is then ${v} ${at.en} to ${t2} K. ${ask.en}`,
      fresh: (v, t1, t2) => `The gas is now at ${t1} K; it is ${v} ${at.en} to ${t2} K. ${ask.en}`,
    },
  };
}

const AT_V: Tr = { ru: "при постоянном объёме", en: "at constant volume" };
const AT_P: Tr = { ru: "при постоянном давлении", en: "at constant pressure" };

export const PHYS_POOLS: Partial<Record<QuantityKind, ChainStepFn[]>> = {
  speed: [
    step({
      y: int(2, 30),
      ru: [
        (t) => `Тело движется с этой скоростью равномерно ещё ${t} с. Какой путь оно пройдёт?`,
        (t) => `Какое расстояние пройдёт тело за ${t} с, если будет двигаться с этой скоростью?`,
      ],
      en: [
        (t) => `The body keeps that speed for another ${t} s. How far does it go?`,
        (t) => `How far does it travel in ${t} s at that speed?`,
      ],
      law: { ru: "При равномерном движении s = v · t.", en: "For uniform motion s = v · t." },
      kind: "distance",
      result: "s = {x} · {y}",
    }),
    step({
      anySign: true,
      y: num(1, 20),
      ru: [
        (m) => `Найдите кинетическую энергию тела массой ${m} кг, движущегося с этой скоростью.`,
        (m) => `Какова кинетическая энергия груза массой ${m} кг при такой скорости?`,
      ],
      en: [
        (m) => `Find the kinetic energy of ${aN(m)} kg body moving at that speed.`,
        (m) => `What is the kinetic energy of ${aN(m)} kg load at that speed?`,
      ],
      kind: "energy",
      result: "E = {y:m} · {x:v}² / 2",
    }),
    step({
      anySign: true,
      y: num(1, 50),
      ru: [(m) => `Каков импульс тела массой ${m} кг, движущегося с этой скоростью?`],
      en: [(m) => `What is the momentum of ${aN(m)} kg body moving at that speed?`],
      kind: "momentum",
      result: "p = {y:m} · {x:v}",
    }),
    step({
      y: num(1, 8),
      ru: [
        (a) => `Затем тело тормозит с ускорением ${a} м/с² до полной остановки. Найдите тормозной путь.`,
        (a) =>
          `С этой скорости начинается торможение с ускорением ${a} м/с². Какой путь пройдёт тело до остановки?`,
      ],
      en: [
        (a) => `It then brakes at ${a} m/s² until it stops. Find the braking distance.`,
        (a) => `From that speed it decelerates at ${a} m/s². How far does it go before stopping?`,
      ],
      law: {
        ru: "При равнозамедленном движении до остановки v² = 2as, откуда s = v² / (2a).",
        en: "Decelerating uniformly to rest, v² = 2as, so s = v² / (2a).",
      },
      kind: "distance",
      result: "s = {x}² / (2 · {y})",
    }),
    step({
      y: int(10, 600),
      ru: [(s) => `За какое время тело пройдёт ${s} м с этой скоростью?`],
      en: [(s) => `How long does it take to cover ${s} m at that speed?`],
      kind: "time",
      result: "t = {y:s} / {x:v}",
    }),
    // Thrown up with a share of the speed, not all of it: a speed found from a fall would climb
    // straight back to the height it fell from, a question with nothing to compute.
    step({
      y: (ctx) => q(ctx.rng.pick(SHARES), 10),
      ru: [
        (k) =>
          `Мяч подбрасывают вертикально вверх со скоростью, равной ${percent(k)}% от этой. На какую высоту он поднимется? Примите g = 9.8 м/с², сопротивлением воздуха пренебречь.`,
        (k) =>
          `Мяч отскакивает от земли вертикально вверх, сохранив ${percent(k)}% этой скорости. На какую высоту он подпрыгнет? Примите g = 9.8 м/с², сопротивлением воздуха пренебречь.`,
      ],
      en: [
        (k) =>
          `A ball is thrown straight up at ${percent(k)}% of that speed. How high does it rise? Use g = 9.8 m/s² and ignore air resistance.`,
        (k) =>
          `A ball bounces straight up, keeping ${percent(k)}% of that speed. How high does it rise? Use g = 9.8 m/s² and ignore air resistance.`,
      ],
      law: {
        ru: "Начальная скорость v₀ = k · v; в верхней точке скорость равна нулю: h = v₀² / (2g) = k² · v² / (2g).",
        en: "The launch speed is v₀ = k · v; at the top the speed is zero: h = v₀² / (2g) = k² · v² / (2g).",
      },
      kind: "distance",
      result: "h = {y}² · {x}² / (2 · 9.8)",
    }),
    step({
      ru: [
        () =>
          "Тело подбросили вертикально вверх с этой скоростью. Через сколько секунд оно достигнет верхней точки? Примите g = 9.8 м/с².",
      ],
      en: [
        () =>
          "A body is thrown straight up with that speed. How long does it take to reach the top? Use g = 9.8 m/s².",
      ],
      law: {
        ru: "Скорость убывает на g каждую секунду и в верхней точке равна нулю: v - g · t = 0, t = v / g.",
        en: "The speed drops by g every second and is zero at the top: v - g · t = 0, so t = v / g.",
      },
      kind: "time",
      result: "t = {x} / 9.8",
    }),
  ],
  distance: [
    step({
      y: num(2, 30),
      ru: [
        (v) => `Автомобиль едет со скоростью ${v} м/с. За какое время он преодолеет это расстояние?`,
        (v) => `Сколько времени понадобится, чтобы пройти это расстояние со скоростью ${v} м/с?`,
      ],
      en: [
        (v) => `A car drives at ${v} m/s. How long does it take to cover that distance?`,
        (v) => `How long does that distance take at ${v} m/s?`,
      ],
      kind: "time",
      result: "t = {x:s} / {y:v}",
    }),
    step({
      y: num(5, 200),
      ru: [(f) => `Какую работу совершит на этом пути сила ${f} Н, направленная вдоль движения?`],
      en: [(f) => `How much work does ${aN(f)} N force along the motion do over that distance?`],
      kind: "energy",
      result: { ru: "A = {y:F} · {x:s}", en: "W = {y:F} · {x:s}" },
    }),
    step({
      y: int(2, 60),
      // A new traveller over the same distance: the body of the previous step already has its own
      // time (a thrown stone rises in 2 s, not in 42 s).
      ru: [(t) => `Бегун преодолевает такое же расстояние за ${t} с. Какова его средняя скорость?`],
      en: [(t) => `A runner covers the same distance in ${t} s. What is the runner's average speed?`],
      kind: "speed",
      result: "v = {x:s} / {y:t}",
      // Faster than a sprinter (about 10 m/s) is no runner.
      max: 10,
    }),
  ],
  time: [
    step({
      y: num(1, 30),
      ru: [(v) => `Какой путь пройдёт за это время тело, движущееся равномерно со скоростью ${v} м/с?`],
      en: [(v) => `How far does a body moving steadily at ${v} m/s go in that time?`],
      kind: "distance",
      result: "s = {y:v} · {x:t}",
    }),
    step({
      y: num(1, 6),
      ru: [
        (a) =>
          `Какую скорость наберёт за это время тело, разгоняясь из состояния покоя с ускорением ${a} м/с²?`,
      ],
      en: [
        (a) => `What speed does a body reach in that time, starting from rest with acceleration ${a} m/s²?`,
      ],
      kind: "speed",
      result: "v = {y:a} · {x:t}",
    }),
    step({
      y: int(10, 2000),
      ru: [(p) => `Сколько энергии потребит за это время прибор мощностью ${p} Вт?`],
      en: [(p) => `How much energy does ${aN(p)} W device use in that time?`],
      kind: "energy",
      result: "E = {y:P} · {x:t}",
    }),
  ],
  accel: [
    step({
      anySign: true,
      y: num(1, 50),
      ru: [(m) => `Какая равнодействующая сила сообщает такое ускорение телу массой ${m} кг?`],
      en: [(m) => `What net force gives ${aN(m)} kg body that acceleration?`],
      law: { ru: "По второму закону Ньютона F = m · a.", en: "By Newton's second law F = m · a." },
      kind: "force",
      result: "F = {y} · {x}",
    }),
    step({
      y: int(2, 20),
      ru: [
        (t) => `Тело начинает движение из покоя с этим ускорением. Какой будет его скорость через ${t} с?`,
      ],
      en: [(t) => `A body starts from rest with that acceleration. What is its speed after ${t} s?`],
      kind: "speed",
      result: "v = {x:a} · {y:t}",
    }),
    step({
      y: int(2, 12),
      ru: [(t) => `Какой путь пройдёт тело из состояния покоя с этим ускорением за ${t} с?`],
      en: [(t) => `How far does a body starting from rest with that acceleration go in ${t} s?`],
      kind: "distance",
      result: "s = {x:a} · {y:t}² / 2",
    }),
  ],
  force: [
    step({
      anySign: true,
      y: num(1, 40),
      ru: [(m) => `Какое ускорение эта сила сообщит телу массой ${m} кг?`],
      en: [(m) => `What acceleration does that force give ${aN(m)} kg body?`],
      kind: "accel",
      result: "a = {x:F} / {y:m}",
    }),
    step({
      y: int(2, 100),
      ru: [(s) => `Эта сила перемещает тело на ${s} м вдоль своего направления. Какую работу она совершает?`],
      en: [(s) => `That force moves a body ${s} m along its direction. How much work does it do?`],
      kind: "energy",
      result: { ru: "A = {x:F} · {y:s}", en: "W = {x:F} · {y:s}" },
    }),
  ],
  mass: [
    step({
      ru: [() => "Какова сила тяжести, действующая на тело такой массы? g = 9.8 м/с²."],
      en: [() => "What is the weight of a body with that mass? Use g = 9.8 m/s²."],
      law: "F = m · g",
      kind: "force",
      result: "F = {x} · 9.8",
    }),
  ],
  energy: [
    step({
      y: int(2, 120),
      ru: [(t) => `Эту энергию расходуют равномерно за ${t} с. Какова мощность?`],
      en: [(t) => `That energy is used evenly over ${t} s. What is the power?`],
      kind: "power",
      result: "P = {x:E} / {y:t}",
    }),
    step({
      y: num(1, 30),
      ru: [(m) => `На какую высоту можно поднять груз массой ${m} кг, затратив эту энергию? g = 9.8 м/с².`],
      en: [(m) => `How high can that energy lift ${aN(m)} kg load? Use g = 9.8 m/s².`],
      law: "E = m · g · h  ⇒  h = E / (m · g)",
      kind: "distance",
      result: "h = {x} / ({y} · 9.8)",
    }),
    step({
      y: int(1, 20),
      ru: [(m) => `Какую скорость имеет тело массой ${m} кг, если это его кинетическая энергия?`],
      en: [(m) => `If that is the kinetic energy of ${aN(m)} kg body, how fast is it moving?`],
      law: "E = m · v² / 2  ⇒  v = √(2E / m)",
      kind: "speed",
      result: "v = √(2 · {x} / {y})",
    }),
  ],
  momentum: [
    step({
      anySign: true,
      y: num(1, 40),
      ru: [(m) => `Какую скорость имеет тело массой ${m} кг с таким импульсом?`],
      en: [(m) => `How fast is ${aN(m)} kg body with that momentum moving?`],
      kind: "speed",
      result: "v = {x:p} / {y:m}",
    }),
    step({
      y: num(1, 10),
      ru: [(t) => `Тело с этим импульсом останавливают за ${t} с. Какова средняя сила торможения?`],
      en: [(t) => `A body with that momentum is stopped in ${t} s. What is the average stopping force?`],
      law: {
        ru: "Импульс силы равен изменению импульса: F · t = p.",
        en: "Impulse equals the change in momentum: F · t = p.",
      },
      kind: "force",
      result: "F = {x} / {y}",
    }),
  ],
  voltage: [
    step({
      y: int(2, 100),
      ru: [(r) => `Это напряжение подано на резистор ${r} Ом. Какой ток через него течёт?`],
      en: [(r) => `That voltage is applied across ${aN(r)} Ω resistor. What current flows?`],
      law: { ru: "По закону Ома I = U / R.", en: "By Ohm's law I = U / R." },
      kind: "current",
      result: "I = {x} / {y}",
    }),
    step({
      y: num(1, 10),
      ru: [(i) => `При этом напряжении через прибор идёт ток ${i} А. Какова его мощность?`],
      en: [(i) => `At that voltage a device draws ${i} A. What is its power?`],
      kind: "power",
      result: "P = {x:U} · {y:I}",
    }),
  ],
  current: [
    step({
      y: int(2, 100),
      ru: [(r) => `Такой ток течёт через резистор ${r} Ом. Каково напряжение на нём?`],
      en: [(r) => `That current flows through ${aN(r)} Ω resistor. What is the voltage across it?`],
      kind: "voltage",
      result: "U = {x:I} · {y:R}",
    }),
    step({
      y: int(2, 60),
      ru: [(r) => `Какая мощность выделяется при таком токе в резисторе ${r} Ом?`],
      en: [(r) => `What power does that current dissipate in ${aN(r)} Ω resistor?`],
      kind: "power",
      result: "P = {x:I}² · {y:R}",
    }),
  ],
  resistance: [
    step({
      y: int(3, 240),
      ru: [(u) => `На участок с таким сопротивлением подали ${u} В. Какой будет ток?`],
      en: [(u) => `${u} V is applied across that resistance. What current flows?`],
      kind: "current",
      result: "I = {y:U} / {x:R}",
    }),
    step({
      y: int(2, 60),
      ru: [
        (r2) =>
          `Последовательно к этому участку добавили резистор ${r2} Ом. Каким стало общее сопротивление?`,
      ],
      en: [(r2) => `${AN(r2)} Ω resistor is added in series. What is the total resistance now?`],
      law: {
        ru: "При последовательном соединении сопротивления складываются.",
        en: "In series, resistances add.",
      },
      kind: "resistance",
      result: "R = {x} + {y}",
    }),
    step({
      y: int(2, 60),
      ru: [
        (r2) => `Параллельно этому участку подключили резистор ${r2} Ом. Каким стало общее сопротивление?`,
      ],
      en: [(r2) => `${AN(r2)} Ω resistor is connected in parallel. What is the total resistance now?`],
      law: {
        ru: "При параллельном соединении R = R₁ · R₂ / (R₁ + R₂).",
        en: "In parallel, R = R₁ · R₂ / (R₁ + R₂).",
      },
      kind: "resistance",
      result: "R = {x} · {y} / ({x} + {y})",
    }),
  ],
  power: [
    step({
      // Up to 600 s, and short enough that the energy stays plausible (10 MJ) for a large power:
      // the one step a power of hundreds of kilowatts can always take.
      y: (ctx, x) => q(ctx.rng.int(2, Math.max(2, Math.min(600, Math.floor(1e7 / xnum(x)))))),
      ru: [(t) => `Сколько энергии выделится при такой мощности за ${t} с?`],
      en: [(t) => `How much energy is delivered at that power in ${t} s?`],
      kind: "energy",
      result: "E = {x:P} · {y:t}",
    }),
    step({
      y: (ctx) => q(ctx.rng.pick(MAINS)),
      ru: [(u) => `Прибор такой мощности работает от сети ${u} В. Какой ток он потребляет?`],
      en: [(u) => `A device of that power runs on ${u} V. What current does it draw?`],
      kind: "current",
      result: "I = {x:P} / {y:U}",
    }),
  ],
  pressure: [
    gasStep({
      change: "V",
      texts: {
        ru: {
          more: "расширяют",
          less: "сжимают",
          known: (v, _v1, v2) => `Затем газ изотермически ${v} до объёма ${v2} л. Каким станет давление?`,
          fresh: (v, v1, v2) =>
            `При этом давлении газ занимает ${v1} л; его изотермически ${v} до ${v2} л. Каким станет давление?`,
        },
        en: {
          more: "expanded",
          less: "compressed",
          known: (v, _v1, v2) => `The gas is then ${v} isothermally to ${v2} L. What is the new pressure?`,
          fresh: (v, v1, v2) =>
            `At that pressure the gas fills ${v1} L; it is ${v} isothermally to ${v2} L. What is the new pressure?`,
        },
      },
      law: { ru: "Закон Бойля — Мариотта: p₁V₁ = p₂V₂.", en: "Boyle's law: p₁V₁ = p₂V₂." },
      kind: "pressure",
      result: "p₂ = {x} · {from} / {to}",
    }),
    gasStep({
      change: "T",
      texts: heat(AT_V, { ru: "Каким станет давление?", en: "What is the new pressure?" }),
      law: { ru: "При V = const: p₁ / T₁ = p₂ / T₂.", en: "At constant volume: p₁ / T₁ = p₂ / T₂." },
      kind: "pressure",
      result: "p₂ = {x} · {to} / {from}",
    }),
  ],
  volume: [
    gasStep({
      change: "T",
      texts: heat(AT_P, { ru: "Каким станет объём?", en: "What is its new volume?" }),
      law: { ru: "Закон Гей-Люссака: V₁ / T₁ = V₂ / T₂.", en: "Charles's law: V₁ / T₁ = V₂ / T₂." },
      kind: "volume",
      result: "V₂ = {x} · {to} / {from}",
    }),
    gasStep({
      change: "p",
      texts: {
        ru: {
          more: "сжимают",
          less: "расширяют",
          known: (v, _p1, p2) =>
            `Затем газ изотермически ${v} так, что давление становится ${p2} кПа. Каким станет объём?`,
          fresh: (v, p1, p2) =>
            `Давление газа сейчас ${p1} кПа; его изотермически ${v} до ${p2} кПа. Каким станет объём?`,
        },
        en: {
          more: "compressed",
          less: "expanded",
          known: (v, _p1, p2) =>
            `The gas is then ${v} isothermally until its pressure is ${p2} kPa. What is its new volume?`,
          fresh: (v, p1, p2) =>
            `The gas is now at ${p1} kPa; it is ${v} isothermally to ${p2} kPa. What is its new volume?`,
        },
      },
      law: {
        ru: "При T = const: p₁V₁ = p₂V₂, V₂ = p₁V₁ / p₂.",
        en: "At constant temperature: p₁V₁ = p₂V₂, V₂ = p₁V₁ / p₂.",
      },
      kind: "volume",
      result: "V₂ = {from} · {x} / {to}",
    }),
  ],
  // Two fresh numbers: a gas at a temperature of its own, then taken to the carried one.
  temperature: [
    step({
      y: int(80, 300),
      z: standardT,
      ru: [
        (p1, t1) =>
          `Газ в закрытом сосуде при ${t1} К имеет давление ${p1} кПа. Каким будет давление при этой температуре?`,
      ],
      en: [
        (p1, t1) =>
          `A sealed gas at ${t1} K has pressure ${p1} kPa. What is its pressure at that temperature?`,
      ],
      law: { ru: "При V = const: p₂ = p₁ · T₂ / T₁.", en: "At constant volume: p₂ = p₁ · T₂ / T₁." },
      kind: "pressure",
      result: "p₂ = {y} · {x} / {z}",
    }),
    step({
      y: int(2, 30),
      z: standardT,
      ru: [
        (v1, t1) =>
          `При ${t1} К газ занимает ${v1} л. Какой объём он займёт при этой температуре и том же давлении?`,
      ],
      en: [
        (v1, t1) =>
          `At ${t1} K a gas fills ${v1} L. What volume does it fill at that temperature and the same pressure?`,
      ],
      law: { ru: "При p = const: V₂ = V₁ · T₂ / T₁.", en: "At constant pressure: V₂ = V₁ · T₂ / T₁." },
      kind: "volume",
      result: "V₂ = {y} · {x} / {z}",
    }),
  ],
};
