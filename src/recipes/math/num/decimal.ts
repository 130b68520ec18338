import { type Exact, isSurd, xnum } from "./exact.js";
import { decimalPlaces, decStr, OVERFLOW, pow10, type Q, q, roundedUnits } from "./rational.js";

/**
 * A physics value as the dialogue shows it: exact when it has at most three decimals, otherwise
 * rounded (two decimals from 1 up, three significant figures below 1) with the rounding stated
 * and the check carrying the matching tolerance. Later chain steps compute with `q`, the value
 * shown, exactly as a person would reuse the number on the page.
 */
export interface Shown {
  q: Q;
  text: string;
  approx: boolean;
  /** Decimal places of the rounding (approx only). */
  places: number;
  /** |exact - shown| <= tolerance (approx only). */
  tolerance?: number;
}

export function shown(x: Exact): Shown {
  const places = roundingPlaces(x);
  if (places === 0) return exact(x as Q);
  const p = pow10(places);
  const scaled = units(x, p);
  if (roundsToItself(x, p, scaled)) return exact(x as Q);
  const negative = xnum(x) < 0 && scaled !== 0;
  // Written with every decimal the stated rounding keeps ("8.20", "0.130"): the label is true.
  return {
    q: q(negative ? -scaled : scaled, p),
    text: fixed(scaled, places, negative),
    approx: true,
    places,
    tolerance: 5 / pow10(places + 1),
  };
}

/**
 * The decimal places shown(x) rounds to: 0 when it shows x exactly, else two from 1 up and three
 * significant figures below 1 (without writing the text: `d` and carried values need only this).
 */
export function shownPlaces(x: Exact): number {
  const places = roundingPlaces(x);
  if (places === 0) return 0;
  const p = pow10(places);
  return roundsToItself(x, p, units(x, p)) ? 0 : places;
}

/**
 * The places a value is rounded to (0 for a rational of at most three decimals, shown as it is),
 * before the check that the rounding changes it (roundsToItself).
 */
function roundingPlaces(x: Exact): number {
  if (!isSurd(x) && decimalPlaces(x) <= 3) return 0;
  const av = Math.abs(xnum(x));
  let places = av >= 1 ? 2 : 2 - Math.floor(Math.log10(av || 1));
  // 0.09996 rounds up to 0.1000, a fourth figure: three are 0.100 (and 0.9996 is 1.00).
  if (av < 1 && Math.round(av * pow10(places)) >= 1000) places--;
  // Three figures of a value below about 1e-10 take more than 12 decimals, more than a later step
  // can carry beyond them (0.000000000084 A after a chain of divisions): the dialogue is redrawn.
  if (places > 12) throw OVERFLOW;
  return places;
}

/** Whether x is exactly `scaled` units of 1/p: 0.00625 at three significant figures is itself. */
function roundsToItself(x: Exact, p: number, scaled: number): boolean {
  return !isSurd(x) && scaled * x.d === Math.abs(x.n) * p;
}

/** |x| in units of 1/p, rounded half away from zero (exactly for a rational). */
function units(x: Exact, p: number): number {
  if (!isSurd(x)) return roundedUnits(x, p);
  const scaled = Math.round(Math.abs(xnum(x)) * p);
  if (!Number.isSafeInteger(scaled)) throw OVERFLOW;
  return scaled;
}

/** An exact value as shown: its decimals as they are. (Same fields as a rounded one: one shape.) */
function exact(x: Q): Shown {
  return { q: x, text: decStr(x), approx: false, places: 0, tolerance: undefined };
}

/** `scaled` units of 10^-places as a decimal with exactly `places` decimals: 820, 2 → "8.20". */
function fixed(scaled: number, places: number, negative: boolean): string {
  const digits = String(scaled);
  const body =
    digits.length > places
      ? `${digits.slice(0, digits.length - places)}.${digits.slice(digits.length - places)}`
      : `0.${"0".repeat(places - digits.length)}${digits}`;
  return negative ? `-${body}` : body;
}

/** The stated rounding for an approximate value, or "" when exact. */
export function roundingNote(s: Shown, ru: boolean): string {
  if (!s.approx) return "";
  if (s.places === 2) return ru ? " (округлено до сотых)" : " (rounded to two decimal places)";
  return ru ? " (округлено до трёх значащих цифр)" : " (rounded to three significant figures)";
}

/** "=" for exact values, "≈" for rounded ones. */
export function rel(s: { readonly approx: boolean }): string {
  return s.approx ? "≈" : "=";
}
