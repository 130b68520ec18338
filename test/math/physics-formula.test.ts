import { describe, expect, it } from "vitest";
import { xnum } from "../../src/recipes/math/num/exact.js";
import { q } from "../../src/recipes/math/num/rational.js";
import { formula } from "../../src/recipes/math/physics.js";

describe("physics formula(): one spelling gives the value, the result line and the check", () => {
  it("keeps the written order and parenthesises negative numbers after the first", () => {
    const f = formula("{y:m} · {x:v}² / 2", ["x", "y"]);
    const v = [q(-3), q(2)];
    expect(f.value(v)).toEqual(q(9));
    expect(f.shown(v)).toBe("2 · (-3)² / 2");
    expect(f.check(v)).toBe("2*(-3)^2/2");
  });

  it("binds · and / before +, and brackets before both", () => {
    const f = formula("{x} · {y} / ({x} + {y})", ["x", "y"]);
    const v = [q(3), q(6)];
    expect(f.value(v)).toEqual(q(2));
    expect(f.check(v)).toBe("3*6/(3 + 6)");
  });

  it("takes a root around the whole formula and decimal literals such as 9.8", () => {
    const f = formula("√(2 · {x} / 9.8)", ["x"]);
    const v = [q(98, 5)];
    expect(xnum(f.value(v))).toBe(2);
    expect(f.shown(v)).toBe("√(2 · 19.6 / 9.8)");
    expect(f.check(v)).toBe("sqrt(2*19.6/9.8)");
  });

  it("writes a value that does not terminate as a fraction in the check", () => {
    const f = formula("{x} · 3", ["x"]);
    expect(f.check([q(1, 3)])).toBe("(1/3)*3");
    expect(f.value([q(1, 3)])).toEqual(q(1));
  });

  it("writes a carried nine-digit value shortened with an ellipsis, the check in full", () => {
    const f = formula("{F} · {s}", ["F", "s"]);
    const v = [q(7589, 100), q(114997782, 10_000_000)];
    expect(f.shown(v)).toBe("75.89 · 11.4998…");
    expect(f.check(v)).toBe("75.89*11.4997782");
    // An exact value of up to four decimals, or one the shortening would not change, as it is.
    expect(f.shown([q(3, 8), q(12345, 10_000)])).toBe("0.375 · 1.2345");
  });

  it("refuses a formula with an unknown number or an unclosed bracket", () => {
    expect(() => formula("{z} + 1", ["x"])).toThrow(/bad formula/);
    expect(() => formula("({x} + 1", ["x"])).toThrow(/bad formula/);
  });
});
