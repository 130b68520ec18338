import { aN, type Tr } from "../lang.js";
import { rel, roundingNote, type Shown, shown } from "../num/decimal.js";
import { type Exact, isSurd, xnum } from "../num/exact.js";
import * as R from "../num/rational.js";
import { INVALID, type Q, q } from "../num/rational.js";
import { approx, d, EN_UNIT, quantity, RU_UNIT } from "../physics.js";
import { evp, evs, reply } from "../text.js";
import type { Ctx, GasState } from "../types.js";
import { faultRows, type ParamRow, type PhysVariant, paramRows, variantTask, via } from "./variant-task.js";

/** This module's texts: English here, every other language in TEXT (a missing entry does not compile). */
const TEXT_EN = {
  atConstantTemperatureBoyle: "At constant temperature p₁V₁ = p₂V₂ (Boyle's law).",
  atConstantPressureConst: "At constant pressure V / T = const (Charles's law), with temperatures in kelvin.",
  tKTK: (s: S, T1: R.Q, T2: R.Q) =>
    `T₁ = ${d(s.t1)} + 273 = ${d(T1)} ${EN_UNIT.temperature}, T₂ = ${d(s.t2)} + 273 = ${d(T2)} ${EN_UNIT.temperature}.`,
  forFixedAmountOf: "For a fixed amount of gas p₁V₁ / T₁ = p₂V₂ / T₂ (the combined gas law).",
  theIdealGasLaw: "The ideal gas law: pV = νRT, so p = νRT / V.",
  temperatureInKelvin: (s: S, T: R.Q) =>
    `Temperature in kelvin: T = ${d(s.t1)} + 273 = ${d(T)} ${EN_UNIT.temperature}.`,
  volumeInDivideThe: (s: S) =>
    `Volume in m³: ${d(s.v1)} ${EN_UNIT.volume} = ${d(R.div(s.v1, q(1000)))} m³. Divide the pressure in Pa by 1000 to get kPa.`,
  atConstantTemperatureThe:
    "At constant temperature the molecules' average energy is fixed, so pressure is inversely proportional to volume: less room, more frequent hits on the walls.",
  atConstantPressureThe:
    "At constant pressure the volume is proportional to the absolute temperature, so Celsius must become kelvin: the proportion only holds from absolute zero.",
  theCombinedLawFollows:
    "The combined law follows from pV = νRT: for a fixed amount of gas pV / T stays constant even when all three change.",
  linksPressureToAmount:
    "pV = νRT links pressure to amount, temperature and volume; use SI units throughout and convert the answer to kPa.",
  byRatioPressureIs: (s: S, ks: Shown) =>
    `By ratio: pressure is inversely proportional to volume, so it is multiplied by V₁ / V₂ = ${d(s.v1)} / ${d(s.v2)} ${rel(ks)} ${ks.text} (the volume ${R.cmp(s.v2, s.v1) > 0 ? "grew, so the pressure falls" : "shrank, so the pressure rises"}).`,
  byTheTemperatureRatio:
    "By the temperature ratio: the volume scales like the absolute temperature, V₂ = V₁ · (T₂ / T₁).",
  inTwoStepsFirst: (s: S, ms: Shown) =>
    `In two steps. First change the volume isothermally: p′ = ${d(s.p1)} · ${d(s.v1)} / ${d(s.v2)} ${rel(ms)} ${ms.text} ${EN_UNIT.pressure}.`,
  thenChangeTheTemperature: `Then change the temperature at constant volume: p₂ = p′ · T₂ / T₁.`,
  shortcutWithInLitres: (s: S) =>
    `A shortcut: with V in litres, νRT / V comes out directly in kPa. ν / V = ${d(s.n)} / ${d(s.v1)} mol/L.`,
  and: (res: Shown, s: S, a: R.Q, b: R.Q) =>
    `p₂V₂ = ${res.text} · ${d(s.v2)} = ${d(a)} and p₁V₁ = ${d(s.p1)} · ${d(s.v1)} = ${d(b)}.`,
  isUnchangedSoIt: (a: R.Q, b: R.Q) => `${d(a)} ${approx(a, b)} ${d(b)}: pV is unchanged, so it checks out.`,
  back: (res: Shown, s: S, T2: R.Q, bs: Shown) =>
    `Go back: V₁ = V₂ · T₁ / T₂ = ${res.text} · ${d(kelvin(s, s.t1))} / ${d(T2)} ${rel(bs)} ${bs.text} ${EN_UNIT.volume}.`,
  theOriginal: (bs: Shown, s: S) =>
    `V₁ ${rel(bs)} ${bs.text} L${roundingNote(bs, false)}: the original ${d(s.v1)} ${EN_UNIT.volume}.`,
  matchesSoTheAnswer: (b: Shown) => `pV / T matches (≈ ${b.text}), so the answer is right.`,
  recoverTheAmount: (res: Shown, s: S, T: R.Q, nb: Shown) =>
    `Recover the amount: ν = pV / (RT) = ${res.text} · ${d(s.v1)} / (8.31 · ${d(T)}) ${rel(nb)} ${nb.text} ${EN_UNIT.mol}.`,
  asGiven: (nb: Shown) => `ν ${rel(nb)} ${nb.text} ${EN_UNIT.mol}, as given.`,
  halfAsMuch: (half: Shown) => `Half as much: ${half.text} ${EN_UNIT.pressure}.`,
  theVolumeDoublesWhen: (T1: R.Q) =>
    `The volume doubles when the absolute temperature doubles: T = 2 · ${d(T1)} = ${d(R.mul(q(2), T1))} ${EN_UNIT.temperature}, t = T - 273.`,
  atNot: (tc: R.Q, s: S) => `At ${d(tc)} °C (not ${d(R.mul(q(2), s.t1))} °C).`,
  thenAndOnlyBoyle: (s: S) =>
    `Then T₂ = T₁ and only Boyle's law is left: p₂ = ${d(s.p1)} · ${d(s.v1)} / ${d(s.v2)}.`,
  atTheSameAnd: "At the same V and T the pressure is proportional to the amount of gas, so it doubles.",
  theInitialPressure: "the initial pressure",
  theInitialVolume: "the initial volume",
  theFinalVolume: "the final volume",
  theVolume: "the volume",
  theFinalTemperature: "the final temperature",
  theAmountOfGas: "the amount of gas",
  swappedVolumes: "I swapped the volumes.",
  pressureInverse:
    "Pressure is inversely proportional to volume: p₂ = p₁V₁ / V₂. Squeezing the gas raises its pressure.",
  usedCelsius: "I used the temperatures in degrees Celsius.",
  onlyAbsolute: "V / T = const only holds for absolute temperature: add 273 first.",
  invertedTemperatureRatio: "I inverted the temperature ratio.",
  heatingExpands: "Heating makes the gas expand: V₂ = V₁ · T₂ / T₁.",
  ignoredTemperature: "I ignored the temperature change.",
  temperatureFactor: (s: S) =>
    `The temperature went from ${d(s.t1)} ${EN_UNIT.temperature} to ${d(s.t2)} ${EN_UNIT.temperature}, so the factor T₂ / T₁ is needed.`,
  combinedGives: "p₁V₁ / T₁ = p₂V₂ / T₂ gives p₂ = p₁V₁T₂ / (T₁V₂).",
  noKelvin: "I did not convert the temperature to kelvin.",
  idealAbsolute: "pV = νRT uses absolute temperature: T = t + 273.",
};

