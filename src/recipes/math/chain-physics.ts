import { AN, aN } from "./lang.js";
import { isSurd, qsqrtCarried } from "./num/exact.js";
import * as R from "./num/rational.js";
import { type Q, q } from "./num/rational.js";
import { ad, adop, d, dop, G, physStep, pnum } from "./physics.js";
import { type Phrases, pickT } from "./text.js";
import type { Carry, ChainStep, Ctx, GasState, QuantityKind } from "./types.js";

/**
 * Physics chain steps: "using that speed, find the distance in 5 s". Each consumes the value the
 * previous turn printed (rounded values are reused as printed) and draws fresh data for the rest.
 */
type PStep = (ctx: Ctx, x: Q, c: Carry) => ChainStep | null;

export function chainPhysics(ctx: Ctx, c: Carry, used?: Set<unknown>): ChainStep | null {
  const pool = PHYS_POOLS[c.kind];
  if (!pool || isSurd(c.value)) return null;
  const x = c.value;
  for (let i = 0; i < 8; i++) {
    const f = ctx.rng.pick(pool);
    if (used?.has(f) && i < 6) continue;
    const s = f(ctx, x, c);
    if (s) {
      used?.add(f);
      return s;
    }
  }
  for (const f of pool) {
    const s = f(ctx, x, c);
    if (s) return s;
  }
  return null;
}

const pos = (x: Q) => x.n > 0;

const SPEED_DIST: Phrases<[string]> = {
  ru: [
    (t) => `Тело движется с этой скоростью равномерно ещё ${t} с. Какой путь оно пройдёт?`,
    (t) => `Какое расстояние пройдёт тело за ${t} с, если будет двигаться с этой скоростью?`,
  ],
  en: [
    (t) => `The body keeps that speed for another ${t} s. How far does it go?`,
    (t) => `How far does it travel in ${t} s at that speed?`,
  ],
};
const speedDistance: PStep = (ctx, v) => {
  if (!pos(v)) return null;
  const t = q(ctx.rng.int(2, 30));
  return physStep(
    ctx,
    pickT(ctx, SPEED_DIST)(d(t)),
    [ctx.ru ? "При равномерном движении s = v · t." : "For uniform motion s = v · t."],
    "s",
    "distance",
    R.mul(v, t),
    `${d(v)} · ${d(t)}`,
    `${adop(v)}*${ad(t)}`,
  );
};

const SPEED_KE: Phrases<[string]> = {
  ru: [
    (m) => `Найдите кинетическую энергию тела массой ${m} кг, движущегося с этой скоростью.`,
    (m) => `Какова кинетическая энергия груза массой ${m} кг при такой скорости?`,
  ],
  en: [
    (m) => `Find the kinetic energy of ${aN(m)} kg body moving at that speed.`,
    (m) => `What is the kinetic energy of ${aN(m)} kg load at that speed?`,
  ],
};
const speedEnergy: PStep = (ctx, v) => {
  const m = pnum(ctx, 1, 20);
  return physStep(
    ctx,
    pickT(ctx, SPEED_KE)(d(m)),
    ["E = m · v² / 2"],
    "E",
    "energy",
    R.div(R.mul(m, R.mul(v, v)), q(2)),
    `${d(m)} · ${dop(v)}² / 2`,
    `${adop(m)}*${adop(v)}^2/2`,
  );
};

const SPEED_P: Phrases<[string]> = {
  ru: [(m) => `Каков импульс тела массой ${m} кг, движущегося с этой скоростью?`],
  en: [(m) => `What is the momentum of ${aN(m)} kg body moving at that speed?`],
};
const speedMomentum: PStep = (ctx, v) => {
  const m = pnum(ctx, 1, 50);
  return physStep(
    ctx,
    pickT(ctx, SPEED_P)(d(m)),
    ["p = m · v"],
    "p",
    "momentum",
    R.mul(m, v),
    `${d(m)} · ${dop(v)}`,
    `${adop(m)}*${adop(v)}`,
  );
};

