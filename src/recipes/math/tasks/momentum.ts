import { AN, aN, type Tr, tr } from "../lang.js";
import { rel, type Shown, shown } from "../num/decimal.js";
import { type Exact, xnum } from "../num/exact.js";
import * as R from "../num/rational.js";
import { type Q, q } from "../num/rational.js";
import { approx, d, dop, EN_UNIT, pnum, quantity, RU_UNIT } from "../physics.js";
import { evp, evs, reply } from "../text.js";
import type { Ctx, Reply } from "../types.js";
import { changed, resultLine } from "./formula.js";
import { faultRows, type PhysVariant, paramRows, type Solved, variantTask } from "./variant-task.js";

/** This module's texts: English here, every other language in TEXT (a missing entry does not compile). */
const TEXT_EN = {
  momentumIs: "Momentum is p = m · v.",
  theCollisionIsInelastic: "The collision is inelastic; momentum is conserved: m₁v₁ = (m₁ + m₂)v.",
  theCommonSpeedIs: "The common speed is the average: v = (v₁ + 0) / 2.",
  momentumBefore: (worked: string) => `Momentum before: ${worked} ${EN_UNIT.momentum}.`,
  momentumIsConservedThe:
    "Momentum is conserved; the second body moves against the axis, so its momentum is negative.",
  totalMomentum: (p1: R.Q, op: string, p2: R.Q, total: R.Q) =>
    `Total momentum: ${d(p1)} ${op} ${d(p2)} = ${d(total)} ${EN_UNIT.momentum}.`,
  beforeTheShotThe: "Before the shot the total momentum was zero, so afterwards m_b · v_b = M · V.",
  vMVB: "V = M · v_b / m_b",
  theBulletMassIs: (s: S, mb: R.Q) =>
    `The bullet's mass is ${d(s.m1)} ${EN_UNIT.g} = ${d(mb)} ${EN_UNIT.mass}.`,
  momentumMeasuresMotionMass:
    "Momentum measures motion: mass times velocity. The heavier and faster a body, the harder it is to stop.",
  noHorizontalExternalForces:
    "No horizontal external forces act during the impact, so total momentum is conserved. Kinetic energy is not conserved in an inelastic collision, so it cannot be used.",
  momentumIsVectorAlong:
    "Momentum is a vector; along a line it is a signed number, negative against the axis. The signed sum is what is conserved.",
  beforeTheShotThe2:
    "Before the shot the rifle and bullet are at rest, so the total momentum is zero. The powder gases are an internal force, so the bullet's and rifle's momenta are equal and opposite.",
  momentumAddsUpOver: (half: R.Q) =>
    `Momentum adds up over the parts. Split the body into two halves of ${d(half)} ${EN_UNIT.mass}:`,
  eachHasTogether: (half: R.Q, s: S, ph: R.Q, res: Shown) =>
    `each has p = ${d(half)} · ${d(s.v1)} = ${d(ph)} ${EN_UNIT.momentum}; together 2 · ${d(ph)} = ${res.text} ${EN_UNIT.momentum}.`,
  theJoinedBodiesMove:
    "The joined bodies move with the centre-of-mass velocity, which the impact does not change:",
  speedsAreInverselyProportional: (s: S) =>
    `Speeds are inversely proportional to masses: V / v_b = m_b / M = ${d(bulletKg(s))} / ${d(s.m2)}.`,
  divideTheMomentumBy: (res: Shown, s: S, v: R.Q) =>
    `Divide the momentum by the mass: ${res.text} / ${d(s.m1)} = ${d(v)} ${EN_UNIT.speed}, the given speed.`,
  itMatches: (v: R.Q) => `v = ${d(v)} ${EN_UNIT.speed}, it matches.`,
  rifleBullet: (s: S, res: Shown, lhs: R.Q, rhs: R.Q) =>
    `Rifle: M · V = ${d(s.m2)} · ${res.text} = ${d(lhs)} ${EN_UNIT.momentum}; bullet: ${d(bulletKg(s))} · ${d(s.v1)} = ${d(rhs)} ${EN_UNIT.momentum}.`,
  equalMomentaSoIt: (lhs: R.Q, rhs: R.Q) =>
    `${d(lhs)} ${approx(lhs, rhs)} ${d(rhs)} ${EN_UNIT.momentum}: equal momenta, so it checks out.`,
  momentumAfter: (s: S, res: Shown, after: R.Q) =>
    `Momentum after: (${d(s.m1)} + ${d(s.m2)}) · ${dop(res.q)} = ${d(after)} ${EN_UNIT.momentum}.`,
  momentumIsConserved: (after: R.Q, before: R.Q) =>
    `${d(after)} ${approx(after, before)} ${d(before)} ${EN_UNIT.momentum}: momentum is conserved.`,
  twiceAsMuch: (p2: R.Q) => `Twice as much: p = ${d(p2)} ${EN_UNIT.momentum}.`,
  before: (s: S, before: R.Q) =>
    `Before: E₁ = ${d(s.m1)} · ${d(s.v1)}² / 2 = ${d(before)} ${EN_UNIT.energy}.`,
  after: "After: E₂ = (m₁ + m₂)v² / 2 = m₁²v₁² / (2(m₁ + m₂)).",
  theDifferenceGoesInto: "The difference goes into heat and deformation.",
  noIsLost: (lost: Shown) => `No: ΔE ${rel(lost)} ${lost.text} ${EN_UNIT.energy} is lost.`,
  theTotalMomentumMust: (s: S) =>
    `The total momentum must be zero: m₂v₂ = m₁v₁, so v₂ = ${d(s.m1)} · ${d(s.v1)} / ${d(s.m2)}.`,
  theRecoilSpeedIs: (s: S) =>
    `The recoil speed is inversely proportional to the rifle's mass: V = ${d(bulletKg(s))} · ${d(s.v1)} / ${d(R.mul(q(2), s.m2))}.`,
  halfAsMuch: (vs: Shown) => `Half as much: V ${rel(vs)} ${vs.text} ${EN_UNIT.speed}.`,
  theMass: "the mass",
  theSpeed: "the speed",
  theFirstMass: "the first mass",
  theSecondMass: "the second mass",
  theFirstBodySpeed: "the first body's speed",
  theFirstSpeed: "the first speed",
  theSecondSpeed: "the second speed",
  theBulletMass: "the bullet's mass",
  theRifleMass: "the rifle's mass",
  theBulletSpeed: "the bullet's speed",
  dividedMassBySpeed: "I divided the mass by the speed.",
  momentumIsProduct: "Momentum is a product: p = m · v.",
  averagedSpeeds: "I just averaged the speeds.",
  weightedByMass:
    "Speeds are not averaged: momentum is conserved, so they are weighted by mass: v = m₁v₁ / (m₁ + m₂).",
  firstMassMissing: "I left the first mass out of the denominator.",
  moveTogether: "After the impact they move together, with total mass m₁ + m₂.",
  addedMomenta: "I added the momenta as if the bodies moved the same way.",
  secondNegative: "They move towards each other, so the second momentum is negative: m₁v₁ - m₂v₂.",
  bulletGrams: "I did not convert the bullet's mass from grams to kilograms.",
  bulletInKg: (s: S) =>
    `${d(s.m1)} ${EN_UNIT.g} = ${d(bulletKg(s))} ${EN_UNIT.mass}; without converting, the answer is 1000 times too large.`,
  swappedMasses: "I swapped the masses.",
  lightBulletFast:
    "m_b · v_b = M · V gives V = m_b · v_b / M: the light bullet is fast, the heavy rifle slow.",
};