const TEXT: Tr<typeof TEXT_EN> = {
  ru: {
    atConstantTemperatureBoyle: "При постоянной температуре p₁V₁ = p₂V₂ (закон Бойля — Мариотта).",
    atConstantPressureConst:
      "При постоянном давлении V / T = const (закон Гей-Люссака), температура — в кельвинах.",
    tKTK: (s, T1, T2) =>
      `T₁ = ${d(s.t1)} + 273 = ${d(T1)} ${RU_UNIT.temperature}, T₂ = ${d(s.t2)} + 273 = ${d(T2)} ${RU_UNIT.temperature}.`,
    forFixedAmountOf: "Для данной массы газа p₁V₁ / T₁ = p₂V₂ / T₂ (объединённый газовый закон).",
    theIdealGasLaw: "Уравнение Менделеева — Клапейрона: pV = νRT, p = νRT / V.",
    temperatureInKelvin: (s, T) =>
      `Температура в кельвинах: T = ${d(s.t1)} + 273 = ${d(T)} ${RU_UNIT.temperature}.`,
    volumeInDivideThe: (s) =>
      `Объём в м³: ${d(s.v1)} ${RU_UNIT.volume} = ${d(R.div(s.v1, q(1000)))} м³. Давление в Па делим на 1000, чтобы получить кПа.`,
    atConstantTemperatureThe:
      "При постоянной температуре средняя энергия молекул не меняется, и давление обратно пропорционально объёму: чем теснее, тем чаще удары о стенки.",
    atConstantPressureThe:
      "При постоянном давлении объём пропорционален абсолютной температуре, поэтому градусы Цельсия нужно перевести в кельвины: пропорция работает только от абсолютного нуля.",
    theCombinedLawFollows:
      "Объединённый закон следует из pV = νRT: при неизменном количестве газа величина pV / T постоянна, даже если меняются все три параметра.",
    linksPressureToAmount:
      "Уравнение pV = νRT связывает давление с количеством вещества, температурой и объёмом; все величины берём в СИ, а ответ переводим в кПа.",
    byRatioPressureIs: (s, ks) =>
      `Через отношение: давление обратно пропорционально объёму, поэтому оно умножается на V₁ / V₂ = ${d(s.v1)} / ${d(s.v2)} ${rel(ks)} ${ks.text} (объём ${R.cmp(s.v2, s.v1) > 0 ? "вырос" : "уменьшился"}, давление ${R.cmp(s.v2, s.v1) > 0 ? "падает" : "растёт"}).`,
    byTheTemperatureRatio:
      "Через отношение температур: объём меняется во столько же раз, во сколько абсолютная температура, V₂ = V₁ · (T₂ / T₁).",
    inTwoStepsFirst: (s, ms) =>
      `В два шага. Сначала изотермически меняем объём: p′ = ${d(s.p1)} · ${d(s.v1)} / ${d(s.v2)} ${rel(ms)} ${ms.text} ${RU_UNIT.pressure}.`,
    thenChangeTheTemperature: `Затем меняем температуру при постоянном объёме: p₂ = p′ · T₂ / T₁.`,
    shortcutWithInLitres: (s) =>
      `Удобно заметить: если V в литрах, то νRT / V сразу даёт кПа. ν / V = ${d(s.n)} / ${d(s.v1)} моль/л.`,
    and: (res, s, a, b) =>
      `Произведение p₂V₂ = ${res.text} · ${d(s.v2)} = ${d(a)}, а p₁V₁ = ${d(s.p1)} · ${d(s.v1)} = ${d(b)}.`,
    isUnchangedSoIt: (a, b) => `${d(a)} ${approx(a, b)} ${d(b)}: pV сохранилось, ответ верный.`,
    back: (res, s, T2, bs) =>
      `Вернёмся обратно: V₁ = V₂ · T₁ / T₂ = ${res.text} · ${d(kelvin(s, s.t1))} / ${d(T2)} ${rel(bs)} ${bs.text} ${RU_UNIT.volume}.`,
    theOriginal: (bs, s) =>
      `V₁ ${rel(bs)} ${bs.text} л${roundingNote(bs, true)} — это исходные ${d(s.v1)} ${RU_UNIT.volume}.`,
    matchesSoTheAnswer: (b) => `Величина pV / T одинакова (≈ ${b.text}), ответ верный.`,
    recoverTheAmount: (res, s, T, nb) =>
      `Найдём количество вещества обратно: ν = pV / (RT) = ${res.text} · ${d(s.v1)} / (8.31 · ${d(T)}) ${rel(nb)} ${nb.text} ${RU_UNIT.mol}.`,
    asGiven: (nb) => `ν ${rel(nb)} ${nb.text} ${RU_UNIT.mol} — как в условии.`,
    halfAsMuch: (half) => `Вдвое меньше: ${half.text} ${RU_UNIT.pressure}.`,
    theVolumeDoublesWhen: (T1) =>
      `Объём удвоится, когда удвоится абсолютная температура: T = 2 · ${d(T1)} = ${d(R.mul(q(2), T1))} ${RU_UNIT.temperature}, t = T - 273.`,
    atNot: (tc, s) => `При ${d(tc)} °C (а не при ${d(R.mul(q(2), s.t1))} °C).`,
    thenAndOnlyBoyle: (s) =>
      `Тогда T₂ = T₁ и остаётся закон Бойля — Мариотта: p₂ = ${d(s.p1)} · ${d(s.v1)} / ${d(s.v2)}.`,
    atTheSameAnd: "Давление пропорционально количеству вещества при тех же V и T, поэтому удвоится.",
    theInitialPressure: "начальное давление",
    theInitialVolume: "начальный объём",
    theFinalVolume: "конечный объём",
    theVolume: "объём",
    theFinalTemperature: "конечную температуру",
    theAmountOfGas: "количество вещества",
    swappedVolumes: "Я перепутал объёмы местами.",
    pressureInverse: "Давление обратно пропорционально объёму: p₂ = p₁V₁ / V₂. При сжатии давление растёт.",
    usedCelsius: "Я подставил температуры в градусах Цельсия.",
    onlyAbsolute: "Пропорция V / T = const верна только для абсолютной температуры: нужно прибавить 273.",
    invertedTemperatureRatio: "Я перевернул отношение температур.",
    heatingExpands: "При нагревании газ расширяется: V₂ = V₁ · T₂ / T₁.",
    ignoredTemperature: "Я не учёл изменение температуры.",
    temperatureFactor: (s) =>
      `Температура изменилась с ${d(s.t1)} ${RU_UNIT.temperature} до ${d(s.t2)} ${RU_UNIT.temperature}, поэтому нужен множитель T₂ / T₁.`,
    combinedGives: "Из p₁V₁ / T₁ = p₂V₂ / T₂ следует p₂ = p₁V₁T₂ / (T₁V₂).",
    noKelvin: "Я не перевёл температуру в кельвины.",
    idealAbsolute: "В уравнении pV = νRT температура абсолютная: T = t + 273.",
  },
  en: TEXT_EN,
};

