import { AN, aN, type Tr } from "../lang.js";
import { rel, roundingNote, type Shown, shown } from "../num/decimal.js";
import * as R from "../num/rational.js";
import { type Q, q } from "../num/rational.js";
import { d, EN_UNIT, quantity, RU_UNIT, unit } from "../physics.js";
import { evp, reply } from "../text.js";
import type { Ctx, Reply } from "../types.js";
import { changed, type Outcome, resultLine } from "./formula.js";
import {
  faultRows,
  type ParamRow,
  type PhysVariant,
  paramRows,
  variantTask,
  type Worked,
} from "./variant-task.js";

/** This module's texts: English here, every other language in TEXT (a missing entry does not compile). */
const TEXT_EN = {
  byOhmLaw: "By Ohm's law I = U / R.",
  totalResistance: (sum: string, t: R.Q) => `Total resistance R = ${sum} = ${d(t)} ${EN_UNIT.resistance}.`,
  totalResistanceAbout: (formula: string, ts: Shown) =>
    `Total resistance R = ${formula} ${rel(ts)} ${ts.text} ${EN_UNIT.resistance}.`,
  inSeriesTheResistances: (sum: string, t: R.Q) =>
    `In series the resistances add: R = ${sum} = ${d(t)} ${EN_UNIT.resistance}.`,
  theSameCurrentFlows: "The same current flows everywhere: I = U / R.",
  current: "Current I = U / R₁.",
  inParallelBothBranches: "In parallel both branches see the same voltage and the branch currents add.",
  branches: (s: S, a: Shown, b: Shown) =>
    `I₁ = ${d(s.U)} / ${d(s.r1)} ${rel(a)} ${a.text} ${EN_UNIT.current}, I₂ = ${d(s.U)} / ${d(s.r2)} ${rel(b)} ${b.text} ${EN_UNIT.current}`,
  theParallelPair: (s: S, ps: Shown) =>
    `The parallel pair: R₂₃ = ${d(s.r2)} · ${d(s.r3)} / (${d(s.r2)} + ${d(s.r3)}) ${rel(ps)} ${ps.text} ${EN_UNIT.resistance}.`,
  allTheCurrentPasses: (is: Shown) =>
    `All the current passes through R₁: I = U / R ${rel(is)} ${is.text} ${EN_UNIT.current}.`,
  powerUsingTheExact: "Power P = I² · R₁ (using the exact current).",
  ohmLawForResistor:
    "Ohm's law for a resistor: the current is proportional to the voltage and inversely proportional to the resistance.",
  inSeriesOneCurrent:
    "In series one current runs through every resistor and their voltages add up, so their resistances add.",
  parallelBranchesShareThe:
    "Parallel branches share the voltage, and the current in the shared lead is the sum of the branch currents (charge is conserved).",
  allOfTheCircuit:
    "All of the circuit's current passes through R₁, so we find the total resistance and current first; the power in a resistor is P = I²R.",
  throughConductance: (s: S, g: Shown) =>
    `Through conductance G = 1 / R = 1 / ${d(s.r1)} ${rel(g)} ${g.text} S: I = U · G.`,
  withTheVoltageDivider: (s: S, t: R.Q, u1s: Shown) =>
    `With the voltage divider: R₁ gets the share R₁ / R of the voltage, U₁ = ${d(s.U)} · ${d(s.r1)} / ${d(t)} ${rel(u1s)} ${u1s.text} ${EN_UNIT.voltage}.`,
  thenTheCurrentIs: "Then the current is I = U₁ / R₁.",
  throughTheEquivalentResistance: (s: S, es: Shown) =>
    `Through the equivalent resistance: R = R₁R₂ / (R₁ + R₂) = ${d(s.r1)} · ${d(s.r2)} / ${d(R.add(s.r1, s.r2))} ${rel(es)} ${es.text} ${EN_UNIT.resistance}.`,
  withoutRoundingFirst: "I = U / R (without rounding R first).",
  throughTheVoltageOn: "Through the voltage on R₁: U₁ = U · R₁ / R, then P = U₁² / R₁.",
  multiplyTheCurrentBy: (res: Shown, rs: Shown, us: Shown) =>
    `Multiply the current by the circuit resistance: U = I · R = ${res.text} · ${rs.text} ${rel({ approx: us.approx || rs.approx })} ${us.text} ${EN_UNIT.voltage}.`,
  theSourceVoltage: (us: Shown, s: S) =>
    `U ${rel(us)} ${us.text} V${roundingNote(us, false)}: the source voltage ${d(s.U)} V${us.approx ? " up to rounding" : ""}.`,
  checkWith: "Check with P = U₁ · I.",
  theSamePower: (pp: Shown) => `The same power: ${pp.text} W${roundingNote(pp, false)}.`,
  theCurrentIsInversely: (s: S) =>
    `I = ${d(s.U)} / ${d(R.mul(q(2), s.r1))}: the current is inversely proportional to the resistance.`,
  itHalves: (i: Shown) => `It halves: I ${rel(i)} ${i.text} ${EN_UNIT.current}.`,
  thenItDropsOut: (rest: R.Q, s: S) =>
    `Then it drops out: R = ${d(rest)} ${EN_UNIT.resistance} and I = ${d(s.U)} / ${d(rest)}.`,
  theCurrentRises: (i: Shown) => `The current rises: I ${rel(i)} ${i.text} ${EN_UNIT.current}.`,
  onlyOneBranchRemains: (s: S) =>
    `Only one branch remains: I = U / R₁ = ${d(s.U)} / ${d(s.r1)}. The first branch's current does not change.`,
  andRemainInSeries: (t: R.Q, s: S) =>
    `R₁ and R₂ remain in series: R = ${d(t)} ${EN_UNIT.resistance}, I = ${d(s.U)} / ${d(t)}, P = I² · ${d(s.r1)}.`,
  smallerBecauseTheTotal: (pw: Shown) =>
    `P ${rel(pw)} ${pw.text} ${EN_UNIT.power}, smaller because the total resistance grew.`,
  theVoltage: "the voltage",
  theResistance: "the resistance",
  theFirstResistance: "the first resistance",
  theSecondResistance: "the second resistance",
  resistanceR1: "R₁",
  resistanceR2: "R₂",
  resistanceR3: "R₃",
  multipliedUR: "I multiplied voltage by resistance.",
  ohmLaw: "Ohm's law is I = U / R; U · R is not a current at all.",
  combinedAsParallel: "I combined the resistors as if they were in parallel.",
  seriesAdd: "The resistors are in series, so their resistances simply add.",
  forgotThird: "I forgot the third resistor.",
  threeResistors: (s: S) =>
    `There are three resistors; the total is ${d(seriesTotal(s))} ${EN_UNIT.resistance}.`,
  addedAsSeries: "I added the resistances as if they were in series.",
  parallelCurrentsAdd: "In parallel the currents (or conductances) add, not the resistances.",
  oneBranchOnly: "I counted only one branch's current.",
  bothBranches: "The shared lead carries both branch currents: I = I₁ + I₂.",
  powerAsIR: "I computed the power as I · R.",
  powerIsI2R: "Power in a resistor is P = I²R (or UI); I · R is a voltage.",
  allInSeries: "I treated all resistors as in series.",
  r23Parallel: "R₂ and R₃ are in parallel: R₂₃ = R₂R₃ / (R₂ + R₃).",
};