const TEXT: Tr<typeof TEXT_EN> = {
  ru: {
    momentumIs: "Импульс p = m · v.",
    theCollisionIsInelastic: "Удар неупругий, импульс сохраняется: m₁v₁ = (m₁ + m₂)v.",
    theCommonSpeedIs: "Общая скорость — среднее скоростей: v = (v₁ + 0) / 2.",
    momentumBefore: (worked) => `Импульс до удара: ${worked} ${RU_UNIT.momentum}.`,
    momentumIsConservedThe:
      "Импульс сохраняется; второе тело движется против оси, поэтому его импульс отрицателен.",
    totalMomentum: (p1, op, p2, total) =>
      `Суммарный импульс: ${d(p1)} ${op} ${d(p2)} = ${d(total)} ${RU_UNIT.momentum}.`,
    beforeTheShotThe: "До выстрела импульс системы был нулевым, значит, после выстрела m_п · v_п = M · V.",
    vMVB: "V = M · v_п / m_п",
    theBulletMassIs: (s, mb) => `Масса пули ${d(s.m1)} ${RU_UNIT.g} = ${d(mb)} ${RU_UNIT.mass}.`,
    momentumMeasuresMotionMass:
      "Импульс — это мера движения: произведение массы на скорость. Чем тяжелее тело и чем быстрее оно движется, тем труднее его остановить.",
    noHorizontalExternalForces:
      "При ударе внешние силы по горизонтали не действуют, поэтому суммарный импульс сохраняется. Энергия при неупругом ударе не сохраняется, поэтому ею пользоваться нельзя.",
    momentumIsVectorAlong:
      "Импульс — вектор. Для движения вдоль прямой это число со знаком: навстречу оси импульс отрицателен. Сохраняется сумма со знаками.",
    beforeTheShotThe2:
      "Ружьё с пулей до выстрела покоится, суммарный импульс ноль. Пороховые газы — внутренняя сила, импульс системы не меняют, поэтому импульсы пули и ружья равны и противоположны.",
    momentumAddsUpOver: (half) =>
      `Импульс складывается из импульсов частей. Разделим тело на две половины по ${d(half)} ${RU_UNIT.mass}:`,
    eachHasTogether: (half, s, ph, res) =>
      `у каждой p = ${d(half)} · ${d(s.v1)} = ${d(ph)} ${RU_UNIT.momentum}, вместе 2 · ${d(ph)} = ${res.text} ${RU_UNIT.momentum}.`,
    theJoinedBodiesMove: "Скорость слипшихся тел — это скорость центра масс, она не меняется при ударе:",
    speedsAreInverselyProportional: (s) =>
      `Скорости обратно пропорциональны массам: V / v_п = m_п / M = ${d(bulletKg(s))} / ${d(s.m2)}.`,
    divideTheMomentumBy: (res, s, v) =>
      `Разделим импульс на массу: ${res.text} / ${d(s.m1)} = ${d(v)} ${RU_UNIT.speed} — это скорость из условия.`,
    itMatches: (v) => `v = ${d(v)} ${RU_UNIT.speed}, сходится.`,
    rifleBullet: (s, res, lhs, rhs) =>
      `Импульс ружья M · V = ${d(s.m2)} · ${res.text} = ${d(lhs)} ${RU_UNIT.momentum}, импульс пули ${d(bulletKg(s))} · ${d(s.v1)} = ${d(rhs)} ${RU_UNIT.momentum}.`,
    equalMomentaSoIt: (lhs, rhs) =>
      `${d(lhs)} ${approx(lhs, rhs)} ${d(rhs)} ${RU_UNIT.momentum} — импульсы равны, ответ верный.`,
    momentumAfter: (s, res, after) =>
      `Импульс после удара: (${d(s.m1)} + ${d(s.m2)}) · ${dop(res.q)} = ${d(after)} ${RU_UNIT.momentum}.`,
    momentumIsConserved: (after, before) =>
      `${d(after)} ${approx(after, before)} ${d(before)} ${RU_UNIT.momentum} — импульс сохранился.`,
    twiceAsMuch: (p2) => `Вдвое больше: p = ${d(p2)} ${RU_UNIT.momentum}.`,
    before: (s, before) => `До удара E₁ = ${d(s.m1)} · ${d(s.v1)}² / 2 = ${d(before)} ${RU_UNIT.energy}.`,
    after: "После удара E₂ = (m₁ + m₂)v² / 2 = m₁²v₁² / (2(m₁ + m₂)).",
    theDifferenceGoesInto: "Разница уходит в тепло и деформацию.",
    noIsLost: (lost) => `Нет, теряется ΔE ${rel(lost)} ${lost.text} ${RU_UNIT.energy}.`,
    theTotalMomentumMust: (s) =>
      `Нужно, чтобы суммарный импульс был нулевым: m₂v₂ = m₁v₁, v₂ = ${d(s.m1)} · ${d(s.v1)} / ${d(s.m2)}.`,
    theRecoilSpeedIs: (s) =>
      `Скорость отдачи обратно пропорциональна массе ружья: V = ${d(bulletKg(s))} · ${d(s.v1)} / ${d(R.mul(q(2), s.m2))}.`,
    halfAsMuch: (vs) => `Вдвое меньше: V ${rel(vs)} ${vs.text} ${RU_UNIT.speed}.`,

    theMass: "массу",
    theSpeed: "скорость",
    theFirstMass: "массу первого тела",
    theSecondMass: "массу второго тела",
    theFirstBodySpeed: "скорость первого тела",
    theFirstSpeed: "скорость первого тела",
    theSecondSpeed: "скорость второго тела",
    theBulletMass: "массу пули",
    theRifleMass: "массу ружья",
    theBulletSpeed: "скорость пули",
    dividedMassBySpeed: "Я разделил массу на скорость.",
    momentumIsProduct: "Импульс — произведение: p = m · v.",
    averagedSpeeds: "Я просто усреднил скорости.",
    weightedByMass:
      "Усреднять скорости нельзя: сохраняется импульс, поэтому скорость взвешивается массами: v = m₁v₁ / (m₁ + m₂).",
    firstMassMissing: "Я забыл массу первого тела в знаменателе.",
    moveTogether: "После удара тела движутся вместе, их общая масса m₁ + m₂.",
    addedMomenta: "Я сложил импульсы, как будто тела движутся в одну сторону.",
    secondNegative: "Тела движутся навстречу, поэтому импульс второго берётся со знаком минус: m₁v₁ - m₂v₂.",
    bulletGrams: "Я не перевёл массу пули из граммов в килограммы.",
    bulletInKg: (s) =>
      `${d(s.m1)} ${RU_UNIT.g} = ${d(bulletKg(s))} ${RU_UNIT.mass}; без перевода ответ завышен в 1000 раз.`,
    swappedMasses: "Я перепутал массы местами.",
    lightBulletFast:
      "Из m_п · v_п = M · V следует V = m_п · v_п / M: лёгкая пуля летит быстро, тяжёлое ружьё — медленно.",
  },
  en: TEXT_EN,
};