const SPEED_BRAKE: Phrases<[string]> = {
  ru: [
    (a) => `Затем тело тормозит с ускорением ${a} м/с² до полной остановки. Найдите тормозной путь.`,
    (a) =>
      `С этой скорости начинается торможение с ускорением ${a} м/с². Какой путь пройдёт тело до остановки?`,
  ],
  en: [
    (a) => `It then brakes at ${a} m/s² until it stops. Find the braking distance.`,
    (a) => `From that speed it decelerates at ${a} m/s². How far does it go before stopping?`,
  ],
};
const speedBrake: PStep = (ctx, v) => {
  if (!pos(v)) return null;
  const a = pnum(ctx, 1, 8);
  return physStep(
    ctx,
    pickT(ctx, SPEED_BRAKE)(d(a)),
    [
      ctx.ru
        ? "При равнозамедленном движении до остановки v² = 2as, откуда s = v² / (2a)."
        : "Decelerating uniformly to rest, v² = 2as, so s = v² / (2a).",
    ],
    "s",
    "distance",
    R.div(R.mul(v, v), R.mul(q(2), a)),
    `${d(v)}² / (2 · ${d(a)})`,
    `${ad(v)}^2/(2*${ad(a)})`,
  );
};

const SPEED_TIME: Phrases<[string]> = {
  ru: [(s) => `За какое время тело пройдёт ${s} м с этой скоростью?`],
  en: [(s) => `How long does it take to cover ${s} m at that speed?`],
};
const speedTime: PStep = (ctx, v) => {
  if (!pos(v)) return null;
  const s = q(ctx.rng.int(10, 600));
  return physStep(
    ctx,
    pickT(ctx, SPEED_TIME)(d(s)),
    ["t = s / v"],
    "t",
    "time",
    R.div(s, v),
    `${d(s)} / ${d(v)}`,
    `${ad(s)}/${ad(v)}`,
  );
};

const SPEED_UP: Phrases<[]> = {
  ru: [
    () =>
      "Тело подбросили вертикально вверх с этой скоростью. На какую высоту оно поднимется? Примите g = 9.8 м/с², сопротивлением воздуха пренебречь.",
  ],
  en: [
    () =>
      "A body is thrown straight up with that speed. How high does it rise? Use g = 9.8 m/s² and ignore air resistance.",
  ],
};
const speedHeight: PStep = (ctx, v) => {
  if (!pos(v)) return null;
  return physStep(
    ctx,
    pickT(ctx, SPEED_UP)(),
    [
      ctx.ru
        ? "В верхней точке скорость равна нулю: h = v² / (2g)."
        : "At the top the speed is zero: h = v² / (2g).",
    ],
    "h",
    "distance",
    R.div(R.mul(v, v), R.mul(q(2), G)),
    `${d(v)}² / (2 · 9.8)`,
    `${ad(v)}^2/(2*9.8)`,
  );
};

const DIST_TIME: Phrases<[string]> = {
  ru: [
    (v) => `Велосипедист едет со скоростью ${v} м/с. За какое время он преодолеет это расстояние?`,
    (v) => `Сколько времени понадобится, чтобы пройти это расстояние со скоростью ${v} м/с?`,
  ],
  en: [
    (v) => `A cyclist rides at ${v} m/s. How long does it take to cover that distance?`,
    (v) => `How long does that distance take at ${v} m/s?`,
  ],
};
const distanceTime: PStep = (ctx, s) => {
  if (!pos(s)) return null;
  const v = pnum(ctx, 2, 30);
  return physStep(
    ctx,
    pickT(ctx, DIST_TIME)(d(v)),
    ["t = s / v"],
    "t",
    "time",
    R.div(s, v),
    `${d(s)} / ${d(v)}`,
    `${ad(s)}/${adop(v)}`,
  );
};

const DIST_WORK: Phrases<[string]> = {
  ru: [(f) => `Какую работу совершит на этом пути сила ${f} Н, направленная вдоль движения?`],
  en: [(f) => `How much work does ${aN(f)} N force along the motion do over that distance?`],
};
const distanceWork: PStep = (ctx, s) => {
  if (!pos(s)) return null;
  const f = pnum(ctx, 5, 200);
  const sym = ctx.ru ? "A" : "W";
  return physStep(
    ctx,
    pickT(ctx, DIST_WORK)(d(f)),
    [`${sym} = F · s`],
    sym,
    "energy",
    R.mul(f, s),
    `${d(f)} · ${d(s)}`,
    `${adop(f)}*${ad(s)}`,
  );
};