/**
 * gas_laws: ideal gas. Difficulty: Boyle's law at constant temperature (1-3), Charles's law with
 * temperatures in °C to convert to kelvin (4-6), the combined law (7-8), the ideal gas equation
 * pV = νRT with R = 8.31 J/(mol·K), volume in litres and pressure in kPa (9-10).
 */
type Variant = "boyle" | "charles" | "combined" | "ideal";
type Tx = typeof TEXT_EN;

interface S {
  variant: Variant;
  p1: Q;
  v1: Q;
  v2: Q;
  t1: Q;
  t2: Q;
  n: Q;
  celsius: boolean;
}

const RGAS = q(831, 100);

/** A problem record with every field present (one object shape for all variants). */
function mk(p: Partial<S> & { variant: Variant }): S {
  const z = q(0);
  return {
    variant: p.variant,
    p1: p.p1 ?? z,
    v1: p.v1 ?? z,
    v2: p.v2 ?? z,
    t1: p.t1 ?? z,
    t2: p.t2 ?? z,
    n: p.n ?? z,
    celsius: p.celsius ?? false,
  };
}

function draw(ctx: Ctx): S {
  const r = ctx.rng;
  const dd = ctx.d;
  const distinct = (lo: number, hi: number, other: number) => {
    let x = r.int(lo, hi);
    if (x === other) x = x + 1;
    return x;
  };
  if (dd <= 3) {
    const v1 = r.int(2, 30);
    return mk({ variant: "boyle", p1: q(r.int(50, 300)), v1: q(v1), v2: q(distinct(1, 40, v1)) });
  }
  if (dd <= 6) {
    const t1 = r.int(0, 60);
    return mk({
      variant: "charles",
      v1: q(r.int(1, 30)),
      t1: q(t1),
      t2: q(distinct(-20, 150, t1)),
      celsius: true,
    });
  }
  if (dd <= 8) {
    const v1 = r.int(2, 30);
    const t1 = r.int(250, 350);
    return mk({
      variant: "combined",
      p1: q(r.int(80, 300)),
      v1: q(v1),
      v2: q(distinct(1, 40, v1)),
      t1: q(t1),
      t2: q(distinct(220, 500, t1)),
    });
  }
  const celsius = dd === 10 && r.chance(0.6);
  return mk({
    variant: "ideal",
    n: q(r.int(1, 40), 10),
    v1: q(r.int(1, 50)),
    t1: q(celsius ? r.int(-20, 120) : r.int(250, 450)),
    celsius,
  });
}

