/**
 * Exact rational numbers on plain JS integers. Values in generated problems stay small, so
 * doubles holding safe integers are exact and several times faster than BigInt; every result is
 * checked and a value that would leave the safe range throws NumericRangeError, which the
 * dialogue builder answers by redrawing the dialogue (never by emitting an inexact number).
 */
export class NumericRangeError extends Error {
  constructor() {
    super("exact arithmetic left the safe integer range");
    this.name = "NumericRangeError";
  }
}

/**
 * Data that makes no sense for the problem at hand (a zero divisor, the root of a negative, a
 * degenerate figure): the caller draws other data. A RangeError, so callers catch both alike.
 */
export class InvalidDataError extends RangeError {
  constructor() {
    super("invalid data for this problem");
    this.name = "InvalidDataError";
  }
}

// Single instances: generation throws these routinely while searching for good data, and a
// fresh Error per throw (with its stack trace) would cost more than the arithmetic itself.
export const OVERFLOW = new NumericRangeError();
export const INVALID = new InvalidDataError();

/** An exact rational n/d in lowest terms with d > 0. Build with `q()`; never mutate. */
export class Q {
  constructor(
    readonly n: number,
    readonly d: number,
  ) {}
}

export function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  // Most operands fit 31 bits: integer remainders there, much cheaper than a double's.
  if (a <= 0x7fffffff && b <= 0x7fffffff) {
    let x = a | 0;
    let y = b | 0;
    while (y !== 0) {
      const t = (x % y) | 0;
      x = y;
      y = t;
    }
    return x;
  }
  while (b) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

export function lcm(a: number, b: number): number {
  return (Math.abs(a) / gcd(a, b)) * Math.abs(b);
}

// 10^0 .. 10^22, every power of ten a double holds exactly: roundings and decimal strings ask for
// these all the time, and `10 ** k` is a call to the engine's pow each time.
const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** 10^k, the same double `10 ** k` gives. */
export function pow10(k: number): number {
  return (k | 0) === k && k >= 0 && k < 23 ? POW10[k] : 10 ** k;
}

/** n/d reduced; throws NumericRangeError outside the safe integer range, RangeError on d = 0. */
export function q(n: number, d = 1): Q {
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d)) throw OVERFLOW;
  if (d === 0) throw INVALID;
  if (d === 1) return new Q(n === 0 ? 0 : n, 1);
  if (d < 0) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d);
  return g === 1 ? new Q(n, d) : new Q(n / g === 0 ? 0 : n / g, d / g);
}

export const ZERO = new Q(0, 1);
export const ONE = new Q(1, 1);

/** A decimal literal such as "2.5" or "-0.25" as an exact rational. */
export function qdec(text: string): Q {
  const neg = text.startsWith("-");
  const body = neg ? text.slice(1) : text;
  const dot = body.indexOf(".");
  if (dot < 0) return q(neg ? -Number(body) : Number(body));
  const digits = body.length - dot - 1;
  const n = Number(body.slice(0, dot) + body.slice(dot + 1));
  return q(neg ? -n : n, pow10(digits));
}

export function add(a: Q, b: Q): Q {
  if (a.d === 1 && b.d === 1) return q(a.n + b.n);
  return q(a.n * b.d + b.n * a.d, a.d * b.d);
}

export function sub(a: Q, b: Q): Q {
  if (a.d === 1 && b.d === 1) return q(a.n - b.n);
  return q(a.n * b.d - b.n * a.d, a.d * b.d);
}

export function mul(a: Q, b: Q): Q {
  if (a.d === 1 && b.d === 1) return q(a.n * b.n);
  return q(a.n * b.n, a.d * b.d);
}

export function div(a: Q, b: Q): Q {
  if (b.n === 0) throw INVALID;
  return q(a.n * b.d, a.d * b.n);
}

export function neg(a: Q): Q {
  return a.n === 0 ? a : new Q(-a.n, a.d);
}

export function abs(a: Q): Q {
  return a.n < 0 ? new Q(-a.n, a.d) : a;
}

export function inv(a: Q): Q {
  return div(ONE, a);
}

/** a^k for an integer k (negative allowed for a != 0). */
export function pow(a: Q, k: number): Q {
  if (k < 0) return inv(pow(a, -k));
  let r = ONE;
  for (let i = 0; i < k; i++) r = mul(r, a);
  return r;
}

