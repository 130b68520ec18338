import { aN, type Tr, tr } from "../lang.js";
import type { Shown } from "../num/decimal.js";
import { rel, roundingNote, shown } from "../num/decimal.js";
import { type Exact, isSurd, qsqrt, xmul, xnum } from "../num/exact.js";
import * as R from "../num/rational.js";
import { type Q, q } from "../num/rational.js";
import { d, EN_UNIT, G, G10, physParam, pnum, RU_UNIT, unit } from "../physics.js";
import { evp, exchange, L, type Phrases, pickT } from "../text.js";
import type { Ctx, Exchange, FollowupKind, MistakeKind, Param } from "../types.js";
import {
  because,
  type FaultText,
  type FormulaDef,
  faultDefs,
  formulaTask,
  type Outcome,
  outcomes,
  PHYS,
  present,
  resultLine,
} from "./formula.js";

/** This module's texts: English here, every other language in TEXT (a missing entry does not compile). */
const TEXT_EN = {
  atTheTopThe: "At the top the speed is zero: 0 - v₀² = -2gh, so h = v₀² / (2g).",
  theFlightTimeIs: "The flight time is t = v₀ / g.",
  theClimbLastsUntil: (s: S, g: string, up: Shown) =>
    `The climb lasts until the body stops: t₁ = v₀ / g = ${d(s.v)} / ${g} ${rel(up)} ${up.text} ${EN_UNIT.time}.`,
  theFallFromThat: "The fall from that height takes just as long, so t = 2v₀ / g.",
  theFallTimeIs: "The fall time is t = 2h / g.",
  theFallTimeIs2: "The fall time is t = √(h / g).",
  horizontallyTheMotionIs:
    "Horizontally the motion is uniform, vertically it is a fall from rest; both take the same time.",
  fallTimeSo: (s: S, g: string, ts: Shown) =>
    `Fall time: h = gt²/2, so t = √(2h / g) = √(2 · ${d(s.h)} / ${g}) ${rel(ts)} ${ts.text} ${EN_UNIT.time}.`,
  rangeComputedWithoutRounding: "Range L = v · t (computed without rounding t first).",
  theBodyRisesWith:
    "The body rises with acceleration -g until its speed drops to zero; v² - v₀² = -2gh needs no time.",
  withoutAirResistanceThe:
    "Without air resistance the motion is symmetric: the climb and the fall each take v₀ / g.",
  theHorizontalAndVertical:
    "The horizontal and vertical motions are independent: the horizontal speed stays constant and the flight time depends only on the height.",
  viaTheRiseTime: (s: S, g: string, t: R.Q) =>
    `Via the rise time: t = v₀ / g = ${d(s.v)} / ${g} = ${d(t)} ${EN_UNIT.time}.`,
  writeTheHeightThe: "Write the height: y(t) = v₀t - gt²/2. The body is back when y = 0:",
  andTheNonZero: "t(v₀ - gt/2) = 0, and the non-zero root is t = 2v₀ / g.",
  fromTheTrajectoryThe: "From the trajectory y = g x² / (2v²). The stone lands when y = h:",
  energyConservationGivesThe: (g: string, res: Shown, vs: Shown) =>
    `Energy conservation gives the launch speed v₀ = √(2gh) = √(2 · ${g} · ${res.text}) ${rel(vs)} ${vs.text} ${EN_UNIT.speed}.`,
  matchingTheProblem: (vs: Shown) =>
    `v₀ ${rel(vs)} ${vs.text} m/s${roundingNote(vs, false)}, matching the problem.`,
  putInto: (res: Shown, s: S, g: string, ys: Shown) =>
    `Put t = ${res.text} ${EN_UNIT.time} into y(t) = v₀t - gt²/2: ${d(s.v)} · ${res.text} - ${g} · ${res.text}² / 2 ${rel(ys)} ${ys.text} ${EN_UNIT.distance}.`,
  whichIsUpTo: (ys: Shown) =>
    `y ${rel(ys)} ${ys.text} m${roundingNote(ys, false)}, which is 0 up to the rounding of the time: the body is indeed back.`,
  theHorizontalFlightTime: (res: Shown, s: S) =>
    `The horizontal flight time is t = L / v = ${res.text} / ${d(s.v)}.`,
  inThatTimeThe: (hs: Shown) =>
    `In that time the stone falls h = gt²/2 ${rel(hs)} ${hs.text} ${EN_UNIT.distance}.`,
  theGivenHeight: (hs: Shown) => `h ${rel(hs)} ${hs.text} m${roundingNote(hs, false)}, the given height.`,
  heightGoesWithSo: (s: S, g: string) =>
    `Height goes with v₀², so four times higher: (2 · ${d(s.v)})² / (2 · ${g}).`,
  fourTimes: (h4: Shown) => `Four times: h ${rel(h4)} ${h4.text} ${EN_UNIT.distance}.`,
  manyTimesLonger: (moon: Shown) => `t ${rel(moon)} ${moon.text} ${EN_UNIT.time}, many times longer.`,
  theFallTimeDepends: "The fall time depends only on the height and stays the same, so the range doubles.",
  lM: (l2: Shown) => `L ${rel(l2)} ${l2.text} ${EN_UNIT.distance}`,
  theLaunchSpeed: "the launch speed",
  theHeight: "the height",
  faults: {
    height: {
      noTwo: ["I forgot the 2 in the denominator.", "v₀² = 2gh gives h = v₀² / (2g)."],
      noSquare: ["I did not square the speed.", "The height goes with the speed squared: h = v₀² / (2g)."],
    },
    time: {
      oneWay: [
        "I only counted the time going up.",
        "v₀ / g is just the climb; the fall takes as long again, 2v₀ / g in total.",
      ],
    },
    range: {
      noRoot: ["I forgot the square root in the fall time.", "h = gt²/2 gives t = √(2h / g), not 2h / g."],
      noTwo: ["I lost the 2 in the fall time.", "h = gt²/2, so t = √(2h / g)."],
    },
  } satisfies Faults,
};

