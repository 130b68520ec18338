import { AN, aN, type Tr } from "../lang.js";
import { rel, type Shown, shown } from "../num/decimal.js";
import { type Exact, qsqrt, xnum } from "../num/exact.js";
import * as R from "../num/rational.js";
import { type Q, q } from "../num/rational.js";
import { approx, d, EN_UNIT, G, pnum, quantity, RU_UNIT } from "../physics.js";
import { evp, evs, reply } from "../text.js";
import type { Ctx } from "../types.js";
import { changed, resultLine } from "./formula.js";
import { faultRows, type PhysVariant, paramRows, variantTask } from "./variant-task.js";

/** This module's texts: English here, every other language in TEXT (a missing entry does not compile). */
const TEXT_EN = {
  convertTheMassTo: (s: S, m: R.Q) =>
    `Convert the mass to kilograms: ${d(s.m)} ${EN_UNIT.g} = ${d(m)} ${EN_UNIT.mass}.`,
  energyConservationGivesThe: "Energy conservation gives mgh = mv²/2; the mass cancels.",
  theSpringEnergyTurns: "The spring energy kx²/2 turns into kinetic energy mv²/2, so v = √(kx² / m).",
  theSpringEnergyBecomes: "The spring energy becomes kinetic: v = √(kx / m).",
  setSo: "Set kx²/2 = mv², so v = √(kx² / (2m)).",
  springEnergy: (s: S, e: R.Q) => `Spring energy E = ${d(s.k)} · ${d(s.x)}² / 2 = ${d(e)} ${EN_UNIT.energy}.`,
  kineticEnergyIsThe:
    "Kinetic energy is the work needed to bring the body up to speed from rest: F · s = m · a · s, and v² = 2as, so E = mv²/2.",
  liftingTheLoadMeans: (s: S) =>
    `Lifting the load means working against its weight mg = ${d(R.mul(s.m, G))} ${EN_UNIT.force} over ${d(s.h)} ${EN_UNIT.distance}; that work is stored as potential energy mgh.`,
  withoutAirResistanceMechanical:
    "Without air resistance mechanical energy is conserved: all of mgh becomes mv²/2, which is why the speed does not depend on the mass.",
  withNoFrictionAll:
    "With no friction all the compressed spring's energy kx²/2 becomes the ball's kinetic energy mv²/2.",
  throughMomentum: (m: R.Q, s: S, pp: R.Q) =>
    `Through momentum: p = m · v = ${d(m)} · ${d(s.v)} = ${d(pp)} ${EN_UNIT.momentum}.`,
  asWorkAgainstGravity: (s: S, w: R.Q) =>
    `As work against gravity: the weight is m · g = ${d(s.m)} · 9.8 = ${d(w)} ${EN_UNIT.force}.`,
  weight: (w: R.Q, s: S, res: Shown) =>
    `W = weight · h = ${d(w)} · ${d(s.h)} = ${res.text} ${EN_UNIT.energy}.`,
  withKinematicsTheFall: (s: S, ts: Shown) =>
    `With kinematics: the fall time is t = √(2h / g) = √(2 · ${d(s.h)} / 9.8) ${rel(ts)} ${ts.text} ${EN_UNIT.time}.`,
  theSpeedIs: "The speed is v = g · t = 9.8 · √(2h / g) = √(2gh).",
  firstTheSpringEnergy: (e: R.Q) => `First the spring energy: E = k · x² / 2 = ${d(e)} ${EN_UNIT.energy}.`,
  thenTheSpeedFrom: (e: R.Q, s: S) =>
    `Then the speed from E = mv²/2: v = √(2E / m) = √(2 · ${d(e)} / ${d(s.m)}).`,
  recoverTheSpeed: (res: Shown, m: R.Q, bs: Shown) =>
    `Recover the speed: v = √(2E / m) = √(2 · ${res.text} / ${d(m)}) ${rel(bs)} ${bs.text} ${EN_UNIT.speed}.`,
  asGiven: (value: string) => `${value}, as given.`,
  recoverTheHeight: (res: Shown, s: S, hs: Shown) =>
    `Recover the height: h = E / (m · g) = ${res.text} / (${d(s.m)} · 9.8) ${rel(hs)} ${hs.text} ${EN_UNIT.distance}.`,
  theHeightThatGives: (res: Shown, hs: Shown) =>
    `The height that gives this speed: h = v² / (2g) = ${res.text}² / 19.6 ${rel(hs)} ${hs.text} ${EN_UNIT.distance}.`,
  matchingTheGivenHeight: (hs: Shown) =>
    `h ${rel(hs)} ${hs.text} ${EN_UNIT.distance}, matching the given height up to rounding.`,
  theBallKineticEnergy: (s: S, res: Shown, ke: R.Q, e: R.Q) =>
    `The ball's kinetic energy: ${d(s.m)} · ${res.text}² / 2 = ${d(ke)} ${EN_UNIT.energy}; the spring held ${d(e)} ${EN_UNIT.energy}.`,
  energyIsConserved: (ke: R.Q, e: R.Q) =>
    `${d(ke)} ${EN_UNIT.energy} ${approx(ke, e)} ${d(e)} ${EN_UNIT.energy}: energy is conserved.`,
  energyGoesWithThe: (m: R.Q, s: S, es: Shown) =>
    `Energy goes with the speed squared, so it grows 4 times: ${d(m)} · (2 · ${d(s.v)})² / 2 ${rel(es)} ${es.text} ${EN_UNIT.energy}.`,
  fourTimes: (es: Shown) => `Four times: E ${rel(es)} ${es.text} ${EN_UNIT.energy}.`,
  aboutSixTimesLess: (moon: R.Q) => `E = ${d(moon)} ${EN_UNIT.energy}, about six times less.`,
  theMassCancelledSo: "The mass cancelled, so it does not matter. v = √(2g · 4h) = 2√(2gh).",
  twiceAsFastWhatever: (vs: Shown) =>
    `Twice as fast: v ${rel(vs)} ${vs.text} ${EN_UNIT.speed}, whatever the mass.`,
  theEnergyGrowsAs:
    "The energy grows as x² and the speed as √E, so the speed is proportional to x and doubles.",
  theMass: "the mass",
  theSpeed: "the speed",
  theHeight: "the height",
  theSpringStiffness: "the spring stiffness",
  theCompression: "the compression",
  forgotHalf: "I forgot to divide by 2.",
  kineticHalf: "Kinetic energy is E = mv²/2, not mv².",
  speedNotSquared: "I did not square the speed.",
  speedSquared: "The speed is squared in E = mv²/2.",
  gramsNotConverted: "I did not convert grams to kilograms.",
  massInKg: (s: S) =>
    `To get joules the mass must be in kg: ${d(s.m)} ${EN_UNIT.g} = ${d(mkg(s))} ${EN_UNIT.mass}.`,
  leftOutG: "I left out g.",
  potentialNeedsG: "Potential energy is E = mgh: without g = 9.8 m/s² the result is not in joules.",
  lostTwoUnderRoot: "I lost the factor 2 under the root.",
  fallGives: "mgh = mv²/2 gives v² = 2gh, not gh.",
  forgotRoot: "I forgot to take the square root.",
  twoGhIsSquare: "2gh is the speed squared; v = √(2gh).",
  compressionNotSquared: "I did not square the compression.",
  springSquared: "The spring energy kx²/2 goes with the compression squared.",
  droppedTwo: "I dropped the 2 in the kinetic energy.",
  halvesCancel: "kx²/2 = mv²/2: the halves cancel, so v = √(kx²/m).",
};

