import { approx2, type Exact, isSurd, xascii, xdisplay, xshow } from "./exact.js";
import { decimalPlaces, decStr, Q } from "./rational.js";

/**
 * Formatting that honours a value's context: in money and percentage problems a terminating
 * rational is written as a decimal ("125.4"), elsewhere as a fraction ("627/5"). Text and check
 * use the same spelling, so the answer shown is literally the value checked.
 */
function asDecimal(x: Exact, decimal: boolean): x is Q {
  return decimal && !isSurd(x) && x.d !== 1 && decimalPlaces(x) <= 6;
}

/**
 * For running text, with "≈ 4.24" after a surd, and in decimal contexts (money, percentages)
 * after a fraction that does not terminate: "206650/33 ≈ 6262.12".
 */
export function show(x: Exact, decimal = false): string {
  if (asDecimal(x, decimal)) return decStr(x);
  if (decimal && x instanceof Q && x.d !== 1) return `${xdisplay(x)} ≈ ${approx2(x.n / x.d)}`;
  return xshow(x);
}

/** For running text, without the approximation. */
export function disp(x: Exact, decimal = false): string {
  return asDecimal(x, decimal) ? decStr(x) : xdisplay(x);
}

/** For checks. */
export function asc(x: Exact, decimal = false): string {
  return asDecimal(x, decimal) ? decStr(x) : xascii(x);
}

function plain(x: Exact): x is Q {
  return !isSurd(x) && x.d === 1 && x.n >= 0;
}

/** Operand in running text: parenthesised unless a non-negative integer (or decimal). */
export function dopnd(x: Exact, decimal = false): string {
  if (plain(x)) return String(x.n);
  if (asDecimal(x, decimal) && x.n > 0) return decStr(x);
  return `(${disp(x, decimal)})`;
}

/** Operand in a check expression: same rule. */
export function aopnd(x: Exact, decimal = false): string {
  if (plain(x)) return String(x.n);
  if (asDecimal(x, decimal) && x.n > 0) return decStr(x);
  return `(${asc(x, decimal)})`;
}
