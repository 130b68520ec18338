import { describe, expect, it } from "vitest";
import { DatasetGenerator } from "../../src/recipes/math/generator.js";
import { PlanCursor } from "../../src/recipes/math/stream.js";
import type { Language, MathRecord } from "../../src/recipes/math/types.js";
import { inspect, stepsOf } from "./support/quality.js";

/**
 * Defects `npm run probe:math` found at seeds the quality test never reaches, each regenerated
 * alone at its seed and index (the record `generate math --seed S --lang L [--no-reasoning]
 * [--turns T]` writes there): the checker finds nothing now, and the text says what the fix made
 * it say.
 */
interface Found {
  seed: number;
  reasoning: boolean;
  index: number;
  turns: number;
  /** What the fixed record shows. */
  expect: (r: MathRecord, steps: string[]) => void;
}

function record(f: Found, language: Language): MathRecord {
  const plan = new DatasetGenerator({ seed: f.seed }).plan({
    numSamples: 1,
    language,
    reasoningMode: f.reasoning,
    turns: f.turns,
  });
  return new PlanCursor(plan).record(f.index);
}

const at = (seed: number, reasoning: boolean, index: number, turns: number, expect: Found["expect"]) => ({
  seed,
  reasoning,
  index,
  turns,
  expect,
});

/** A line of the steps starting with `start`. */
const hasLine = (start: string) => (_r: MathRecord, steps: string[]) =>
  expect(steps.some((l) => l.startsWith(start))).toBe(true);

const FOUND: Record<string, Found[]> = {
  // Was "(19 - 18) · 19", then "split 19 = 10 + 9 and multiply each part by 1" (or "(17 - 16) ·
  // 1" and "1 · 1 = 1" twice, or "(7 · 19 · 2) / (1)"): a factor ±1 is now an addition.
  "an arithmetic product or quotient never has a factor ±1 to write out": [
    at(1001, false, 18585, 3, (r) => expect(r.messages[1].content).toMatch(/19 - 18 \+ 19/)),
    at(2004, true, 5061, 6, (r) => expect(r.messages[1].content).toMatch(/17 - 16 \+ 1/)),
    at(2006, true, 5145, 6, () => {}),
    at(2002, true, 9681, 6, (_r, steps) => expect(steps.join("\n")).not.toMatch(/\/ \(1\)/)),
    at(2006, true, 5061, 6, (_r, steps) => expect(steps.join("\n")).not.toMatch(/\/ \(1\)/)),
  ],
  // Was "12 / 1 = 12": dividing by one part of the common denominator counts the parts.
  "fractions divided by one part of the common denominator write no “/ 1”": [
    at(1003, false, 15457, 3, hasLine("12/10 = 12 · 1/10")),
    at(1007, true, 1177, 3, hasLine("3/2 = 3 · 1/2")),
    at(2001, false, 18817, 6, hasLine("3/2 = 3 · 1/2")),
  ],
  // Was "s = 25.3937² / (2 · 2.8) ≈ 115.15 m (rounded)", then "115.15 / 54" as if exact. (These
  // and the next group's first instance were re-found at new indices when new chain steps changed
  // the draws.)
  "a carried root squares exactly, so the next step reuses no rounded value": [
    at(1004, false, 1192, 3, hasLine("s = 3444.7 / (2 · 7) = 246.05")),
    at(1007, true, 4636, 3, hasLine("s = 901.6 / (2 · 7) = 64.4")),
    at(1008, false, 2788, 3, hasLine("h = 0.9² · 203.84 / (2 · 9.8) = 8.424")),
  ],
  // Was "E ≈ 1144799.65 J (rounded)", then "P = 1144799.65 / 93": nine digits left no more decimals.
  "a large carried value keeps more decimals than its rounded display": [
    at(2002, true, 292, 6, hasLine("P = 1541016.7282… / 53")),
    at(2002, true, 5668, 6, () => {}),
    at(2003, true, 4072, 6, () => {}),
    at(2003, true, 4196, 6, () => {}),
    at(2004, true, 9948, 6, () => {}),
    at(2006, false, 17932, 6, () => {}),
    at(2001, true, 1340, 6, () => {}),
    at(2001, false, 15808, 6, () => {}),
    at(2003, true, 4700, 6, () => {}),
    at(2004, false, 18436, 6, () => {}),
  ],
  // Was "x = 125, x = 125" for log₅(x) = 3.
  "another way to log_b(x) = k writes x = b^k once": [
    at(2006, true, 1873, 6, hasLine("x = 5^3 = 125")),
    at(2006, false, 17329, 6, hasLine("x = 2^6 = 64")),
  ],
  // Was a chain of divisions down to "I ≈ 0.000000000084 A (rounded to three significant figures)",
  // two figures at the cap of 12 decimals, after "0.00000000304" reused as carried: now redrawn.
  "no value too small for three figures and a carried value beyond them": [
    at(3002, false, 17720, 10, (_r, steps) => expect(steps.join("\n")).not.toMatch(/0\.0{9}/)),
  ],
  // Was Δx = -5 + 5 = 0 for A(5, -9), B(-5, -9): a planted distance of 0.
  "no planted sign slip that makes two points coincide": [
    at(2002, true, 767, 6, (r) => expect(r.metadata.mistake).not.toBe("sign_error")),
    at(2004, true, 6815, 6, (r) => expect(r.metadata.mistake).not.toBe("sign_error")),
  ],
  // Was "А если поменять начальную скорость (v₀ = 1 км/ч)?" for a braking car, then s ≈ 0.00946 м:
  // a car's new speed in km/h is drawn as its first one was.
  "a braking car's speed varies to another car's speed": [
    at(404, true, 2954, 3, (r) => expect(r.messages[3].content).not.toMatch(/(?<![\d.])1 (?:км\/ч|km\/h)/)),
  ],
};

describe.each(["ru", "en"] as const)("instances the probe found (%s)", (language) => {
  for (const [what, found] of Object.entries(FOUND))
    it(what, () => {
      for (const f of found) {
        const r = record(f, language);
        const where = `seed ${f.seed} index ${f.index}`;
        expect(
          inspect(r).map((x) => `${x.rule}: ${x.detail}`),
          where,
        ).toEqual([]);
        f.expect(
          r,
          r.messages.flatMap((m) => (m.role === "assistant" ? stepsOf(m) : [])),
        );
      }
    });
});