const DIST_AVG: Phrases<[string]> = {
  // A new traveller over the same distance: the body of the previous step already has its own
  // time (a thrown stone rises in 2 s, not in 42 s).
  ru: [(t) => `Бегун преодолевает такое же расстояние за ${t} с. Какова его средняя скорость?`],
  en: [(t) => `A runner covers the same distance in ${t} s. What is the runner's average speed?`],
};
const distanceAvg: PStep = (ctx, s) => {
  if (!pos(s)) return null;
  const t = q(ctx.rng.int(2, 60));
  return physStep(
    ctx,
    pickT(ctx, DIST_AVG)(d(t)),
    ["v = s / t"],
    "v",
    "speed",
    R.div(s, t),
    `${d(s)} / ${d(t)}`,
    `${ad(s)}/${ad(t)}`,
  );
};

const TIME_DIST: Phrases<[string]> = {
  ru: [(v) => `Какой путь пройдёт за это время тело, движущееся равномерно со скоростью ${v} м/с?`],
  en: [(v) => `How far does a body moving steadily at ${v} m/s go in that time?`],
};
const timeDistance: PStep = (ctx, t) => {
  if (!pos(t)) return null;
  const v = pnum(ctx, 1, 30);
  return physStep(
    ctx,
    pickT(ctx, TIME_DIST)(d(v)),
    ["s = v · t"],
    "s",
    "distance",
    R.mul(v, t),
    `${d(v)} · ${d(t)}`,
    `${adop(v)}*${ad(t)}`,
  );
};

const TIME_SPEED: Phrases<[string]> = {
  ru: [
    (a) => `Какую скорость наберёт за это время тело, разгоняясь из состояния покоя с ускорением ${a} м/с²?`,
  ],
  en: [(a) => `What speed does a body reach in that time, starting from rest with acceleration ${a} m/s²?`],
};
const timeSpeed: PStep = (ctx, t) => {
  if (!pos(t)) return null;
  const a = pnum(ctx, 1, 6);
  return physStep(
    ctx,
    pickT(ctx, TIME_SPEED)(d(a)),
    ["v = a · t"],
    "v",
    "speed",
    R.mul(a, t),
    `${d(a)} · ${d(t)}`,
    `${adop(a)}*${ad(t)}`,
  );
};

const TIME_ENERGY: Phrases<[string]> = {
  ru: [(p) => `Сколько энергии потребит за это время прибор мощностью ${p} Вт?`],
  en: [(p) => `How much energy does ${aN(p)} W device use in that time?`],
};
const timeEnergy: PStep = (ctx, t) => {
  if (!pos(t)) return null;
  const p = q(ctx.rng.int(10, 2000));
  return physStep(
    ctx,
    pickT(ctx, TIME_ENERGY)(d(p)),
    ["E = P · t"],
    "E",
    "energy",
    R.mul(p, t),
    `${d(p)} · ${d(t)}`,
    `${ad(p)}*${ad(t)}`,
  );
};

const ACC_FORCE: Phrases<[string]> = {
  ru: [(m) => `Какая равнодействующая сила сообщает такое ускорение телу массой ${m} кг?`],
  en: [(m) => `What net force gives ${aN(m)} kg body that acceleration?`],
};
const accelForce: PStep = (ctx, a) => {
  const m = pnum(ctx, 1, 50);
  return physStep(
    ctx,
    pickT(ctx, ACC_FORCE)(d(m)),
    [ctx.ru ? "По второму закону Ньютона F = m · a." : "By Newton's second law F = m · a."],
    "F",
    "force",
    R.mul(m, a),
    `${d(m)} · ${dop(a)}`,
    `${adop(m)}*${adop(a)}`,
  );
};

const ACC_SPEED: Phrases<[string]> = {
  ru: [(t) => `Тело начинает движение из покоя с этим ускорением. Какой будет его скорость через ${t} с?`],
  en: [(t) => `A body starts from rest with that acceleration. What is its speed after ${t} s?`],
};
const accelSpeed: PStep = (ctx, a) => {
  if (!pos(a)) return null;
  const t = q(ctx.rng.int(2, 20));
  return physStep(
    ctx,
    pickT(ctx, ACC_SPEED)(d(t)),
    ["v = a · t"],
    "v",
    "speed",
    R.mul(a, t),
    `${d(a)} · ${d(t)}`,
    `${ad(a)}*${ad(t)}`,
  );
};

