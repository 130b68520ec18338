import type { Tr } from "./lang.js";
import { rel, roundingNote, type Shown, shown, shownPlaces } from "./num/decimal.js";
import { type Exact, isSurd, qsqrtCarried, xnum } from "./num/exact.js";
import * as R from "./num/rational.js";
import { decimalPlaces, decStr, OVERFLOW, pow10, type Q, q, qdec, roundTo } from "./num/rational.js";
import { evp } from "./text.js";
import type { Carry, ChainStep, Ctx, Param, QuantityKind, Reply, VariationOp } from "./types.js";

/** g as the problems state it: 9.8 m/s² (10 m/s² only where a problem says so). */
export const G = q(49, 5);
export const G10 = q(10);

interface QuantityInfo {
  unitRu: string;
  unitEn: string;
  /** Accusative reference for chain turns ("эту скорость" / "that speed"). */
  refRu: string;
  refEn: string;
}

export const QUANTITIES: Record<QuantityKind, QuantityInfo> = {
  number: { unitRu: "", unitEn: "", refRu: "результат", refEn: "the result" },
  // The currency agrees with the amount (MONEY in nouns.ts), so it is not a fixed unit.
  money: { unitRu: "", unitEn: "", refRu: "эту сумму", refEn: "that amount" },
  probability: { unitRu: "", unitEn: "", refRu: "эту вероятность", refEn: "that probability" },
  count: { unitRu: "", unitEn: "", refRu: "это число", refEn: "that number" },
  length: { unitRu: "см", unitEn: "cm", refRu: "эту длину", refEn: "that length" },
  area: { unitRu: "см²", unitEn: "cm²", refRu: "эту площадь", refEn: "that area" },
  speed: { unitRu: "м/с", unitEn: "m/s", refRu: "эту скорость", refEn: "that speed" },
  distance: { unitRu: "м", unitEn: "m", refRu: "это расстояние", refEn: "that distance" },
  time: { unitRu: "с", unitEn: "s", refRu: "это время", refEn: "that time" },
  accel: { unitRu: "м/с²", unitEn: "m/s²", refRu: "это ускорение", refEn: "that acceleration" },
  force: { unitRu: "Н", unitEn: "N", refRu: "эту силу", refEn: "that force" },
  mass: { unitRu: "кг", unitEn: "kg", refRu: "эту массу", refEn: "that mass" },
  energy: { unitRu: "Дж", unitEn: "J", refRu: "эту энергию", refEn: "that energy" },
  momentum: { unitRu: "кг·м/с", unitEn: "kg·m/s", refRu: "этот импульс", refEn: "that momentum" },
  voltage: { unitRu: "В", unitEn: "V", refRu: "это напряжение", refEn: "that voltage" },
  current: { unitRu: "А", unitEn: "A", refRu: "эту силу тока", refEn: "that current" },
  resistance: { unitRu: "Ом", unitEn: "Ω", refRu: "это сопротивление", refEn: "that resistance" },
  power: { unitRu: "Вт", unitEn: "W", refRu: "эту мощность", refEn: "that power" },
  pressure: { unitRu: "кПа", unitEn: "kPa", refRu: "это давление", refEn: "that pressure" },
  volume: { unitRu: "л", unitEn: "L", refRu: "этот объём", refEn: "that volume" },
  temperature: { unitRu: "К", unitEn: "K", refRu: "эту температуру", refEn: "that temperature" },
};

/**
 * The magnitudes (in the units above) a quantity can plausibly have in a school problem's story:
 * a chain step whose result falls outside is not asked (a 0.78 µm displacement, a 1634 m/s throw,
 * a 9000 A current). Kinds without physical units have no range.
 */
const PLAUSIBLE: Partial<Record<QuantityKind, readonly [min: number, max: number]>> = {
  speed: [0.01, 1000],
  distance: [0.01, 100_000],
  time: [0.01, 10_000],
  accel: [0.001, 1000],
  force: [0.01, 1_000_000],
  mass: [0.001, 100_000],
  energy: [0.01, 10_000_000],
  momentum: [0.01, 1_000_000],
  voltage: [0.1, 100_000],
  current: [0.001, 500],
  resistance: [0.01, 1_000_000],
  power: [0.01, 1_000_000],
  pressure: [1, 30_000],
  volume: [0.01, 1000],
  temperature: [20, 3000],
};

/** Whether `x` is a plausible magnitude for `kind` (0 is: a body at rest, no current). */
export function plausible(kind: QuantityKind, x: Exact): boolean {
  const range = PLAUSIBLE[kind];
  if (range === undefined) return true;
  const v = Math.abs(xnum(x));
  return v === 0 || (v >= range[0] && v <= range[1]);
}

