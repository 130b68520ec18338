import { AN, aN, type Tr } from "../lang.js";
import { rel, type Shown, shown } from "../num/decimal.js";
import type { Exact } from "../num/exact.js";
import * as R from "../num/rational.js";
import { type Q, q } from "../num/rational.js";
import { approx, d, EN_UNIT, G, pnum, quantity, RU_UNIT } from "../physics.js";
import { evp, evs, reply } from "../text.js";
import type { Ctx, Reply } from "../types.js";
import { changed, resultLine } from "./formula.js";
import { faultRows, type ParamRow, type PhysVariant, paramRows, variantTask } from "./variant-task.js";

/** This module's texts: English here, every other language in TEXT (a missing entry does not compile). */
const TEXT_EN = {
  byNewtonSecondLaw: "By Newton's second law F = m · a.",
  fromNewtonSecondLaw: "From Newton's second law a = F / m.",
  friction: (s: S, fr2: R.Q) =>
    `Friction F_fr = μ · m = ${d(s.mu)} · ${d(s.m)} = ${d(fr2)} ${EN_UNIT.force}.`,
  fFr: "F_fr",
  slidingFriction: (frName: string, s: S, fr: R.Q) =>
    `Sliding friction ${frName} = μ · m · g = ${d(s.mu)} · ${d(s.m)} · 9.8 = ${d(fr)} ${EN_UNIT.force}.`,
  netForce: (op: string, frName: string, s: S, fr: R.Q, net: R.Q) =>
    `Net force F ${op} ${frName} = ${d(s.F)} ${op} ${d(fr)} = ${d(net)} ${EN_UNIT.force}.`,
  acceleration: (s: S) => `Acceleration a = F / m₁ = ${d(s.F)} / ${d(s.m)}.`,
  tension: "Tension T = m₂ · a.",
  bothBlocksShareOne: (s: S, total: R.Q, as: Shown) =>
    `Both blocks share one acceleration: a = F / (m₁ + m₂) = ${d(s.F)} / ${d(total)} ${rel(as)} ${as.text} ${EN_UNIT.accel}.`,
  theStringPullsThe: "The string pulls the first block, so T = m₁ · a.",
  onlyTheStringAccelerates: "Only the string accelerates the second block, so T = m₂ · a.",
  newtonSecondLawSays: (s: S) =>
    `Newton's second law says the net force equals m · a, so accelerating ${d(s.m)} ${EN_UNIT.mass} at ${d(s.a)} ${EN_UNIT.accel} takes ${d(s.m)} · ${d(s.a)} ${EN_UNIT.force}.`,
  newtonSecondLawMeans:
    "Newton's second law F = m · a means the acceleration is the force per kilogram: a = F / m.",
  theAccelerationComesFrom:
    "The acceleration comes from the net force: the pull minus friction. On a level surface the normal force is mg, so friction is μmg.",
  theStringDoesNot:
    "The string does not stretch, so the blocks move together, and the only horizontal force on the second block is the string.",
  viaMomentumInThe: (s: S) =>
    `Via momentum: in 1 s the speed grows by ${d(s.a)} ${EN_UNIT.speed} and the momentum by ${d(s.m)} · ${d(s.a)} ${EN_UNIT.momentum}.`,
  forceIsTheChange: (res: Shown) =>
    `Force is the change of momentum per second: F = Δp / Δt = ${res.text} ${EN_UNIT.force}.`,
  viaMomentumInThe2: (s: S) =>
    `Via momentum: in Δt = 1 s the force delivers an impulse F · Δt = ${d(s.F)} ${EN_UNIT.momentum}.`,
  theSpeedChangePer: (s: S) =>
    `The speed change per second is Δv = F · Δt / m = ${d(s.F)} / ${d(s.m)}, which is the acceleration.`,
  divideThroughByThe: "Divide through by the mass: a = F / m - μg.",
  lookAtTheFirst: "Look at the first block: F pulls forward, T pulls back, so F - T = m₁ · a.",
  recoverTheAccelerationAs: (res: Shown, s: S) =>
    `Recover the acceleration: a = F / m = ${res.text} / ${d(s.m)} = ${d(s.a)} ${EN_UNIT.accel}, as given.`,
  itMatches: (s: S) => `a = ${d(s.a)} ${EN_UNIT.accel}, it matches.`,
  multiplyTheMassBy: (s: S, res: Shown, back: R.Q) =>
    `Multiply the mass by the acceleration: ${d(s.m)} · ${res.text} = ${d(back)} ${EN_UNIT.force}.`,
  soItChecksOut: (back: R.Q, s: S) =>
    `m · a = ${d(back)} ${EN_UNIT.force} ${approx(back, s.F)} ${d(s.F)} ${EN_UNIT.force}, so it checks out.`,
  thePullMustEqual: "The pull must equal m · a plus friction:",
  weGetSoIt: (back: R.Q, s: S) =>
    `We get ${d(back)} ${EN_UNIT.force} ${approx(back, s.F)} ${d(s.F)} ${EN_UNIT.force}, so it checks out.`,
  theForcesAcceleratingEach: "The forces accelerating each block must add up to F: m₁ · a + m₂ · a = F.",
  theyAddUpTo: (s: S) => `They add up to ${d(s.F)} ${EN_UNIT.force}, as they should.`,
  theAccelerationHalves: (F: R.Q, s: S, as: Shown) =>
    `a = F / (2m) = ${d(F)} / ${d(R.mul(q(2), s.m))} ${rel(as)} ${as.text} ${EN_UNIT.accel}: the acceleration halves.`,
  ifThePullDoes: (s: S, th: R.Q) =>
    `If the pull does not exceed the maximum friction μmg = ${d(s.mu)} · ${d(s.m)} · 9.8 = ${d(th)} ${EN_UNIT.force}, the block stays put.`,
  for: (th: R.Q) => `For F ≤ ${d(th)} ${EN_UNIT.force}.`,
  thenTheStringAccelerates: (s: S) =>
    `Then the string accelerates the first block: T = m₁ · F / (m₁ + m₂) = ${d(s.m)} · ${d(s.F)} / ${d(R.add(s.m, s.m2))}.`,
  theMass: "the mass",
  theAcceleration: "the acceleration",
  theForce: "the force",
  theFrictionCoefficient: "the friction coefficient",
  theMassOfThe: "the mass of the first block",
  theMassOfThe2: "the mass of the second block",
  dividedAByM: "I divided the acceleration by the mass instead of multiplying.",
  secondLaw: "Newton's second law is F = m · a.",
  multipliedFByM: "I multiplied force by mass instead of dividing.",
  aIsFOverM: "F = m · a gives a = F / m; F · m does not even have the units of acceleration.",
  forgotFriction: "I forgot the friction force.",
  frictionOpposes: (s: S) =>
    `The surface is not smooth: friction μmg = ${d(R.mul(R.mul(s.mu, s.m), G))} ${EN_UNIT.force} opposes the motion and must be subtracted from the pull.`,
  frictionWithoutG: "I took friction as μ · m, without g.",
  frictionIsMuMg: "Friction is μN and on a level surface N = mg, so friction is μmg.",
  addedFriction: "I added friction instead of subtracting it.",
  frictionSubtracts: "Friction opposes the motion, so the net force is F - μmg.",
  wrongBlockMass: "I multiplied the acceleration by the wrong block's mass.",
  stringAcceleratesSecond:
    "The string between the blocks is what accelerates the second block, so T = m₂ · a.",
  secondMassMissing: "I left the second mass out of the acceleration.",
  forceAcceleratesBoth: "The force accelerates both blocks together: a = F / (m₁ + m₂).",
};