const TEXT: Tr<typeof TEXT_EN> = {
  ru: {
    atTheTopThe: "В верхней точке скорость равна нулю: 0 - v₀² = -2gh, откуда h = v₀² / (2g).",
    theFlightTimeIs: "Время полёта t = v₀ / g.",
    theClimbLastsUntil: (s, g, up) =>
      `Подъём длится до остановки: t₁ = v₀ / g = ${d(s.v)} / ${g} ${rel(up)} ${up.text} ${RU_UNIT.time}.`,
    theFallFromThat: "Спуск с той же высоты занимает столько же, поэтому t = 2v₀ / g.",
    theFallTimeIs: "Время падения t = 2h / g.",
    theFallTimeIs2: "Время падения t = √(h / g).",
    horizontallyTheMotionIs:
      "По горизонтали камень летит равномерно, по вертикали падает без начальной скорости; время полёта общее.",
    fallTimeSo: (s, g, ts) =>
      `Время падения: h = gt²/2, t = √(2h / g) = √(2 · ${d(s.h)} / ${g}) ${rel(ts)} ${ts.text} ${RU_UNIT.time}.`,
    rangeComputedWithoutRounding: "Дальность L = v · t (считаем без промежуточного округления).",
    theBodyRisesWith: `Тело движется вверх с ускорением -g, пока скорость не упадёт до нуля; формула v² - v₀² = -2gh не требует знать время.`,
    withoutAirResistanceThe:
      "Без сопротивления воздуха движение симметрично: подъём и спуск занимают одинаковое время v₀ / g.",
    theHorizontalAndVertical:
      "Горизонтальное и вертикальное движения независимы: горизонтальная скорость не меняется, а время полёта определяется только высотой падения.",
    viaTheRiseTime: (s, g, t) =>
      `Через время подъёма: t = v₀ / g = ${d(s.v)} / ${g} = ${d(t)} ${RU_UNIT.time}.`,
    writeTheHeightThe: "Запишем высоту: y(t) = v₀t - gt²/2. Тело возвращается, когда y = 0:",
    andTheNonZero: "t(v₀ - gt/2) = 0, отличный от нуля корень t = 2v₀ / g.",
    fromTheTrajectoryThe: "Через уравнение траектории: y = g x² / (2v²). Камень падает, когда y = h:",
    energyConservationGivesThe: (g, res, vs) =>
      `По закону сохранения энергии скорость броска v₀ = √(2gh) = √(2 · ${g} · ${res.text}) ${rel(vs)} ${vs.text} ${RU_UNIT.speed}.`,
    matchingTheProblem: (vs) =>
      `v₀ ${rel(vs)} ${vs.text} м/с${roundingNote(vs, true)} — совпадает с условием.`,
    putInto: (res, s, g, ys) =>
      `Подставим t = ${res.text} ${RU_UNIT.time} в y(t) = v₀t - gt²/2: ${d(s.v)} · ${res.text} - ${g} · ${res.text}² / 2 ${rel(ys)} ${ys.text} ${RU_UNIT.distance}.`,
    whichIsUpTo: (ys) =>
      `y ${rel(ys)} ${ys.text} м${roundingNote(ys, true)}, то есть 0 с точностью до округления времени: тело действительно вернулось.`,
    theHorizontalFlightTime: (res, s) => `Время полёта по горизонтали t = L / v = ${res.text} / ${d(s.v)}.`,
    inThatTimeThe: (hs) =>
      `За это время камень падает на h = gt²/2 ${rel(hs)} ${hs.text} ${RU_UNIT.distance}.`,
    theGivenHeight: (hs) => `h ${rel(hs)} ${hs.text} м${roundingNote(hs, true)} — это высота из условия.`,
    heightGoesWithSo: (s, g) =>
      `Высота пропорциональна v₀², значит, вчетверо выше: (2 · ${d(s.v)})² / (2 · ${g}).`,
    fourTimes: (h4) => `В 4 раза: h ${rel(h4)} ${h4.text} ${RU_UNIT.distance}.`,
    manyTimesLonger: (moon) => `t ${rel(moon)} ${moon.text} ${RU_UNIT.time} — во много раз дольше.`,
    theFallTimeDepends: "Время падения зависит только от высоты и не изменится, поэтому дальность удвоится.",
    lM: (l2) => `L ${rel(l2)} ${l2.text} ${RU_UNIT.distance}`,
    theLaunchSpeed: "скорость броска",
    theHeight: "высоту",
    faults: {
      height: {
        noTwo: ["Я забыл двойку в знаменателе.", "Из v₀² = 2gh следует h = v₀² / (2g)."],
        noSquare: [
          "Я не возвёл скорость в квадрат.",
          "Высота подъёма пропорциональна квадрату скорости: h = v₀² / (2g).",
        ],
      },
      time: {
        oneWay: [
          "Я посчитал только время подъёма.",
          "v₀ / g — это время подъёма; спуск занимает столько же, всего 2v₀ / g.",
        ],
      },
      range: {
        noRoot: [
          "Я забыл извлечь корень при вычислении времени.",
          "Из h = gt²/2 следует t = √(2h / g), а не 2h / g.",
        ],
        noTwo: ["Я потерял двойку в формуле времени падения.", "h = gt²/2, поэтому t = √(2h / g)."],
      },
    },
  },
  en: TEXT_EN,
};

