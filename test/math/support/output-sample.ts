import { createHash } from "node:crypto";
import { DatasetGenerator } from "../../../src/recipes/math/generator.js";
import { type MathPlan, PlanCursor } from "../../../src/recipes/math/stream.js";
import type { Language, Mode } from "../../../src/recipes/math/types.js";

/**
 * A large fixed sample of math output (32,000 dialogues per language, 4,500 more mixed: every mode, task type
 * and difficulty, with and without reasoning and system prompt, several turn counts and seeds),
 * hashed case by case. A refactor of the generator must keep every hash; a deliberate change of
 * output regenerates them (`UPDATE_MATH_HASHES=1 npx vitest run test/math/output-hashes.test.ts`)
 * and says why in its commit message.
 */
export interface SampleCase {
  name: string;
  plan: MathPlan;
  /** Hash the library form (JSON.stringify of each record object) instead of the runner's line. */
  library?: boolean;
}

const BASE = new DatasetGenerator({ seed: 0 }).plan({ numSamples: 0 });

function plan(
  seed: number,
  count: number,
  languages: readonly Language[],
  o: Partial<MathPlan> = {},
): MathPlan {
  return { ...BASE, seed, count, languages, ...o };
}

const CORRECTION: readonly Mode[] = ["correction"];

function perLanguage(lang: Language): SampleCase[] {
  return [
    // The defaults (reasoning, system prompt, 3 turns) at three seeds.
    { name: `${lang}-default-s1`, plan: plan(1, 5000, [lang]) },
    { name: `${lang}-default-s7`, plan: plan(7, 5000, [lang]) },
    { name: `${lang}-default-s2024`, plan: plan(2024, 5000, [lang]) },
    // Plain answers, no system prompt, shorter and longer dialogues.
    {
      name: `${lang}-plain-nosystem-t2`,
      plan: plan(3, 3000, [lang], { reasoningMode: false, system: false, turns: 2 }),
    },
    { name: `${lang}-reasoning-nosystem-t5`, plan: plan(5, 3000, [lang], { system: false, turns: 5 }) },
    { name: `${lang}-plain-system-t10`, plan: plan(11, 1500, [lang], { reasoningMode: false, turns: 10 }) },
    { name: `${lang}-custom-system-t1`, plan: plan(13, 1500, [lang], { system: "Be exact.", turns: 1 }) },
    // Correction mode alone: every task's planted faults come up many times.
    { name: `${lang}-correction-s17`, plan: plan(17, 5000, [lang], { modes: CORRECTION }) },
    {
      name: `${lang}-correction-plain-s19`,
      plan: plan(19, 3000, [lang], { modes: CORRECTION, reasoningMode: false }),
    },
  ];
}

export const CASES: readonly SampleCase[] = [
  ...perLanguage("ru"),
  ...perLanguage("en"),
  { name: "mixed-languages-s23", plan: plan(23, 3000, ["ru", "en"]) },
  { name: "mixed-languages-library-s29", plan: plan(29, 1500, ["ru", "en"], { turns: 4 }), library: true },
];

/** The lines of a case, as the runner writes them (or as the library's records serialise). */
export function* caseLines(c: SampleCase): Generator<string> {
  const cursor = new PlanCursor(c.plan);
  const start = c.plan.start ?? 0;
  for (let i = start; i < start + c.plan.count; i++)
    yield c.library ? JSON.stringify(cursor.record(i)) : cursor.line(i);
}

/** SHA-256 of a case's lines, each followed by a newline. */
export function caseHash(c: SampleCase): string {
  const h = createHash("sha256");
  for (const line of caseLines(c)) h.update(`${line}\n`);
  return h.digest("hex");
}