const TEXT: Tr<typeof TEXT_EN> = {
  ru: {
    byNewtonSecondLaw: "По второму закону Ньютона F = m · a.",
    fromNewtonSecondLaw: "Из второго закона Ньютона a = F / m.",
    friction: (s, fr2) => `Сила трения F_тр = μ · m = ${d(s.mu)} · ${d(s.m)} = ${d(fr2)} ${RU_UNIT.force}.`,
    fFr: "F_тр",
    slidingFriction: (frName, s, fr) =>
      `Сила трения скольжения ${frName} = μ · m · g = ${d(s.mu)} · ${d(s.m)} · 9.8 = ${d(fr)} ${RU_UNIT.force}.`,
    netForce: (op, frName, s, fr, net) =>
      `Равнодействующая F ${op} ${frName} = ${d(s.F)} ${op} ${d(fr)} = ${d(net)} ${RU_UNIT.force}.`,
    acceleration: (s) => `Ускорение a = F / m₁ = ${d(s.F)} / ${d(s.m)}.`,
    tension: "Натяжение нити T = m₂ · a.",
    bothBlocksShareOne: (s, total, as) =>
      `Оба бруска движутся с одним ускорением: a = F / (m₁ + m₂) = ${d(s.F)} / ${d(total)} ${rel(as)} ${as.text} ${RU_UNIT.accel}.`,
    theStringPullsThe: "Нить тянет первый брусок, значит, T = m₁ · a.",
    onlyTheStringAccelerates: "Второй брусок разгоняет только нить, значит, T = m₂ · a.",
    newtonSecondLawSays: (s) =>
      `Второй закон Ньютона: ускорение тела пропорционально равнодействующей силе, F = m · a. Чтобы разогнать ${d(s.m)} ${RU_UNIT.mass} с ускорением ${d(s.a)} ${RU_UNIT.accel}, нужна сила ${d(s.m)} · ${d(s.a)} ${RU_UNIT.force}.`,
    newtonSecondLawMeans: `По второму закону Ньютона F = m · a, значит, ускорение — это сила, приходящаяся на килограмм массы: a = F / m.`,
    theAccelerationComesFrom:
      "Ускорение задаёт равнодействующая сила: сила тяги минус сила трения. На горизонтали сила реакции равна mg, поэтому трение μmg.",
    theStringDoesNot:
      "Нить нерастяжима, поэтому бруски движутся вместе с общим ускорением, а второй брусок по горизонтали тянет только нить.",
    viaMomentumInThe: (s) =>
      `Через импульс: за 1 с скорость растёт на ${d(s.a)} ${RU_UNIT.speed}, импульс — на ${d(s.m)} · ${d(s.a)} ${RU_UNIT.momentum}.`,
    forceIsTheChange: (res) =>
      `Сила равна изменению импульса за секунду: F = Δp / Δt = ${res.text} ${RU_UNIT.force}.`,
    viaMomentumInThe2: (s) =>
      `Через импульс: за Δt = 1 с сила передаёт импульс F · Δt = ${d(s.F)} ${RU_UNIT.momentum}.`,
    theSpeedChangePer: (s) =>
      `Изменение скорости за секунду Δv = F · Δt / m = ${d(s.F)} / ${d(s.m)} — это и есть ускорение.`,
    divideThroughByThe: "Разделим уравнение на массу: a = F / m - μg.",
    lookAtTheFirst: "Рассмотрим первый брусок: на него действуют F вперёд и T назад, поэтому F - T = m₁ · a.",
    recoverTheAccelerationAs: (res, s) =>
      `Найдём ускорение обратно: a = F / m = ${res.text} / ${d(s.m)} = ${d(s.a)} ${RU_UNIT.accel} — как в условии.`,
    itMatches: (s) => `a = ${d(s.a)} ${RU_UNIT.accel}, совпадает.`,
    multiplyTheMassBy: (s, res, back) =>
      `Умножим массу на найденное ускорение: ${d(s.m)} · ${res.text} = ${d(back)} ${RU_UNIT.force}.`,
    soItChecksOut: (back, s) =>
      `m · a = ${d(back)} ${RU_UNIT.force} ${approx(back, s.F)} ${d(s.F)} ${RU_UNIT.force}, ответ верный.`,
    thePullMustEqual: "Сила тяги должна равняться m · a плюс сила трения:",
    weGetSoIt: (back, s) =>
      `Получаем ${d(back)} ${RU_UNIT.force} ${approx(back, s.F)} ${d(s.F)} ${RU_UNIT.force}, ответ верный.`,
    theForcesAcceleratingEach: "Сумма сил, разгоняющих каждый брусок, должна дать F: m₁ · a + m₂ · a = F.",
    theyAddUpTo: (s) => `Сумма равна ${d(s.F)} ${RU_UNIT.force}, как и должно быть.`,
    theAccelerationHalves: (F, s, as) =>
      `a = F / (2m) = ${d(F)} / ${d(R.mul(q(2), s.m))} ${rel(as)} ${as.text} ${RU_UNIT.accel}: ускорение уменьшится вдвое.`,
    ifThePullDoes: (s, th) =>
      `Если сила не превышает максимальную силу трения μmg = ${d(s.mu)} · ${d(s.m)} · 9.8 = ${d(th)} ${RU_UNIT.force}, брусок останется в покое.`,
    for: (th) => `При F ≤ ${d(th)} ${RU_UNIT.force}.`,
    thenTheStringAccelerates: (s) =>
      `Тогда нить разгоняет первый брусок: T = m₁ · F / (m₁ + m₂) = ${d(s.m)} · ${d(s.F)} / ${d(R.add(s.m, s.m2))}.`,
    theMass: "массу",
    theAcceleration: "ускорение",
    theForce: "силу",
    theFrictionCoefficient: "коэффициент трения",
    theMassOfThe: "массу первого бруска",
    theMassOfThe2: "массу второго бруска",

    dividedAByM: "Я разделил ускорение на массу вместо умножения.",
    secondLaw: "Второй закон Ньютона: F = m · a.",
    multipliedFByM: "Я умножил силу на массу вместо деления.",
    aIsFOverM: "Из F = m · a следует a = F / m; произведение F · m даже не имеет размерности ускорения.",
    forgotFriction: "Я забыл про силу трения.",
    frictionOpposes: (s) =>
      `Поверхность не гладкая: против движения действует трение μmg = ${d(R.mul(R.mul(s.mu, s.m), G))} ${RU_UNIT.force}, его нужно вычесть из силы тяги.`,
    frictionWithoutG: "Я посчитал трение как μ · m, без g.",
    frictionIsMuMg: "Сила трения равна μN, а на горизонтали N = mg, поэтому F_тр = μmg.",
    addedFriction: "Я прибавил силу трения вместо вычитания.",
    frictionSubtracts: "Трение направлено против движения, поэтому равнодействующая F - μmg.",
    wrongBlockMass: "Я умножил ускорение на массу не того бруска.",
    stringAcceleratesSecond: "Нить между брусками разгоняет второй брусок, поэтому T = m₂ · a.",
    secondMassMissing: "Я забыл массу второго бруска при расчёте ускорения.",
    forceAcceleratesBoth: "Сила F разгоняет оба бруска сразу: a = F / (m₁ + m₂).",
  },
  en: TEXT_EN,
};