const TEXT: Tr<typeof TEXT_EN> = {
  ru: {
    byOhmLaw: "По закону Ома I = U / R.",
    totalResistance: (sum, t) => `Общее сопротивление R = ${sum} = ${d(t)} ${RU_UNIT.resistance}.`,
    totalResistanceAbout: (formula, ts) =>
      `Общее сопротивление R = ${formula} ${rel(ts)} ${ts.text} ${RU_UNIT.resistance}.`,
    inSeriesTheResistances: (sum, t) =>
      `При последовательном соединении сопротивления складываются: R = ${sum} = ${d(t)} ${RU_UNIT.resistance}.`,
    theSameCurrentFlows: "Ток во всей цепи одинаков: I = U / R.",
    current: `Ток I = U / R₁.`,
    inParallelBothBranches:
      "При параллельном соединении напряжение на обеих ветвях одинаково, а токи ветвей складываются.",
    branches: (s, a, b) =>
      `I₁ = ${d(s.U)} / ${d(s.r1)} ${rel(a)} ${a.text} ${RU_UNIT.current}, I₂ = ${d(s.U)} / ${d(s.r2)} ${rel(b)} ${b.text} ${RU_UNIT.current}`,
    theParallelPair: (s, ps) =>
      `Сопротивление параллельной пары: R₂₃ = ${d(s.r2)} · ${d(s.r3)} / (${d(s.r2)} + ${d(s.r3)}) ${rel(ps)} ${ps.text} ${RU_UNIT.resistance}.`,
    allTheCurrentPasses: (is) =>
      `Весь ток проходит через R₁: I = U / R ${rel(is)} ${is.text} ${RU_UNIT.current}.`,
    powerUsingTheExact: "Мощность P = I² · R₁ (считаем с точным током).",
    ohmLawForResistor:
      "Закон Ома для участка цепи: сила тока прямо пропорциональна напряжению и обратно пропорциональна сопротивлению.",
    inSeriesOneCurrent:
      "При последовательном соединении через все резисторы идёт один и тот же ток, а напряжения на них складываются, поэтому и сопротивления складываются.",
    parallelBranchesShareThe:
      "В параллельных ветвях одинаковое напряжение, а ток в общем проводе равен сумме токов ветвей (заряд никуда не пропадает).",
    allOfTheCircuit:
      "Через R₁ проходит весь ток цепи, поэтому сначала находим общее сопротивление и общий ток, а мощность на резисторе — P = I²R.",
    throughConductance: (s, g) =>
      `Через проводимость G = 1 / R = 1 / ${d(s.r1)} ${rel(g)} ${g.text} См: I = U · G.`,
    withTheVoltageDivider: (s, t, u1s) =>
      `Через делитель напряжения: на R₁ приходится доля R₁ / R общего напряжения, U₁ = ${d(s.U)} · ${d(s.r1)} / ${d(t)} ${rel(u1s)} ${u1s.text} ${RU_UNIT.voltage}.`,
    thenTheCurrentIs: "Тогда ток I = U₁ / R₁.",
    throughTheEquivalentResistance: (s, es) =>
      `Через эквивалентное сопротивление: R = R₁R₂ / (R₁ + R₂) = ${d(s.r1)} · ${d(s.r2)} / ${d(R.add(s.r1, s.r2))} ${rel(es)} ${es.text} ${RU_UNIT.resistance}.`,
    withoutRoundingFirst: "I = U / R (без промежуточного округления R).",
    throughTheVoltageOn: "Через напряжение на R₁: U₁ = U · R₁ / R, затем P = U₁² / R₁.",
    multiplyTheCurrentBy: (res, rs, us) =>
      `Умножим ток на сопротивление цепи: U = I · R = ${res.text} · ${rs.text} ${rel({ approx: us.approx || rs.approx })} ${us.text} ${RU_UNIT.voltage}.`,
    theSourceVoltage: (us, s) =>
      `U ${rel(us)} ${us.text} В${roundingNote(us, true)} — это напряжение источника ${d(s.U)} В${us.approx ? " с точностью до округления" : ""}.`,
    checkWith: "Проверим через P = U₁ · I.",
    theSamePower: (pp) => `Та же мощность: ${pp.text} Вт${roundingNote(pp, true)}.`,
    theCurrentIsInversely: (s) =>
      `I = ${d(s.U)} / ${d(R.mul(q(2), s.r1))}: ток обратно пропорционален сопротивлению.`,
    itHalves: (i) => `Уменьшится вдвое: I ${rel(i)} ${i.text} ${RU_UNIT.current}.`,
    thenItDropsOut: (rest, s) =>
      `Тогда его сопротивление выпадает: R = ${d(rest)} ${RU_UNIT.resistance}, I = ${d(s.U)} / ${d(rest)}.`,
    theCurrentRises: (i) => `Ток вырастет: I ${rel(i)} ${i.text} ${RU_UNIT.current}.`,
    onlyOneBranchRemains: (s) =>
      `Останется одна ветвь: I = U / R₁ = ${d(s.U)} / ${d(s.r1)}. Ток первой ветви от отключения второй не меняется.`,
    andRemainInSeries: (t, s) =>
      `Останутся R₁ и R₂ последовательно: R = ${d(t)} ${RU_UNIT.resistance}, I = ${d(s.U)} / ${d(t)}, P = I² · ${d(s.r1)}.`,
    smallerBecauseTheTotal: (pw) =>
      `P ${rel(pw)} ${pw.text} ${RU_UNIT.power} — меньше, потому что общее сопротивление выросло.`,
    theVoltage: "напряжение",
    theResistance: "сопротивление",
    theFirstResistance: "первое сопротивление",
    theSecondResistance: "второе сопротивление",
    resistanceR1: "сопротивление R₁",
    resistanceR2: "сопротивление R₂",
    resistanceR3: "сопротивление R₃",
    multipliedUR: "Я умножил напряжение на сопротивление.",
    ohmLaw: "Закон Ома: I = U / R; U · R не имеет смысла силы тока.",
    combinedAsParallel: "Я посчитал сопротивление как для параллельного соединения.",
    seriesAdd: "Резисторы стоят последовательно, их сопротивления просто складываются.",
    forgotThird: "Я забыл третий резистор.",
    threeResistors: (s) =>
      `В цепи три резистора, общее сопротивление ${d(seriesTotal(s))} ${RU_UNIT.resistance}.`,
    addedAsSeries: "Я сложил сопротивления, как при последовательном соединении.",
    parallelCurrentsAdd:
      "При параллельном соединении складываются токи (или проводимости), а не сопротивления.",
    oneBranchOnly: "Я учёл ток только одной ветви.",
    bothBranches: "Через общий провод идут токи обеих ветвей: I = I₁ + I₂.",
    powerAsIR: "Я посчитал мощность как I · R.",
    powerIsI2R: "Мощность на резисторе P = I²R (или UI), а I · R — это напряжение.",
    allInSeries: "Я посчитал все резисторы последовательными.",
    r23Parallel: "R₂ и R₃ соединены параллельно: R₂₃ = R₂R₃ / (R₂ + R₃).",
  },
  en: TEXT_EN,
};