/**
 * momentum: momentum and its conservation. Difficulty: p = mv (1-2), a moving body sticks to one
 * at rest (3-5), a head-on collision where the sign gives the direction (6-8), recoil of a gun
 * with the bullet's mass in grams (9-10).
 */
type Variant = "momentum" | "stick" | "headon" | "recoil";
type Tx = typeof TEXT_EN;

interface S {
  variant: Variant;
  m1: Q;
  v1: Q;
  m2: Q;
  v2: Q;
  /** Which objects (the index of the question template): each has its own plausible masses. */
  obj: number;
}

/** Plausible masses (kg; the bullet in g) of the two bodies, per variant and object. */
const MASS: Record<Variant, readonly { m1: [number, number]; m2: [number, number] }[]> = {
  // a body / a scooter with its rider
  momentum: [
    { m1: [1, 80], m2: [0, 0] },
    { m1: [40, 100], m2: [0, 0] },
  ],
  // carts / a clay ball hitting a block
  stick: [
    { m1: [1, 50], m2: [1, 50] },
    { m1: [0.1, 2], m2: [0.5, 10] },
  ],
  // balls / carts
  headon: [
    { m1: [0.1, 3], m2: [0.1, 3] },
    { m1: [1, 40], m2: [1, 40] },
  ],
  // a rifle and its bullet, both templates
  recoil: [
    { m1: [5, 60], m2: [2, 8] },
    { m1: [5, 60], m2: [2, 8] },
  ],
};

