import { aN, type Tr, tr } from "../lang.js";
import { rel, roundingNote, type Shown, shown } from "../num/decimal.js";
import { qsqrt } from "../num/exact.js";
import * as R from "../num/rational.js";
import { INVALID, type Q, q } from "../num/rational.js";
import { d, dop, EN_UNIT, pnum, quantity, RU_UNIT, unit } from "../physics.js";
import { evp, evs, exchange, isOne, reply } from "../text.js";
import type { Ctx, Exchange } from "../types.js";
import { changed, type Outcome, type Presented, present, resultLine } from "./formula.js";
import {
  faultRows,
  type ParamRow,
  type PhysVariant,
  paramRows,
  type Solved,
  variantTask,
} from "./variant-task.js";

/** This module's texts: English here, every other language in TEXT (a missing entry does not compile). */
const TEXT_EN = {
  convertTheTimeTo: (s: S, t: R.Q) =>
    `Convert the time to seconds: ${d(s.t)} min = ${d(s.t)} · 60 = ${d(t)} ${EN_UNIT.time}.`,
  forUniformMotion: (op: string) => `For uniform motion s = v ${op} t.`,
  withConstantAcceleration: "With constant acceleration v = v₀ + a · t.",
  theSpeedIs: "The speed is v = a · t.",
  vTMA: (vt: R.Q, at2: R.Q) =>
    `v₀ · t = ${d(vt)} ${EN_UNIT.distance}, a · t² / 2 = ${d(R.div(at2, q(2)))} ${EN_UNIT.distance}`,
  convertTheSpeedTo: (s: S, sv: Shown) =>
    `Convert the speed to m/s: ${d(s.v0)} ${EN_UNIT.kmh} = ${d(s.v0)} / 3.6 ${rel(sv)} ${sv.text} ${EN_UNIT.speed}.`,
  untilItStopsSo: "Until it stops, v₀² = a · s, so s = v₀² / a.",
  stoppingMeansAsWith: "Stopping means v² - v₀² = -2as with v = 0, so s = v₀² / (2a).",
  noTimeIsGiven: "No time is given, so use v² - v₀² = 2as.",
  inUniformMotionThe: (s: S) =>
    `In uniform motion the body covers the same ${d(s.v0)} ${EN_UNIT.distance} every second, so in ${d(tSec(s))} ${EN_UNIT.time} it covers ${d(s.v0)} · ${d(tSec(s))} ${EN_UNIT.distance}.`,
  anAccelerationOfAdds: (s: S) =>
    `An acceleration of ${d(s.a)} ${EN_UNIT.accel} adds ${d(s.a)} ${EN_UNIT.speed} of speed every second; in ${d(s.t)} ${EN_UNIT.time} that is ${d(R.mul(s.a, s.t))} ${EN_UNIT.speed} on top of the initial ${d(s.v0)} ${EN_UNIT.speed}.`,
  distanceIsTheArea: (s: S) =>
    `Distance is the area under the speed graph. v(t) is a straight line from ${d(s.v0)} to ${d(speedAt(s, "+")[0])} ${EN_UNIT.speed}: a rectangle v₀ · t plus a triangle with legs t and at, whose area is at²/2.`,
  fromAsWithFinal: (s: S) =>
    `From v² - v₀² = 2as with final speed 0 and acceleration -${d(s.a)} ${EN_UNIT.accel} we get s = v₀² / (2a): the distance grows with the square of the speed.`,
  asLinksSpeedsAnd:
    "v² - v₀² = 2as links speeds and distance without time, so finding the time first would be an extra step and an extra rounding.",
  weCanSwitchTo: (s: S, kmh: R.Q, t: R.Q) =>
    `We can switch to km/h and hours: ${d(s.v0)} ${EN_UNIT.speed} = ${d(s.v0)} · 3.6 = ${d(kmh)} ${EN_UNIT.kmh}, ${d(t)} ${EN_UNIT.time} = ${d(t)} / 3600 h.`,
  sKmKmM: (kmh: R.Q, t: R.Q, km: R.Q, p: Presented) =>
    `s = ${d(kmh)} · ${d(t)} / 3600 km = ${shown(km).text} km = ${p.text} ${EN_UNIT.distance}.`,
  firstTheGainIn: (s: S, dv: R.Q) =>
    `First the gain in speed: Δv = a · t = ${d(s.a)} · ${d(s.t)} = ${d(dv)} ${EN_UNIT.speed}.`,
  thenAddItTo: (s: S, dv: R.Q, p: Presented) =>
    `Then add it to the initial speed: v = ${d(s.v0)} + ${d(dv)} = ${p.text} ${EN_UNIT.speed}.`,
  useTheAverageSpeed: (s: S, v: R.Q) =>
    `Use the average speed. The final speed is v = ${d(s.v0)} + ${d(s.a)} · ${d(s.t)} = ${d(v)} ${EN_UNIT.speed}.`,
  withConstantAccelerationThe: (s: S, v: R.Q, p: Presented) =>
    `With constant acceleration the average speed is (v₀ + v)/2, so s = (${d(s.v0)} + ${d(v)}) / 2 · ${d(s.t)} = ${p.text} ${EN_UNIT.distance}.`,
  viaTheStoppingTime: (vs: Shown, s: S, t: R.Q) =>
    `Via the stopping time: t = v₀ / a = ${vs.text} / ${d(s.a)} ${rel(shown(t))} ${shown(t).text} ${EN_UNIT.time}.`,
  whileBrakingToRest: "While braking to rest the average speed is v₀/2, so s = v₀ / 2 · t = v₀² / (2a).",
  throughEnergyPerUnit:
    "Through energy per unit mass: v²/2 = v₀²/2 + a · s (the work of the accelerating force per kilogram).",
  recoverTheTime: (res: Shown, s: S, t: R.Q) =>
    `Recover the time: t = s / v = ${res.text} / ${d(s.v0)} = ${d(t)} ${EN_UNIT.time}.`,
  thatMatchesTheGiven: (s: S) =>
    `That matches the given ${s.converted ? `${d(s.t)} min = ` : ""}${d(tSec(s))} ${EN_UNIT.time}.`,
  asGivenSoThe: (t: R.Q) => `t = ${d(t)} ${EN_UNIT.time}, as given, so the answer checks out.`,
  recoverTheAcceleration: (res: Shown, s: S, a: R.Q) =>
    `Recover the acceleration: a = (v - v₀) / t = (${res.text} - ${d(s.v0)}) / ${d(s.t)} = ${d(a)} ${EN_UNIT.accel}.`,
  asGiven: (a: R.Q) => `a = ${d(a)} ${EN_UNIT.accel}, as given.`,
  checkWithTheTime: (v: R.Q) =>
    `Check with the time-free formula: v = ${d(v)} ${EN_UNIT.speed}, s = (v² - v₀²) / (2a).`,
  theSameDistance: (cs: Shown) => `The same distance: ${cs.text} ${EN_UNIT.distance}.`,
  throughTheStoppingTime: (v: R.Q, s: S, ts: Shown) =>
    `Through the stopping time: t = v₀ / a = ${d(v)} / ${d(s.a)} ${rel(ts)} ${ts.text} ${EN_UNIT.time}.`,
  sameResult: (bs: Shown) => `Same result: ${bs.text} m${roundingNote(bs, false)}.`,
  squareTheAnswer: (res: Shown, sq: R.Q) => `Square the answer: ${res.text}² = ${d(sq)}.`,
  itShouldBeAs: (v2: R.Q, sq: R.Q, working: string) =>
    `It should be v₀² + 2as = ${working} = ${d(v2)}${R.eq(sq, v2) ? "." : "; the small difference is only rounding."}`,
  soTheAnswerIs: (res: Shown, sq: R.Q, v2: R.Q) =>
    `${res.text}² = ${d(sq)}${R.eq(sq, v2) ? "" : ` ≈ ${d(v2)}`} = v₀² + 2as, so the answer is right.`,
  distanceIsProportionalTo: (s: S, t: R.Q, vs: Shown) =>
    `Distance is proportional to time: s = ${d(s.v0)} · ${d(R.mul(t, q(2)))} = ${vs.text} ${EN_UNIT.distance}.`,
  itDoublesTooInstead: (vs: Shown, was: string) =>
    `It doubles too: ${vs.text} ${EN_UNIT.distance} instead of ${was}.`,
  theSpeedDropsBut: "The speed drops but stays non-negative.",
  negativeValueMeansThe: (stop: R.Q) =>
    `A negative value means the body stopped earlier, after ${shown(stop).text} ${EN_UNIT.time}, and would then move backwards if the acceleration kept acting.`,
  vMS: (vs: Shown) => `v = ${vs.text} ${EN_UNIT.speed}`,
  thenAnd: (s: S, vs: Shown) =>
    `Then v₀ = 0 and s = a · t² / 2 = ${d(s.a)} · ${d(s.t)}² / 2 = ${vs.text} ${EN_UNIT.distance}.`,
  lessThan: (vs: Shown, was: string) => `s = ${vs.text} ${EN_UNIT.distance} (less than ${was})`,
  theDistanceGoesWith: (ss: Shown) =>
    `The distance goes with the speed squared, so it grows 2² = 4 times: s = (2v₀)² / (2a) ${rel(ss)} ${ss.text} ${EN_UNIT.distance}.`,
  fourTimes: (ss: Shown) => `Four times: ${ss.text} ${EN_UNIT.distance}.`,
  thenAsTheBody: (w: R.Q, s: S) =>
    `Then v₀² - 2as = ${d(w)} < 0: the body stops before covering ${d(s.s)} ${EN_UNIT.distance}.`,
  itsStoppingDistanceIs: (ss: Shown) =>
    `Its stopping distance is s = v₀² / (2a) ${rel(ss)} ${ss.text} ${EN_UNIT.distance}.`,
  itStopsAfter: (ss: Shown) => `It stops after ${ss.text} ${EN_UNIT.distance}.`,
  theInitialSpeed: "the initial speed",
  theAcceleration: "the acceleration",
  theTime: "the time",
  theDistance: "the distance",
  theSpeed: "the speed",
  writeTheAnswerIn: "Write the answer in general, as a function of the time t.",
  at: (at: string, p: Presented) => `At ${at}: ${p.line}`,
  atThatIs: (formula: string, at: string, p: Presented, ctx: Ctx, o: Outcome) =>
    `${formula}; at ${at} that is ${p.text}${unit(ctx, o.kind)}.`,
  dividedByTime: "I divided speed by time instead of multiplying.",
  distanceIsVT: "Distance in uniform motion is s = v · t, not v / t: the body covers v metres every second.",
  minutesNotConverted: "I forgot to convert minutes to seconds.",
  timeInSeconds: (s: S) =>
    `The speed is in m/s, so the time must be in seconds: ${d(s.t)} min = ${d(tSec(s))} ${EN_UNIT.time}.`,
  subtractedAt: "I subtracted a · t instead of adding it.",
  speedingUpAdds: "The body speeds up, so the acceleration is along the motion and v = v₀ + at.",
  leftOutV0: "I left out the initial speed.",
  atOnlyFromRest: (s: S) =>
    `v = at only holds when starting from rest; here v₀ = ${d(s.v0)} ${EN_UNIT.speed}.`,
  forgotToHalve: "I forgot to halve the at² term.",
  termIsHalf: "The acceleration term is at²/2 (a triangle under the speed graph), not at².",
  droppedV0t: "I dropped the v₀t term.",
  notFromRest: (s: S) =>
    `The body does not start from rest: v₀t = ${d(s.v0)} · ${d(s.t)} ${EN_UNIT.distance} must be added.`,
  lostTheTwo: "I lost the factor 2 in the denominator.",
  brakingHasTwo: "From v₀² = 2as we get s = v₀²/(2a), not v₀²/a.",
  kmhNotConverted: "I used the speed in km/h without converting to m/s.",
  speedInMs: (s: S) =>
    `The acceleration is in m/s², so the speed must be in m/s: ${d(s.v0)} ${EN_UNIT.kmh} = ${d(s.v0)} / 3.6 m/s.`,
  v0OutOfRoot: "I left the initial speed out of the root.",
  v0StaysInRoot: "v² = v₀² + 2as: the v₀² term stays, the body does not start from rest.",
  minusBefore2as: "I put a minus in front of 2as.",
  speedingUpPlus: "The body speeds up, so v² = v₀² + 2as, not v₀² - 2as.",
};

