import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { CASES, caseHash } from "./support/output-sample.js";

/**
 * Math output is pinned byte for byte over a large sample (see support/output-sample.ts): the
 * generator's code may be restructured freely as long as every hash stays. A deliberate change of
 * output regenerates them with UPDATE_MATH_HASHES=1 and names the change in its commit.
 */
const FILE = fileURLToPath(new URL("./output-hashes.json", import.meta.url));
const update = process.env.UPDATE_MATH_HASHES === "1";
const recorded: Record<string, string> = existsSync(FILE) ? JSON.parse(readFileSync(FILE, "utf8")) : {};
const actual: Record<string, string> = {};

afterAll(() => {
  if (update) writeFileSync(FILE, `${JSON.stringify(actual, null, 2)}\n`);
});

describe("math output is unchanged over a large fixed sample", () => {
  for (const c of CASES)
    it(`${c.name}: ${c.plan.count.toLocaleString("en-US")} dialogues`, { timeout: 300_000 }, () => {
      actual[c.name] = caseHash(c);
      if (!update) expect(actual[c.name], `${c.name} changed`).toBe(recorded[c.name]);
    });

  it("covers at least 20,000 dialogues per language", () => {
    for (const lang of ["ru", "en"] as const) {
      const n = CASES.filter((c) => c.plan.languages.length === 1 && c.plan.languages[0] === lang).reduce(
        (s, c) => s + c.plan.count,
        0,
      );
      expect(n).toBeGreaterThanOrEqual(20_000);
    }
  });
});