/** A mass in [lo, hi]: tenths below 5 kg, else drawn like other physics inputs. */
function massIn(ctx: Ctx, [lo, hi]: [number, number]): Q {
  if (hi <= 5) return q(ctx.rng.int(Math.round(lo * 10), hi * 10), 10);
  return pnum(ctx, lo, hi);
}

function draw(ctx: Ctx): S {
  const r = ctx.rng;
  const dd = ctx.d;
  const obj = r.int(0, 1);
  const m = (variant: Variant, key: "m1" | "m2") => massIn(ctx, MASS[variant][obj][key]);
  if (dd <= 2)
    return {
      variant: "momentum",
      m1: q(r.int(...MASS.momentum[obj].m1)),
      v1: q(r.int(1, 30)),
      m2: q(0),
      v2: q(0),
      obj,
    };
  if (dd <= 5)
    return {
      variant: "stick",
      m1: m("stick", "m1"),
      v1: pnum(ctx, 1, 20),
      m2: m("stick", "m2"),
      v2: q(0),
      obj,
    };
  if (dd <= 8) {
    const s: S = {
      variant: "headon",
      m1: m("headon", "m1"),
      v1: pnum(ctx, 1, 15),
      m2: m("headon", "m2"),
      v2: pnum(ctx, 1, 15),
      obj,
    };
    // Momenta that nearly cancel would leave the pair crawling at a few mm/s: slow the second body.
    if (nearlyCancel(s)) s.v2 = R.div(s.v2, q(2));
    return s;
  }
  return {
    variant: "recoil",
    m1: q(r.int(5, 60)),
    v1: q(r.int(30, 90) * 10),
    m2: pnum(ctx, 2, 8),
    v2: q(0),
    obj,
  };
}

function bulletKg(s: S): Q {
  return R.div(s.m1, q(1000));
}