/**
 * projectile: motion under gravity. Difficulty: maximum height of a vertical throw with
 * g = 10 m/s² (1-3), total flight time of a vertical throw with g = 9.8 (4-6), range of a
 * horizontal launch from a height, L = v·√(2h/g), rounded (7-10).
 */
type Variant = "height" | "time" | "range";

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

const ASK_HEIGHT: Phrases<[S]> = {
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
};
const ASK_TIME: Phrases<[S]> = {
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
};
const ASK_RANGE: Phrases<[S]> = {
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
};

type Text = typeof TEXT_EN;
type Faults = Record<Variant, Record<string, FaultText<S>>>;

/**
 * Everything one variant asks, works out, explains and gets wrong (kinds here, texts in TEXT);
 * the task's functions below only pick the variant's entry.
 */
interface VariantDef<Fault extends string = string> {
  ask: Phrases<[S]>;
  /** The worked solution; `fault` plants one of `faults`. */
  solve(tx: Text, s: S, g: string, fault?: string): Outcome;
  /** Why the method works: the "why" follow-up, before the result line. */
  why(tx: Text): string;
  /** Another way to the same result. */
  alt(ctx: Ctx, tx: Text, s: S, g: string, o: Outcome, user: string): Exchange;
  verify(tx: Text, s: S, g: string, res: Shown, user: string): Exchange;
  /** A changed condition: the question (ru, en) and its answer. */
  edgeAsk: readonly [ru: string, en: string];
  edge(tx: Text, s: S, g: string, user: string): Exchange;
  /** Each planted fault's kind; its texts are TEXT.faults (the same keys, or it does not compile). */
  faults: Readonly<Record<Fault, MistakeKind>>;
}