const TEXT: Tr<typeof TEXT_EN> = {
  ru: {
    convertTheMassTo: (s, m) =>
      `Переведём массу в килограммы: ${d(s.m)} ${RU_UNIT.g} = ${d(m)} ${RU_UNIT.mass}.`,
    energyConservationGivesThe: "По закону сохранения энергии mgh = mv²/2, масса сокращается.",
    theSpringEnergyTurns:
      "Энергия сжатой пружины kx²/2 переходит в кинетическую mv²/2, откуда v = √(kx² / m).",
    theSpringEnergyBecomes: "Энергия пружины переходит в кинетическую: v = √(kx / m).",
    setSo: "Приравняем kx²/2 = mv², откуда v = √(kx² / (2m)).",
    springEnergy: (s, e) => `Энергия пружины E = ${d(s.k)} · ${d(s.x)}² / 2 = ${d(e)} ${RU_UNIT.energy}.`,
    kineticEnergyIsThe:
      "Кинетическая энергия равна работе, которую нужно совершить, чтобы разогнать тело из покоя: F · s = m · a · s, а v² = 2as, поэтому E = mv²/2.",
    liftingTheLoadMeans: (s) =>
      `Чтобы поднять груз, нужно преодолеть силу тяжести mg = ${d(R.mul(s.m, G))} ${RU_UNIT.force} на пути ${d(s.h)} ${RU_UNIT.distance}; эта работа запасается как потенциальная энергия mgh.`,
    withoutAirResistanceMechanical:
      "Без сопротивления воздуха механическая энергия сохраняется: потенциальная mgh целиком переходит в кинетическую mv²/2, поэтому скорость не зависит от массы.",
    withNoFrictionAll:
      "Трения нет, поэтому вся энергия сжатой пружины kx²/2 переходит в кинетическую энергию шара mv²/2.",
    throughMomentum: (m, s, pp) =>
      `Через импульс: p = m · v = ${d(m)} · ${d(s.v)} = ${d(pp)} ${RU_UNIT.momentum}.`,
    asWorkAgainstGravity: (s, w) =>
      `Как работу против силы тяжести: вес P = m · g = ${d(s.m)} · 9.8 = ${d(w)} ${RU_UNIT.force}.`,
    weight: (w, s, res) => `A = P · h = ${d(w)} · ${d(s.h)} = ${res.text} ${RU_UNIT.energy}.`,
    withKinematicsTheFall: (s, ts) =>
      `Через кинематику: время падения t = √(2h / g) = √(2 · ${d(s.h)} / 9.8) ${rel(ts)} ${ts.text} ${RU_UNIT.time}.`,
    theSpeedIs: "Скорость v = g · t = 9.8 · √(2h / g) = √(2gh).",
    firstTheSpringEnergy: (e) => `Сначала энергия пружины: E = k · x² / 2 = ${d(e)} ${RU_UNIT.energy}.`,
    thenTheSpeedFrom: (e, s) => `Затем скорость из E = mv²/2: v = √(2E / m) = √(2 · ${d(e)} / ${d(s.m)}).`,
    recoverTheSpeed: (res, m, bs) =>
      `Найдём скорость обратно: v = √(2E / m) = √(2 · ${res.text} / ${d(m)}) ${rel(bs)} ${bs.text} ${RU_UNIT.speed}.`,
    asGiven: (value) => `${value}, как в условии.`,
    recoverTheHeight: (res, s, hs) =>
      `Найдём высоту обратно: h = E / (m · g) = ${res.text} / (${d(s.m)} · 9.8) ${rel(hs)} ${hs.text} ${RU_UNIT.distance}.`,
    theHeightThatGives: (res, hs) =>
      `Высота, с которой тело набирает такую скорость: h = v² / (2g) = ${res.text}² / 19.6 ${rel(hs)} ${hs.text} ${RU_UNIT.distance}.`,
    matchingTheGivenHeight: (hs) =>
      `h ${rel(hs)} ${hs.text} ${RU_UNIT.distance} — совпадает с условием с точностью округления.`,
    theBallKineticEnergy: (s, res, ke, e) =>
      `Кинетическая энергия шара: ${d(s.m)} · ${res.text}² / 2 = ${d(ke)} ${RU_UNIT.energy}; энергия пружины ${d(e)} ${RU_UNIT.energy}.`,
    energyIsConserved: (ke, e) =>
      `${d(ke)} ${RU_UNIT.energy} ${approx(ke, e)} ${d(e)} ${RU_UNIT.energy} — энергия сохраняется.`,
    energyGoesWithThe: (m, s, es) =>
      `Энергия пропорциональна квадрату скорости, поэтому вырастет в 4 раза: ${d(m)} · (2 · ${d(s.v)})² / 2 ${rel(es)} ${es.text} ${RU_UNIT.energy}.`,
    fourTimes: (es) => `В 4 раза: E ${rel(es)} ${es.text} ${RU_UNIT.energy}.`,
    aboutSixTimesLess: (moon) => `E = ${d(moon)} ${RU_UNIT.energy} — примерно в 6 раз меньше.`,
    theMassCancelledSo: `Масса сократилась, от неё скорость не зависит. v = √(2g · 4h) = 2√(2gh).`,
    twiceAsFastWhatever: (vs) => `Вдвое быстрее: v ${rel(vs)} ${vs.text} ${RU_UNIT.speed}, при любой массе.`,
    theEnergyGrowsAs: `Энергия растёт как x², а скорость как √E, значит, скорость пропорциональна x и удвоится.`,
    theMass: "массу",
    theSpeed: "скорость",
    theHeight: "высоту",
    theSpringStiffness: "жёсткость пружины",
    theCompression: "сжатие",
    forgotHalf: "Я забыл разделить на 2.",
    kineticHalf: "Кинетическая энергия E = mv²/2, а не mv².",
    speedNotSquared: "Я не возвёл скорость в квадрат.",
    speedSquared: "В формуле E = mv²/2 скорость стоит в квадрате.",
    gramsNotConverted: "Я не перевёл граммы в килограммы.",
    massInKg: (s) =>
      `Чтобы получить джоули, массу берём в кг: ${d(s.m)} ${RU_UNIT.g} = ${d(mkg(s))} ${RU_UNIT.mass}.`,
    leftOutG: "Я забыл ускорение свободного падения g.",
    potentialNeedsG: "Потенциальная энергия E = mgh: без множителя g = 9.8 м/с² получаются не джоули.",
    lostTwoUnderRoot: "Я потерял множитель 2 под корнем.",
    fallGives: "Из mgh = mv²/2 следует v² = 2gh, а не gh.",
    forgotRoot: "Я забыл извлечь корень.",
    twoGhIsSquare: "2gh — это квадрат скорости, v = √(2gh).",
    compressionNotSquared: "Я не возвёл сжатие пружины в квадрат.",
    springSquared: "Энергия пружины kx²/2 пропорциональна квадрату сжатия.",
    droppedTwo: "Я потерял двойку в кинетической энергии.",
    halvesCancel: "kx²/2 = mv²/2: двойки сокращаются, v = √(kx²/m).",
  },
  en: TEXT_EN,
};