/** A fresh mass for "set", plausible for the problem's object. */
function massFresh(key: "m1" | "m2") {
  return (c: Ctx, s: S) => massIn(c, MASS[s.variant][s.obj][key]);
}

const speedFresh = (c: Ctx) => pnum(c, 1, 20);

/** "Another way" for the two collisions: the joined bodies move with the centre of mass. */
function centreOfMass(tx: Tx, s: S, f: Solved, headOn: boolean): [string[], string] {
  const total = R.add(s.m1, s.m2);
  const second = headOn ? ` - ${d(s.m2)} / ${d(total)} · ${d(s.v2)}` : "";
  const vcm = `v_cm = (m₁v₁ ${headOn ? "- m₂v₂" : "+ m₂ · 0"}) / (m₁ + m₂) = ${d(s.m1)} / ${d(total)} · ${d(s.v1)}${second}`;
  const first = `${d(s.m1)}/(${d(s.m1)} + ${d(s.m2)})*${d(s.v1)}`;
  const expr = headOn ? `${first} - ${d(s.m2)}/(${d(s.m1)} + ${d(s.m2)})*${d(s.v2)}` : first;
  return [[tx.theJoinedBodiesMove, vcm, resultLine(f.ctx, f.o)], expr];
}

/** The check of the two collisions: the momentum after equals the momentum `before`. */
function momentumKept(tx: Tx, s: S, res: Shown, before: Q): Reply {
  const after = R.mul(R.add(s.m1, s.m2), res.q);
  return reply(
    [tx.momentumAfter(s, res, after), tx.momentumBefore(d(before))],
    tx.momentumIsConserved(after, before),
    evs(`(${d(s.m1)} + ${d(s.m2)})*${dop(res.q)}`, d(after)),
  );
}