/** Each kind's unit with its leading space, per language: built once, not per value written. */
function spacedUnits(lang: "unitRu" | "unitEn"): Record<QuantityKind, string> {
  const out = {} as Record<QuantityKind, string>;
  for (const k of Object.keys(QUANTITIES) as QuantityKind[])
    out[k] = QUANTITIES[k][lang] ? ` ${QUANTITIES[k][lang]}` : "";
  return out;
}
const SPACED_RU = spacedUnits("unitRu");
const SPACED_EN = spacedUnits("unitEn");

/** " м/с" / " m/s" (with the leading space), or "" for unitless kinds. */
export function unit(ctx: Ctx, kind: QuantityKind): string {
  return (ctx.ru ? SPACED_RU : SPACED_EN)[kind];
}

/** Extra units that are not chain quantities. */
export const U = {
  kmh: (ctx: Ctx) => (ctx.ru ? " км/ч" : " km/h"),
  g: (ctx: Ctx) => (ctx.ru ? " г" : " g"),
  m2: (ctx: Ctx) => (ctx.ru ? " м²" : " m²"),
  celsius: (_ctx: Ctx) => " °C",
  pa: (ctx: Ctx) => (ctx.ru ? " Па" : " Pa"),
  mol: (ctx: Ctx) => (ctx.ru ? " моль" : " mol"),
  ms2: (ctx: Ctx) => (ctx.ru ? " м/с²" : " m/s²"),
  n: (ctx: Ctx) => (ctx.ru ? " Н" : " N"),
  j: (ctx: Ctx) => (ctx.ru ? " Дж" : " J"),
};

/**
 * A value for running text ("2.5"). Inputs are short decimals; a result carried into the next
 * chain step is exact, and when its decimals do not terminate it is written with two digits more
 * than its rounded display and an ellipsis ("3.1511…"): the next step computes with the exact
 * value, so nothing drifts, and the reader sees enough digits to follow the arithmetic.
 */
export function d(x: Q): string {
  if (decimalPlaces(x) !== Number.POSITIVE_INFINITY) return decStr(x);
  return `${decStr(roundTo(x, shownPlaces(x) + 2))}…`;
}

/** "=" between two equal values, "≈" between a rounded one and its target. */
export function approx(a: Q, b: Q): string {
  return R.eq(a, b) ? "=" : "≈";
}

/** Same as d, parenthesised when negative, for use inside a formula. */
export function dop(x: Q): string {
  return x.n < 0 ? `(${d(x)})` : d(x);
}

/**
 * A carried value in a formula's text: as `d`, and a terminating value longer than four decimals
 * (nine digits carried after a root) the same way as a repeating one, "11.4998…", not
 * "11.4997782". Text only: a check writes the value in full (`adop`).
 */
function dt(x: Q): string {
  if (decimalPlaces(x) <= 4) return decStr(x);
  const r = roundTo(x, shownPlaces(x) + 2);
  return R.eq(r, x) ? decStr(x) : `${decStr(r)}…`;
}

function dtop(x: Q): string {
  return x.n < 0 ? `(${dt(x)})` : dt(x);
}

/** A value for a check expression: the decimal, or the exact fraction when it does not terminate. */
export function ad(x: Q): string {
  if (decimalPlaces(x) !== Number.POSITIVE_INFINITY) return decStr(x);
  return `(${x.n}/${x.d})`;
}

/** Same, parenthesised when negative. */
export function adop(x: Q): string {
  return x.n < 0 ? `(${ad(x)})` : ad(x);
}

/** A result's formula, written once: its exact value, its line and its check (see `formula`). */
export interface Formula {
  value(v: readonly Q[]): Exact;
  shown(v: readonly Q[]): string;
  check(v: readonly Q[]): string;
}

/** The result line's notation and the check's: "m · v² / 2" is "m*v^2/2", "√(2h / g)" "sqrt(2h/g)". */
const CHECK_SYNTAX: readonly [string, string][] = [
  [" · ", "*"],
  [" / ", "/"],
  ["²", "^2"],
  ["√(", "sqrt("],
];

type Node = (v: readonly Q[]) => Q;

/**
 * A formula written as its result line shows it, "{y} · {x}² / 2", with placeholders for the
 * numbers (`names` gives their order in the values passed; "{y:m}" also names the symbol m for
 * the caller's law text) and decimal literals such as 2 or 9.8.
 * The line writes the first number plain and the others parenthesised when negative ("-3 · (-2)");
 * the check writes each as `adop` does. The value is computed exactly in the order written (·, /
 * left to right, + last, ² on one number or bracket, √(...) only around the whole formula), so it
 * is the same rational a hand-written R.mul/R.div chain gives.
 */