const TEXT: Tr<typeof TEXT_EN> = {
  ru: {
    convertTheTimeTo: (s, t) =>
      `Переведём время в секунды: ${d(s.t)} мин = ${d(s.t)} · 60 = ${d(t)} ${RU_UNIT.time}.`,
    forUniformMotion: (op) => `При равномерном движении s = v ${op} t.`,
    withConstantAcceleration: "При равноускоренном движении v = v₀ + a · t.",
    theSpeedIs: "Скорость равна v = a · t.",
    vTMA: (vt, at2) =>
      `v₀ · t = ${d(vt)} ${RU_UNIT.distance}, a · t² / 2 = ${d(R.div(at2, q(2)))} ${RU_UNIT.distance}`,
    convertTheSpeedTo: (s, sv) =>
      `Переведём скорость в м/с: ${d(s.v0)} ${RU_UNIT.kmh} = ${d(s.v0)} / 3.6 ${rel(sv)} ${sv.text} ${RU_UNIT.speed}.`,
    untilItStopsSo: "До остановки v₀² = a · s, откуда s = v₀² / a.",
    stoppingMeansAsWith: "До остановки v² - v₀² = -2as при v = 0, откуда s = v₀² / (2a).",
    noTimeIsGiven: "Время не дано, поэтому используем v² - v₀² = 2as.",
    inUniformMotionThe: (s) =>
      `При равномерном движении каждую секунду тело проходит одно и то же расстояние — ${d(s.v0)} ${RU_UNIT.distance}. За ${d(tSec(s))} ${RU_UNIT.time} это ${d(s.v0)} · ${d(tSec(s))} ${RU_UNIT.distance}.`,
    anAccelerationOfAdds: (s) =>
      `Ускорение ${d(s.a)} ${RU_UNIT.accel} означает, что каждую секунду скорость растёт на ${d(s.a)} ${RU_UNIT.speed}. За ${d(s.t)} ${RU_UNIT.time} она вырастет на ${d(R.mul(s.a, s.t))} ${RU_UNIT.speed} сверх начальных ${d(s.v0)} ${RU_UNIT.speed}.`,
    distanceIsTheArea: (s) =>
      `Путь — это площадь под графиком скорости. График v(t) — прямая от ${d(s.v0)} до ${d(speedAt(s, "+")[0])} ${RU_UNIT.speed}: прямоугольник v₀ · t плюс треугольник с катетами t и at, площадь которого at²/2.`,
    fromAsWithFinal: (s) =>
      `Из v² - v₀² = 2as с конечной скоростью 0 и ускорением -${d(s.a)} ${RU_UNIT.accel} получаем s = v₀² / (2a): путь растёт как квадрат скорости.`,
    asLinksSpeedsAnd:
      "Формула v² - v₀² = 2as связывает скорости и путь без времени, поэтому время искать не нужно: это лишний шаг и лишнее округление.",
    weCanSwitchTo: (s, kmh, t) =>
      `Можно перейти к км/ч и часам: ${d(s.v0)} ${RU_UNIT.speed} = ${d(s.v0)} · 3.6 = ${d(kmh)} ${RU_UNIT.kmh}, ${d(t)} ${RU_UNIT.time} = ${d(t)} / 3600 ч.`,
    sKmKmM: (kmh, t, km, p) =>
      `s = ${d(kmh)} · ${d(t)} / 3600 км = ${shown(km).text} км = ${p.text} ${RU_UNIT.distance}.`,
    firstTheGainIn: (s, dv) =>
      `Сначала найдём прирост скорости: Δv = a · t = ${d(s.a)} · ${d(s.t)} = ${d(dv)} ${RU_UNIT.speed}.`,
    thenAddItTo: (s, dv, p) =>
      `Затем прибавим его к начальной: v = ${d(s.v0)} + ${d(dv)} = ${p.text} ${RU_UNIT.speed}.`,
    useTheAverageSpeed: (s, v) =>
      `Через среднюю скорость. Конечная скорость v = ${d(s.v0)} + ${d(s.a)} · ${d(s.t)} = ${d(v)} ${RU_UNIT.speed}.`,
    withConstantAccelerationThe: (s, v, p) =>
      `При равноускоренном движении средняя скорость (v₀ + v)/2, поэтому s = (${d(s.v0)} + ${d(v)}) / 2 · ${d(s.t)} = ${p.text} ${RU_UNIT.distance}.`,
    viaTheStoppingTime: (vs, s, t) =>
      `Через время торможения: t = v₀ / a = ${vs.text} / ${d(s.a)} ${rel(shown(t))} ${shown(t).text} ${RU_UNIT.time}.`,
    whileBrakingToRest:
      "Средняя скорость при торможении до нуля — v₀/2, поэтому s = v₀ / 2 · t = v₀² / (2a).",
    throughEnergyPerUnit:
      "Через энергию на единицу массы: v²/2 = v₀²/2 + a · s (работа ускоряющей силы на килограмм массы).",
    recoverTheTime: (res, s, t) =>
      `Найдём время обратно: t = s / v = ${res.text} / ${d(s.v0)} = ${d(t)} ${RU_UNIT.time}.`,
    thatMatchesTheGiven: (s) =>
      `Это совпадает с условием (${s.converted ? `${d(s.t)} мин = ` : ""}${d(tSec(s))} ${RU_UNIT.time}).`,
    asGivenSoThe: (t) => `t = ${d(t)} ${RU_UNIT.time} — как в условии, ответ верный.`,
    recoverTheAcceleration: (res, s, a) =>
      `Найдём ускорение обратно: a = (v - v₀) / t = (${res.text} - ${d(s.v0)}) / ${d(s.t)} = ${d(a)} ${RU_UNIT.accel}.`,
    asGiven: (a) => `a = ${d(a)} ${RU_UNIT.accel}, как в условии.`,
    checkWithTheTime: (v) =>
      `Проверим формулой без времени: v = ${d(v)} ${RU_UNIT.speed}, s = (v² - v₀²) / (2a).`,
    theSameDistance: (cs) => `Получили тот же путь: ${cs.text} ${RU_UNIT.distance}.`,
    throughTheStoppingTime: (v, s, ts) =>
      `Через время торможения: t = v₀ / a = ${d(v)} / ${d(s.a)} ${rel(ts)} ${ts.text} ${RU_UNIT.time}.`,
    sameResult: (bs) => `Тот же результат: ${bs.text} м${roundingNote(bs, true)}.`,
    squareTheAnswer: (res, sq) => `Возведём ответ в квадрат: ${res.text}² = ${d(sq)}.`,
    itShouldBeAs: (v2, sq, working) =>
      `Должно быть v₀² + 2as = ${working} = ${d(v2)}${R.eq(sq, v2) ? "." : "; расхождение только из-за округления."}`,
    soTheAnswerIs: (res, sq, v2) =>
      `${res.text}² = ${d(sq)}${R.eq(sq, v2) ? "" : ` ≈ ${d(v2)}`} = v₀² + 2as, ответ верный.`,
    distanceIsProportionalTo: (s, t, vs) =>
      `Путь пропорционален времени: s = ${d(s.v0)} · ${d(R.mul(t, q(2)))} = ${vs.text} ${RU_UNIT.distance}.`,
    itDoublesTooInstead: (vs, was) => `Путь тоже удвоится: ${vs.text} ${RU_UNIT.distance} вместо ${was}.`,
    theSpeedDropsBut: "Скорость уменьшится, но останется неотрицательной.",
    negativeValueMeansThe: (stop) =>
      `Отрицательное значение значит, что тело остановилось раньше, через ${shown(stop).text} ${RU_UNIT.time}, и дальше двигалось бы назад, если ускорение сохранится.`,
    vMS: (vs) => `v = ${vs.text} ${RU_UNIT.speed}`,
    thenAnd: (s, vs) =>
      `Тогда v₀ = 0 и s = a · t² / 2 = ${d(s.a)} · ${d(s.t)}² / 2 = ${vs.text} ${RU_UNIT.distance}.`,
    lessThan: (vs, was) => `s = ${vs.text} ${RU_UNIT.distance} (меньше, чем ${was})`,
    theDistanceGoesWith: (ss) =>
      `Путь пропорционален квадрату скорости, поэтому вырастет в 2² = 4 раза: s = (2v₀)² / (2a) ${rel(ss)} ${ss.text} ${RU_UNIT.distance}.`,
    fourTimes: (ss) => `В 4 раза: ${ss.text} ${RU_UNIT.distance}.`,
    thenAsTheBody: (w, s) =>
      `Тогда v₀² - 2as = ${d(w)} < 0: тело остановится раньше, чем пройдёт ${d(s.s)} ${RU_UNIT.distance}.`,
    itsStoppingDistanceIs: (ss) => `Тормозной путь s = v₀² / (2a) ${rel(ss)} ${ss.text} ${RU_UNIT.distance}.`,
    itStopsAfter: (ss) => `Оно остановится через ${ss.text} ${RU_UNIT.distance}.`,
    theInitialSpeed: "начальную скорость",
    theAcceleration: "ускорение",
    theTime: "время",
    theDistance: "путь",
    theSpeed: "скорость",
    writeTheAnswerIn: "Запишите ответ в общем виде как функцию времени t.",
    at: (at, p) => `При ${at}: ${p.line}`,
    atThatIs: (formula, at, p, ctx, o) => `${formula}; при ${at} это ${p.text}${unit(ctx, o.kind)}.`,
    dividedByTime: "Я разделил скорость на время вместо умножения.",
    distanceIsVT:
      "Путь при равномерном движении s = v · t, а не v / t: за каждую секунду тело проходит v метров.",
    minutesNotConverted: "Я не перевёл минуты в секунды.",
    timeInSeconds: (s) =>
      `Скорость дана в м/с, значит, время нужно в секундах: ${d(s.t)} мин = ${d(tSec(s))} ${RU_UNIT.time}.`,
    subtractedAt: "Я вычел a · t вместо того, чтобы прибавить.",
    speedingUpAdds: "Тело разгоняется, ускорение направлено по движению, поэтому v = v₀ + at.",
    leftOutV0: "Я забыл начальную скорость.",
    atOnlyFromRest: (s) =>
      `Формула v = at верна только при старте с места, а здесь v₀ = ${d(s.v0)} ${RU_UNIT.speed}.`,
    forgotToHalve: "Я забыл делить at² на 2.",
    termIsHalf: "Слагаемое от ускорения равно at²/2 (площадь треугольника под графиком скорости), а не at².",
    droppedV0t: "Я потерял слагаемое v₀t.",
    notFromRest: (s) =>
      `Тело не стартует с места: нужно добавить v₀t = ${d(s.v0)} · ${d(s.t)} ${RU_UNIT.distance}.`,
    lostTheTwo: "Я потерял множитель 2 в знаменателе.",
    brakingHasTwo: "Из v₀² = 2as следует s = v₀²/(2a), а не v₀²/a.",
    kmhNotConverted: "Я подставил скорость в км/ч, не переведя её в м/с.",
    speedInMs: (s) =>
      `Ускорение дано в м/с², значит, скорость нужна в м/с: ${d(s.v0)} ${RU_UNIT.kmh} = ${d(s.v0)} / 3.6 м/с.`,
    v0OutOfRoot: "Я забыл начальную скорость под корнем.",
    v0StaysInRoot: "v² = v₀² + 2as: слагаемое v₀² нельзя отбрасывать, тело не стартует с места.",
    minusBefore2as: "Я поставил минус перед 2as.",
    speedingUpPlus: "Тело разгоняется, поэтому v² = v₀² + 2as, а не v₀² - 2as.",
  },
  en: TEXT_EN,
};