const VARIANTS: Record<Variant, PhysVariant<S, Tx>> = {
  momentum: {
    ask: {
      ru: [
        (s) =>
          `Найдите импульс тела массой ${d(s.m1)} ${RU_UNIT.mass}, движущегося со скоростью ${d(s.v1)} ${RU_UNIT.speed}.`,
        (s) =>
          `Самокат с ездоком общей массой ${d(s.m1)} ${RU_UNIT.mass} едет со скоростью ${d(s.v1)} ${RU_UNIT.speed}. Каков их импульс?`,
      ],
      en: [
        (s) =>
          `Find the momentum of ${aN(d(s.m1))} ${EN_UNIT.mass} body moving at ${d(s.v1)} ${EN_UNIT.speed}.`,
        (s) =>
          `A scooter and its rider, ${d(s.m1)} ${EN_UNIT.mass} in all, ride at ${d(s.v1)} ${EN_UNIT.speed}. What is their momentum?`,
      ],
    },
    sym: "p",
    kind: "momentum",
    expr: (s) => `${d(s.m1)}*${d(s.v1)}`,
    solve: (tx, s, fault, worked) =>
      fault === "divide"
        ? worked(["p = m / v"], R.div(s.m1, s.v1), `${d(s.m1)} / ${d(s.v1)}`)
        : worked([tx.momentumIs], R.mul(s.m1, s.v1), `${d(s.m1)} · ${d(s.v1)}`),
    why: (tx) => tx.momentumMeasuresMotionMass,
    alt: (tx, s, f) => {
      const half = R.div(s.m1, q(2));
      const ph = R.mul(half, s.v1);
      const steps = [tx.momentumAddsUpOver(half), tx.eachHasTogether(half, s, ph, f.res)];
      return [steps, `2*(${d(s.m1)}/2*${d(s.v1)})`];
    },
    verify: (tx, s, { res }) => {
      const v = R.div(res.q, s.m1);
      return reply([tx.divideTheMomentumBy(res, s, v)], tx.itMatches(v), evs(`${res.text}/${d(s.m1)}`, d(v)));
    },
    edgeAsk: {
      ru: "Каким был бы импульс у тела вдвое большей массы с той же скоростью?",
      en: "What would the momentum be for twice the mass at the same speed?",
    },
    edge: (tx, s) => {
      const p2 = R.mul(R.mul(q(2), s.m1), s.v1);
      const steps = [`p = 2 · ${d(s.m1)} · ${d(s.v1)} = ${d(p2)}`];
      return reply(steps, tx.twiceAsMuch(p2), evs(`2*${d(s.m1)}*${d(s.v1)}`, d(p2)));
    },
    params: paramRows([
      ["m1", "m", "theMass", "mass", massFresh("m1")],
      ["v1", "v", "theSpeed", "speed", speedFresh],
    ]),
    mistakes: faultRows([["wrong_formula", "divide", "dividedMassBySpeed", "momentumIsProduct"]]),
  },
  stick: {
    ask: {
      ru: [
        (s) =>
          `Тележка массой ${d(s.m1)} ${RU_UNIT.mass}, движущаяся со скоростью ${d(s.v1)} ${RU_UNIT.speed}, сцепляется с неподвижной тележкой массой ${d(s.m2)} ${RU_UNIT.mass}. С какой скоростью они поедут вместе?`,
        (s) =>
          `Пластилиновый шар массой ${d(s.m1)} ${RU_UNIT.mass} летит со скоростью ${d(s.v1)} ${RU_UNIT.speed} и прилипает к покоящемуся бруску массой ${d(s.m2)} ${RU_UNIT.mass} на гладком столе. Найдите скорость бруска с шаром.`,
      ],
      en: [
        (s) =>
          `${AN(d(s.m1))} ${EN_UNIT.mass} cart moving at ${d(s.v1)} ${EN_UNIT.speed} couples to ${aN(d(s.m2))} ${EN_UNIT.mass} cart at rest. How fast do they move together?`,
        (s) =>
          `${AN(d(s.m1))} ${EN_UNIT.mass} clay ball flying at ${d(s.v1)} ${EN_UNIT.speed} sticks to ${aN(d(s.m2))} ${EN_UNIT.mass} block at rest on a smooth table. Find their common speed.`,
      ],
    },
    sym: "v",
    kind: "speed",
    expr: (s) => `${d(s.m1)}*${d(s.v1)}/(${d(s.m1)} + ${d(s.m2)})`,
    solve: (tx, s, fault, worked) => {
      const cons = tx.theCollisionIsInelastic;
      if (fault === "average")
        return worked([tx.theCommonSpeedIs], R.div(s.v1, q(2)), `(${d(s.v1)} + 0) / 2`);
      if (fault === "onlyM2")
        return worked(
          [cons, "v = m₁v₁ / m₂"],
          R.div(R.mul(s.m1, s.v1), s.m2),
          `${d(s.m1)} · ${d(s.v1)} / ${d(s.m2)}`,
        );
      return worked(
        [cons, tx.momentumBefore(`${d(s.m1)} · ${d(s.v1)} = ${d(R.mul(s.m1, s.v1))}`)],
        R.div(R.mul(s.m1, s.v1), R.add(s.m1, s.m2)),
        `${d(R.mul(s.m1, s.v1))} / (${d(s.m1)} + ${d(s.m2)})`,
      );
    },
    why: (tx) => tx.noHorizontalExternalForces,
    alt: (tx, s, f) => centreOfMass(tx, s, f, false),
    verify: (tx, s, { res }) => momentumKept(tx, s, res, R.mul(s.m1, s.v1)),
    edgeAsk: {
      ru: "Сохраняется ли при этом кинетическая энергия? Сколько её теряется?",
      en: "Is kinetic energy conserved here? How much is lost?",
    },
    edge: (tx, s) => {
      const before = R.div(R.mul(s.m1, R.mul(s.v1, s.v1)), q(2));
      const v = R.div(R.mul(s.m1, s.v1), R.add(s.m1, s.m2));
      const after = R.div(R.mul(R.add(s.m1, s.m2), R.mul(v, v)), q(2));
      const lost = shown(R.sub(before, after));
      return reply(
        [tx.before(s, before), tx.after, tx.theDifferenceGoesInto],
        tx.noIsLost(lost),
        evp(`${d(s.m1)}*${d(s.v1)}^2/2 - ${d(s.m1)}^2*${d(s.v1)}^2/(2*(${d(s.m1)} + ${d(s.m2)}))`, lost),
      );
    },
    params: paramRows([
      ["m1", "m₁", "theFirstMass", "mass", massFresh("m1")],
      ["m2", "m₂", "theSecondMass", "mass", massFresh("m2")],
      ["v1", "v₁", "theFirstBodySpeed", "speed", speedFresh],
    ]),
    mistakes: faultRows([
      ["wrong_formula", "average", "averagedSpeeds", "weightedByMass"],
      ["dropped_term", "onlyM2", "firstMassMissing", "moveTogether"],
    ]),
  },
  headon: {
    ask: {
      ru: [
        (s) =>
          `Два шара движутся навстречу друг другу: ${d(s.m1)} ${RU_UNIT.mass} со скоростью ${d(s.v1)} ${RU_UNIT.speed} и ${d(s.m2)} ${RU_UNIT.mass} со скоростью ${d(s.v2)} ${RU_UNIT.speed}. После удара они слипаются. Найдите их общую скорость (положительное направление — движение первого шара).`,
        (s) =>
          `Навстречу друг другу едут тележки массами ${d(s.m1)} ${RU_UNIT.mass} и ${d(s.m2)} ${RU_UNIT.mass} со скоростями ${d(s.v1)} ${RU_UNIT.speed} и ${d(s.v2)} ${RU_UNIT.speed}. После столкновения они сцепляются. Какой будет их скорость? Направление движения первой тележки считайте положительным.`,
      ],
      en: [
        (s) =>
          `Two balls move towards each other: ${d(s.m1)} ${EN_UNIT.mass} at ${d(s.v1)} ${EN_UNIT.speed} and ${d(s.m2)} ${EN_UNIT.mass} at ${d(s.v2)} ${EN_UNIT.speed}. They stick together on impact. Find their common velocity (positive along the first ball's motion).`,
        (s) =>
          `Carts of ${d(s.m1)} ${EN_UNIT.mass} and ${d(s.m2)} ${EN_UNIT.mass} roll towards each other at ${d(s.v1)} ${EN_UNIT.speed} and ${d(s.v2)} ${EN_UNIT.speed} and couple on impact. What is their velocity afterwards? Take the first cart's direction as positive.`,
      ],
    },
    sym: "v",
    kind: "speed",
    expr: (s) => `(${d(s.m1)}*${d(s.v1)} - ${d(s.m2)}*${d(s.v2)})/(${d(s.m1)} + ${d(s.m2)})`,
    solve: (tx, s, fault, worked) => {
      const p1 = R.mul(s.m1, s.v1);
      const p2 = R.mul(s.m2, s.v2);
      // The planted fault adds the momenta as if the bodies moved the same way.
      const plus = fault === "sameDirection";
      const total = plus ? R.add(p1, p2) : R.sub(p1, p2);
      return worked(
        [tx.momentumIsConservedThe, tx.totalMomentum(p1, plus ? "+" : "-", p2, total)],
        R.div(total, R.add(s.m1, s.m2)),
        `${dop(total)} / (${d(s.m1)} + ${d(s.m2)})`,
      );
    },
    why: (tx) => tx.momentumIsVectorAlong,
    alt: (tx, s, f) => centreOfMass(tx, s, f, true),
    verify: (tx, s, { res }) => momentumKept(tx, s, res, R.sub(R.mul(s.m1, s.v1), R.mul(s.m2, s.v2))),
    edgeAsk: {
      ru: "С какой скоростью должно было бы двигаться второе тело, чтобы после удара оба остановились?",
      en: "How fast would the second body have to move for both to stop dead?",
    },
    edge: (tx, s, { ctx }) => {
      const vs = shown(R.div(R.mul(s.m1, s.v1), s.m2));
      return reply(
        [tx.theTotalMomentumMust(s)],
        quantity(ctx, "v₂", vs, "speed"),
        evp(`${d(s.m1)}*${d(s.v1)}/${d(s.m2)}`, vs),
      );
    },
    params: paramRows([
      ["m1", "m₁", "theFirstMass", "mass", massFresh("m1")],
      ["m2", "m₂", "theSecondMass", "mass", massFresh("m2")],
      ["v1", "v₁", "theFirstSpeed", "speed", speedFresh],
      ["v2", "v₂", "theSecondSpeed", "speed", speedFresh],
    ]),
    mistakes: faultRows([["sign_error", "sameDirection", "addedMomenta", "secondNegative"]]),
  },
  recoil: {
    ask: {
      ru: [
        (s) =>
          `Из ружья массой ${d(s.m2)} ${RU_UNIT.mass} вылетает пуля массой ${d(s.m1)} ${RU_UNIT.g} со скоростью ${d(s.v1)} ${RU_UNIT.speed}. С какой скоростью ружьё отдаёт назад?`,
        (s) =>
          `Пуля массой ${d(s.m1)} ${RU_UNIT.g} вылетает со скоростью ${d(s.v1)} ${RU_UNIT.speed} из винтовки массой ${d(s.m2)} ${RU_UNIT.mass}. Найдите скорость отдачи винтовки.`,
      ],
      en: [
        (s) =>
          `${AN(d(s.m2))} ${EN_UNIT.mass} rifle fires ${aN(d(s.m1))} ${EN_UNIT.g} bullet at ${d(s.v1)} ${EN_UNIT.speed}. How fast does the rifle recoil?`,
        (s) =>
          `${AN(d(s.m1))} ${EN_UNIT.g} bullet leaves ${aN(d(s.m2))} ${EN_UNIT.mass} rifle at ${d(s.v1)} ${EN_UNIT.speed}. Find the rifle's recoil speed.`,
      ],
    },
    sym: "V",
    kind: "speed",
    expr: (s) => `${d(s.m1)}/1000*${d(s.v1)}/${d(s.m2)}`,
    solve: (tx, s, fault, worked) => {
      const mb = bulletKg(s);
      const cons = tx.beforeTheShotThe;
      if (fault === "units")
        return worked([cons], R.div(R.mul(s.m1, s.v1), s.m2), `${d(s.m1)} · ${d(s.v1)} / ${d(s.m2)}`);
      if (fault === "inverted")
        return worked([tx.vMVB], R.div(R.mul(s.m2, s.v1), mb), `${d(s.m2)} · ${d(s.v1)} / ${d(mb)}`);
      return worked(
        [cons, tx.theBulletMassIs(s, mb)],
        R.div(R.mul(mb, s.v1), s.m2),
        `${d(mb)} · ${d(s.v1)} / ${d(s.m2)}`,
      );
    },
    why: (tx) => tx.beforeTheShotThe2,
    alt: (tx, s, f) => [
      [
        tx.speedsAreInverselyProportional(s),
        `V = ${d(s.v1)} · ${d(bulletKg(s))} / ${d(s.m2)}`,
        resultLine(f.ctx, f.o),
      ],
      `${d(s.v1)}*(${d(s.m1)}/1000)/${d(s.m2)}`,
    ],
    verify: (tx, s, { res }) => {
      const lhs = R.mul(s.m2, res.q);
      const rhs = R.mul(bulletKg(s), s.v1);
      return reply(
        [tx.rifleBullet(s, res, lhs, rhs)],
        tx.equalMomentaSoIt(lhs, rhs),
        evs(`${d(s.m2)}*${res.text}`, d(lhs)),
      );
    },
    edgeAsk: {
      ru: "Что будет с отдачей, если ружьё вдвое тяжелее?",
      en: "What happens to the recoil if the rifle is twice as heavy?",
    },
    edge: (tx, s) => {
      const vs = shown(R.div(R.mul(bulletKg(s), s.v1), R.mul(q(2), s.m2)));
      return reply(
        [tx.theRecoilSpeedIs(s)],
        tx.halfAsMuch(vs),
        evp(`${d(s.m1)}/1000*${d(s.v1)}/(2*${d(s.m2)})`, vs),
      );
    },
    params: paramRows([
      ["m1", "m", "theBulletMass", "g", massFresh("m1")],
      ["m2", "M", "theRifleMass", "mass", massFresh("m2")],
      ["v1", "v", "theBulletSpeed", "speed", (c) => q(c.rng.int(30, 90) * 10)],
    ]),
    mistakes: faultRows([
      ["unit_conversion", "units", "bulletGrams", "bulletInKg"],
      ["wrong_formula", "inverted", "swappedMasses", "lightBulletFast"],
    ]),
  },
};