/** Temperatures in kelvin. */
function kelvin(s: S, t: Q): Q {
  return s.celsius ? R.add(t, q(273)) : t;
}

function tExpr(s: S, t: Q): string {
  return s.celsius ? `(${d(t)} + 273)` : d(t);
}

const P1: ParamRow<S, Tx> = ["p1", "p₁", "theInitialPressure", "pressure", (c) => q(c.rng.int(50, 300))];
const V1: ParamRow<S, Tx> = ["v1", "V₁", "theInitialVolume", "volume", (c) => q(c.rng.int(1, 40))];
const V2: ParamRow<S, Tx> = ["v2", "V₂", "theFinalVolume", "volume", (c) => q(c.rng.int(1, 40))];

const VARIANTS: Record<Variant, PhysVariant<S, Tx>> = {
  boyle: {
    ask: {
      ru: [
        (s) =>
          `Газ при давлении ${d(s.p1)} ${RU_UNIT.pressure} занимает объём ${d(s.v1)} ${RU_UNIT.volume}. Каким станет давление, если при неизменной температуре объём изменить до ${d(s.v2)} л?`,
        (s) =>
          `В цилиндре под поршнем ${d(s.v1)} ${RU_UNIT.volume} газа при ${d(s.p1)} ${RU_UNIT.pressure}. Газ медленно (изотермически) переводят к объёму ${d(s.v2)} ${RU_UNIT.volume}. Найдите новое давление.`,
      ],
      en: [
        (s) =>
          `A gas at ${d(s.p1)} ${EN_UNIT.pressure} fills ${d(s.v1)} ${EN_UNIT.volume}. What is its pressure if the volume changes to ${d(s.v2)} ${EN_UNIT.volume} at constant temperature?`,
        (s) =>
          `A cylinder holds ${d(s.v1)} ${EN_UNIT.volume} of gas at ${d(s.p1)} ${EN_UNIT.pressure}. The gas is slowly (isothermally) taken to ${d(s.v2)} ${EN_UNIT.volume}. Find the new pressure.`,
      ],
    },
    sym: "p₂",
    kind: "pressure",
    expr: (s) => `${d(s.p1)}*${d(s.v1)}/${d(s.v2)}`,
    solve: (tx, s, fault, worked) => {
      // The planted fault swaps the volumes.
      const inverted = fault === "inverted";
      const a = inverted ? s.v2 : s.v1;
      const b = inverted ? s.v1 : s.v2;
      return worked(
        [tx.atConstantTemperatureBoyle, inverted ? "p₂ = p₁V₂ / V₁" : "p₂ = p₁V₁ / V₂"],
        R.div(R.mul(s.p1, a), b),
        `${d(s.p1)} · ${d(a)} / ${d(b)}`,
      );
    },
    why: (tx) => tx.atConstantTemperatureThe,
    alt: (tx, s, f) => [
      [tx.byRatioPressureIs(s, shown(R.div(s.v1, s.v2))), via(f, `${d(s.p1)} · (${d(s.v1)} / ${d(s.v2)})`)],
      `${d(s.p1)}*(${d(s.v1)}/${d(s.v2)})`,
    ],
    verify: (tx, s, { res }) => {
      const a = R.mul(res.q, s.v2);
      const b = R.mul(s.p1, s.v1);
      return reply([tx.and(res, s, a, b)], tx.isUnchangedSoIt(a, b), evs(`${res.text}*${d(s.v2)}`, d(a)));
    },
    edgeAsk: {
      ru: "Каким было бы давление, если бы объём увеличили вдвое по сравнению с исходным?",
      en: "What would the pressure be if the volume were doubled from the start?",
    },
    edge: (tx, s) => {
      const half = shown(R.div(s.p1, q(2)));
      return reply(
        [`p = p₁V₁ / (2V₁) = p₁ / 2 = ${d(s.p1)} / 2.`],
        tx.halfAsMuch(half),
        evp(`${d(s.p1)}*${d(s.v1)}/(2*${d(s.v1)})`, half),
      );
    },
    params: paramRows([P1, V1, V2]),
    mistakes: faultRows([["wrong_formula", "inverted", "swappedVolumes", "pressureInverse"]]),
  },
  charles: {
    ask: {
      ru: [
        (s) =>
          `Газ при постоянном давлении занимает ${d(s.v1)} ${RU_UNIT.volume} при ${d(s.t1)} °C. Какой объём он займёт при ${d(s.t2)} °C?`,
        (s) =>
          `Воздушный шар содержит ${d(s.v1)} ${RU_UNIT.volume} воздуха при температуре ${d(s.t1)} °C. Каким станет объём при ${d(s.t2)} °C, если давление не меняется?`,
      ],
      en: [
        (s) =>
          `At constant pressure a gas fills ${d(s.v1)} ${EN_UNIT.volume} at ${d(s.t1)} °C. What volume does it fill at ${d(s.t2)} °C?`,
        (s) =>
          `A balloon holds ${d(s.v1)} ${EN_UNIT.volume} of air at ${d(s.t1)} °C. What is its volume at ${d(s.t2)} °C if the pressure stays the same?`,
      ],
    },
    sym: "V₂",
    kind: "volume",
    expr: (s) => `${d(s.v1)}*${tExpr(s, s.t2)}/${tExpr(s, s.t1)}`,
    solve: (tx, s, fault, worked) => {
      const law = tx.atConstantPressureConst;
      if (fault === "units") {
        if (s.t1.n === 0) throw INVALID;
        return worked(
          [law, "V₂ = V₁ · t₂ / t₁"],
          R.div(R.mul(s.v1, s.t2), s.t1),
          `${d(s.v1)} · ${d(s.t2)} / ${d(s.t1)}`,
        );
      }
      const T1 = kelvin(s, s.t1);
      const T2 = kelvin(s, s.t2);
      // The other planted fault inverts the temperature ratio.
      const inverted = fault === "inverted";
      const top = inverted ? T1 : T2;
      const bottom = inverted ? T2 : T1;
      return worked(
        [law, tx.tKTK(s, T1, T2), inverted ? "V₂ = V₁ · T₁ / T₂" : "V₂ = V₁ · T₂ / T₁"],
        R.div(R.mul(s.v1, top), bottom),
        `${d(s.v1)} · ${d(top)} / ${d(bottom)}`,
      );
    },
    why: (tx) => tx.atConstantPressureThe,
    alt: (tx, s, f) => [
      [tx.byTheTemperatureRatio, via(f, `${d(s.v1)} · (${d(kelvin(s, s.t2))} / ${d(kelvin(s, s.t1))})`)],
      `${d(s.v1)}*(${tExpr(s, s.t2)}/${tExpr(s, s.t1)})`,
    ],
    verify: (tx, s, { res }) => {
      const T2 = kelvin(s, s.t2);
      const bs = shown(R.div(R.mul(res.q, kelvin(s, s.t1)), T2));
      return reply(
        [tx.back(res, s, T2, bs)],
        tx.theOriginal(bs, s),
        evp(`${res.text}*${tExpr(s, s.t1)}/${tExpr(s, s.t2)}`, bs),
      );
    },
    edgeAsk: {
      ru: "При какой температуре (в °C) объём газа удвоится?",
      en: "At what temperature (in °C) would the volume double?",
    },
    edge: (tx, s) => {
      const T1 = kelvin(s, s.t1);
      const tc = R.sub(R.mul(q(2), T1), q(273));
      return reply([tx.theVolumeDoublesWhen(T1)], tx.atNot(tc, s), evs(`2*(${d(s.t1)} + 273) - 273`, d(tc)));
    },
    params: paramRows([
      V1,
      ["t2", "t₂", "theFinalTemperature", "celsius", (c) => q(c.rng.int(-20, 150)), ["set"]],
    ]),
    mistakes: faultRows([
      ["unit_conversion", "units", "usedCelsius", "onlyAbsolute"],
      ["wrong_formula", "inverted", "invertedTemperatureRatio", "heatingExpands"],
    ]),
  },
  combined: {
    ask: {
      ru: [
        (s) =>
          `Газ при ${d(s.p1)} ${RU_UNIT.pressure} и ${d(s.t1)} ${RU_UNIT.temperature} занимает ${d(s.v1)} ${RU_UNIT.volume}. Каким будет давление, если объём станет ${d(s.v2)} ${RU_UNIT.volume}, а температура ${d(s.t2)} К?`,
        (s) =>
          `Состояние газа: p₁ = ${d(s.p1)} ${RU_UNIT.pressure}, V₁ = ${d(s.v1)} ${RU_UNIT.volume}, T₁ = ${d(s.t1)} ${RU_UNIT.temperature}. Газ перевели в состояние с V₂ = ${d(s.v2)} ${RU_UNIT.volume} и T₂ = ${d(s.t2)} ${RU_UNIT.temperature}. Найдите p₂.`,
      ],
      en: [
        (s) =>
          `A gas at ${d(s.p1)} ${EN_UNIT.pressure} and ${d(s.t1)} ${EN_UNIT.temperature} fills ${d(s.v1)} ${EN_UNIT.volume}. What is its pressure when the volume becomes ${d(s.v2)} ${EN_UNIT.volume} and the temperature ${d(s.t2)} K?`,
        (s) =>
          `A gas starts at p₁ = ${d(s.p1)} ${EN_UNIT.pressure}, V₁ = ${d(s.v1)} ${EN_UNIT.volume}, T₁ = ${d(s.t1)} ${EN_UNIT.temperature} and ends at V₂ = ${d(s.v2)} ${EN_UNIT.volume}, T₂ = ${d(s.t2)} ${EN_UNIT.temperature}. Find p₂.`,
      ],
    },
    sym: "p₂",
    kind: "pressure",
    expr: (s) => `${d(s.p1)}*${d(s.v1)}*${d(s.t2)}/(${d(s.t1)}*${d(s.v2)})`,
    solve: (tx, s, fault, worked) => {
      const law = tx.forFixedAmountOf;
      if (fault === "noT")
        return worked(
          [law, "p₂ = p₁V₁ / V₂"],
          R.div(R.mul(s.p1, s.v1), s.v2),
          `${d(s.p1)} · ${d(s.v1)} / ${d(s.v2)}`,
        );
      // The other planted fault inverts the temperature ratio.
      const inverted = fault === "invertedT";
      const top = inverted ? s.t1 : s.t2;
      const bottom = inverted ? s.t2 : s.t1;
      return worked(
        [law, inverted ? "p₂ = p₁V₁T₁ / (T₂V₂)" : "p₂ = p₁V₁T₂ / (T₁V₂)"],
        R.div(R.mul(R.mul(s.p1, s.v1), top), R.mul(bottom, s.v2)),
        `${d(s.p1)} · ${d(s.v1)} · ${d(top)} / (${d(bottom)} · ${d(s.v2)})`,
      );
    },
    why: (tx) => tx.theCombinedLawFollows,
    alt: (tx, s, f) => {
      const mid = R.div(R.mul(s.p1, s.v1), s.v2);
      return [
        [
          tx.inTwoStepsFirst(s, shown(mid)),
          tx.thenChangeTheTemperature,
          via(f, `${d(mid)} · ${d(s.t2)} / ${d(s.t1)}`),
        ],
        `(${d(s.p1)}*${d(s.v1)}/${d(s.v2)})*${d(s.t2)}/${d(s.t1)}`,
      ];
    },
    verify: (tx, s, { res }) => {
      const a = shown(R.div(R.mul(res.q, s.v2), s.t2));
      const b = shown(R.div(R.mul(s.p1, s.v1), s.t1));
      return reply(
        [
          `p₂V₂ / T₂ = ${res.text} · ${d(s.v2)} / ${d(s.t2)} ${rel(a)} ${a.text}; p₁V₁ / T₁ ${rel(b)} ${b.text}.`,
        ],
        tx.matchesSoTheAnswer(b),
        evp(`${d(s.p1)}*${d(s.v1)}/${d(s.t1)}`, b),
      );
    },
    edgeAsk: { ru: "А если бы температура не изменилась?", en: "And if the temperature had not changed?" },
    edge: (tx, s, { ctx }) => {
      const b = shown(R.div(R.mul(s.p1, s.v1), s.v2));
      return reply(
        [tx.thenAndOnlyBoyle(s)],
        quantity(ctx, "p₂", b, "pressure"),
        evp(`${d(s.p1)}*${d(s.v1)}/${d(s.v2)}`, b),
      );
    },
    params: paramRows([
      P1,
      V2,
      ["t2", "T₂", "theFinalTemperature", "temperature", (c) => q(c.rng.int(220, 500)), ["double", "set"]],
    ]),
    mistakes: faultRows([
      ["dropped_term", "noT", "ignoredTemperature", "temperatureFactor"],
      ["wrong_formula", "invertedT", "invertedTemperatureRatio", "combinedGives"],
    ]),
  },
  ideal: {
    ask: {
      ru: [
        (s) =>
          `${d(s.n)} ${RU_UNIT.mol} идеального газа находится в сосуде объёмом ${d(s.v1)} ${RU_UNIT.volume} при температуре ${d(s.t1)} ${s.celsius ? "°C" : "К"}. Найдите давление газа в кПа. R = 8.31 Дж/(моль·К).`,
        (s) =>
          `Какое давление (в кПа) создают ${d(s.n)} ${RU_UNIT.mol} газа в баллоне объёмом ${d(s.v1)} ${RU_UNIT.volume} при ${d(s.t1)} ${s.celsius ? "°C" : "К"}? Газ считайте идеальным, R = 8.31 Дж/(моль·К).`,
      ],
      en: [
        (s) =>
          `${d(s.n)} ${EN_UNIT.mol} of an ideal gas is in ${aN(d(s.v1))} ${EN_UNIT.volume} vessel at ${d(s.t1)} ${s.celsius ? "°C" : "K"}. Find the pressure in kPa. R = 8.31 J/(mol·K).`,
        (s) =>
          `What pressure (in kPa) do ${d(s.n)} ${EN_UNIT.mol} of gas exert in ${aN(d(s.v1))} ${EN_UNIT.volume} tank at ${d(s.t1)} ${s.celsius ? "°C" : "K"}? Treat the gas as ideal, R = 8.31 J/(mol·K).`,
      ],
    },
    sym: "p",
    kind: "pressure",
    expr: (s) => `${d(s.n)}*8.31*${tExpr(s, s.t1)}/(${d(s.v1)}/1000)/1000`,
    solve: (tx, s, fault, worked) => {
      const steps = [tx.theIdealGasLaw];
      // The planted fault leaves the temperature in °C.
      const raw = s.celsius && fault === "units";
      const T = raw ? s.t1 : kelvin(s, s.t1);
      if (s.celsius && !raw) steps.push(tx.temperatureInKelvin(s, T));
      if (T.n <= 0) throw INVALID;
      steps.push(tx.volumeInDivideThe(s));
      const formula = `${d(s.n)} · 8.31 · ${d(T)} / ${d(R.div(s.v1, q(1000)))} / 1000`;
      return worked(steps, R.div(R.mul(R.mul(s.n, RGAS), T), s.v1), formula);
    },
    why: (tx) => tx.linksPressureToAmount,
    alt: (tx, s, f) => [
      [tx.shortcutWithInLitres(s), via(f, `${d(s.n)} / ${d(s.v1)} · 8.31 · ${d(kelvin(s, s.t1))}`)],
      `${d(s.n)}/${d(s.v1)}*8.31*${tExpr(s, s.t1)}`,
    ],
    verify: (tx, s, { res }) => {
      const T = kelvin(s, s.t1);
      const nb = shown(R.div(R.mul(res.q, s.v1), R.mul(RGAS, T)));
      return reply(
        [tx.recoverTheAmount(res, s, T, nb)],
        tx.asGiven(nb),
        evp(`${res.text}*${d(s.v1)}/(8.31*${d(T)})`, nb),
      );
    },
    edgeAsk: {
      ru: "Что будет с давлением, если газа в баллоне станет вдвое больше?",
      en: "What happens to the pressure if the amount of gas doubles?",
    },
    edge: (tx, s, { ctx, o }) => {
      const two = shown(R.mul(q(2), o.value as Q));
      return reply(
        [tx.atTheSameAnd],
        quantity(ctx, "p", two, "pressure"),
        evp(`2*${d(s.n)}*8.31*${tExpr(s, s.t1)}/${d(s.v1)}`, two),
      );
    },
    params: paramRows([
      ["n", "ν", "theAmountOfGas", "mol", (c) => q(c.rng.int(1, 40), 10)],
      ["v1", "V", "theVolume", "volume", (c) => q(c.rng.int(1, 40))],
    ]),
    mistakes: faultRows([["unit_conversion", "units", "noKelvin", "idealAbsolute", (s) => s.celsius]]),
  },
};