/**
 * ohms_law: Ohm's law and DC circuits. Difficulty: current through one resistor (1-2), resistors
 * in series (3-4, three of them at 4), two in parallel (5-7), one in series with a parallel pair
 * and the power it dissipates (8-10).
 */
type Variant = "single" | "series" | "parallel" | "mixed";
type Tx = typeof TEXT_EN;

interface S {
  variant: Variant;
  U: Q;
  r1: Q;
  r2: Q;
  r3: Q;
}

function draw(ctx: Ctx): S {
  const r = ctx.rng;
  const dd = ctx.d;
  const ohm = (lo: number, hi: number) => q(r.int(lo, hi));
  if (dd <= 2) {
    const U = r.pick([q(3), q(9, 2), q(6), q(9), q(12), q(24), q(36), q(110), q(220)]);
    return { variant: "single", U, r1: ohm(2, 60), r2: q(0), r3: q(0) };
  }
  if (dd <= 4)
    return {
      variant: "series",
      U: q(r.int(3, 240)),
      r1: ohm(2, 60),
      r2: ohm(2, 60),
      r3: dd === 4 ? ohm(2, 40) : q(0),
    };
  if (dd <= 7) return { variant: "parallel", U: q(r.int(3, 240)), r1: ohm(2, 80), r2: ohm(2, 80), r3: q(0) };
  return { variant: "mixed", U: q(r.int(6, 240)), r1: ohm(2, 50), r2: ohm(2, 60), r3: ohm(2, 60) };
}

