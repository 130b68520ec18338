import { describe, expect, it } from "vitest";
import { category } from "../../src/recipes/math/lang.js";

// category() answers most numbers without calling Intl.PluralRules; it must agree with it always.
describe("plural category", () => {
  const rules = { ru: new Intl.PluralRules("ru"), en: new Intl.PluralRules("en") };
  const values: number[] = [];
  for (let n = 0; n <= 3000; n++)
    values.push(n, n + 0.5, n + 0.25, n + 0.001, n + 0.999, n + 0.0004, n + 0.9996);
  for (const n of [1e6 + 1, 1e6 + 11, 1e6 + 22, 1e6 + 12, 123456789, 2 ** 53 - 1, 2 ** 53 + 2, 1e21, 1e22])
    values.push(n, -n);
  for (const n of [-1, -2, -5, -1.5, -0.0004, 0.0004, 0.0005, 0.0015, 1.0005, 2.9995, Number.NaN])
    values.push(n);
  for (let k = 0; k < 2000; k++) values.push(Math.round(Math.sin(k) * 1e6) / 100); // prices with cents

  for (const lang of ["ru", "en"] as const) {
    it(`${lang}: agrees with Intl.PluralRules on ${values.length} values`, () => {
      const wrong = values.filter((n) => category(lang === "ru", n) !== rules[lang].select(n));
      expect(wrong.map((n) => `${n}: ${category(lang === "ru", n)} vs ${rules[lang].select(n)}`)).toEqual([]);
    });
  }
});