const ACC_DIST: Phrases<[string]> = {
  ru: [(t) => `Какой путь пройдёт тело из состояния покоя с этим ускорением за ${t} с?`],
  en: [(t) => `How far does a body starting from rest with that acceleration go in ${t} s?`],
};
const accelDistance: PStep = (ctx, a) => {
  if (!pos(a)) return null;
  const t = q(ctx.rng.int(2, 12));
  return physStep(
    ctx,
    pickT(ctx, ACC_DIST)(d(t)),
    ["s = a · t² / 2"],
    "s",
    "distance",
    R.div(R.mul(a, R.mul(t, t)), q(2)),
    `${d(a)} · ${d(t)}² / 2`,
    `${ad(a)}*${ad(t)}^2/2`,
  );
};

const FORCE_ACC: Phrases<[string]> = {
  ru: [(m) => `Какое ускорение эта сила сообщит телу массой ${m} кг?`],
  en: [(m) => `What acceleration does that force give ${aN(m)} kg body?`],
};
const forceAccel: PStep = (ctx, f) => {
  const m = pnum(ctx, 1, 40);
  return physStep(
    ctx,
    pickT(ctx, FORCE_ACC)(d(m)),
    ["a = F / m"],
    "a",
    "accel",
    R.div(f, m),
    `${d(f)} / ${d(m)}`,
    `${adop(f)}/${adop(m)}`,
  );
};

const forceWork: PStep = (ctx, f) => {
  if (!pos(f)) return null;
  const s = q(ctx.rng.int(2, 100));
  const sym = ctx.ru ? "A" : "W";
  return physStep(
    ctx,
    ctx.ru
      ? `Эта сила перемещает тело на ${d(s)} м вдоль своего направления. Какую работу она совершает?`
      : `That force moves a body ${d(s)} m along its direction. How much work does it do?`,
    [`${sym} = F · s`],
    sym,
    "energy",
    R.mul(f, s),
    `${d(f)} · ${d(s)}`,
    `${ad(f)}*${ad(s)}`,
  );
};

const massWeight: PStep = (ctx, m) => {
  if (!pos(m)) return null;
  return physStep(
    ctx,
    ctx.ru
      ? "Какова сила тяжести, действующая на тело такой массы? g = 9.8 м/с²."
      : "What is the weight of a body with that mass? Use g = 9.8 m/s².",
    ["F = m · g"],
    "F",
    "force",
    R.mul(m, G),
    `${d(m)} · 9.8`,
    `${ad(m)}*9.8`,
  );
};

const ENERGY_POWER: Phrases<[string]> = {
  ru: [(t) => `Эту энергию расходуют равномерно за ${t} с. Какова мощность?`],
  en: [(t) => `That energy is used evenly over ${t} s. What is the power?`],
};
const energyPower: PStep = (ctx, e) => {
  if (!pos(e)) return null;
  const t = q(ctx.rng.int(2, 120));
  return physStep(
    ctx,
    pickT(ctx, ENERGY_POWER)(d(t)),
    ["P = E / t"],
    "P",
    "power",
    R.div(e, t),
    `${d(e)} / ${d(t)}`,
    `${ad(e)}/${ad(t)}`,
  );
};

const ENERGY_HEIGHT: Phrases<[string]> = {
  ru: [(m) => `На какую высоту можно поднять груз массой ${m} кг, затратив эту энергию? g = 9.8 м/с².`],
  en: [(m) => `How high can that energy lift ${aN(m)} kg load? Use g = 9.8 m/s².`],
};
const energyHeight: PStep = (ctx, e) => {
  if (!pos(e)) return null;
  const m = pnum(ctx, 1, 30);
  return physStep(
    ctx,
    pickT(ctx, ENERGY_HEIGHT)(d(m)),
    ["E = m · g · h  ⇒  h = E / (m · g)"],
    "h",
    "distance",
    R.div(e, R.mul(m, G)),
    `${d(e)} / (${d(m)} · 9.8)`,
    `${ad(e)}/(${ad(m)}*9.8)`,
  );
};

