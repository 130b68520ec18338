import { type Q, qstr } from "./rational.js";

/**
 * Polynomials in one variable, written for people ("2x² - 3x + 1") and for checks
 * ("2*x^2 - 3*x + 1"). Coefficients highest degree first; zero terms are left out.
 */
const SUP = ["", "", "²", "³", "⁴", "⁵"];

export function polyDisplay(coeffs: readonly Q[], v = "x"): string {
  return render(coeffs, v, false);
}

export function polyAscii(coeffs: readonly Q[], v = "x"): string {
  return render(coeffs, v, true);
}

function render(coeffs: readonly Q[], v: string, ascii: boolean): string {
  const deg = coeffs.length - 1;
  let out = "";
  for (let i = 0; i <= deg; i++) {
    const c = coeffs[i];
    if (c.n === 0) continue;
    const p = deg - i;
    const negative = c.n < 0;
    const absN = negative ? -c.n : c.n;
    const isOne = absN === 1 && c.d === 1;
    let mag: string;
    if (p === 0) mag = c.d === 1 ? String(absN) : `${absN}/${c.d}`;
    else {
      const pw = p === 1 ? v : ascii ? `${v}^${p}` : `${v}${SUP[p]}`;
      if (isOne) mag = pw;
      else if (c.d === 1) mag = ascii ? `${absN}*${pw}` : `${absN}${pw}`;
      else mag = ascii ? `(${absN}/${c.d})*${pw}` : `(${absN}/${c.d})${pw}`;
    }
    if (out === "") out = negative ? `-${mag}` : mag;
    else out += negative ? ` - ${mag}` : ` + ${mag}`;
  }
  return out === "" ? "0" : out;
}

/** A rational as a display constant on the right-hand side of an equation. */
export function constStr(c: Q): string {
  return qstr(c);
}