const VARIANTS: { [V in Variant]: VariantDef<keyof Text["faults"][V] & string> } = {
  height: {
    ask: ASK_HEIGHT,
    solve: (tx, s, g, fault) => {
      const worked = outcomes(`${d(s.v)}^2/(2*${g})`, "h", "distance", PHYS);
      if (fault === "noTwo") return worked(["h = v₀² / g"], R.div(R.mul(s.v, s.v), s.g), `${d(s.v)}² / ${g}`);
      if (fault === "noSquare")
        return worked(["h = v₀ / (2g)"], R.div(s.v, R.mul(q(2), s.g)), `${d(s.v)} / (2 · ${g})`);
      return worked([tx.atTheTopThe], R.div(R.mul(s.v, s.v), R.mul(q(2), s.g)), `${d(s.v)}² / (2 · ${g})`);
    },
    why: (tx) => tx.theBodyRisesWith,
    alt: (ctx, tx, s, g, o, user) => {
      const res = shown(o.value);
      const t = R.div(s.v, s.g);
      const line = `h = v₀t - gt²/2 = ${d(s.v)} · ${d(t)} - ${g} · ${d(t)}² / 2 = ${res.text}`;
      const expr = `${d(s.v)}*(${d(s.v)}/${g}) - ${g}*(${d(s.v)}/${g})^2/2`;
      return exchange(user, [tx.viaTheRiseTime(s, g, t), line], present(ctx, o).answer, [evp(expr, res)]);
    },
    verify: (tx, s, g, res, user) => {
      const vs = shown(qsqrt(R.mul(R.mul(q(2), s.g), res.q)));
      const steps = [tx.energyConservationGivesThe(g, res, vs)];
      return exchange(user, steps, tx.matchingTheProblem(vs), [evp(`sqrt(2*${g}*${res.text})`, vs)]);
    },
    edgeAsk: [
      "Во сколько раз выше поднимется мяч, если бросить его вдвое быстрее?",
      "How much higher does the ball go if thrown twice as fast?",
    ],
    edge: (tx, s, g, user) => {
      const h4 = shown(R.div(R.mul(q(4), R.mul(s.v, s.v)), R.mul(q(2), s.g)));
      return exchange(user, [tx.heightGoesWithSo(s, g)], tx.fourTimes(h4), [
        evp(`(2*${d(s.v)})^2/(2*${g})`, h4),
      ]);
    },
    faults: { noTwo: "wrong_formula", noSquare: "wrong_formula" },
  },
  time: {
    ask: ASK_TIME,
    solve: (tx, s, g, fault) => {
      const worked = outcomes(`2*${d(s.v)}/${g}`, "t", "time", PHYS);
      if (fault === "oneWay") return worked([tx.theFlightTimeIs], R.div(s.v, s.g), `${d(s.v)} / ${g}`);
      const up = shown(R.div(s.v, s.g));
      const steps = [tx.theClimbLastsUntil(s, g, up), tx.theFallFromThat];
      return worked(steps, R.div(R.mul(q(2), s.v), s.g), `2 · ${d(s.v)} / ${g}`);
    },
    why: (tx) => tx.withoutAirResistanceThe,
    alt: (ctx, tx, s, g, o, user) => {
      const steps = [tx.writeTheHeightThe, tx.andTheNonZero, resultLine(ctx, o)];
      return exchange(user, steps, present(ctx, o).answer, [evp(`${d(s.v)}/(${g}/2)`, shown(o.value))]);
    },
    verify: (tx, s, g, res, user) => {
      const ys = shown(R.sub(R.mul(s.v, res.q), R.div(R.mul(s.g, R.mul(res.q, res.q)), q(2))));
      const expr = `${d(s.v)}*${res.text} - ${g}*${res.text}^2/2`;
      return exchange(user, [tx.putInto(res, s, g, ys)], tx.whichIsUpTo(ys), [evp(expr, ys)]);
    },
    edgeAsk: [
      "А сколько длился бы такой полёт на Луне, где g = 1.6 м/с²?",
      "How long would the same throw last on the Moon, where g = 1.6 m/s²?",
    ],
    edge: (tx, s, _g, user) => {
      const moon = shown(R.div(R.mul(q(2), s.v), q(8, 5)));
      return exchange(user, [`t = 2 · ${d(s.v)} / 1.6`], tx.manyTimesLonger(moon), [
        evp(`2*${d(s.v)}/1.6`, moon),
      ]);
    },
    faults: { oneWay: "dropped_term" },
  },
  range: {
    ask: ASK_RANGE,
    solve: (tx, s, g, fault) => {
      const t2 = R.div(R.mul(q(2), s.h), s.g);
      const worked = outcomes(`${d(s.v)}*sqrt(2*${d(s.h)}/${g})`, "L", "distance", PHYS);
      if (fault === "noRoot")
        return worked([tx.theFallTimeIs, "L = v · t"], R.mul(s.v, t2), `${d(s.v)} · 2 · ${d(s.h)} / ${g}`);
      if (fault === "noTwo") {
        const t = qsqrt(R.div(s.h, s.g));
        return worked([tx.theFallTimeIs2, "L = v · t"], xmul(s.v, t), `${d(s.v)} · √(${d(s.h)} / ${g})`);
      }
      const t = qsqrt(t2);
      return worked(
        [tx.horizontallyTheMotionIs, tx.fallTimeSo(s, g, shown(t)), tx.rangeComputedWithoutRounding],
        xmul(s.v, t),
        `${d(s.v)} · √(2 · ${d(s.h)} / ${g})`,
      );
    },
    why: (tx) => tx.theHorizontalAndVertical,
    alt: (ctx, tx, s, g, o, user) => {
      const steps = [
        tx.fromTheTrajectoryThe,
        `x² = 2h · v² / g = 2 · ${d(s.h)} · ${d(s.v)}² / ${g}`,
        resultLine(ctx, o),
      ];
      const expr = `sqrt(2*${d(s.h)}*${d(s.v)}^2/${g})`;
      return exchange(user, steps, present(ctx, o).answer, [evp(expr, shown(o.value))]);
    },
    verify: (tx, s, g, res, user) => {
      const t = R.div(res.q, s.v);
      const hs = shown(R.div(R.mul(s.g, R.mul(t, t)), q(2)));
      const steps = [tx.theHorizontalFlightTime(res, s), tx.inThatTimeThe(hs)];
      return exchange(user, steps, tx.theGivenHeight(hs), [evp(`${g}*(${res.text}/${d(s.v)})^2/2`, hs)]);
    },
    edgeAsk: [
      "Что будет с дальностью, если скорость броска удвоить, а высоту оставить прежней?",
      "What happens to the range if the launch speed doubles and the height stays the same?",
    ],
    edge: (tx, s, g, user) => {
      const l2 = shown(xmul(R.mul(q(2), s.v), qsqrt(R.div(R.mul(q(2), s.h), s.g))));
      const expr = `2*${d(s.v)}*sqrt(2*${d(s.h)}/${g})`;
      return exchange(user, [tx.theFallTimeDepends], tx.lM(l2), [evp(expr, l2)]);
    },
    faults: { noRoot: "wrong_formula", noTwo: "wrong_formula" },
  },
};