/**
 * kinematics: motion with constant speed or acceleration. Difficulty picks the kind of problem:
 * uniform motion s = v·t (1-2, minutes to convert at 2), final speed v = v0 + a·t (3-4), distance
 * s = v0·t + a·t²/2 (5-6), braking distance s = v0²/(2a) with km/h to convert (7-8), speed after
 * a distance v = √(v0² + 2as) with rounding (9-10). Numbers gain decimals from 5 on.
 */
type Variant = "uniform" | "final" | "distance" | "braking" | "after";
type Tx = typeof TEXT_EN;

interface S {
  variant: Variant;
  v0: Q;
  a: Q;
  t: Q;
  s: Q;
  /** uniform: time given in minutes; braking: speed given in km/h. */
  converted: boolean;
}

/** A drawn problem; the quantities its variant does not use are 0. */
function state(variant: Variant, v0: Q, a: Q, t: Q, s: Q, converted = false): S {
  return { variant, v0, a, t, s, converted };
}

/** A braking car's speed in km/h, drawn and varied alike (a fresh 1..30 would be a car at 1 km/h). */
const CAR_KMH = [18, 36, 54, 72, 90, 108, 45, 60, 80, 100];

function draw(ctx: Ctx): S {
  const r = ctx.rng;
  const dd = ctx.d;
  const zero = q(0);
  if (dd <= 2) {
    const minutes = dd === 2 && r.chance(0.5);
    return state("uniform", pnum(ctx, 2, 30), zero, q(minutes ? r.int(2, 15) : r.int(3, 60)), zero, minutes);
  }
  if (dd <= 4) {
    // The body may be a train: it ends at no more than 40 m/s (144 km/h), not at 106 m/s.
    const v0 = pnum(ctx, 0, 20);
    const a = pnum(ctx, 1, 6);
    const tMax = Math.min(15, Math.floor((40 - R.toNumber(v0)) / R.toNumber(a)));
    return state("final", v0, a, q(r.int(2, Math.max(2, tMax))), zero);
  }
  if (dd <= 6) return state("distance", pnum(ctx, 0, 20), pnum(ctx, 1, 5), q(r.int(2, 12)), zero);
  if (dd <= 8) {
    const kmh = dd === 8 || r.chance(0.4);
    const v0 = kmh ? q(r.pick(CAR_KMH)) : pnum(ctx, 5, 35);
    return state("braking", v0, pnum(ctx, 2, 8), zero, zero, kmh);
  }
  return state("after", pnum(ctx, 2, 25), pnum(ctx, 1, 6), zero, q(r.int(10, 200)));
}