/**
 * energy: mechanical energy. Difficulty: kinetic energy mv²/2 (1-3, mass in grams to convert at
 * 3), potential energy mgh (4-6), speed after falling from a height √(2gh) (7-8), speed given by a
 * compressed spring √(kx²/m) (9-10). g = 9.8 m/s².
 */
type Variant = "kinetic" | "potential" | "fall" | "spring";
type Tx = typeof TEXT_EN;

interface S {
  variant: Variant;
  m: Q;
  v: Q;
  h: Q;
  k: Q;
  x: Q;
  grams: boolean;
}

/** A problem record with every field present (one object shape for all variants). */
function mk(p: Partial<S> & { variant: Variant }): S {
  const z = q(0);
  return {
    variant: p.variant,
    m: p.m ?? z,
    v: p.v ?? z,
    h: p.h ?? z,
    k: p.k ?? z,
    x: p.x ?? z,
    grams: p.grams ?? false,
  };
}

function draw(ctx: Ctx): S {
  const r = ctx.rng;
  const dd = ctx.d;
  if (dd <= 3) {
    const grams = dd === 3 && r.chance(0.5);
    return mk({
      variant: "kinetic",
      m: grams ? q(r.int(1, 40) * 50) : q(r.int(1, 60)),
      v: pnum(ctx, 1, 30),
      grams,
    });
  }
  if (dd <= 6) return mk({ variant: "potential", m: pnum(ctx, 1, 80), h: pnum(ctx, 1, 50) });
  if (dd <= 8) return mk({ variant: "fall", h: pnum(ctx, 1, 80) });
  // A spring gun's ball weighs grams, not kilograms.
  return mk({ variant: "spring", k: q(r.int(2, 40) * 50), x: q(r.int(2, 30), 100), m: q(r.int(1, 50), 100) });
}

