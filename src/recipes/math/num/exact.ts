import * as R from "./rational.js";
import { INVALID, OVERFLOW, pow10, Q, q } from "./rational.js";

/**
 * a + b*sqrt(r) with rationals a, b (b != 0) and a square-free r >= 2: the numbers of Q(sqrt r).
 * Enough for quadratic roots, Pythagoras and Heron, and for chaining on them ("substitute the
 * larger root into 3x - 2") while staying exact.
 */
export class Surd {
  constructor(
    readonly a: Q,
    readonly b: Q,
    readonly r: number,
  ) {}
}

/** An exact value: a rational or a quadratic surd. */
export type Exact = Q | Surd;

export function isSurd(x: Exact): x is Surd {
  return x instanceof Surd;
}

function surd(a: Q, b: Q, r: number): Exact {
  return b.n === 0 ? a : new Surd(a, b, r);
}

function parts(x: Exact): [Q, Q, number] {
  return x instanceof Surd ? [x.a, x.b, x.r] : [x, R.ZERO, 0];
}

function commonRoot(r1: number, r2: number): number {
  if (r1 && r2 && r1 !== r2) throw OVERFLOW;
  return r1 || r2;
}

export function xadd(x: Exact, y: Exact): Exact {
  if (!(x instanceof Surd) && !(y instanceof Surd)) return R.add(x, y);
  const [a1, b1, r1] = parts(x);
  const [a2, b2, r2] = parts(y);
  return surd(R.add(a1, a2), R.add(b1, b2), commonRoot(r1, r2));
}

export function xneg(x: Exact): Exact {
  return x instanceof Surd ? new Surd(R.neg(x.a), R.neg(x.b), x.r) : R.neg(x);
}

export function xsub(x: Exact, y: Exact): Exact {
  return xadd(x, xneg(y));
}

export function xmul(x: Exact, y: Exact): Exact {
  if (!(x instanceof Surd) && !(y instanceof Surd)) return R.mul(x, y);
  const [a1, b1, r1] = parts(x);
  const [a2, b2, r2] = parts(y);
  const r = commonRoot(r1, r2);
  const a = R.add(R.mul(a1, a2), R.mul(R.mul(b1, b2), q(r)));
  const b = R.add(R.mul(a1, b2), R.mul(a2, b1));
  return surd(a, b, r);
}

/** The conjugate a - b*sqrt(r). */
export function xconj(x: Exact): Exact {
  return x instanceof Surd ? new Surd(x.a, R.neg(x.b), x.r) : x;
}

export function xdiv(x: Exact, y: Exact): Exact {
  if (!(y instanceof Surd)) {
    if (y.n === 0) throw INVALID;
    return x instanceof Surd ? surd(R.div(x.a, y), R.div(x.b, y), x.r) : R.div(x, y);
  }
  // Rationalise: x / y = x * conj(y) / (a^2 - b^2 r).
  const norm = R.sub(R.mul(y.a, y.a), R.mul(R.mul(y.b, y.b), q(y.r)));
  return xdiv(xmul(x, xconj(y)), norm);
}

export function xsq(x: Exact): Exact {
  return xmul(x, x);
}

export function xpowInt(x: Exact, k: number): Exact {
  if (k < 0) return xdiv(R.ONE, xpowInt(x, -k));
  let r: Exact = R.ONE;
  for (let i = 0; i < k; i++) r = xmul(r, x);
  return r;
}

export function xnum(x: Exact): number {
  return x instanceof Surd ? x.a.n / x.a.d + (x.b.n / x.b.d) * Math.sqrt(x.r) : x.n / x.d;
}

export function xeq(x: Exact, y: Exact): boolean {
  const [a1, b1, r1] = parts(x);
  const [a2, b2, r2] = parts(y);
  return R.eq(a1, a2) && R.eq(b1, b2) && (b1.n === 0 || r1 === r2);
}