/** Initial speed in m/s (converting km/h where given). */
function v0ms(s: S): Q {
  return s.converted && s.variant === "braking" ? R.div(s.v0, q(18, 5)) : s.v0;
}

function tSec(s: S): Q {
  return s.converted && s.variant === "uniform" ? R.mul(s.t, q(60)) : s.t;
}

/** The speed after the time t, speeding up (v₀ + at) or slowing down (v₀ - at): its value and working. */
function speedAt(s: S, sign: "+" | "-"): [Q, string] {
  const at = R.mul(s.a, s.t);
  return [sign === "+" ? R.add(s.v0, at) : R.sub(s.v0, at), `${d(s.v0)} ${sign} ${d(s.a)} · ${d(s.t)}`];
}

/** The speed squared after the distance s, speeding up (v₀² + 2as) or slowing down: its value and working. */
function squareAfter(s: S, sign: "+" | "-"): [Q, string] {
  const v2 = R.mul(s.v0, s.v0);
  const as2 = R.mul(q(2), R.mul(s.a, s.s));
  return [sign === "+" ? R.add(v2, as2) : R.sub(v2, as2), `${d(s.v0)}² ${sign} 2 · ${d(s.a)} · ${d(s.s)}`];
}

/** A variant; those whose time may be left general also give the result as a function of t. */
interface KinVariant extends PhysVariant<S, Tx> {
  general?: (s: S) => string;
}