/**
 * dynamics: Newton's second law. Difficulty: force from mass and acceleration (1-2), acceleration
 * from force and mass (3-4), horizontal pull with sliding friction, g = 9.8 m/s² (5-7), two blocks
 * joined by a rope and the rope's tension (8-10).
 */
type Variant = "force" | "accel" | "friction" | "blocks";
type Tx = typeof TEXT_EN;

interface S {
  variant: Variant;
  m: Q;
  a: Q;
  F: Q;
  mu: Q;
  m2: Q;
}

/** A problem record with every field present (one object shape for all variants). */
function mk(p: Partial<S> & { variant: Variant }): S {
  const z = q(0);
  return { variant: p.variant, m: p.m ?? z, a: p.a ?? z, F: p.F ?? z, mu: p.mu ?? z, m2: p.m2 ?? z };
}

function draw(ctx: Ctx): S {
  const r = ctx.rng;
  const dd = ctx.d;
  if (dd <= 2) return mk({ variant: "force", m: q(r.int(1, 50)), a: q(r.int(1, 10)) });
  if (dd <= 4) return mk({ variant: "accel", m: pnum(ctx, 1, 40), F: q(r.int(5, 300)) });
  if (dd <= 7) {
    for (let i = 0; i < 20; i++) {
      const m = pnum(ctx, 1, 30);
      const mu = q(r.int(1, 6), 10);
      const F = q(r.int(10, 400));
      if (R.cmp(F, R.mul(R.mul(mu, m), G)) > 0) return mk({ variant: "friction", m, mu, F });
    }
    return mk({ variant: "friction", m: q(5), mu: q(2, 10), F: q(50) });
  }
  return mk({ variant: "blocks", m: pnum(ctx, 1, 20), m2: pnum(ctx, 1, 20), F: q(r.int(10, 300)) });
}
const massFresh = (c: Ctx) => pnum(c, 1, 40);
const MASS: ParamRow<S, Tx> = ["m", "m", "theMass", "mass", massFresh];
const FORCE: ParamRow<S, Tx> = ["F", "F", "theForce", "force", (c) => q(c.rng.int(10, 400))];