const ENERGY_SPEED: Phrases<[string]> = {
  ru: [(m) => `Какую скорость имеет тело массой ${m} кг, если это его кинетическая энергия?`],
  en: [(m) => `If that is the kinetic energy of ${aN(m)} kg body, how fast is it moving?`],
};
const energySpeed: PStep = (ctx, e) => {
  if (!pos(e)) return null;
  const m = q(ctx.rng.int(1, 20));
  return physStep(
    ctx,
    pickT(ctx, ENERGY_SPEED)(d(m)),
    ["E = m · v² / 2  ⇒  v = √(2E / m)"],
    "v",
    "speed",
    qsqrtCarried(R.div(R.mul(q(2), e), m)),
    `√(2 · ${d(e)} / ${d(m)})`,
    `sqrt(2*${ad(e)}/${ad(m)})`,
  );
};

const momentumSpeed: PStep = (ctx, p) => {
  const m = pnum(ctx, 1, 40);
  return physStep(
    ctx,
    ctx.ru
      ? `Какую скорость имеет тело массой ${d(m)} кг с таким импульсом?`
      : `How fast is ${aN(d(m))} kg body with that momentum moving?`,
    ["v = p / m"],
    "v",
    "speed",
    R.div(p, m),
    `${d(p)} / ${d(m)}`,
    `${adop(p)}/${adop(m)}`,
  );
};

const momentumForce: PStep = (ctx, p) => {
  if (!pos(p)) return null;
  const t = pnum(ctx, 1, 10);
  return physStep(
    ctx,
    ctx.ru
      ? `Тело с этим импульсом останавливают за ${d(t)} с. Какова средняя сила торможения?`
      : `A body with that momentum is stopped in ${d(t)} s. What is the average stopping force?`,
    [
      ctx.ru
        ? "Импульс силы равен изменению импульса: F · t = p."
        : "Impulse equals the change in momentum: F · t = p.",
    ],
    "F",
    "force",
    R.div(p, t),
    `${d(p)} / ${d(t)}`,
    `${ad(p)}/${adop(t)}`,
  );
};

const voltageCurrent: PStep = (ctx, u) => {
  if (!pos(u)) return null;
  const r = q(ctx.rng.int(2, 100));
  return physStep(
    ctx,
    ctx.ru
      ? `Это напряжение подано на резистор ${d(r)} Ом. Какой ток через него течёт?`
      : `That voltage is applied across ${aN(d(r))} Ω resistor. What current flows?`,
    [ctx.ru ? "По закону Ома I = U / R." : "By Ohm's law I = U / R."],
    "I",
    "current",
    R.div(u, r),
    `${d(u)} / ${d(r)}`,
    `${ad(u)}/${ad(r)}`,
  );
};

const voltagePower: PStep = (ctx, u) => {
  if (!pos(u)) return null;
  const i = pnum(ctx, 1, 10);
  return physStep(
    ctx,
    ctx.ru
      ? `При этом напряжении через прибор идёт ток ${d(i)} А. Какова его мощность?`
      : `At that voltage a device draws ${d(i)} A. What is its power?`,
    ["P = U · I"],
    "P",
    "power",
    R.mul(u, i),
    `${d(u)} · ${d(i)}`,
    `${ad(u)}*${adop(i)}`,
  );
};

const currentVoltage: PStep = (ctx, i) => {
  if (!pos(i)) return null;
  const r = q(ctx.rng.int(2, 100));
  return physStep(
    ctx,
    ctx.ru
      ? `Такой ток течёт через резистор ${d(r)} Ом. Каково напряжение на нём?`
      : `That current flows through ${aN(d(r))} Ω resistor. What is the voltage across it?`,
    ["U = I · R"],
    "U",
    "voltage",
    R.mul(i, r),
    `${d(i)} · ${d(r)}`,
    `${ad(i)}*${ad(r)}`,
  );
};

const currentPower: PStep = (ctx, i) => {
  if (!pos(i)) return null;
  const r = q(ctx.rng.int(2, 60));
  return physStep(
    ctx,
    ctx.ru
      ? `Какая мощность выделяется при таком токе в резисторе ${d(r)} Ом?`
      : `What power does that current dissipate in ${aN(d(r))} Ω resistor?`,
    ["P = I² · R"],
    "P",
    "power",
    R.mul(R.mul(i, i), r),
    `${d(i)}² · ${d(r)}`,
    `${ad(i)}^2*${ad(r)}`,
  );
};