export function formula(text: string, names: readonly string[]): Formula {
  const parts = text.split(/\{(\w+)(?::[^}]*)?\}/);
  const lits = parts.filter((_, i) => i % 2 === 0);
  const slots = parts.filter((_, i) => i % 2 === 1).map((name) => names.indexOf(name));
  const checkLits = lits.map((l) => CHECK_SYNTAX.reduce((acc, [from, to]) => acc.replaceAll(from, to), l));
  const tokens = text.match(/\{[^}]+\}|√\(|[\d.]+|[()+·/²]/g) ?? [];
  let i = 0;
  // One precedence level: operands from `next`, joined left to right by the level's operators.
  const level = (next: () => Node, ops: Readonly<Record<string, (a: Q, b: Q) => Q>>) => (): Node => {
    let node = next();
    for (let op = ops[tokens[i]]; op; op = ops[tokens[i]]) {
      i++;
      const [l, r, f] = [node, next(), op];
      node = (v) => f(l(v), r(v));
    }
    return node;
  };
  const atom = (): Node => {
    const t = tokens[i++];
    if (t === "(") {
      const inner = sum();
      i++;
      return inner;
    }
    if (t.startsWith("{")) {
      const k = names.indexOf(t.slice(1, -1).split(":")[0]);
      return (v) => v[k];
    }
    const c = qdec(t);
    return () => c;
  };
  const power = (): Node => {
    const base = atom();
    if (tokens[i] !== "²") return base;
    i++;
    return (v) => {
      const b = base(v);
      return SQUARES.get(b) ?? R.mul(b, b);
    };
  };
  const product = level(power, { "·": R.mul, "/": R.div });
  const sum = level(product, { "+": R.add });
  const root = tokens[0] === "√(";
  if (root) i = 1;
  const node = sum();
  if (i !== tokens.length - (root ? 1 : 0) || slots.includes(-1)) throw new Error(`bad formula: ${text}`);
  // A squared number that is a carried root is written as its exact square ("v² / (2a)" with
  // v = √644.84 is "644.84 / (2 · 2.8)"), as the value squares it (see SQUARES).
  const squared = slots.map((_, k) => lits[k + 1].startsWith("²"));
  const fill = (l: readonly string[], v: readonly Q[], first: (x: Q) => string, rest: (x: Q) => string) => {
    let out = l[0];
    for (let k = 0; k < slots.length; k++) {
      const x = v[slots[k]];
      const square = squared[k] ? SQUARES.get(x) : undefined;
      if (square) out += (k === 0 ? first : rest)(square) + l[k + 1].slice(l[k + 1].startsWith("^") ? 2 : 1);
      else out += (k === 0 ? first : rest)(x) + l[k + 1];
    }
    return out;
  };
  return {
    value: root ? (v) => qsqrtCarried(node(v)) : node,
    shown: (v) => fill(lits, v, dt, dtop),
    check: (v) => fill(checkLits, v, adop, adop),
  };
}

/**
 * The value a later step computes with: the exact result while its fraction stays small, else
 * (a root, or a chain whose denominators grow) the value to nine significant digits (and at
 * least four decimals), far below any rounding the dialogue states, so nothing drifts and exact
 * arithmetic stays in range.
 */
export function carriedValue(x: Exact): Q {
  if (!isSurd(x) && x.d <= 1_000_000) return x;
  const v = xnum(x);
  // At least four decimals, and never a value that reads as its own rounded display (1144799.65…
  // at nine digits, 15350.4199… at four, 0.00000000304… at twelve): the value carried on is not
  // the rounded one. The display keeps two decimals, or three significant figures below 1.
  const magnitude = Math.floor(Math.log10(Math.abs(v) || 1));
  const shownPlaces = Math.abs(v) >= 1 ? 2 : 2 - magnitude;
  let places = Math.max(4, Math.min(12, 8 - magnitude));
  let scaled = Math.round(v * pow10(places));
  while (
    places < 14 &&
    (places <= shownPlaces || scaled % pow10(places - shownPlaces) === 0) &&
    Number.isSafeInteger(scaled * 100)
  ) {
    places += 2;
    scaled = Math.round(v * pow10(places));
  }
  if (!Number.isSafeInteger(scaled)) throw OVERFLOW;
  const carried = q(scaled, pow10(places));
  // A root b√r squares to the rational b²r: a step that squares it ("h = v² / (2g)") stays exact.
  if (isSurd(x) && x.a.n === 0) SQUARES.set(carried, R.mul(R.mul(x.b, x.b), q(x.r)));
  return carried;
}

/** The exact square of a carried root's nine-digit value (see carriedValue), for `formula`. */
const SQUARES = new WeakMap<Q, Q>();

/**
 * A physics input drawn by difficulty: integers up to 4, then sometimes one decimal, from 8
 * sometimes two. `lo`/`hi` are integers; the value stays within [lo, hi].
 */