function mkg(s: S): Q {
  return s.grams ? R.div(s.m, q(1000)) : s.m;
}

/** The mass in a check expression: grams divided by 1000 there too. */
function massExpr(s: S): string {
  return s.grams ? `${d(s.m)}/1000` : d(s.m);
}

/** The compressed spring's energy kx²/2. */
function springEnergy(s: S): Q {
  return R.div(R.mul(s.k, R.mul(s.x, s.x)), q(2));
}

const VARIANTS: Record<Variant, PhysVariant<S, Tx>> = {
  kinetic: {
    ask: {
      ru: [
        (s) =>
          `Найдите кинетическую энергию тела массой ${d(s.m)} ${s.grams ? "г" : "кг"}, движущегося со скоростью ${d(s.v)} ${RU_UNIT.speed}.`,
        (s) =>
          s.grams
            ? `Мяч массой ${d(s.m)} ${RU_UNIT.g} летит со скоростью ${d(s.v)} ${RU_UNIT.speed}. Какова его кинетическая энергия?`
            : `Санки с ребёнком общей массой ${d(s.m)} ${RU_UNIT.mass} скользят со скоростью ${d(s.v)} ${RU_UNIT.speed}. Какова их кинетическая энергия?`,
      ],
      en: [
        (s) =>
          `Find the kinetic energy of ${aN(d(s.m))} ${s.grams ? "g" : "kg"} body moving at ${d(s.v)} ${EN_UNIT.speed}.`,
        (s) =>
          s.grams
            ? `${AN(d(s.m))} ${EN_UNIT.g} ball flies at ${d(s.v)} ${EN_UNIT.speed}. What is its kinetic energy?`
            : `A sledge with a child, ${d(s.m)} ${EN_UNIT.mass} in all, slides at ${d(s.v)} ${EN_UNIT.speed}. What is their kinetic energy?`,
      ],
    },
    sym: "E",
    kind: "energy",
    expr: (s) => `${massExpr(s)}*${d(s.v)}^2/2`,
    solve: (tx, s, fault, worked) => {
      const steps: string[] = [];
      let m = mkg(s);
      if (s.grams) {
        if (fault === "units") m = s.m;
        else steps.push(tx.convertTheMassTo(s, m));
      }
      // The other planted faults drop the half or the square.
      const half = fault !== "noHalf";
      const square = fault !== "noSquare";
      const pow = square ? "²" : "";
      const by2 = half ? " / 2" : "";
      steps.push(`E = m · v${pow}${by2}`);
      const mv = R.mul(m, square ? R.mul(s.v, s.v) : s.v);
      return worked(steps, half ? R.div(mv, q(2)) : mv, `${d(m)} · ${d(s.v)}${pow}${by2}`);
    },
    why: (tx) => tx.kineticEnergyIsThe,
    alt: (tx, s, f) => {
      const m = mkg(s);
      const pp = R.mul(m, s.v);
      return [
        [tx.throughMomentum(m, s, pp), `E = p² / (2m) = ${d(pp)}² / (2 · ${d(m)})`, resultLine(f.ctx, f.o)],
        `(${massExpr(s)}*${d(s.v)})^2/(2*${massExpr(s)})`,
      ];
    },
    verify: (tx, s, { ctx, res }) => {
      const m = mkg(s);
      const bs = shown(qsqrt(R.div(R.mul(q(2), res.q), m)));
      return reply(
        [tx.recoverTheSpeed(res, m, bs)],
        tx.asGiven(quantity(ctx, "v", bs, "speed")),
        evp(`sqrt(2*${res.text}/${d(m)})`, bs),
      );
    },
    edgeAsk: {
      ru: "Во сколько раз вырастет энергия, если скорость удвоить?",
      en: "How much does the energy grow if the speed doubles?",
    },
    edge: (tx, s) => {
      const m = mkg(s);
      const es = shown(R.div(R.mul(m, R.mul(q(4), R.mul(s.v, s.v))), q(2)));
      return reply(
        [tx.energyGoesWithThe(m, s, es)],
        tx.fourTimes(es),
        evp(`${massExpr(s)}*(2*${d(s.v)})^2/2`, es),
      );
    },
    params: paramRows([
      ["m", "m", "theMass", (s) => (s.grams ? "g" : "mass"), (c) => pnum(c, 1, 50)],
      ["v", "v", "theSpeed", "speed", (c) => pnum(c, 1, 30)],
    ]),
    mistakes: faultRows([
      ["wrong_formula", "noHalf", "forgotHalf", "kineticHalf"],
      ["wrong_formula", "noSquare", "speedNotSquared", "speedSquared"],
      ["unit_conversion", "units", "gramsNotConverted", "massInKg", (s) => s.grams],
    ]),
  },
  potential: {
    ask: {
      ru: [
        (s) =>
          `Какой потенциальной энергией обладает груз массой ${d(s.m)} ${RU_UNIT.mass}, поднятый на высоту ${d(s.h)} м? g = 9.8 м/с².`,
        (s) =>
          `Кран поднял плиту массой ${d(s.m)} ${RU_UNIT.mass} на высоту ${d(s.h)} ${RU_UNIT.distance}. На сколько увеличилась её потенциальная энергия? Примите g = 9.8 м/с².`,
      ],
      en: [
        (s) =>
          `What potential energy does ${aN(d(s.m))} ${EN_UNIT.mass} load have at a height of ${d(s.h)} m? Use g = 9.8 m/s².`,
        (s) =>
          `A crane lifts ${aN(d(s.m))} ${EN_UNIT.mass} slab by ${d(s.h)} ${EN_UNIT.distance}. By how much does its potential energy grow? Use g = 9.8 m/s².`,
      ],
    },
    sym: "E",
    kind: "energy",
    expr: (s) => `${d(s.m)}*9.8*${d(s.h)}`,
    solve: (_tx, s, fault, worked) =>
      fault === "noG"
        ? worked(["E = m · h"], R.mul(s.m, s.h), `${d(s.m)} · ${d(s.h)}`)
        : worked(["E = m · g · h"], R.mul(R.mul(s.m, G), s.h), `${d(s.m)} · 9.8 · ${d(s.h)}`),
    why: (tx, s) => tx.liftingTheLoadMeans(s),
    alt: (tx, s, f) => {
      const w = R.mul(s.m, G);
      return [[tx.asWorkAgainstGravity(s, w), tx.weight(w, s, f.res)], `${d(w)}*${d(s.h)}`];
    },
    verify: (tx, s, { ctx, res }) => {
      const hs = shown(R.div(res.q, R.mul(s.m, G)));
      return reply(
        [tx.recoverTheHeight(res, s, hs)],
        tx.asGiven(quantity(ctx, "h", hs, "distance")),
        evp(`${res.text}/(${d(s.m)}*9.8)`, hs),
      );
    },
    edgeAsk: {
      ru: "А какой была бы эта энергия на Луне, где g = 1.6 м/с²?",
      en: "And what would it be on the Moon, where g = 1.6 m/s²?",
    },
    edge: (tx, s) => {
      const moon = R.mul(R.mul(s.m, q(8, 5)), s.h);
      const steps = [`E = ${d(s.m)} · 1.6 · ${d(s.h)} = ${d(moon)}`];
      return reply(steps, tx.aboutSixTimesLess(moon), evs(`${d(s.m)}*1.6*${d(s.h)}`, d(moon)));
    },
    params: paramRows([
      ["m", "m", "theMass", "mass", (c) => pnum(c, 1, 50)],
      ["h", "h", "theHeight", "distance", (c) => pnum(c, 1, 60)],
    ]),
    mistakes: faultRows([["dropped_term", "noG", "leftOutG", "potentialNeedsG"]]),
  },
  fall: {
    ask: {
      ru: [
        (s) =>
          `Камень падает без начальной скорости с высоты ${d(s.h)} ${RU_UNIT.distance}. С какой скоростью он достигнет земли? g = 9.8 м/с², сопротивлением воздуха пренебречь.`,
        (s) =>
          `С какой скоростью упадёт на землю мяч, отпущенный с высоты ${d(s.h)} м? Примите g = 9.8 м/с², сопротивление воздуха не учитывайте.`,
      ],
      en: [
        (s) =>
          `A stone is dropped from rest from a height of ${d(s.h)} ${EN_UNIT.distance}. How fast is it moving when it hits the ground? Use g = 9.8 m/s² and ignore air resistance.`,
        (s) =>
          `How fast does a ball released from ${d(s.h)} ${EN_UNIT.distance} reach the ground? Use g = 9.8 m/s² and neglect air resistance.`,
      ],
    },
    sym: "v",
    kind: "speed",
    expr: (s) => `sqrt(2*9.8*${d(s.h)})`,
    solve: (tx, s, fault, worked) => {
      const cons = tx.energyConservationGivesThe;
      if (fault === "noTwo")
        return worked([cons, "v = √(g · h)"], qsqrt(R.mul(G, s.h)), `√(9.8 · ${d(s.h)})`);
      const v2 = R.mul(R.mul(q(2), G), s.h);
      if (fault === "noRoot") return worked([cons, "v = 2 · g · h"], v2, `2 · 9.8 · ${d(s.h)}`);
      return worked([cons, `v = √(2gh) = √(2 · 9.8 · ${d(s.h)}) = √${d(v2)}`], qsqrt(v2), `√${d(v2)}`);
    },
    why: (tx) => tx.withoutAirResistanceMechanical,
    alt: (tx, s, f) => {
      const ts = shown(qsqrt(R.div(R.mul(q(2), s.h), G)));
      return [
        [tx.withKinematicsTheFall(s, ts), tx.theSpeedIs, resultLine(f.ctx, f.o)],
        `9.8*sqrt(2*${d(s.h)}/9.8)`,
      ];
    },
    verify: (tx, _s, { res }) => {
      const hs = shown(R.div(R.mul(res.q, res.q), R.mul(q(2), G)));
      return reply(
        [tx.theHeightThatGives(res, hs)],
        tx.matchingTheGivenHeight(hs),
        evp(`${res.text}^2/(2*9.8)`, hs),
      );
    },
    edgeAsk: {
      ru: "С какой скоростью упало бы тело с вчетверо большей высоты? И зависит ли ответ от массы?",
      en: "How fast would it land from four times the height? Does the mass matter?",
    },
    edge: (tx, s) => {
      const vs = shown(qsqrt(R.mul(R.mul(q(2), G), R.mul(q(4), s.h))));
      return reply([tx.theMassCancelledSo], tx.twiceAsFastWhatever(vs), evp(`sqrt(2*9.8*4*${d(s.h)})`, vs));
    },
    params: paramRows([["h", "h", "theHeight", "distance", (c) => pnum(c, 1, 80)]]),
    mistakes: faultRows([
      ["wrong_formula", "noTwo", "lostTwoUnderRoot", "fallGives"],
      ["wrong_formula", "noRoot", "forgotRoot", "twoGhIsSquare"],
    ]),
  },
  spring: {
    ask: {
      ru: [
        (s) =>
          `Пружину жёсткостью ${d(s.k)} ${RU_UNIT.stiffness} сжали на ${d(s.x)} ${RU_UNIT.distance} и отпустили, толкнув шар массой ${d(s.m)} ${RU_UNIT.mass}. Какую скорость получит шар (трения нет)?`,
        (s) =>
          `Пружинный пистолет: жёсткость ${d(s.k)} ${RU_UNIT.stiffness}, сжатие ${d(s.x)} ${RU_UNIT.distance}, масса снаряда ${d(s.m)} ${RU_UNIT.mass}. Найдите скорость вылета, считая, что вся энергия пружины переходит в кинетическую.`,
      ],
      en: [
        (s) =>
          `A spring of stiffness ${d(s.k)} ${EN_UNIT.stiffness} is compressed by ${d(s.x)} ${EN_UNIT.distance} and released, pushing ${aN(d(s.m))} ${EN_UNIT.mass} ball. What speed does the ball get (no friction)?`,
        (s) =>
          `A spring gun has stiffness ${d(s.k)} ${EN_UNIT.stiffness}, compression ${d(s.x)} ${EN_UNIT.distance} and ${aN(d(s.m))} ${EN_UNIT.mass} projectile. Find the launch speed, assuming all the spring energy becomes kinetic energy.`,
      ],
    },
    sym: "v",
    kind: "speed",
    expr: (s) => `sqrt(${d(s.k)}*${d(s.x)}^2/${d(s.m)})`,
    solve: (tx, s, fault, worked) => {
      const e = springEnergy(s);
      if (fault === "noSquare")
        return worked(
          [tx.theSpringEnergyBecomes],
          qsqrt(R.div(R.mul(s.k, s.x), s.m)),
          `√(${d(s.k)} · ${d(s.x)} / ${d(s.m)})`,
        );
      if (fault === "noTwo")
        return worked([tx.setSo], qsqrt(R.div(e, s.m)), `√(${d(s.k)} · ${d(s.x)}² / (2 · ${d(s.m)}))`);
      return worked(
        [tx.theSpringEnergyTurns, tx.springEnergy(s, e)],
        qsqrt(R.div(R.mul(s.k, R.mul(s.x, s.x)), s.m)),
        `√(${d(s.k)} · ${d(s.x)}² / ${d(s.m)})`,
      );
    },
    why: (tx) => tx.withNoFrictionAll,
    alt: (tx, s, f) => {
      const e = springEnergy(s);
      return [
        [tx.firstTheSpringEnergy(e), tx.thenTheSpeedFrom(e, s), resultLine(f.ctx, f.o)],
        `sqrt(2*${d(e)}/${d(s.m)})`,
      ];
    },
    verify: (tx, s, { res }) => {
      const ke = R.div(R.mul(s.m, R.mul(res.q, res.q)), q(2));
      const e = springEnergy(s);
      return reply(
        [tx.theBallKineticEnergy(s, res, ke, e)],
        tx.energyIsConserved(ke, e),
        evs(`${d(s.m)}*${res.text}^2/2`, d(ke)),
      );
    },
    edgeAsk: {
      ru: "Что будет со скоростью, если сжать пружину вдвое сильнее?",
      en: "What happens to the speed if the spring is compressed twice as much?",
    },
    edge: (tx, s, { ctx }) => {
      const vs = shown(qsqrt(R.div(R.mul(s.k, R.mul(R.mul(q(2), s.x), R.mul(q(2), s.x))), s.m)));
      return reply(
        [tx.theEnergyGrowsAs],
        quantity(ctx, "v", vs, "speed"),
        evp(`sqrt(${d(s.k)}*(2*${d(s.x)})^2/${d(s.m)})`, vs),
      );
    },
    params: paramRows([
      ["m", "m", "theMass", "mass", (c) => q(c.rng.int(1, 50), 100)],
      ["k", "k", "theSpringStiffness", "stiffness", (c) => q(c.rng.int(2, 40) * 50)],
      ["x", "x", "theCompression", "distance", (c) => q(c.rng.int(2, 30), 100)],
    ]),
    mistakes: faultRows([
      ["wrong_formula", "noSquare", "compressionNotSquared", "springSquared"],
      ["dropped_term", "noTwo", "droppedTwo", "halvesCancel"],
    ]),
  },
};

function withParam(_ctx: Ctx, s: S, key: string, value: Exact): S | null {
  // A spring gun's ball stays light; a kinetic-energy ball is weighed in grams.
  if (key === "m" && s.variant === "spring" && xnum(value) > 1) return null;
  if (key === "m" && s.variant === "kinetic" && s.grams && xnum(value) > 5000) return null;
  return changed(s, key, value);
}

export const energy = variantTask({
  id: "energy",
  domain: "physics",
  text: TEXT,
  draw,
  variant: (s) => VARIANTS[s.variant],
  questions: {
    why: { ru: "Почему здесь работает именно эта формула?", en: "Why does this formula apply here?" },
    alt: { ru: "А можно посчитать по-другому?", en: "Can it be computed another way?" },
    verify: { ru: "Как проверить ответ?", en: "How can we check the answer?" },
  },
  with: withParam,
});