const resistanceCurrent: PStep = (ctx, r) => {
  if (!pos(r)) return null;
  const u = q(ctx.rng.int(3, 240));
  return physStep(
    ctx,
    ctx.ru
      ? `На участок с таким сопротивлением подали ${d(u)} В. Какой будет ток?`
      : `${d(u)} V is applied across that resistance. What current flows?`,
    ["I = U / R"],
    "I",
    "current",
    R.div(u, r),
    `${d(u)} / ${d(r)}`,
    `${ad(u)}/${ad(r)}`,
  );
};

const resistanceSeries: PStep = (ctx, r) => {
  if (!pos(r)) return null;
  const r2 = q(ctx.rng.int(2, 60));
  return physStep(
    ctx,
    ctx.ru
      ? `Последовательно к этому участку добавили резистор ${d(r2)} Ом. Каким стало общее сопротивление?`
      : `${AN(d(r2))} Ω resistor is added in series. What is the total resistance now?`,
    [ctx.ru ? "При последовательном соединении сопротивления складываются." : "In series, resistances add."],
    "R",
    "resistance",
    R.add(r, r2),
    `${d(r)} + ${d(r2)}`,
    `${ad(r)} + ${ad(r2)}`,
  );
};

const resistanceParallel: PStep = (ctx, r) => {
  if (!pos(r)) return null;
  const r2 = q(ctx.rng.int(2, 60));
  return physStep(
    ctx,
    ctx.ru
      ? `Параллельно этому участку подключили резистор ${d(r2)} Ом. Каким стало общее сопротивление?`
      : `${AN(d(r2))} Ω resistor is connected in parallel. What is the total resistance now?`,
    [
      ctx.ru
        ? "При параллельном соединении R = R₁ · R₂ / (R₁ + R₂)."
        : "In parallel, R = R₁ · R₂ / (R₁ + R₂).",
    ],
    "R",
    "resistance",
    R.div(R.mul(r, r2), R.add(r, r2)),
    `${d(r)} · ${d(r2)} / (${d(r)} + ${d(r2)})`,
    `${ad(r)}*${ad(r2)}/(${ad(r)} + ${ad(r2)})`,
  );
};

const powerEnergy: PStep = (ctx, p) => {
  if (!pos(p)) return null;
  const t = q(ctx.rng.int(2, 600));
  return physStep(
    ctx,
    ctx.ru
      ? `Сколько энергии выделится при такой мощности за ${d(t)} с?`
      : `How much energy is delivered at that power in ${d(t)} s?`,
    ["E = P · t"],
    "E",
    "energy",
    R.mul(p, t),
    `${d(p)} · ${d(t)}`,
    `${ad(p)}*${ad(t)}`,
  );
};

const powerCurrent: PStep = (ctx, p) => {
  if (!pos(p)) return null;
  const u = q(ctx.rng.pick([12, 24, 36, 110, 127, 220, 230]));
  return physStep(
    ctx,
    ctx.ru
      ? `Прибор такой мощности работает от сети ${d(u)} В. Какой ток он потребляет?`
      : `A device of that power runs on ${d(u)} V. What current does it draw?`,
    ["I = P / U"],
    "I",
    "current",
    R.div(p, u),
    `${d(p)} / ${d(u)}`,
    `${ad(p)}/${ad(u)}`,
  );
};

/** A fresh whole value in [lo, hi] different from `other`. */
function freshBut(ctx: Ctx, lo: number, hi: number, other: Q | undefined): Q {
  let x = q(ctx.rng.int(lo, hi));
  if (other && R.eq(x, other)) x = R.add(x, q(lo < hi ? 1 : -1));
  return x;
}

/**
 * A gas step continues from the state the dialogue has reached (carry.gas): a known volume,
 * pressure or temperature is never restated with another number, an unknown one is introduced
 * once, and the verb follows the numbers (heated when T rises, compressed when V falls).
 */
function gasStep(step: ChainStep, next: GasState): ChainStep {
  step.carry.gas = next;
  return step;
}

