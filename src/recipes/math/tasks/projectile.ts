import { aN, type Tr } from "../lang.js";
import type { Shown } from "../num/decimal.js";
import { rel, roundingNote, shown } from "../num/decimal.js";
import { qsqrt, xmul } from "../num/exact.js";
import * as R from "../num/rational.js";
import { type Q, q } from "../num/rational.js";
import { d, EN_UNIT, G, G10, pnum, quantity, RU_UNIT } from "../physics.js";
import { evp, reply } from "../text.js";
import type { Ctx } from "../types.js";
import { changed, resultLine } from "./formula.js";
import { faultRows, type PhysVariant, paramRows, variantTask } from "./variant-task.js";

/** This module's texts: English here, every other language in TEXT (a missing entry does not compile). */
const TEXT_EN = {
  atTheTopThe: "At the top the speed is zero: 0 - v₀² = -2gh, so h = v₀² / (2g).",
  theFlightTimeIs: "The flight time is t = v₀ / g.",
  theClimbLastsUntil: (s: S, up: Shown) =>
    `The climb lasts until the body stops: t₁ = v₀ / g = ${d(s.v)} / ${d(s.g)} ${rel(up)} ${up.text} ${EN_UNIT.time}.`,
  theFallFromThat: "The fall from that height takes just as long, so t = 2v₀ / g.",
  theFallTimeIs: (t: string) => `The fall time is t = ${t}.`,
  horizontallyTheMotionIs:
    "Horizontally the motion is uniform, vertically it is a fall from rest; both take the same time.",
  fallTimeSo: (s: S, ts: Shown) =>
    `Fall time: h = gt²/2, so t = √(2h / g) = √(2 · ${d(s.h)} / ${d(s.g)}) ${rel(ts)} ${ts.text} ${EN_UNIT.time}.`,
  rangeComputedWithoutRounding: "Range L = v · t (computed without rounding t first).",
  theBodyRisesWith:
    "The body rises with acceleration -g until its speed drops to zero; v² - v₀² = -2gh needs no time.",
  withoutAirResistanceThe:
    "Without air resistance the motion is symmetric: the climb and the fall each take v₀ / g.",
  theHorizontalAndVertical:
    "The horizontal and vertical motions are independent: the horizontal speed stays constant and the flight time depends only on the height.",
  viaTheRiseTime: (s: S, t: R.Q) =>
    `Via the rise time: t = v₀ / g = ${d(s.v)} / ${d(s.g)} = ${d(t)} ${EN_UNIT.time}.`,
  writeTheHeightThe: "Write the height: y(t) = v₀t - gt²/2. The body is back when y = 0:",
  andTheNonZero: "t(v₀ - gt/2) = 0, and the non-zero root is t = 2v₀ / g.",
  fromTheTrajectoryThe: "From the trajectory y = g x² / (2v²). The body lands when y = h:",
  energyConservationGivesThe: (s: S, res: Shown, vs: Shown) =>
    `Energy conservation gives the launch speed v₀ = √(2gh) = √(2 · ${d(s.g)} · ${res.text}) ${rel(vs)} ${vs.text} ${EN_UNIT.speed}.`,
  matchingTheProblem: (vs: Shown) =>
    `v₀ ${rel(vs)} ${vs.text} m/s${roundingNote(vs, false)}, matching the problem.`,
  putInto: (res: Shown, s: S, ys: Shown) =>
    `Put t = ${res.text} ${EN_UNIT.time} into y(t) = v₀t - gt²/2: ${d(s.v)} · ${res.text} - ${d(s.g)} · ${res.text}² / 2 ${rel(ys)} ${ys.text} ${EN_UNIT.distance}.`,
  whichIsUpTo: (ys: Shown) =>
    ys.approx || !R.isZero(ys.q)
      ? `y ${rel(ys)} ${ys.text} m${roundingNote(ys, false)}, which is 0 up to the rounding of the time: the body is indeed back.`
      : "y = 0 m: the body is indeed back.",
  theHorizontalFlightTime: (res: Shown, s: S) =>
    `The horizontal flight time is t = L / v = ${res.text} / ${d(s.v)}.`,
  inThatTimeThe: (hs: Shown) =>
    `In that time the body falls h = gt²/2 ${rel(hs)} ${hs.text} ${EN_UNIT.distance}.`,
  theGivenHeight: (hs: Shown) => `h ${rel(hs)} ${hs.text} m${roundingNote(hs, false)}, the given height.`,
  heightGoesWithSo: (s: S) =>
    `Height goes with v₀², so four times higher: (2 · ${d(s.v)})² / (2 · ${d(s.g)}).`,
  fourTimes: (h4: Shown) => `Four times: h ${rel(h4)} ${h4.text} ${EN_UNIT.distance}.`,
  manyTimesLonger: (moon: Shown) => `t ${rel(moon)} ${moon.text} ${EN_UNIT.time}, many times longer.`,
  theFallTimeDepends: "The fall time depends only on the height and stays the same, so the range doubles.",
  theLaunchSpeed: "the launch speed",
  theHeight: "the height",
  forgotTheTwo: "I forgot the 2 in the denominator.",
  heightFromEnergy: "v₀² = 2gh gives h = v₀² / (2g).",
  speedNotSquared: "I did not square the speed.",
  heightGoesWithV2: "The height goes with the speed squared: h = v₀² / (2g).",
  onlyTheClimb: "I only counted the time going up.",
  fallTakesAsLong: "v₀ / g is just the climb; the fall takes as long again, 2v₀ / g in total.",
  forgotTheRoot: "I forgot the square root in the fall time.",
  fallTimeHasRoot: "h = gt²/2 gives t = √(2h / g), not 2h / g.",
  lostTheTwo: "I lost the 2 in the fall time.",
  fallTimeHasTwo: "h = gt²/2, so t = √(2h / g).",
};