function seriesTotal(s: S): Q {
  return R.add(R.add(s.r1, s.r2), s.r3);
}

function par(a: Q, b: Q): Q {
  return R.div(R.mul(a, b), R.add(a, b));
}

function mixedTotal(s: S): Q {
  return R.add(s.r1, par(s.r2, s.r3));
}
/** The series sum as the steps and the check write it: "R₁ + R₂ (+ R₃)". */
function seriesSum(s: S): string {
  return s.r3.n !== 0 ? `${d(s.r1)} + ${d(s.r2)} + ${d(s.r3)}` : `${d(s.r1)} + ${d(s.r2)}`;
}

/**
 * The series resistances as a list: "52 Ω and 54 Ω", "52 Ω, 54 Ω and 49 Ω" (`unit` after each
 * value, "" to write it once after the list); two values joined by a comma alone read as a typo.
 */
function listed(s: S, unit: string, and: string): string {
  const head = `${d(s.r1)}${unit}`;
  const tail = `${and} ${s.r3.n !== 0 ? d(s.r3) : d(s.r2)}${unit}`;
  return s.r3.n !== 0 ? `${head}, ${d(s.r2)}${unit} ${tail}` : `${head} ${tail}`;
}

/** The mixed circuit's total resistance, and its current, in a check expression. */
function mixedTotalExpr(s: S): string {
  return `${d(s.r1)} + ${d(s.r2)}*${d(s.r3)}/(${d(s.r2)} + ${d(s.r3)})`;
}