function withParam(_ctx: Ctx, s: S, key: string, value: Exact): S | null {
  if (isSurd(value) || xnum(value) > 100000) return null;
  const n = { ...s, [key]: value } as S;
  if (key !== "t2" && value.n <= 0) return null;
  if (kelvin(n, n.t2).n <= 0 && n.variant !== "boyle" && n.variant !== "ideal") return null;
  if (n.variant === "charles" && R.eq(n.t1, n.t2)) return null;
  return n;
}

/**
 * The state the solution ends in: the result and whichever of p, V, T the problem fixes; state 2
 * when the answer names it so (p₂, V₂), unnumbered after the ideal gas law's p.
 */
const GAS: Record<Variant, (s: S, result: Exact) => GasState> = {
  boyle: (s, p) => ({ n: 2, p, V: s.v2 }),
  charles: (s, V) => ({ n: 2, V, T: kelvin(s, s.t2) }),
  combined: (s, p) => ({ n: 2, p, V: s.v2, T: kelvin(s, s.t2) }),
  ideal: (s, p) => ({ p, V: s.v1, T: kelvin(s, s.t1) }),
};

export const gasLaws = variantTask({
  id: "gas_laws",
  domain: "physics",
  text: TEXT,
  draw,
  variant: (s) => VARIANTS[s.variant],
  questions: {
    why: { ru: "Почему используется именно этот закон?", en: "Why does this law apply?" },
    alt: { ru: "Можно ли решить по-другому?", en: "Is there another way?" },
    verify: { ru: "Как проверить ответ?", en: "How can we check the answer?" },
  },
  with: withParam,
  gas: (s, result) => GAS[s.variant](s, result),
});