const TEXT: Tr<typeof TEXT_EN> = {
  ru: {
    atTheTopThe: "В верхней точке скорость равна нулю: 0 - v₀² = -2gh, откуда h = v₀² / (2g).",
    theFlightTimeIs: "Время полёта t = v₀ / g.",
    theClimbLastsUntil: (s, up) =>
      `Подъём длится до остановки: t₁ = v₀ / g = ${d(s.v)} / ${d(s.g)} ${rel(up)} ${up.text} ${RU_UNIT.time}.`,
    theFallFromThat: "Спуск с той же высоты занимает столько же, поэтому t = 2v₀ / g.",
    theFallTimeIs: (t) => `Время падения t = ${t}.`,
    horizontallyTheMotionIs:
      "По горизонтали тело летит равномерно, по вертикали падает без начальной скорости; время полёта общее.",
    fallTimeSo: (s, ts) =>
      `Время падения: h = gt²/2, t = √(2h / g) = √(2 · ${d(s.h)} / ${d(s.g)}) ${rel(ts)} ${ts.text} ${RU_UNIT.time}.`,
    rangeComputedWithoutRounding: "Дальность L = v · t (считаем без промежуточного округления).",
    theBodyRisesWith: `Тело движется вверх с ускорением -g, пока скорость не упадёт до нуля; формула v² - v₀² = -2gh не требует знать время.`,
    withoutAirResistanceThe:
      "Без сопротивления воздуха движение симметрично: подъём и спуск занимают одинаковое время v₀ / g.",
    theHorizontalAndVertical:
      "Горизонтальное и вертикальное движения независимы: горизонтальная скорость не меняется, а время полёта определяется только высотой падения.",
    viaTheRiseTime: (s, t) =>
      `Через время подъёма: t = v₀ / g = ${d(s.v)} / ${d(s.g)} = ${d(t)} ${RU_UNIT.time}.`,
    writeTheHeightThe: "Запишем высоту: y(t) = v₀t - gt²/2. Тело возвращается, когда y = 0:",
    andTheNonZero: "t(v₀ - gt/2) = 0, отличный от нуля корень t = 2v₀ / g.",
    fromTheTrajectoryThe: "Через уравнение траектории: y = g x² / (2v²). Тело падает на землю, когда y = h:",
    energyConservationGivesThe: (s, res, vs) =>
      `По закону сохранения энергии скорость броска v₀ = √(2gh) = √(2 · ${d(s.g)} · ${res.text}) ${rel(vs)} ${vs.text} ${RU_UNIT.speed}.`,
    matchingTheProblem: (vs) =>
      `v₀ ${rel(vs)} ${vs.text} м/с${roundingNote(vs, true)} — совпадает с условием.`,
    putInto: (res, s, ys) =>
      `Подставим t = ${res.text} ${RU_UNIT.time} в y(t) = v₀t - gt²/2: ${d(s.v)} · ${res.text} - ${d(s.g)} · ${res.text}² / 2 ${rel(ys)} ${ys.text} ${RU_UNIT.distance}.`,
    whichIsUpTo: (ys) =>
      ys.approx || !R.isZero(ys.q)
        ? `y ${rel(ys)} ${ys.text} м${roundingNote(ys, true)}, то есть 0 с точностью до округления времени: тело действительно вернулось.`
        : "y = 0 м: тело действительно вернулось.",
    theHorizontalFlightTime: (res, s) => `Время полёта по горизонтали t = L / v = ${res.text} / ${d(s.v)}.`,
    inThatTimeThe: (hs) =>
      `За это время тело опускается на h = gt²/2 ${rel(hs)} ${hs.text} ${RU_UNIT.distance}.`,
    theGivenHeight: (hs) => `h ${rel(hs)} ${hs.text} м${roundingNote(hs, true)} — это высота из условия.`,
    heightGoesWithSo: (s) =>
      `Высота пропорциональна v₀², значит, вчетверо выше: (2 · ${d(s.v)})² / (2 · ${d(s.g)}).`,
    fourTimes: (h4) => `В 4 раза: h ${rel(h4)} ${h4.text} ${RU_UNIT.distance}.`,
    manyTimesLonger: (moon) => `t ${rel(moon)} ${moon.text} ${RU_UNIT.time} — во много раз дольше.`,
    theFallTimeDepends: "Время падения зависит только от высоты и не изменится, поэтому дальность удвоится.",
    theLaunchSpeed: "скорость броска",
    theHeight: "высоту",
    forgotTheTwo: "Я забыл двойку в знаменателе.",
    heightFromEnergy: "Из v₀² = 2gh следует h = v₀² / (2g).",
    speedNotSquared: "Я не возвёл скорость в квадрат.",
    heightGoesWithV2: "Высота подъёма пропорциональна квадрату скорости: h = v₀² / (2g).",
    onlyTheClimb: "Я посчитал только время подъёма.",
    fallTakesAsLong: "v₀ / g — это время подъёма; спуск занимает столько же, всего 2v₀ / g.",
    forgotTheRoot: "Я забыл извлечь корень при вычислении времени.",
    fallTimeHasRoot: "Из h = gt²/2 следует t = √(2h / g), а не 2h / g.",
    lostTheTwo: "Я потерял двойку в формуле времени падения.",
    fallTimeHasTwo: "h = gt²/2, поэтому t = √(2h / g).",
  },
  en: TEXT_EN,
};