function withParam(_ctx: Ctx, s: S, key: string, value: Exact): S | null {
  // A changed mass stays plausible for its object (no 40 kg clay ball).
  if (key === "m1" || key === "m2") {
    const [lo, hi] = MASS[s.variant][s.obj][key];
    if (xnum(value) < lo || xnum(value) > hi) return null;
  }
  const n = changed(s, key, value);
  return n && nearlyCancel(n) ? null : n;
}

/** Head-on momenta that nearly cancel: the pair would move off at under 5 cm/s, not a story. */
function nearlyCancel(s: S): boolean {
  if (s.variant !== "headon") return false;
  const p = xnum(s.m1) * xnum(s.v1) - xnum(s.m2) * xnum(s.v2);
  return Math.abs(p) < 0.05 * (xnum(s.m1) + xnum(s.m2));
}

export const momentum = variantTask({
  id: "momentum",
  domain: "physics",
  text: TEXT,
  draw,
  variant: (s) => VARIANTS[s.variant],
  questions: {
    why: { ru: "Почему здесь используется сохранение импульса?", en: "Why does this approach work here?" },
    alt: { ru: "Можно решить иначе?", en: "Is there another way to solve it?" },
    verify: { ru: "Как проверить ответ?", en: "How can we check this?" },
  },
  with: withParam,
  // Each question template has its own objects and plausible masses: the template is drawn, not picked.
  ask: (ctx, s) => tr(ctx, VARIANTS[s.variant].ask)[s.obj](s),
});