const pressureIsothermal: PStep = (ctx, p, c) => {
  if (!pos(p)) return null;
  const known = c.gas?.V as Q | undefined;
  const v1 = known ?? q(ctx.rng.int(4, 30));
  const v2 = freshBut(ctx, 2, 40, v1);
  const grows = R.cmp(v2, v1) > 0;
  const ru = ctx.ru;
  const verb = ru ? (grows ? "расширяют" : "сжимают") : grows ? "expanded" : "compressed";
  const user = known
    ? ru
      ? `Затем газ изотермически ${verb} до объёма ${d(v2)} л. Каким станет давление?`
      : `The gas is then ${verb} isothermally to ${d(v2)} L. What is the new pressure?`
    : ru
      ? `При этом давлении газ занимает ${d(v1)} л; его изотермически ${verb} до ${d(v2)} л. Каким станет давление?`
      : `At that pressure the gas fills ${d(v1)} L; it is ${verb} isothermally to ${d(v2)} L. What is the new pressure?`;
  const p2 = R.div(R.mul(p, v1), v2);
  return gasStep(
    physStep(
      ctx,
      user,
      [ru ? "Закон Бойля — Мариотта: p₁V₁ = p₂V₂." : "Boyle's law: p₁V₁ = p₂V₂."],
      "p₂",
      "pressure",
      p2,
      `${d(p)} · ${d(v1)} / ${d(v2)}`,
      `${ad(p)}*${ad(v1)}/${ad(v2)}`,
    ),
    { p: p2, V: v2, T: c.gas?.T },
  );
};

/** Heated or cooled at constant volume (pressure carried) or pressure (volume carried). */
function heatUser(ctx: Ctx, known: boolean, t1: Q, t2: Q, keep: "V" | "p", ask: string): string {
  const up = R.cmp(t2, t1) > 0;
  const ru = ctx.ru;
  const verb = ru ? (up ? "нагревают" : "охлаждают") : up ? "heated" : "cooled";
  const at = ru
    ? keep === "V"
      ? "при постоянном объёме"
      : "при постоянном давлении"
    : keep === "V"
      ? "at constant volume"
      : "at constant pressure";
  if (known)
    return ru
      ? `Затем газ ${verb} ${at} до ${d(t2)} К. ${ask}`
      : `The gas is then ${verb} ${at} to ${d(t2)} K. ${ask}`;
  return ru
    ? `Температура газа сейчас ${d(t1)} К; его ${verb} ${at} до ${d(t2)} К. ${ask}`
    : `The gas is now at ${d(t1)} K; it is ${verb} ${at} to ${d(t2)} K. ${ask}`;
}

const pressureIsochoric: PStep = (ctx, p, c) => {
  if (!pos(p)) return null;
  const known = c.gas?.T as Q | undefined;
  const t1 = known ?? q(ctx.rng.int(250, 350));
  const t2 = freshBut(ctx, 200, 600, t1);
  const p2 = R.div(R.mul(p, t2), t1);
  return gasStep(
    physStep(
      ctx,
      heatUser(
        ctx,
        known !== undefined,
        t1,
        t2,
        "V",
        ctx.ru ? "Каким станет давление?" : "What is the new pressure?",
      ),
      [ctx.ru ? "При V = const: p₁ / T₁ = p₂ / T₂." : "At constant volume: p₁ / T₁ = p₂ / T₂."],
      "p₂",
      "pressure",
      p2,
      `${d(p)} · ${d(t2)} / ${d(t1)}`,
      `${ad(p)}*${ad(t2)}/${ad(t1)}`,
    ),
    { p: p2, V: c.gas?.V, T: t2 },
  );
};

const volumeIsobaric: PStep = (ctx, v, c) => {
  if (!pos(v)) return null;
  const known = c.gas?.T as Q | undefined;
  const t1 = known ?? q(ctx.rng.int(250, 350));
  const t2 = freshBut(ctx, 200, 600, t1);
  const v2 = R.div(R.mul(v, t2), t1);
  return gasStep(
    physStep(
      ctx,
      heatUser(
        ctx,
        known !== undefined,
        t1,
        t2,
        "p",
        ctx.ru ? "Каким станет объём?" : "What is its new volume?",
      ),
      [ctx.ru ? "Закон Гей-Люссака: V₁ / T₁ = V₂ / T₂." : "Charles's law: V₁ / T₁ = V₂ / T₂."],
      "V₂",
      "volume",
      v2,
      `${d(v)} · ${d(t2)} / ${d(t1)}`,
      `${ad(v)}*${ad(t2)}/${ad(t1)}`,
    ),
    { p: c.gas?.p, V: v2, T: t2 },
  );
};