/**
 * projectile: motion under gravity. Difficulty: maximum height of a vertical throw with
 * g = 10 m/s² (1-3), total flight time of a vertical throw with g = 9.8 (4-6), range of a
 * horizontal launch from a height, L = v·√(2h/g), rounded (7-10).
 */
type Variant = "height" | "time" | "range";
type Tx = typeof TEXT_EN;

interface S {
  variant: Variant;
  v: Q;
  h: Q;
  g: Q;
}

function draw(ctx: Ctx): S {
  const dd = ctx.d;
  if (dd <= 3) return { variant: "height", v: q(ctx.rng.int(2, dd === 1 ? 30 : 50)), h: q(0), g: G10 };
  if (dd <= 6) return { variant: "time", v: pnum(ctx, 2, 60), h: q(0), g: G };
  return { variant: "range", v: pnum(ctx, 2, 30), h: pnum(ctx, 1, 80), g: G };
}

const VARIANTS: Record<Variant, PhysVariant<S, Tx>> = {
  height: {
    ask: {
      ru: [
        (s) =>
          `Мяч подбросили вертикально вверх со скоростью ${d(s.v)} ${RU_UNIT.speed}. На какую максимальную высоту он поднимется? g = ${d(s.g)} ${RU_UNIT.accel}, сопротивлением воздуха пренебречь.`,
        (s) =>
          `Камень бросили вверх со скоростью ${d(s.v)} ${RU_UNIT.speed}. Найдите наибольшую высоту подъёма (g = ${d(s.g)} ${RU_UNIT.accel}, без сопротивления воздуха).`,
        (s) =>
          `Фонтан выбрасывает струю вертикально вверх со скоростью ${d(s.v)} ${RU_UNIT.speed}. На какую высоту поднимается вода? g = ${d(s.g)} ${RU_UNIT.accel}.`,
      ],
      en: [
        (s) =>
          `A ball is thrown straight up at ${d(s.v)} ${EN_UNIT.speed}. How high does it rise? Use g = ${d(s.g)} ${EN_UNIT.accel} and ignore air resistance.`,
        (s) =>
          `A stone is thrown upwards at ${d(s.v)} ${EN_UNIT.speed}. Find its maximum height (g = ${d(s.g)} ${EN_UNIT.accel}, no air resistance).`,
        (s) =>
          `A fountain shoots water straight up at ${d(s.v)} ${EN_UNIT.speed}. How high does the water rise? Use g = ${d(s.g)} ${EN_UNIT.accel}.`,
      ],
    },
    sym: "h",
    kind: "distance",
    expr: (s) => `${d(s.v)}^2/(2*${d(s.g)})`,
    solve: (tx, s, fault, worked) => {
      const g = d(s.g);
      if (fault === "noTwo") return worked(["h = v₀² / g"], R.div(R.mul(s.v, s.v), s.g), `${d(s.v)}² / ${g}`);
      if (fault === "noSquare")
        return worked(["h = v₀ / (2g)"], R.div(s.v, R.mul(q(2), s.g)), `${d(s.v)} / (2 · ${g})`);
      return worked([tx.atTheTopThe], R.div(R.mul(s.v, s.v), R.mul(q(2), s.g)), `${d(s.v)}² / (2 · ${g})`);
    },
    why: (tx) => tx.theBodyRisesWith,
    alt: (tx, s, { res }) => {
      const [v, g, t] = [d(s.v), d(s.g), R.div(s.v, s.g)];
      const line = `h = v₀t - gt²/2 = ${v} · ${d(t)} - ${g} · ${d(t)}² / 2 = ${res.text}`;
      return [[tx.viaTheRiseTime(s, t), line], `${v}*(${v}/${g}) - ${g}*(${v}/${g})^2/2`];
    },
    verify: (tx, s, { res }) => {
      const vs = shown(qsqrt(R.mul(R.mul(q(2), s.g), res.q)));
      const check = evp(`sqrt(2*${d(s.g)}*${res.text})`, vs);
      return reply([tx.energyConservationGivesThe(s, res, vs)], tx.matchingTheProblem(vs), check);
    },
    edgeAsk: {
      ru: "Во сколько раз выше будет подъём, если скорость броска удвоить?",
      en: "How much higher is the top if the launch speed doubles?",
    },
    edge: (tx, s) => {
      const h4 = shown(R.div(R.mul(q(4), R.mul(s.v, s.v)), R.mul(q(2), s.g)));
      return reply([tx.heightGoesWithSo(s)], tx.fourTimes(h4), evp(`(2*${d(s.v)})^2/(2*${d(s.g)})`, h4));
    },
    params: paramRows([["v", "v₀", "theLaunchSpeed", "speed", (c) => q(c.rng.int(2, 50))]]),
    mistakes: faultRows([
      ["wrong_formula", "noTwo", "forgotTheTwo", "heightFromEnergy"],
      ["wrong_formula", "noSquare", "speedNotSquared", "heightGoesWithV2"],
    ]),
  },
  time: {
    ask: {
      ru: [
        (s) =>
          `Тело бросили вертикально вверх со скоростью ${d(s.v)} ${RU_UNIT.speed}. Через какое время оно вернётся в точку броска? g = ${d(s.g)} ${RU_UNIT.accel}, сопротивлением воздуха пренебречь.`,
        (s) =>
          `Сколько времени будет в полёте мяч, подброшенный вверх со скоростью ${d(s.v)} ${RU_UNIT.speed}, до возвращения в руку? Примите g = ${d(s.g)} ${RU_UNIT.accel}.`,
        (s) =>
          `Стрела выпущена вертикально вверх со скоростью ${d(s.v)} ${RU_UNIT.speed}. Через сколько секунд она упадёт обратно на уровень выстрела? g = ${d(s.g)} ${RU_UNIT.accel}.`,
      ],
      en: [
        (s) =>
          `A body is thrown straight up at ${d(s.v)} ${EN_UNIT.speed}. After how long does it return to the launch point? Use g = ${d(s.g)} ${EN_UNIT.accel} and ignore air resistance.`,
        (s) =>
          `How long is a ball thrown up at ${d(s.v)} ${EN_UNIT.speed} in the air before it comes back to the hand? Use g = ${d(s.g)} ${EN_UNIT.accel}.`,
        (s) =>
          `An arrow is shot straight up at ${d(s.v)} ${EN_UNIT.speed}. After how many seconds does it fall back to launch height? Use g = ${d(s.g)} ${EN_UNIT.accel}.`,
      ],
    },
    sym: "t",
    kind: "time",
    expr: (s) => `2*${d(s.v)}/${d(s.g)}`,
    solve: (tx, s, fault, worked) => {
      if (fault === "oneWay") return worked([tx.theFlightTimeIs], R.div(s.v, s.g), `${d(s.v)} / ${d(s.g)}`);
      const steps = [tx.theClimbLastsUntil(s, shown(R.div(s.v, s.g))), tx.theFallFromThat];
      return worked(steps, R.div(R.mul(q(2), s.v), s.g), `2 · ${d(s.v)} / ${d(s.g)}`);
    },
    why: (tx) => tx.withoutAirResistanceThe,
    alt: (tx, s, f) => [
      [tx.writeTheHeightThe, tx.andTheNonZero, resultLine(f.ctx, f.o)],
      `${d(s.v)}/(${d(s.g)}/2)`,
    ],
    verify: (tx, s, { res }) => {
      const ys = shown(R.sub(R.mul(s.v, res.q), R.div(R.mul(s.g, R.mul(res.q, res.q)), q(2))));
      const expr = `${d(s.v)}*${res.text} - ${d(s.g)}*${res.text}^2/2`;
      return reply([tx.putInto(res, s, ys)], tx.whichIsUpTo(ys), evp(expr, ys));
    },
    edgeAsk: {
      ru: "А сколько длился бы такой полёт на Луне, где g = 1.6 м/с²?",
      en: "How long would the same throw last on the Moon, where g = 1.6 m/s²?",
    },
    edge: (tx, s) => {
      const moon = shown(R.div(R.mul(q(2), s.v), q(8, 5)));
      return reply([`t = 2 · ${d(s.v)} / 1.6`], tx.manyTimesLonger(moon), evp(`2*${d(s.v)}/1.6`, moon));
    },
    params: paramRows([["v", "v₀", "theLaunchSpeed", "speed", (c) => pnum(c, 2, 40)]]),
    mistakes: faultRows([["dropped_term", "oneWay", "onlyTheClimb", "fallTakesAsLong"]]),
  },
  range: {
    ask: {
      ru: [
        (s) =>
          `С высоты ${d(s.h)} ${RU_UNIT.distance} горизонтально бросили камень со скоростью ${d(s.v)} ${RU_UNIT.speed}. На каком расстоянии от места броска (по горизонтали) он упадёт? g = ${d(s.g)} ${RU_UNIT.accel}, сопротивлением воздуха пренебречь.`,
        (s) =>
          `Мяч скатился с края обрыва высотой ${d(s.h)} ${RU_UNIT.distance}, имея горизонтальную скорость ${d(s.v)} ${RU_UNIT.speed}. Найдите дальность полёта по горизонтали. Примите g = ${d(s.g)} ${RU_UNIT.accel}.`,
      ],
      en: [
        (s) =>
          `A stone is thrown horizontally at ${d(s.v)} ${EN_UNIT.speed} from a height of ${d(s.h)} ${EN_UNIT.distance}. How far from the launch point (horizontally) does it land? Use g = ${d(s.g)} ${EN_UNIT.accel} and ignore air resistance.`,
        (s) =>
          `A ball rolls off the edge of ${aN(d(s.h))} ${EN_UNIT.distance} high cliff with a horizontal speed of ${d(s.v)} ${EN_UNIT.speed}. Find its horizontal range. Use g = ${d(s.g)} ${EN_UNIT.accel}.`,
      ],
    },
    sym: "L",
    kind: "distance",
    expr: (s) => `${d(s.v)}*sqrt(2*${d(s.h)}/${d(s.g)})`,
    solve: (tx, s, fault, worked) => {
      const [v, h, g] = [d(s.v), d(s.h), d(s.g)];
      const t2 = R.div(R.mul(q(2), s.h), s.g);
      if (fault === "noRoot")
        return worked([tx.theFallTimeIs("2h / g"), "L = v · t"], R.mul(s.v, t2), `${v} · 2 · ${h} / ${g}`);
      if (fault === "noTwo") {
        const t = qsqrt(R.div(s.h, s.g));
        return worked([tx.theFallTimeIs("√(h / g)"), "L = v · t"], xmul(s.v, t), `${v} · √(${h} / ${g})`);
      }
      const t = qsqrt(t2);
      return worked(
        [tx.horizontallyTheMotionIs, tx.fallTimeSo(s, shown(t)), tx.rangeComputedWithoutRounding],
        xmul(s.v, t),
        `${v} · √(2 · ${h} / ${g})`,
      );
    },
    why: (tx) => tx.theHorizontalAndVertical,
    alt: (tx, s, f) => [
      [
        tx.fromTheTrajectoryThe,
        `x² = 2h · v² / g = 2 · ${d(s.h)} · ${d(s.v)}² / ${d(s.g)}`,
        resultLine(f.ctx, f.o),
      ],
      `sqrt(2*${d(s.h)}*${d(s.v)}^2/${d(s.g)})`,
    ],
    verify: (tx, s, { res }) => {
      const t = R.div(res.q, s.v);
      const hs = shown(R.div(R.mul(s.g, R.mul(t, t)), q(2)));
      const check = evp(`${d(s.g)}*(${res.text}/${d(s.v)})^2/2`, hs);
      return reply([tx.theHorizontalFlightTime(res, s), tx.inThatTimeThe(hs)], tx.theGivenHeight(hs), check);
    },
    edgeAsk: {
      ru: "Что будет с дальностью, если скорость броска удвоить, а высоту оставить прежней?",
      en: "What happens to the range if the launch speed doubles and the height stays the same?",
    },
    edge: (tx, s, { ctx }) => {
      const l2 = shown(xmul(R.mul(q(2), s.v), qsqrt(R.div(R.mul(q(2), s.h), s.g))));
      const expr = `2*${d(s.v)}*sqrt(2*${d(s.h)}/${d(s.g)})`;
      return reply([tx.theFallTimeDepends], quantity(ctx, "L", l2, "distance"), evp(expr, l2));
    },
    params: paramRows([
      ["v", "v", "theLaunchSpeed", "speed", (c) => pnum(c, 2, 40)],
      ["h", "h", "theHeight", "distance", (c) => pnum(c, 1, 80)],
    ]),
    mistakes: faultRows([
      ["wrong_formula", "noRoot", "forgotTheRoot", "fallTimeHasRoot"],
      ["wrong_formula", "noTwo", "lostTheTwo", "fallTimeHasTwo"],
    ]),
  },
};

export const projectile = variantTask({
  id: "projectile",
  domain: "physics",
  text: TEXT,
  draw,
  variant: (s) => VARIANTS[s.variant],
  questions: {
    why: { ru: "Почему задачу решают именно так?", en: "Why is it solved this way?" },
    alt: { ru: "А можно решить по-другому?", en: "Can we solve it differently?" },
    verify: { ru: "Как проверить ответ?", en: "How do we check the answer?" },
  },
  with: (_ctx, s, key, value) => changed(s, key, value, 10000),
});