/** The edge question of the first two variants: the same force on twice the mass. */
const MASS_DOUBLED: Tr = {
  ru: "А что будет с ускорением, если при той же силе масса вдвое больше?",
  en: "What happens to the acceleration if the mass doubles under the same force?",
};

function massDoubled(tx: Tx, s: S, ctx: Ctx, F: Q): Reply {
  const as = shown(R.div(F, R.mul(q(2), s.m)));
  return reply(
    [tx.theAccelerationHalves(F, s, as)],
    quantity(ctx, "a", as, "accel"),
    evp(`${d(F)}/(2*${d(s.m)})`, as),
  );
}

const VARIANTS: Record<Variant, PhysVariant<S, Tx>> = {
  force: {
    ask: {
      ru: [
        (s) => `Какая сила сообщает телу массой ${d(s.m)} ${RU_UNIT.mass} ускорение ${d(s.a)} м/с²?`,
        (s) =>
          `Тележка массой ${d(s.m)} ${RU_UNIT.mass} разгоняется с ускорением ${d(s.a)} ${RU_UNIT.accel}. Найдите равнодействующую силу.`,
      ],
      en: [
        (s) => `What force gives ${aN(d(s.m))} ${EN_UNIT.mass} body an acceleration of ${d(s.a)} m/s²?`,
        (s) =>
          `${AN(d(s.m))} ${EN_UNIT.mass} cart speeds up at ${d(s.a)} ${EN_UNIT.accel}. Find the net force on it.`,
      ],
    },
    sym: "F",
    kind: "force",
    expr: (s) => `${d(s.m)}*${d(s.a)}`,
    solve: (tx, s, fault, worked) =>
      fault === "divide"
        ? worked(["F = a / m"], R.div(s.a, s.m), `${d(s.a)} / ${d(s.m)}`)
        : worked([tx.byNewtonSecondLaw], R.mul(s.m, s.a), `${d(s.m)} · ${d(s.a)}`),
    why: (tx, s) => tx.newtonSecondLawSays(s),
    alt: (tx, s, f) => [[tx.viaMomentumInThe(s), tx.forceIsTheChange(f.res)], `${d(s.m)}*${d(s.a)}/1`],
    verify: (tx, s, { res }) =>
      reply([tx.recoverTheAccelerationAs(res, s)], tx.itMatches(s), evs(`${res.text}/${d(s.m)}`, d(s.a))),
    edgeAsk: MASS_DOUBLED,
    edge: (tx, s, { ctx }) => massDoubled(tx, s, ctx, R.mul(s.m, s.a)),
    params: paramRows([MASS, ["a", "a", "theAcceleration", "accel", (c) => q(c.rng.int(1, 12))]]),
    mistakes: faultRows([["wrong_formula", "divide", "dividedAByM", "secondLaw"]]),
  },
  accel: {
    ask: {
      ru: [
        (s) =>
          `На тело массой ${d(s.m)} ${RU_UNIT.mass} действует сила ${d(s.F)} ${RU_UNIT.force}. С каким ускорением оно движется?`,
        (s) =>
          `Какое ускорение получит ящик массой ${d(s.m)} ${RU_UNIT.mass} под действием силы ${d(s.F)} ${RU_UNIT.force} (трения нет)?`,
      ],
      en: [
        (s) =>
          `A net force of ${d(s.F)} ${EN_UNIT.force} acts on ${aN(d(s.m))} ${EN_UNIT.mass} body. What is its acceleration?`,
        (s) =>
          `What acceleration does ${aN(d(s.F))} ${EN_UNIT.force} push give ${aN(d(s.m))} ${EN_UNIT.mass} crate on a frictionless floor?`,
      ],
    },
    sym: "a",
    kind: "accel",
    expr: (s) => `${d(s.F)}/${d(s.m)}`,
    solve: (tx, s, fault, worked) =>
      fault === "multiply"
        ? worked(["a = F · m"], R.mul(s.F, s.m), `${d(s.F)} · ${d(s.m)}`)
        : worked([tx.fromNewtonSecondLaw], R.div(s.F, s.m), `${d(s.F)} / ${d(s.m)}`),
    why: (tx) => tx.newtonSecondLawMeans,
    alt: (tx, s, f) => [
      [tx.viaMomentumInThe2(s), tx.theSpeedChangePer(s), resultLine(f.ctx, f.o)],
      `${d(s.F)}*1/${d(s.m)}`,
    ],
    verify: (tx, s, { res }) => {
      const back = R.mul(s.m, res.q);
      return reply(
        [tx.multiplyTheMassBy(s, res, back)],
        tx.soItChecksOut(back, s),
        evs(`${d(s.m)}*${res.text}`, d(back)),
      );
    },
    edgeAsk: MASS_DOUBLED,
    edge: (tx, s, { ctx }) => massDoubled(tx, s, ctx, s.F),
    params: paramRows([MASS, FORCE]),
    mistakes: faultRows([["wrong_formula", "multiply", "multipliedFByM", "aIsFOverM"]]),
  },
  friction: {
    ask: {
      ru: [
        (s) =>
          `Брусок массой ${d(s.m)} ${RU_UNIT.mass} тянут по горизонтальной поверхности силой ${d(s.F)} ${RU_UNIT.force}. Коэффициент трения ${d(s.mu)}, g = 9.8 м/с². Найдите ускорение бруска.`,
        (s) =>
          `Ящик массой ${d(s.m)} ${RU_UNIT.mass} тянут горизонтально с силой ${d(s.F)} ${RU_UNIT.force}, коэффициент трения скольжения μ = ${d(s.mu)}. С каким ускорением движется ящик? Примите g = 9.8 м/с².`,
      ],
      en: [
        (s) =>
          `${AN(d(s.m))} ${EN_UNIT.mass} block is pulled along a horizontal surface with a force of ${d(s.F)} ${EN_UNIT.force}. The friction coefficient is ${d(s.mu)} and g = 9.8 m/s². Find the block's acceleration.`,
        (s) =>
          `${AN(d(s.m))} ${EN_UNIT.mass} crate is dragged horizontally with ${d(s.F)} ${EN_UNIT.force}; the coefficient of sliding friction is μ = ${d(s.mu)}. What is its acceleration? Use g = 9.8 m/s².`,
      ],
    },
    sym: "a",
    kind: "accel",
    expr: (s) => `(${d(s.F)} - ${d(s.mu)}*${d(s.m)}*9.8)/${d(s.m)}`,
    solve: (tx, s, fault, worked) => {
      const fr = R.mul(R.mul(s.mu, s.m), G);
      if (fault === "noFriction") return worked(["a = F / m"], R.div(s.F, s.m), `${d(s.F)} / ${d(s.m)}`);
      if (fault === "noG") {
        const fr2 = R.mul(s.mu, s.m);
        return worked(
          [tx.friction(s, fr2)],
          R.div(R.sub(s.F, fr2), s.m),
          `(${d(s.F)} - ${d(fr2)}) / ${d(s.m)}`,
        );
      }
      // The third planted fault adds friction to the pull.
      const plus = fault === "plusFriction";
      const net = plus ? R.add(s.F, fr) : R.sub(s.F, fr);
      const frName = tx.fFr;
      return worked(
        [tx.slidingFriction(frName, s, fr), tx.netForce(plus ? "+" : "-", frName, s, fr, net)],
        R.div(net, s.m),
        `${d(net)} / ${d(s.m)}`,
      );
    },
    why: (tx) => tx.theAccelerationComesFrom,
    alt: (tx, s, f) => {
      const fm = shown(R.div(s.F, s.m));
      const parts = `F / m = ${d(s.F)} / ${d(s.m)} ${rel(fm)} ${fm.text}, μg = ${d(s.mu)} · 9.8 = ${d(R.mul(s.mu, G))}`;
      return [[tx.divideThroughByThe, parts, resultLine(f.ctx, f.o)], `${d(s.F)}/${d(s.m)} - ${d(s.mu)}*9.8`];
    },
    verify: (tx, s, { res }) => {
      const back = R.add(R.mul(s.m, res.q), R.mul(R.mul(s.mu, s.m), G));
      return reply(
        [tx.thePullMustEqual, `${d(s.m)} · ${res.text} + ${d(s.mu)} · ${d(s.m)} · 9.8 = ${d(back)}`],
        tx.weGetSoIt(back, s),
        evs(`${d(s.m)}*${res.text} + ${d(s.mu)}*${d(s.m)}*9.8`, d(back)),
      );
    },
    edgeAsk: {
      ru: "При какой силе тяги брусок вообще не сдвинется с места?",
      en: "Below what pulling force would the block not move at all?",
    },
    edge: (tx, s) => {
      const th = R.mul(R.mul(s.mu, s.m), G);
      return reply([tx.ifThePullDoes(s, th)], tx.for(th), evs(`${d(s.mu)}*${d(s.m)}*9.8`, d(th)));
    },
    params: paramRows([
      MASS,
      FORCE,
      ["mu", "μ", "theFrictionCoefficient", "", (c) => q(c.rng.int(1, 5), 10), ["halve", "set"]],
    ]),
    mistakes: faultRows([
      ["dropped_term", "noFriction", "forgotFriction", "frictionOpposes"],
      ["wrong_formula", "noG", "frictionWithoutG", "frictionIsMuMg"],
      ["sign_error", "plusFriction", "addedFriction", "frictionSubtracts"],
    ]),
  },
  blocks: {
    ask: {
      ru: [
        (s) =>
          `Два бруска массами ${d(s.m)} ${RU_UNIT.mass} и ${d(s.m2)} ${RU_UNIT.mass} связаны нитью и лежат на гладком столе. За первый тянут с силой ${d(s.F)} ${RU_UNIT.force}. Найдите силу натяжения нити.`,
        (s) =>
          `По гладкому льду тянут двое связанных верёвкой санок: передние массой ${d(s.m)} ${RU_UNIT.mass} и задние массой ${d(s.m2)} ${RU_UNIT.mass}, сила тяги ${d(s.F)} ${RU_UNIT.force}, трением пренебречь. Какова сила натяжения верёвки между санками?`,
      ],
      en: [
        (s) =>
          `Two blocks of ${d(s.m)} ${EN_UNIT.mass} and ${d(s.m2)} ${EN_UNIT.mass} are tied with a string on a smooth table. The first is pulled with ${d(s.F)} ${EN_UNIT.force}. Find the tension in the string.`,
        (s) =>
          `Two sledges tied together are pulled across smooth ice: the front one of ${d(s.m)} ${EN_UNIT.mass} and the rear one of ${d(s.m2)} ${EN_UNIT.mass}, with ${aN(d(s.F))} ${EN_UNIT.force} pull and no friction. What is the tension in the rope between them?`,
      ],
    },
    sym: "T",
    kind: "force",
    expr: (s) => `${d(s.m2)}*${d(s.F)}/(${d(s.m)} + ${d(s.m2)})`,
    solve: (tx, s, fault, worked) => {
      if (fault === "onlyFront")
        return worked(
          [tx.acceleration(s), tx.tension],
          R.mul(s.m2, R.div(s.F, s.m)),
          `${d(s.m2)} · ${d(s.F)} / ${d(s.m)}`,
        );
      const total = R.add(s.m, s.m2);
      const a = R.div(s.F, total);
      // The other planted fault takes the first block's mass.
      const front = fault === "wrongBlock";
      const mass = front ? s.m : s.m2;
      return worked(
        [
          tx.bothBlocksShareOne(s, total, shown(a)),
          front ? tx.theStringPullsThe : tx.onlyTheStringAccelerates,
        ],
        R.mul(mass, a),
        `${d(mass)} · ${d(s.F)} / ${d(total)}`,
      );
    },
    why: (tx) => tx.theStringDoesNot,
    alt: (tx, s, f) => [
      [
        tx.lookAtTheFirst,
        `T = F - m₁ · a = ${d(s.F)} - ${d(s.m)} · ${d(s.F)} / ${d(R.add(s.m, s.m2))}`,
        resultLine(f.ctx, f.o),
      ],
      `${d(s.F)} - ${d(s.m)}*${d(s.F)}/(${d(s.m)} + ${d(s.m2)})`,
    ],
    verify: (tx, s) => {
      const total = d(R.add(s.m, s.m2));
      const sum = `${d(s.m)}*${d(s.F)}/(${d(s.m)} + ${d(s.m2)}) + ${d(s.m2)}*${d(s.F)}/(${d(s.m)} + ${d(s.m2)})`;
      return reply(
        [
          tx.theForcesAcceleratingEach,
          `${d(s.m)} · ${d(s.F)} / ${total} + ${d(s.m2)} · ${d(s.F)} / ${total} = ${d(s.F)}`,
        ],
        tx.theyAddUpTo(s),
        evs(sum, d(s.F)),
      );
    },
    edgeAsk: {
      ru: "А если тянуть за второй брусок с той же силой?",
      en: "What if we pull the second block with the same force instead?",
    },
    edge: (tx, s, { ctx }) => {
      const ts = shown(R.div(R.mul(s.m, s.F), R.add(s.m, s.m2)));
      return reply(
        [tx.thenTheStringAccelerates(s)],
        quantity(ctx, "T", ts, "force"),
        evp(`${d(s.m)}*${d(s.F)}/(${d(s.m)} + ${d(s.m2)})`, ts),
      );
    },
    params: paramRows([
      ["m", "m₁", "theMassOfThe", "mass", massFresh],
      ["m2", "m₂", "theMassOfThe2", "mass", massFresh],
      FORCE,
    ]),
    mistakes: faultRows([
      ["wrong_formula", "wrongBlock", "wrongBlockMass", "stringAcceleratesSecond"],
      ["dropped_term", "onlyFront", "secondMassMissing", "forceAcceleratesBoth"],
    ]),
  },
};

function withParam(_ctx: Ctx, s: S, key: string, value: Exact): S | null {
  const n = changed(s, key, value, 10000);
  if (n?.variant === "friction" && R.cmp(n.F, R.mul(R.mul(n.mu, n.m), G)) <= 0) return null;
  return n;
}

export const dynamics = variantTask({
  id: "dynamics",
  domain: "physics",
  text: TEXT,
  draw,
  variant: (s) => VARIANTS[s.variant],
  questions: {
    why: { ru: "Почему решение строится именно так?", en: "Why is the solution set up this way?" },
    alt: { ru: "Можно ли получить ответ по-другому?", en: "Can we get the answer another way?" },
    verify: { ru: "Как проверить ответ?", en: "How can we check the answer?" },
  },
  with: withParam,
});