function followup(ctx: Ctx, s: S, kind: FollowupKind, o: Outcome): Exchange {
  const tx = tr(ctx, TEXT);
  const v = VARIANTS[s.variant];
  const g = d(s.g);
  if (kind === "why")
    return because(
      L(ctx, "Почему задачу решают именно так?", "Why is it solved this way?"),
      v.why(tx),
      present(ctx, o),
    );
  if (kind === "alt")
    return v.alt(ctx, tx, s, g, o, L(ctx, "А можно решить по-другому?", "Can we solve it differently?"));
  if (kind === "verify")
    return v.verify(tx, s, g, shown(o.value), L(ctx, "Как проверить ответ?", "How do we check the answer?"));
  return v.edge(tx, s, g, L(ctx, v.edgeAsk[0], v.edgeAsk[1]));
}

function params(ctx: Ctx, s: S): Param[] {
  const tx = tr(ctx, TEXT);
  const v: Param = physParam(
    "v",
    tx.theLaunchSpeed,
    s.variant === "range" ? "v" : "v₀",
    s.v,
    (c) => (s.variant === "height" ? q(c.rng.int(2, 50)) : pnum(c, 2, 40)),
    unit(ctx, "speed"),
  );
  if (s.variant !== "range") return [v];
  return [v, physParam("h", tx.theHeight, "h", s.h, (c) => pnum(c, 1, 80), unit(ctx, "distance"))];
}

function withParam(_ctx: Ctx, s: S, key: string, value: Exact): S | null {
  if (isSurd(value) || value.n <= 0 || xnum(value) > 10000) return null;
  return { ...s, [key]: value };
}

const def: FormulaDef<S> = {
  id: "projectile",
  domain: "physics",
  draw,
  ask: (ctx, s) => pickT(ctx, VARIANTS[s.variant].ask)(s),
  solve: (ctx, s, fault) => VARIANTS[s.variant].solve(tr(ctx, TEXT), s, d(s.g), fault),
  params,
  with: withParam,
  followup,
  mistakes: (ctx, s) => faultDefs(s, VARIANTS[s.variant].faults, tr(ctx, TEXT).faults[s.variant]),
};

export const projectile = formulaTask(def);