/** The initial speed as the check expressions write it (km/h converted in place). */
const v0Expr = (s: S) => (s.converted ? `(${d(s.v0)}/3.6)` : d(s.v0));

/** The result with its unit, as an edge answer compares against it ("instead of 40 m"). */
const was = (f: Solved) => f.res.text + unit(f.ctx, f.o.kind);

const speedFresh = (c: Ctx) => pnum(c, 1, 30);
const V0: ParamRow<S, Tx> = ["v0", "v₀", "theInitialSpeed", "speed", speedFresh];
const ACCEL: ParamRow<S, Tx> = ["a", "a", "theAcceleration", "accel", (c) => pnum(c, 1, 8)];
/** `k · t` in a function of t, written `t` when k is 1 (as "s(t) = t²", not "1 · t²"). */
function times(k: Q, symbol: string): string {
  return isOne(k) ? symbol : `${d(k)} · ${symbol}`;
}

/** The time may also be left general: the answer as a function of t (see `general`). */
const TIME: ParamRow<S, Tx> = [
  "t",
  "t",
  "theTime",
  (s) => (s.converted ? "min" : "time"),
  (c) => q(c.rng.int(2, 20)),
  ["double", "set", "general"],
];

const VARIANTS: Record<Variant, KinVariant> = {
  uniform: {
    ask: {
      ru: [
        (s) =>
          `Автомобиль движется равномерно со скоростью ${d(s.v0)} ${RU_UNIT.speed}. Какой путь он проедет за ${d(s.t)}${s.converted ? " мин" : " с"}?`,
        (s) =>
          `Велосипедист едет с постоянной скоростью ${d(s.v0)} ${RU_UNIT.speed} в течение ${d(s.t)}${s.converted ? " мин" : " с"}. Найдите пройденный путь.`,
      ],
      en: [
        (s) =>
          `A car moves steadily at ${d(s.v0)} ${EN_UNIT.speed}. How far does it go in ${d(s.t)}${s.converted ? " min" : " s"}?`,
        (s) =>
          `A cyclist rides at a constant ${d(s.v0)} ${EN_UNIT.speed} for ${d(s.t)}${s.converted ? " min" : " s"}. Find the distance covered.`,
      ],
    },
    sym: "s",
    kind: "distance",
    expr: (s) => `${d(s.v0)}*${d(tSec(s))}`,
    solve: (tx, s, fault, worked) => {
      const steps: string[] = [];
      let t = tSec(s);
      if (s.converted) {
        if (fault === "units") t = s.t;
        else steps.push(tx.convertTheTimeTo(s, t));
      }
      // The other planted fault divides the speed by the time.
      const op = fault === "inverse" ? "/" : "·";
      steps.push(tx.forUniformMotion(op));
      return worked(steps, op === "/" ? R.div(s.v0, t) : R.mul(s.v0, t), `${d(s.v0)} ${op} ${d(t)}`);
    },
    whyAsk: {
      ru: "Почему путь равен скорости, умноженной на время?",
      en: "Why is the distance speed times time?",
    },
    why: (tx, s) => tx.inUniformMotionThe(s),
    alt: (tx, s, { p }) => {
      const t = tSec(s);
      const kmh = R.mul(s.v0, q(18, 5));
      const km = R.mul(kmh, R.div(t, q(3600)));
      return [[tx.weCanSwitchTo(s, kmh, t), tx.sKmKmM(kmh, t, km, p)], `${d(s.v0)}*3.6*${d(t)}/3600*1000`];
    },
    verify: (tx, s, { res }) => {
      const t = R.div(res.q, s.v0);
      const check = evs(`${res.text}/${dop(s.v0)}`, d(t));
      return reply([tx.recoverTheTime(res, s, t), tx.thatMatchesTheGiven(s)], tx.asGivenSoThe(t), check);
    },
    edgeAsk: {
      ru: "Что будет с путём, если время движения увеличить вдвое?",
      en: "What happens to the distance if the time doubles?",
    },
    edge: (tx, s, f) => {
      const t = tSec(s);
      const vs = shown(R.mul(R.mul(s.v0, t), q(2)));
      const check = evp(`${d(s.v0)}*2*${d(t)}`, vs);
      return reply([tx.distanceIsProportionalTo(s, t, vs)], tx.itDoublesTooInstead(vs, was(f)), check);
    },
    general: (s) => `s(t) = ${times(s.v0, "t")}`,
    params: paramRows([["v0", "v", "theSpeed", "speed", speedFresh], TIME]),
    mistakes: faultRows([
      ["wrong_formula", "inverse", "dividedByTime", "distanceIsVT"],
      ["unit_conversion", "units", "minutesNotConverted", "timeInSeconds", (s) => s.converted],
    ]),
  },
  final: {
    ask: {
      ru: [
        (s) =>
          `Тело, имея начальную скорость ${d(s.v0)} ${RU_UNIT.speed}, разгоняется с ускорением ${d(s.a)} ${RU_UNIT.accel}. Какой станет его скорость через ${d(s.t)} с?`,
        (s) =>
          `Поезд движется со скоростью ${d(s.v0)} ${RU_UNIT.speed} и начинает ускоряться: a = ${d(s.a)} ${RU_UNIT.accel}. Найдите скорость через ${d(s.t)} ${RU_UNIT.time}.`,
      ],
      en: [
        (s) =>
          `A body moving at ${d(s.v0)} ${EN_UNIT.speed} speeds up with acceleration ${d(s.a)} ${EN_UNIT.accel}. What is its speed after ${d(s.t)} s?`,
        (s) =>
          `A train at ${d(s.v0)} ${EN_UNIT.speed} starts accelerating at ${d(s.a)} ${EN_UNIT.accel}. Find its speed ${d(s.t)} ${EN_UNIT.time} later.`,
      ],
    },
    sym: "v",
    kind: "speed",
    expr: (s) => `${d(s.v0)} + ${d(s.a)}*${d(s.t)}`,
    solve: (tx, s, fault, worked) => {
      if (fault === "dropped") return worked([tx.theSpeedIs], R.mul(s.a, s.t), `${d(s.a)} · ${d(s.t)}`);
      // The other planted fault subtracts a · t.
      const [v, working] = speedAt(s, fault === "sign" ? "-" : "+");
      return worked([tx.withConstantAcceleration], v, working);
    },
    whyAsk: {
      ru: "Почему скорость считается по формуле v = v₀ + at?",
      en: "Why does v = v₀ + at give the speed?",
    },
    why: (tx, s) => tx.anAccelerationOfAdds(s),
    alt: (tx, s, { p }) => {
      const dv = R.mul(s.a, s.t);
      return [[tx.firstTheGainIn(s, dv), tx.thenAddItTo(s, dv, p)], `${d(s.v0)} + ${d(dv)}`];
    },
    verify: (tx, s, { res }) => {
      const a = R.div(R.sub(res.q, s.v0), s.t);
      const check = evs(`(${res.text} - ${d(s.v0)})/${d(s.t)}`, d(a));
      return reply([tx.recoverTheAcceleration(res, s, a)], tx.asGiven(a), check);
    },
    edgeAsk: {
      ru: "А если бы ускорение было направлено против движения (торможение с тем же модулем)?",
      en: "What if the acceleration pointed against the motion (braking at the same rate)?",
    },
    edge: (tx, s) => {
      const [v, working] = speedAt(s, "-");
      const vs = shown(v);
      const stop = s.a.n > 0 ? R.div(s.v0, s.a) : q(0);
      const steps = [
        `v = v₀ - a · t = ${working} = ${vs.text}`,
        v.n >= 0 ? tx.theSpeedDropsBut : tx.negativeValueMeansThe(stop),
      ];
      return reply(steps, tx.vMS(vs), evp(`${d(s.v0)} - ${d(s.a)}*${d(s.t)}`, vs));
    },
    general: (s) => `v(t) = ${d(s.v0)} + ${times(s.a, "t")}`,
    params: paramRows([V0, ACCEL, TIME]),
    mistakes: faultRows([
      ["sign_error", "sign", "subtractedAt", "speedingUpAdds"],
      ["dropped_term", "dropped", "leftOutV0", "atOnlyFromRest"],
    ]),
  },
  distance: {
    ask: {
      ru: [
        (s) =>
          `Тело движется с начальной скоростью ${d(s.v0)} ${RU_UNIT.speed} и ускорением ${d(s.a)} ${RU_UNIT.accel}. Какой путь оно пройдёт за ${d(s.t)} с?`,
        (s) =>
          `Автомобиль разгоняется с ускорением ${d(s.a)} ${RU_UNIT.accel}, имея начальную скорость ${d(s.v0)} ${RU_UNIT.speed}. Найдите путь за ${d(s.t)} ${RU_UNIT.time}.`,
      ],
      en: [
        (s) =>
          `A body starts at ${d(s.v0)} ${EN_UNIT.speed} with acceleration ${d(s.a)} ${EN_UNIT.accel}. How far does it travel in ${d(s.t)} s?`,
        (s) =>
          `A car accelerates at ${d(s.a)} ${EN_UNIT.accel} from an initial speed of ${d(s.v0)} ${EN_UNIT.speed}. Find the distance covered in ${d(s.t)} ${EN_UNIT.time}.`,
      ],
    },
    sym: "s",
    kind: "distance",
    expr: (s) => `${d(s.v0)}*${d(s.t)} + ${d(s.a)}*${d(s.t)}^2/2`,
    solve: (tx, s, fault, worked) => {
      const vt = R.mul(s.v0, s.t);
      const at2 = R.mul(s.a, R.mul(s.t, s.t));
      const [vtText, at2Text] = [`${d(s.v0)} · ${d(s.t)}`, `${d(s.a)} · ${d(s.t)}²`];
      if (fault === "half") return worked(["s = v₀ · t + a · t²"], R.add(vt, at2), `${vtText} + ${at2Text}`);
      if (fault === "dropped") return worked(["s = a · t² / 2"], R.div(at2, q(2)), `${at2Text} / 2`);
      const steps = ["s = v₀ · t + a · t² / 2", tx.vTMA(vt, at2)];
      return worked(steps, R.add(vt, R.div(at2, q(2))), `${vtText} + ${at2Text} / 2`);
    },
    whyAsk: { ru: "Откуда в формуле пути берётся at²/2?", en: "Where does the at²/2 term come from?" },
    why: (tx, s) => tx.distanceIsTheArea(s),
    alt: (tx, s, { p }) => {
      const [v] = speedAt(s, "+");
      return [
        [tx.useTheAverageSpeed(s, v), tx.withConstantAccelerationThe(s, v, p)],
        `(${d(s.v0)} + ${d(v)})/2*${d(s.t)}`,
      ];
    },
    verify: (tx, s) => {
      const [v] = speedAt(s, "+");
      const cs = shown(R.div(R.sub(R.mul(v, v), R.mul(s.v0, s.v0)), R.mul(q(2), s.a)));
      const steps = [
        tx.checkWithTheTime(v),
        `s = (${d(v)}² - ${d(s.v0)}²) / (2 · ${d(s.a)}) ${rel(cs)} ${cs.text}`,
      ];
      return reply(steps, tx.theSameDistance(cs), evp(`(${d(v)}^2 - ${d(s.v0)}^2)/(2*${d(s.a)})`, cs));
    },
    edgeAsk: {
      ru: "А если бы тело начинало движение из состояния покоя?",
      en: "And if the body started from rest?",
    },
    edge: (tx, s, f) => {
      const vs = shown(R.div(R.mul(s.a, R.mul(s.t, s.t)), q(2)));
      return reply([tx.thenAnd(s, vs)], tx.lessThan(vs, was(f)), evp(`${d(s.a)}*${d(s.t)}^2/2`, vs));
    },
    general: (s) => `s(t) = ${times(s.v0, "t")} + ${times(R.div(s.a, q(2)), "t²")}`,
    params: paramRows([V0, ACCEL, TIME]),
    mistakes: faultRows([
      ["wrong_formula", "half", "forgotToHalve", "termIsHalf"],
      ["dropped_term", "dropped", "droppedV0t", "notFromRest"],
    ]),
  },
  braking: {
    ask: {
      ru: [
        (s) =>
          `Автомобиль, двигавшийся со скоростью ${d(s.v0)}${s.converted ? " км/ч" : " м/с"}, тормозит с ускорением ${d(s.a)} ${RU_UNIT.accel}. Найдите тормозной путь.`,
        (s) =>
          `Какой путь пройдёт до остановки машина, если её скорость ${d(s.v0)}${s.converted ? " км/ч" : " м/с"}, а замедление ${d(s.a)} м/с²?`,
      ],
      en: [
        (s) =>
          `A car moving at ${d(s.v0)}${s.converted ? " km/h" : " m/s"} brakes at ${d(s.a)} ${EN_UNIT.accel}. Find its braking distance.`,
        (s) =>
          `How far does a car travel before stopping if it was going ${d(s.v0)}${s.converted ? " km/h" : " m/s"} and decelerates at ${d(s.a)} m/s²?`,
      ],
    },
    sym: "s",
    kind: "distance",
    expr: (s) => `${v0Expr(s)}^2/(2*${d(s.a)})`,
    solve: (tx, s, fault, worked) => {
      const steps: string[] = [];
      let v = v0ms(s);
      if (s.converted) {
        if (fault === "units") v = s.v0;
        else steps.push(tx.convertTheSpeedTo(s, shown(v)));
      }
      const vText = s.converted && fault !== "units" ? `(${d(s.v0)} / 3.6)` : d(v);
      // The other planted fault loses the 2 of 2a.
      const two = fault !== "noTwo";
      steps.push(two ? tx.stoppingMeansAsWith : tx.untilItStopsSo);
      const [by, byText] = two ? [R.mul(q(2), s.a), `(2 · ${d(s.a)})`] : [s.a, d(s.a)];
      return worked(steps, R.div(R.mul(v, v), by), `${vText}² / ${byText}`);
    },
    whyAsk: { ru: "Почему тормозной путь равен v₀²/(2a)?", en: "Why is the braking distance v₀²/(2a)?" },
    why: (tx, s) => tx.fromAsWithFinal(s),
    alt: (tx, s, f) => {
      const v = v0ms(s);
      const steps = [
        tx.viaTheStoppingTime(shown(v), s, R.div(v, s.a)),
        tx.whileBrakingToRest,
        resultLine(f.ctx, f.o),
      ];
      const vExpr = v0Expr(s);
      return [steps, `${vExpr}/2*(${vExpr}/${d(s.a)})`];
    },
    verify: (tx, s, { ctx }) => {
      const v = v0ms(s);
      const t = R.div(v, s.a);
      const bs = shown(R.sub(R.mul(v, t), R.div(R.mul(s.a, R.mul(t, t)), q(2))));
      const vExpr = v0Expr(s);
      const steps = [
        tx.throughTheStoppingTime(v, s, shown(t)),
        `s = v₀t - at²/2 = ${d(v)} · ${d(t)} - ${d(s.a)} · ${dop(t)}² / 2 ${rel(bs)} ${bs.text}${unit(ctx, "distance")}`,
      ];
      const expr = `${vExpr}*(${vExpr}/${d(s.a)}) - ${d(s.a)}*(${vExpr}/${d(s.a)})^2/2`;
      return reply(steps, tx.sameResult(bs), evp(expr, bs));
    },
    edgeAsk: {
      ru: "Во сколько раз вырастет тормозной путь, если скорость удвоить?",
      en: "How much longer is the braking distance at twice the speed?",
    },
    edge: (tx, s) => {
      const v = v0ms(s);
      const ss = shown(R.div(R.mul(q(4), R.mul(v, v)), R.mul(q(2), s.a)));
      const check = evp(`(2*${v0Expr(s)})^2/(2*${d(s.a)})`, ss);
      return reply([tx.theDistanceGoesWith(ss)], tx.fourTimes(ss), check);
    },
    params: paramRows([
      [
        "v0",
        "v₀",
        "theInitialSpeed",
        (s) => (s.converted ? "kmh" : "speed"),
        (c, s) => (s.converted ? q(c.rng.pick(CAR_KMH)) : speedFresh(c)),
      ],
      ACCEL,
    ]),
    mistakes: faultRows([
      ["wrong_formula", "noTwo", "lostTheTwo", "brakingHasTwo"],
      ["unit_conversion", "units", "kmhNotConverted", "speedInMs", (s) => s.converted],
    ]),
  },
  after: {
    ask: {
      ru: [
        (s) =>
          `Тело с начальной скоростью ${d(s.v0)} ${RU_UNIT.speed} ускоряется с ускорением ${d(s.a)} ${RU_UNIT.accel}. Какой будет его скорость, когда оно пройдёт ${d(s.s)} м?`,
        (s) =>
          `Лыжник съезжает с горы: начальная скорость ${d(s.v0)} ${RU_UNIT.speed}, ускорение ${d(s.a)} ${RU_UNIT.accel}. Найдите скорость в конце спуска длиной ${d(s.s)} ${RU_UNIT.distance}.`,
      ],
      en: [
        (s) =>
          `A body with initial speed ${d(s.v0)} ${EN_UNIT.speed} accelerates at ${d(s.a)} ${EN_UNIT.accel}. What is its speed after covering ${d(s.s)} m?`,
        (s) =>
          `A skier starts down a slope at ${d(s.v0)} ${EN_UNIT.speed} with acceleration ${d(s.a)} ${EN_UNIT.accel}. Find the speed at the bottom of ${aN(d(s.s))} ${EN_UNIT.distance} run.`,
      ],
    },
    sym: "v",
    kind: "speed",
    expr: (s) => `sqrt(${d(s.v0)}^2 + 2*${d(s.a)}*${d(s.s)})`,
    solve: (tx, s, fault, worked) => {
      if (fault === "dropped")
        return worked(["v = √(2as)"], qsqrt(R.mul(q(2), R.mul(s.a, s.s))), `√(2 · ${d(s.a)} · ${d(s.s)})`);
      if (fault === "sign") {
        const [w, working] = squareAfter(s, "-");
        if (w.n < 0) throw INVALID;
        return worked(["v² = v₀² - 2as"], qsqrt(w), `√(${working})`);
      }
      const [v2, working] = squareAfter(s, "+");
      return worked([tx.noTimeIsGiven, `v² = ${working} = ${d(v2)}`], qsqrt(v2), `√${d(v2)}`);
    },
    whyAsk: { ru: "Почему вы не искали время движения?", en: "Why didn't you find the time first?" },
    why: (tx) => tx.asLinksSpeedsAnd,
    alt: (tx, s, f) => {
      const e0 = R.div(R.mul(s.v0, s.v0), q(2));
      const w = R.mul(s.a, s.s);
      return [
        [tx.throughEnergyPerUnit, `v²/2 = ${d(e0)} + ${d(w)} = ${d(R.add(e0, w))}`, resultLine(f.ctx, f.o)],
        `sqrt(2*(${d(s.v0)}^2/2 + ${d(s.a)}*${d(s.s)}))`,
      ];
    },
    verify: (tx, s, { res }) => {
      const sq = R.mul(res.q, res.q);
      const [v2, working] = squareAfter(s, "+");
      const check = evs(`${res.text}^2`, d(sq));
      return reply(
        [tx.squareTheAnswer(res, sq), tx.itShouldBeAs(v2, sq, working)],
        tx.soTheAnswerIs(res, sq, v2),
        check,
      );
    },
    edgeAsk: {
      ru: "А если бы тело на этом участке тормозило с тем же по модулю ускорением?",
      en: "What if it decelerated at the same rate over that distance?",
    },
    edge: (tx, s, { ctx }) => {
      const [w, working] = squareAfter(s, "-");
      if (w.n >= 0) {
        const vs = shown(qsqrt(w));
        const line = `v = √(v₀² - 2as) = √(${working}) = √${d(w)}`;
        const check = evp(`sqrt(${d(s.v0)}^2 - 2*${d(s.a)}*${d(s.s)})`, vs);
        return reply([line], quantity(ctx, "v", vs, "speed"), check);
      }
      const ss = shown(R.div(R.mul(s.v0, s.v0), R.mul(q(2), s.a)));
      const steps = [tx.thenAsTheBody(w, s), tx.itsStoppingDistanceIs(ss)];
      return reply(steps, tx.itStopsAfter(ss), evp(`${d(s.v0)}^2/(2*${d(s.a)})`, ss));
    },
    params: paramRows([V0, ACCEL, ["s", "s", "theDistance", "distance", (c) => q(c.rng.int(10, 200))]]),
    mistakes: faultRows([
      ["dropped_term", "dropped", "v0OutOfRoot", "v0StaysInRoot"],
      ["sign_error", "sign", "minusBefore2as", "speedingUpPlus"],
    ]),
  },
};

function general(ctx: Ctx, s: S, key: string, o: Outcome): Exchange | null {
  const inT = VARIANTS[s.variant].general;
  if (key !== "t" || !inT) return null;
  const tx = tr(ctx, TEXT);
  const p = present(ctx, o);
  const formula = inT(s);
  const at = `t = ${d(tSec(s))}${unit(ctx, "time")}`;
  return exchange(tx.writeTheAnswerIn, [formula, tx.at(at, p)], tx.atThatIs(formula, at, p, ctx, o), [
    p.check,
  ]);
}

export const kinematics = variantTask({
  id: "kinematics",
  domain: "physics",
  text: TEXT,
  draw,
  variant: (s) => VARIANTS[s.variant],
  questions: {
    alt: { ru: "А можно решить другим способом?", en: "Is there another way to solve it?" },
    verify: { ru: "Как проверить этот ответ?", en: "How can we check this answer?" },
  },
  with: (_ctx, s, key, value) => changed(s, key, value, 5000),
  general,
});