function mixedCurrent(s: S): string {
  return `(${d(s.U)}/(${mixedTotalExpr(s)}))`;
}

/** A planted fault of the series and parallel variants: R₁ and R₂ simply added. */
function firstTwoInSeries(tx: Tx, s: S, worked: Worked): Outcome {
  const t = R.add(s.r1, s.r2);
  return worked([tx.totalResistance(`${d(s.r1)} + ${d(s.r2)}`, t)], R.div(s.U, t), `${d(s.U)} / ${d(t)}`);
}

/** A check of a current: times the circuit's resistance `rr` it gives back the source voltage. */
function backToVoltage(tx: Tx, s: S, res: Shown, rr: Q, rExpr: string): Reply {
  const us = shown(R.mul(res.q, rr));
  return reply(
    [tx.multiplyTheCurrentBy(res, shown(rr), us)],
    tx.theSourceVoltage(us, s),
    evp(`${res.text}*${rExpr}`, us),
  );
}

const ohms = (c: Ctx) => q(c.rng.int(2, 80));
const VOLTAGE: ParamRow<S, Tx> = ["U", "U", "theVoltage", "voltage", (c) => q(c.rng.int(3, 240))];
const R1: ParamRow<S, Tx> = ["r1", "R₁", "theFirstResistance", "resistance", ohms];
const R2: ParamRow<S, Tx> = ["r2", "R₂", "theSecondResistance", "resistance", ohms];

