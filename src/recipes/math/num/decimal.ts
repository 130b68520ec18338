import { type Exact, isSurd, xnum } from "./exact.js";
import { decimalPlaces, decStr, OVERFLOW, type Q, q, roundTo } from "./rational.js";

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
  if (!isSurd(x) && decimalPlaces(x) <= 3) return { q: x, text: decStr(x), approx: false, places: 0 };
  const v = xnum(x);
  const av = Math.abs(v);
  const places = av >= 1 ? 2 : Math.min(8, 2 - Math.floor(Math.log10(av || 1)));
  let r: Q;
  if (isSurd(x)) {
    const p = 10 ** places;
    const scaled = Math.round(av * p);
    if (!Number.isSafeInteger(scaled)) throw OVERFLOW;
    r = q(v < 0 ? -scaled : scaled, p);
  } else {
    r = roundTo(x, places);
  }
  return { q: r, text: decStr(r), approx: true, places, tolerance: 5 / 10 ** (places + 1) };
}

/** The stated rounding for an approximate value, or "" when exact. */
export function roundingNote(s: Shown, ru: boolean): string {
  if (!s.approx) return "";
  if (s.places === 2) return ru ? " (округлено до сотых)" : " (rounded to two decimal places)";
  return ru ? " (округлено до трёх значащих цифр)" : " (rounded to three significant figures)";
}

/** "=" for exact values, "≈" for rounded ones. */
export function rel(s: Shown): string {
  return s.approx ? "≈" : "=";
}
