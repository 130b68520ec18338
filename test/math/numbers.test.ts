import { describe, expect, it } from "vitest";
import { shown } from "../../src/recipes/math/num/decimal.js";
import {
  approx2,
  qsqrt,
  xadd,
  xascii,
  xdisplay,
  xdiv,
  xmul,
  xnum,
  xshow,
  xsq,
} from "../../src/recipes/math/num/exact.js";
import { show } from "../../src/recipes/math/num/fmt.js";
import {
  add,
  decimalPlaces,
  decStr,
  div,
  mul,
  NumericRangeError,
  pow,
  q,
  qstr,
  roundTo,
  sub,
} from "../../src/recipes/math/num/rational.js";

describe("exact rationals", () => {
  it("keeps lowest terms with a positive denominator", () => {
    expect(qstr(q(6, -4))).toBe("-3/2");
    expect(qstr(add(q(1, 3), q(1, 6)))).toBe("1/2");
    expect(qstr(sub(q(1, 3), q(1, 3)))).toBe("0");
    expect(qstr(mul(q(7, 3), q(3, 7)))).toBe("1");
    expect(qstr(div(q(7), q(3)))).toBe("7/3");
    expect(qstr(pow(q(2, 3), -2))).toBe("9/4");
  });

  it("refuses to leave the safe integer range instead of rounding silently", () => {
    expect(() => mul(q(2 ** 40), q(2 ** 20))).toThrow(NumericRangeError);
    expect(() => div(q(1), q(0))).toThrow(RangeError);
  });

  it("writes terminating decimals exactly and rounds half away from zero", () => {
    expect(decStr(q(5, 2))).toBe("2.5");
    expect(decStr(q(-1, 8))).toBe("-0.125");
    expect(decStr(q(123456789, 1000))).toBe("123456.789");
    expect(decStr(q(3, 100000000))).toBe("0.00000003");
    expect(decStr(roundTo(q(49, 15), 2))).toBe("3.27");
    expect(decStr(roundTo(q(-5, 8), 2))).toBe("-0.63");
  });

  it("counts decimal places of every denominator in finite time", () => {
    expect(decimalPlaces(q(1, 8))).toBe(3);
    expect(decimalPlaces(q(1, 3))).toBe(Number.POSITIVE_INFINITY);
    // 2^24 * 5^4: 10^k is never an exact multiple in doubles (a momentum chain at seed 2024 hung on it).
    expect(decimalPlaces(q(1, 2 ** 24 * 5 ** 4))).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("quadratic surds", () => {
  it("takes square roots into simplest radical form", () => {
    expect(xascii(qsqrt(q(72)))).toBe("6*sqrt(2)");
    expect(xdisplay(qsqrt(q(72)))).toBe("6√2");
    expect(xascii(qsqrt(q(9, 4)))).toBe("3/2");
    expect(xascii(qsqrt(q(1, 2)))).toBe("sqrt(2)/2");
    expect(xshow(qsqrt(q(50)))).toBe("5√2 ≈ 7.07");
  });

  it("approximates to two decimals, and a value below 0.1 to two significant figures (never ≈ 0)", () => {
    expect(approx2(4.2426)).toBe("4.24");
    expect(approx2(3)).toBe("3");
    expect(approx2(-0.28)).toBe("-0.28");
    expect(approx2(9 / 5120)).toBe("0.0018");
    expect(approx2(-0.0421)).toBe("-0.042");
    expect(approx2(0.0996)).toBe("0.1");
    expect(xshow(qsqrt(q(2, 1_000_000)))).toBe("√2/1000 ≈ 0.0014");
    expect(show(q(9, 5120), true)).toBe("9/5120 ≈ 0.0018");
  });

  it("does field arithmetic in Q(sqrt r) and writes roots over a common denominator", () => {
    const root = xdiv(xadd(q(3), qsqrt(q(17))), q(4));
    expect(xascii(root)).toBe("(3 + sqrt(17))/4");
    expect(xnum(root)).toBeCloseTo((3 + Math.sqrt(17)) / 4, 12);
    // x² for x = (3 + √17)/4 is (13 + 3√17)/8.
    expect(xascii(xsq(root))).toBe("(13 + 3*sqrt(17))/8");
    expect(xascii(xmul(root, xdiv(xadd(q(3), xmul(q(-1), qsqrt(q(17)))), q(4))))).toBe("-1/2");
    expect(xdisplay(xdiv(q(1), qsqrt(q(2))))).toBe("√2/2");
  });
});

describe("shown physics values", () => {
  it("keeps short decimals exact and rounds the rest with a matching tolerance", () => {
    expect(shown(q(2883))).toMatchObject({ text: "2883", approx: false });
    expect(shown(q(23328, 1000))).toMatchObject({ text: "23.328", approx: false });
    expect(shown(q(49, 15))).toMatchObject({ text: "3.27", approx: true, tolerance: 0.005 });
    expect(shown(q(16, 105))).toMatchObject({ text: "0.152", approx: true, tolerance: 0.0005 });
    // Every decimal the stated rounding keeps is written: "(rounded to two decimal places)" on 19.80.
    expect(shown(qsqrt(q(392)))).toMatchObject({ text: "19.80", approx: true });
    expect(shown(q(13, 100)).text).toBe("0.13");
    expect(shown(q(1301, 10000))).toMatchObject({ text: "0.130", approx: true });
    expect(shown(q(9996, 10001))).toMatchObject({ text: "1.00", places: 2 });
    // Rounding up to the next power of ten keeps three figures: 0.09996 is 0.100, not 0.1000.
    expect(shown(q(9996, 100000))).toMatchObject({ text: "0.100", places: 3, tolerance: 0.0005 });
    expect(shown(q(-9997, 1000000))).toMatchObject({ text: "-0.0100", places: 4 });
    // Three significant figures however small: 7.8e-7 is 0.000000780, not 0.00000078.
    expect(shown(q(78, 100000003))).toMatchObject({ text: "0.000000780", places: 9 });
    // A value its rounding leaves unchanged is exact: no "(rounded to …)" on 0.00625.
    expect(shown(q(1, 160))).toMatchObject({ text: "0.00625", approx: false });
    expect(shown(q(-1, 80))).toMatchObject({ text: "-0.0125", approx: false });
  });
});