const volumeIsothermal: PStep = (ctx, v, c) => {
  if (!pos(v)) return null;
  const known = c.gas?.p as Q | undefined;
  const p1 = known ?? q(ctx.rng.int(80, 300));
  const p2 = freshBut(ctx, 50, 400, p1);
  const ru = ctx.ru;
  const squeezed = R.cmp(p2, p1) > 0;
  const verb = ru ? (squeezed ? "сжимают" : "расширяют") : squeezed ? "compressed" : "expanded";
  const user = known
    ? ru
      ? `Затем газ изотермически ${verb} так, что давление становится ${d(p2)} кПа. Каким станет объём?`
      : `The gas is then ${verb} isothermally until its pressure is ${d(p2)} kPa. What is its new volume?`
    : ru
      ? `Давление газа сейчас ${d(p1)} кПа; его изотермически ${verb} до ${d(p2)} кПа. Каким станет объём?`
      : `The gas is now at ${d(p1)} kPa; it is ${verb} isothermally to ${d(p2)} kPa. What is its new volume?`;
  const v2 = R.div(R.mul(v, p1), p2);
  return gasStep(
    physStep(
      ctx,
      user,
      [
        ru
          ? "При T = const: p₁V₁ = p₂V₂, V₂ = p₁V₁ / p₂."
          : "At constant temperature: p₁V₁ = p₂V₂, V₂ = p₁V₁ / p₂.",
      ],
      "V₂",
      "volume",
      v2,
      `${d(p1)} · ${d(v)} / ${d(p2)}`,
      `${ad(p1)}*${ad(v)}/${ad(p2)}`,
    ),
    { p: p2, V: v2, T: c.gas?.T },
  );
};

const temperaturePressure: PStep = (ctx, t) => {
  if (!pos(t)) return null;
  const p1 = q(ctx.rng.int(80, 300));
  const t1 = q(ctx.rng.pick([273, 280, 290, 300, 310]));
  return physStep(
    ctx,
    ctx.ru
      ? `Газ в закрытом сосуде при ${d(t1)} К имеет давление ${d(p1)} кПа. Каким будет давление при этой температуре?`
      : `A sealed gas at ${d(t1)} K has pressure ${d(p1)} kPa. What is its pressure at that temperature?`,
    [ctx.ru ? "При V = const: p₂ = p₁ · T₂ / T₁." : "At constant volume: p₂ = p₁ · T₂ / T₁."],
    "p₂",
    "pressure",
    R.div(R.mul(p1, t), t1),
    `${d(p1)} · ${d(t)} / ${d(t1)}`,
    `${ad(p1)}*${ad(t)}/${ad(t1)}`,
  );
};

const temperatureVolume: PStep = (ctx, t) => {
  if (!pos(t)) return null;
  const v1 = q(ctx.rng.int(2, 30));
  const t1 = q(ctx.rng.pick([273, 280, 290, 300, 310]));
  return physStep(
    ctx,
    ctx.ru
      ? `При ${d(t1)} К газ занимает ${d(v1)} л. Какой объём он займёт при этой температуре и том же давлении?`
      : `At ${d(t1)} K a gas fills ${d(v1)} L. What volume does it fill at that temperature and the same pressure?`,
    [ctx.ru ? "При p = const: V₂ = V₁ · T₂ / T₁." : "At constant pressure: V₂ = V₁ · T₂ / T₁."],
    "V₂",
    "volume",
    R.div(R.mul(v1, t), t1),
    `${d(v1)} · ${d(t)} / ${d(t1)}`,
    `${ad(v1)}*${ad(t)}/${ad(t1)}`,
  );
};

const PHYS_POOLS: Partial<Record<QuantityKind, PStep[]>> = {
  speed: [speedDistance, speedEnergy, speedMomentum, speedBrake, speedTime, speedHeight],
  distance: [distanceTime, distanceWork, distanceAvg],
  time: [timeDistance, timeSpeed, timeEnergy],
  accel: [accelForce, accelSpeed, accelDistance],
  force: [forceAccel, forceWork],
  mass: [massWeight],
  energy: [energyPower, energyHeight, energySpeed],
  momentum: [momentumSpeed, momentumForce],
  voltage: [voltageCurrent, voltagePower],
  current: [currentVoltage, currentPower],
  resistance: [resistanceCurrent, resistanceSeries, resistanceParallel],
  power: [powerEnergy, powerCurrent],
  pressure: [pressureIsothermal, pressureIsochoric],
  volume: [volumeIsobaric, volumeIsothermal],
  temperature: [temperaturePressure, temperatureVolume],
};