export function cmp(a: Q, b: Q): number {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

export function eq(a: Q, b: Q): boolean {
  return a.n === b.n && a.d === b.d;
}

export function isInt(a: Q): boolean {
  return a.d === 1;
}

export function isZero(a: Q): boolean {
  return a.n === 0;
}

export function sign(a: Q): number {
  return a.n > 0 ? 1 : a.n < 0 ? -1 : 0;
}

export function toNumber(a: Q): number {
  return a.n / a.d;
}

export function qi(n: number): Q {
  return q(n, 1);
}

/** "7/3", "-7/3", "5". */
export function qstr(a: Q): string {
  return a.d === 1 ? String(a.n) : `${a.n}/${a.d}`;
}

/** True when a/d has a finite decimal expansion (d = 2^i 5^j). */
export function isTerminating(a: Q): boolean {
  let d = a.d;
  while (d % 2 === 0) d /= 2;
  while (d % 5 === 0) d /= 5;
  return d === 1;
}

// Decimal places per denominator: the same few denominators (2, 4, 5, 10, 20, 100, ...) recur
// in every physics dialogue, so the answer is computed once each (-1: not known yet).
const PLACES = new Float64Array(4096).fill(-1);
const PLACES_MORE = new Map<number, number>();

function placesOf(d: number): number {
  let dd = d;
  while (dd % 2 === 0) dd /= 2;
  while (dd % 5 === 0) dd /= 5;
  if (dd !== 1) return Number.POSITIVE_INFINITY;
  // Beyond 10^22 the powers of ten are inexact doubles, and for some denominators (2^24 * 5^4)
  // p % d never reaches 0: once p overflows, such a value counts as non-terminating (shown
  // rounded, as any value with that many decimals would be) instead of looping forever.
  let k = 0;
  let p = 1;
  while (p % d !== 0) {
    if (p === Number.POSITIVE_INFINITY) return p;
    p *= 10;
    k++;
  }
  return k;
}

/** Number of decimal places of a terminating rational (Infinity when it does not terminate). */
export function decimalPlaces(a: Q): number {
  const d = a.d;
  if (d < 4096) {
    let k = PLACES[d];
    if (k < 0) {
      k = placesOf(d);
      PLACES[d] = k;
    }
    return k;
  }
  const cached = PLACES_MORE.get(d);
  if (cached !== undefined) return cached;
  const k = placesOf(d);
  if (PLACES_MORE.size < 4096) PLACES_MORE.set(d, k);
  return k;
}

/** Exact decimal string of a terminating rational ("2.5", "-0.125", "3"), by integer arithmetic. */
export function decStr(a: Q): string {
  if (a.d === 1) return String(a.n);
  const k = decimalPlaces(a);
  const p = pow10(k);
  const scaled = Math.abs(a.n) * (p / a.d);
  if (!Number.isSafeInteger(scaled)) throw OVERFLOW;
  const whole = Math.floor(scaled / p);
  let frac = scaled - whole * p;
  // Drop trailing zeros of the fraction, then left-pad it to its remaining width.
  let places = k;
  while (frac % 10 === 0 && places > 0) {
    frac /= 10;
    places--;
  }
  let f = String(frac);
  if (f.length < places) f = "0".repeat(places - f.length) + f;
  const s = places > 0 ? `${whole}.${f}` : String(whole);
  return a.n < 0 ? `-${s}` : s;
}

/** Rounds to k decimal places, half away from zero, exactly. */
export function roundTo(a: Q, k: number): Q {
  const p = pow10(k);
  const r = roundedUnits(a, p);
  return q(a.n < 0 ? -r : r, p);
}

/** |a| in units of 1/p (p a power of ten), rounded half away from zero, exactly: 8.196, 100 → 820. */
export function roundedUnits(a: Q, p: number): number {
  const num = Math.abs(a.n) * p;
  if (!Number.isSafeInteger(num * 2)) throw OVERFLOW;
  return Math.floor((2 * num + a.d) / (2 * a.d));
}

/** Largest integer s with s^2 dividing n, and the square-free rest: n = s^2 * r. */
export function splitSquare(n: number): [number, number] {
  if (n === 0) return [1, 0];
  // Trial division that takes each prime factor out whole, so what is left to factor (m) shrinks
  // and the search stops at its square root: far fewer steps than trying every f with f² ≤ n.
  let s = 1;
  let r = 1;
  let m = n;
  for (let f = 2; f * f <= m; f += f === 2 ? 1 : 2) {
    if (m % f !== 0) continue;
    let odd = false;
    do {
      m /= f;
      if (odd) s *= f;
      odd = !odd;
    } while (m % f === 0);
    if (odd) r *= f;
  }
  // What is left is 1 or a prime.
  return [s, r * m];
}

/** Integer square root if n is a perfect square, else -1. */
export function exactSqrt(n: number): number {
  if (n < 0) return -1;
  const s = Math.round(Math.sqrt(n));
  return s * s === n ? s : -1;
}