export function pnum(ctx: Ctx, lo: number, hi: number): Q {
  const r = ctx.rng;
  if (ctx.d >= 8 && r.chance(0.3)) return q(r.int(lo * 100, hi * 100), 100);
  if (ctx.d >= 5 && r.chance(0.55)) return q(r.int(lo * 10, hi * 10), 10);
  return q(r.int(lo, hi));
}

/** "v = 22 м/с" or "a ≈ 3.27 м/с² (округлено до сотых)". */
export function physAnswer(ctx: Ctx, sym: string, s: Shown, kind: QuantityKind): string {
  return `${sym} ${rel(s)} ${s.text}${unit(ctx, kind)}${roundingNote(s, ctx.ru)}`;
}

/** The last step line "sym = formula = value unit" and the shown value. */
export function physResult(
  ctx: Ctx,
  sym: string,
  kind: QuantityKind,
  exact: Exact,
  formulaWithNumbers: string,
): { s: Shown; line: string } {
  const s = shown(exact);
  return { s, line: `${sym} = ${formulaWithNumbers} ${rel(s)} ${s.text}${unit(ctx, kind)}` };
}

/** A complete physics reply: steps ending in the result line, the answer, one check. */
export function physReply(
  ctx: Ctx,
  steps: string[],
  sym: string,
  kind: QuantityKind,
  exact: Exact,
  formulaWithNumbers: string,
  expr: string,
): { reply: Reply; s: Shown } {
  const { s, line } = physResult(ctx, sym, kind, exact, formulaWithNumbers);
  steps.push(line);
  return { reply: { steps, answer: physAnswer(ctx, sym, s, kind), checks: [evp(expr, s)] }, s };
}

/** The result handed to the next chain step: its exact value (see carriedValue), not the rounded one. */
/** How a chain's next question refers to a quantity of this kind ("the speed", «скорость»). */
export function quantityRef(ctx: Ctx, kind: QuantityKind): string {
  const info = QUANTITIES[kind];
  return ctx.ru ? info.refRu : info.refEn;
}

export function physCarry(ctx: Ctx, kind: QuantityKind, exact: Exact): Carry {
  return {
    kind,
    value: carriedValue(exact),
    ref: quantityRef(ctx, kind),
    decimal: true,
  };
}

/** Builds a chain step for a physics follow-on. */
export function physStep(
  ctx: Ctx,
  user: string,
  steps: string[],
  sym: string,
  kind: QuantityKind,
  exact: Exact,
  formulaWithNumbers: string,
  expr: string,
): ChainStep {
  const { reply } = physReply(ctx, steps, sym, kind, exact, formulaWithNumbers, expr);
  return { user, reply, carry: physCarry(ctx, kind, exact) };
}

/** The variations most physics inputs allow. */
export const SCALE: readonly VariationOp[] = ["double", "halve", "set"];

/**
 * A physics input the variations may change, shown as a decimal with its unit: the Param literal
 * each task's params() used to spell out field by field (same fields, same order).
 */
export function physParam(
  key: string,
  label: string,
  sym: string,
  value: Exact,
  fresh: (ctx: Ctx) => Exact,
  unit: string,
  ops: readonly VariationOp[] = SCALE,
): Param {
  return { key, label, sym, value, ops, fresh, unit, decimal: true };
}

/** Units that are not chain quantities, by name. */
type ExtraUnit = "kmh" | "min" | "g" | "pa" | "mol" | "stiffness";
export type UnitKey = QuantityKind | ExtraUnit;

function unitTable(lang: "unitRu" | "unitEn", extra: Record<ExtraUnit, string>): Record<UnitKey, string> {
  const out = { ...extra } as Record<UnitKey, string>;
  for (const k of Object.keys(QUANTITIES) as QuantityKind[]) out[k] = QUANTITIES[k][lang];
  return out;
}

/**
 * Unit symbols by language (the QUANTITIES units plus a few more), for text templates that write
 * a unit after a number: "${d(v)} ${RU_UNIT.speed}" is "12 м/с".
 */
export const UNITS: Tr<Record<UnitKey, string>> = {
  ru: unitTable("unitRu", { kmh: "км/ч", min: "мин", g: "г", pa: "Па", mol: "моль", stiffness: "Н/м" }),
  en: unitTable("unitEn", { kmh: "km/h", min: "min", g: "g", pa: "Pa", mol: "mol", stiffness: "N/m" }),
};
export const RU_UNIT = UNITS.ru;
export const EN_UNIT = UNITS.en;

/** "p₂ ≈ 1.25 кПа": a value as shown, with its unit. */
export function quantity(ctx: Ctx, sym: string, x: Shown, kind: QuantityKind): string {
  return `${sym} ${rel(x)} ${x.text}${unit(ctx, kind)}`;
}