export function xcmp(x: Exact, y: Exact): number {
  if (!(x instanceof Surd) && !(y instanceof Surd)) return R.cmp(x, y);
  const d = xnum(x) - xnum(y);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

export function xsign(x: Exact): number {
  if (!(x instanceof Surd)) return R.sign(x);
  const v = xnum(x);
  return v < 0 ? -1 : v > 0 ? 1 : 0;
}

export function xIsRational(x: Exact): x is Q {
  return !(x instanceof Surd);
}

/** sqrt of a non-negative rational in simplest radical form: sqrt(n/d) = sqrt(n*d)/d. */
/**
 * √x for a value carried from an earlier step. While the fraction is small its square root is
 * exact (a whole number, a fraction or a surd); a long fraction (an exact result carried through
 * several steps) gets the root to nine significant digits, far below any rounding shown, rather
 * than a factorisation of a 15-digit number.
 */
export function qsqrtCarried(x: Q): Exact {
  if (x.n < 0) throw INVALID;
  if (x.n * x.d < 1e9) return qsqrt(x);
  const v = Math.sqrt(x.n / x.d);
  const places = Math.max(0, Math.min(12, 8 - Math.floor(Math.log10(v || 1))));
  const scaled = Math.round(v * pow10(places));
  if (!Number.isSafeInteger(scaled)) throw OVERFLOW;
  return q(scaled, pow10(places));
}

export function qsqrt(x: Q): Exact {
  if (x.n < 0) throw INVALID;
  const nd = x.n * x.d;
  if (!Number.isSafeInteger(nd)) throw OVERFLOW;
  const [s, r] = R.splitSquare(nd);
  const coef = q(s, x.d);
  return r === 1 ? coef : new Surd(R.ZERO, coef, r);
}

/**
 * Plain ASCII for checks: "7/3", "-2", "3*sqrt(2)", "(1 + sqrt(5))/2", "-sqrt(5)/2".
 * `display` is the same shape with "√": "3√2", "(1 + √5)/2". The two differ only in how a root
 * is written, so a verifier can map one to the other.
 */
export function xascii(x: Exact): string {
  return x instanceof Surd ? surdString(x, true) : R.qstr(x);
}

export function xdisplay(x: Exact): string {
  return x instanceof Surd ? surdString(x, false) : R.qstr(x);
}

function surdString(x: Surd, ascii: boolean): string {
  const den = R.lcm(x.a.d, x.b.d);
  const A = x.a.n * (den / x.a.d);
  const B = x.b.n * (den / x.b.d);
  const absB = Math.abs(B);
  const root = ascii
    ? absB === 1
      ? `sqrt(${x.r})`
      : `${absB}*sqrt(${x.r})`
    : absB === 1
      ? `√${x.r}`
      : `${absB}√${x.r}`;
  let num: string;
  if (A === 0) num = B < 0 ? `-${root}` : root;
  else num = `${A} ${B < 0 ? "-" : "+"} ${root}`;
  if (den === 1) return num;
  return A === 0 ? `${num}/${den}` : `(${num})/${den}`;
}

/** As an operand inside a larger ASCII expression: parenthesised unless a plain non-negative integer. */
export function xop(x: Exact): string {
  if (!(x instanceof Surd) && x.d === 1 && x.n >= 0) return String(x.n);
  return `(${xascii(x)})`;
}

/** Display operand: same rule. */
export function xdop(x: Exact): string {
  if (!(x instanceof Surd) && x.d === 1 && x.n >= 0) return String(x.n);
  return `(${xdisplay(x)})`;
}

/**
 * Two decimals, trailing zeros kept off: "4.24", "-0.28", "3"; below 0.1 two significant figures,
 * so a small value is never written "≈ 0" ("9/5120 ≈ 0.0018").
 */
export function approx2(v: number): string {
  const av = Math.abs(v);
  const places = av >= 0.1 || av === 0 ? 2 : 1 - Math.floor(Math.log10(av));
  const p = pow10(places);
  const r = Math.round(v * p) / p;
  const s = (r === 0 ? 0 : r).toFixed(places);
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--; // trailing "0"
  if (s.charCodeAt(end - 1) === 46) end--; // a bare "."
  return s.slice(0, end);
}

/** Display with a decimal approximation when irrational: "3√2 ≈ 4.24"; rationals as is. */
export function xshow(x: Exact): string {
  return x instanceof Surd ? `${surdString(x, false)} ≈ ${approx2(xnum(x))}` : R.qstr(x);
}

export { Q, q };