const VARIANTS: Record<Variant, PhysVariant<S, Tx>> = {
  single: {
    ask: {
      ru: [
        (s) =>
          `Какой ток течёт через резистор сопротивлением ${d(s.r1)} ${RU_UNIT.resistance}, если напряжение на нём ${d(s.U)} В?`,
        (s) =>
          `Лампа сопротивлением ${d(s.r1)} ${RU_UNIT.resistance} включена в сеть ${d(s.U)} ${RU_UNIT.voltage}. Найдите силу тока.`,
      ],
      en: [
        (s) =>
          `What current flows through ${aN(d(s.r1))} ${EN_UNIT.resistance} resistor with ${d(s.U)} ${EN_UNIT.voltage} across it?`,
        (s) =>
          `${AN(d(s.r1))} ${EN_UNIT.resistance} lamp is connected to ${d(s.U)} ${EN_UNIT.voltage}. Find the current.`,
      ],
    },
    sym: "I",
    kind: "current",
    expr: (s) => `${d(s.U)}/${d(s.r1)}`,
    solve: (tx, s, fault, worked) =>
      fault === "multiply"
        ? worked(["I = U · R"], R.mul(s.U, s.r1), `${d(s.U)} · ${d(s.r1)}`)
        : worked([tx.byOhmLaw], R.div(s.U, s.r1), `${d(s.U)} / ${d(s.r1)}`),
    why: (tx) => tx.ohmLawForResistor,
    alt: (tx, s, f) => [
      [tx.throughConductance(s, shown(R.div(q(1), s.r1))), resultLine(f.ctx, f.o)],
      `${d(s.U)}*(1/${d(s.r1)})`,
    ],
    verify: (tx, s, { res }) => backToVoltage(tx, s, res, s.r1, d(s.r1)),
    edgeAsk: {
      ru: "Что будет с током, если сопротивление удвоить?",
      en: "What happens to the current if the resistance doubles?",
    },
    edge: (tx, s) => {
      const i = shown(R.div(s.U, R.mul(q(2), s.r1)));
      return reply([tx.theCurrentIsInversely(s)], tx.itHalves(i), evp(`${d(s.U)}/(2*${d(s.r1)})`, i));
    },
    params: paramRows([VOLTAGE, ["r1", "R", "theResistance", "resistance", ohms]]),
    mistakes: faultRows([["wrong_formula", "multiply", "multipliedUR", "ohmLaw"]]),
  },
  series: {
    ask: {
      ru: [
        (s) =>
          `Резисторы ${listed(s, ` ${RU_UNIT.resistance}`, "и")} соединены последовательно и подключены к источнику ${d(s.U)} ${RU_UNIT.voltage}. Найдите силу тока в цепи.`,
        (s) =>
          `Последовательно включены сопротивления ${listed(s, "", "и")} ${RU_UNIT.resistance}, общее напряжение ${d(s.U)} ${RU_UNIT.voltage}. Какой ток течёт в цепи?`,
      ],
      en: [
        (s) =>
          `Resistors of ${listed(s, ` ${EN_UNIT.resistance}`, "and")} are in series across ${aN(d(s.U))} ${EN_UNIT.voltage} source. Find the current.`,
        (s) =>
          `Resistors of ${listed(s, ` ${EN_UNIT.resistance}`, "and")} are wired in series to ${aN(d(s.U))} ${EN_UNIT.voltage} source. What current flows?`,
      ],
    },
    sym: "I",
    kind: "current",
    expr: (s) => `${d(s.U)}/(${seriesSum(s)})`,
    solve: (tx, s, fault, worked) => {
      const three = s.r3.n !== 0;
      if (fault === "dropped" && three) return firstTwoInSeries(tx, s, worked);
      if (fault === "parallel") {
        const t = par(s.r1, s.r2);
        return worked(
          [tx.totalResistanceAbout("R₁R₂ / (R₁ + R₂)", shown(t))],
          R.div(s.U, three ? par(t, s.r3) : t),
          `${d(s.U)} / R`,
        );
      }
      const t = seriesTotal(s);
      return worked(
        [tx.inSeriesTheResistances(seriesSum(s), t), tx.theSameCurrentFlows],
        R.div(s.U, t),
        `${d(s.U)} / ${d(t)}`,
      );
    },
    why: (tx) => tx.inSeriesOneCurrent,
    alt: (tx, s, f) => {
      const t = seriesTotal(s);
      const u1s = shown(R.div(R.mul(s.U, s.r1), t));
      return [
        [tx.withTheVoltageDivider(s, t, u1s), tx.thenTheCurrentIs, resultLine(f.ctx, f.o)],
        `(${d(s.U)}*${d(s.r1)}/${d(t)})/${d(s.r1)}`,
      ];
    },
    verify: (tx, s, { res }) => backToVoltage(tx, s, res, seriesTotal(s), `(${d(seriesTotal(s))})`),
    edgeAsk: {
      ru: "А если первый резистор закоротить проводом?",
      en: "And if the first resistor is shorted out with a wire?",
    },
    edge: (tx, s) => {
      const rest = R.sub(seriesTotal(s), s.r1);
      const i = shown(R.div(s.U, rest));
      return reply([tx.thenItDropsOut(rest, s)], tx.theCurrentRises(i), evp(`${d(s.U)}/${d(rest)}`, i));
    },
    params: paramRows([VOLTAGE, R1, R2]),
    mistakes: faultRows([
      ["wrong_formula", "parallel", "combinedAsParallel", "seriesAdd"],
      ["dropped_term", "dropped", "forgotThird", "threeResistors", (s) => s.r3.n !== 0],
    ]),
  },
  parallel: {
    ask: {
      ru: [
        (s) =>
          `Резисторы ${d(s.r1)} ${RU_UNIT.resistance} и ${d(s.r2)} ${RU_UNIT.resistance} соединены параллельно и подключены к ${d(s.U)} ${RU_UNIT.voltage}. Найдите общий ток.`,
        (s) =>
          `Два прибора сопротивлением ${d(s.r1)} ${RU_UNIT.resistance} и ${d(s.r2)} ${RU_UNIT.resistance} включены параллельно в сеть ${d(s.U)} ${RU_UNIT.voltage}. Какой ток идёт через общий провод?`,
      ],
      en: [
        (s) =>
          `Resistors of ${d(s.r1)} ${EN_UNIT.resistance} and ${d(s.r2)} ${EN_UNIT.resistance} are in parallel across ${d(s.U)} ${EN_UNIT.voltage}. Find the total current.`,
        (s) =>
          `Two devices of ${d(s.r1)} ${EN_UNIT.resistance} and ${d(s.r2)} ${EN_UNIT.resistance} are connected in parallel to ${d(s.U)} ${EN_UNIT.voltage}. What current flows in the shared lead?`,
      ],
    },
    sym: "I",
    kind: "current",
    expr: (s) => `${d(s.U)}/${d(s.r1)} + ${d(s.U)}/${d(s.r2)}`,
    solve: (tx, s, fault, worked) => {
      const i1 = R.div(s.U, s.r1);
      const i2 = R.div(s.U, s.r2);
      if (fault === "series") return firstTwoInSeries(tx, s, worked);
      if (fault === "oneBranch") return worked([tx.current], i1, `${d(s.U)} / ${d(s.r1)}`);
      const a = shown(i1);
      const b = shown(i2);
      const branches = tx.branches(s, a, b);
      // The total adds the exact branch currents: their roundings need not add up to its own.
      return worked(
        [tx.inParallelBothBranches, branches],
        R.add(i1, i2),
        `I₁ + I₂ = ${d(s.U)} / ${d(s.r1)} + ${d(s.U)} / ${d(s.r2)}`,
      );
    },
    why: (tx) => tx.parallelBranchesShareThe,
    alt: (tx, s, f) => [
      [
        tx.throughTheEquivalentResistance(s, shown(par(s.r1, s.r2))),
        tx.withoutRoundingFirst,
        resultLine(f.ctx, f.o),
      ],
      `${d(s.U)}/(${d(s.r1)}*${d(s.r2)}/(${d(s.r1)} + ${d(s.r2)}))`,
    ],
    verify: (tx, s, { res }) =>
      backToVoltage(tx, s, res, par(s.r1, s.r2), `(${d(s.r1)}*${d(s.r2)}/(${d(s.r1)} + ${d(s.r2)}))`),
    edgeAsk: {
      ru: "Каким станет общий ток, если второй прибор отключить?",
      en: "What is the total current if the second device is switched off?",
    },
    edge: (tx, s, { ctx }) => {
      const i = shown(R.div(s.U, s.r1));
      return reply(
        [tx.onlyOneBranchRemains(s)],
        quantity(ctx, "I", i, "current"),
        evp(`${d(s.U)}/${d(s.r1)}`, i),
      );
    },
    params: paramRows([VOLTAGE, R1, R2]),
    mistakes: faultRows([
      ["wrong_formula", "series", "addedAsSeries", "parallelCurrentsAdd"],
      ["dropped_term", "oneBranch", "oneBranchOnly", "bothBranches"],
    ]),
  },
  mixed: {
    ask: {
      ru: [
        (s) =>
          `Резистор R₁ = ${d(s.r1)} ${RU_UNIT.resistance} соединён последовательно с параллельной парой R₂ = ${d(s.r2)} ${RU_UNIT.resistance} и R₃ = ${d(s.r3)} ${RU_UNIT.resistance}. Цепь подключена к ${d(s.U)} ${RU_UNIT.voltage}. Какая мощность выделяется на R₁?`,
        (s) =>
          `В цепи к источнику ${d(s.U)} ${RU_UNIT.voltage} подключены: R₁ = ${d(s.r1)} ${RU_UNIT.resistance} и последовательно с ним два параллельных резистора ${d(s.r2)} ${RU_UNIT.resistance} и ${d(s.r3)} ${RU_UNIT.resistance}. Найдите мощность на R₁.`,
      ],
      en: [
        (s) =>
          `R₁ = ${d(s.r1)} ${EN_UNIT.resistance} is in series with a parallel pair R₂ = ${d(s.r2)} ${EN_UNIT.resistance} and R₃ = ${d(s.r3)} ${EN_UNIT.resistance}, all across ${d(s.U)} ${EN_UNIT.voltage}. What power is dissipated in R₁?`,
        (s) =>
          `${AN(d(s.U))} ${EN_UNIT.voltage} source drives R₁ = ${d(s.r1)} ${EN_UNIT.resistance} followed by two parallel resistors of ${d(s.r2)} ${EN_UNIT.resistance} and ${d(s.r3)} ${EN_UNIT.resistance}. Find the power in R₁.`,
      ],
    },
    sym: "P",
    kind: "power",
    expr: (s) => `${mixedCurrent(s)}^2*${d(s.r1)}`,
    solve: (tx, s, fault, worked) => {
      if (fault === "allSeries") {
        const t = seriesTotal(s);
        const i = R.div(s.U, t);
        return worked(
          [tx.totalResistance(`${d(s.r1)} + ${d(s.r2)} + ${d(s.r3)}`, t), `I = ${d(s.U)} / ${d(t)}`],
          R.mul(R.mul(i, i), s.r1),
          "I² · R₁",
        );
      }
      const tot = mixedTotal(s);
      const i = R.div(s.U, tot);
      const steps = [
        tx.theParallelPair(s, shown(par(s.r2, s.r3))),
        tx.totalResistanceAbout("R₁ + R₂₃", shown(tot)),
      ];
      steps.push(tx.allTheCurrentPasses(shown(i)));
      // The other planted fault forgets to square the current.
      const square = fault !== "noSquare";
      steps.push(square ? tx.powerUsingTheExact : "P = I · R₁");
      return worked(steps, R.mul(square ? R.mul(i, i) : i, s.r1), `${square ? "I²" : "I"} · ${d(s.r1)}`);
    },
    why: (tx) => tx.allOfTheCircuit,
    alt: (tx, s, f) => {
      const u1 = `U₁ = ${d(s.U)} · ${d(s.r1)} / R, R = ${d(s.r1)} + ${d(s.r2)} · ${d(s.r3)} / (${d(s.r2)} + ${d(s.r3)})`;
      return [
        [tx.throughTheVoltageOn, u1, resultLine(f.ctx, f.o)],
        `(${d(s.U)}*${d(s.r1)}/(${mixedTotalExpr(s)}))^2/${d(s.r1)}`,
      ];
    },
    verify: (tx, s, { ctx }) => {
      const tot = mixedTotal(s);
      const i = R.div(s.U, tot);
      const u1 = R.mul(i, s.r1);
      const pp = shown(R.mul(u1, i));
      const ts = shown(tot);
      const is = shown(i);
      const u1s = shown(u1);
      return reply(
        [
          tx.checkWith,
          `R ${rel(ts)} ${ts.text}${unit(ctx, "resistance")}, I = ${d(s.U)} / ${ts.text} ${rel(is)} ${is.text}${unit(ctx, "current")}, U₁ = I · R₁ = ${is.text} · ${d(s.r1)} ${rel(u1s)} ${u1s.text}${unit(ctx, "voltage")}`,
          `P = U₁ · I = ${u1s.text} · ${is.text} ${rel(pp)} ${pp.text}${unit(ctx, "power")}`,
        ],
        tx.theSamePower(pp),
        evp(`${mixedCurrent(s)}*${d(s.r1)}*${mixedCurrent(s)}`, pp),
      );
    },
    edgeAsk: { ru: "А если резистор R₃ убрать из цепи?", en: "What if R₃ is removed from the circuit?" },
    edge: (tx, s) => {
      const t = R.add(s.r1, s.r2);
      const pw = shown(R.mul(R.mul(R.div(s.U, t), R.div(s.U, t)), s.r1));
      return reply(
        [tx.andRemainInSeries(t, s)],
        tx.smallerBecauseTheTotal(pw),
        evp(`(${d(s.U)}/${d(t)})^2*${d(s.r1)}`, pw),
      );
    },
    params: paramRows([
      VOLTAGE,
      ["r1", "R₁", "resistanceR1", "resistance", ohms],
      ["r2", "R₂", "resistanceR2", "resistance", ohms],
      ["r3", "R₃", "resistanceR3", "resistance", ohms],
    ]),
    mistakes: faultRows([
      ["wrong_formula", "noSquare", "powerAsIR", "powerIsI2R"],
      ["wrong_formula", "allSeries", "allInSeries", "r23Parallel"],
    ]),
  },
};

export const ohmsLaw = variantTask({
  id: "ohms_law",
  domain: "physics",
  text: TEXT,
  draw,
  variant: (s) => VARIANTS[s.variant],
  questions: {
    why: { ru: "Почему решать нужно именно так?", en: "Why is this the right approach?" },
    alt: { ru: "А можно решить другим способом?", en: "Can we solve it another way?" },
    verify: { ru: "Как проверить ответ?", en: "How can we check it?" },
  },
  with: (_ctx, s, key, value) => changed(s, key, value),
});
