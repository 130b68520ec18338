import { describe, expect, it } from "vitest";
import { DatasetGenerator } from "../../src/recipes/math/generator.js";
import { TASK_TYPES } from "../../src/recipes/math/tasks/index.js";
import { LANGUAGES, MODES } from "../../src/recipes/math/types.js";
import { verifyRecord } from "./support/verify.js";

/**
 * The answer-correctness gate: every check of every dialogue is verified by mathjs, an
 * independent CAS. 2 languages x 4 modes x 21 task types x 2 answer formats x 30 dialogues =
 * 10,080 dialogues; a single wrong answer fails the run.
 */
const PER_CELL_AND_FORMAT = 30;

describe.each(LANGUAGES)("metadata.checks, verified with mathjs (%s)", (language) => {
  it("every stated result in every mode x task cell is right, and <answer> shows it", () => {
    const failures: string[] = [];
    let dialogues = 0;
    let checks = 0;
    let seed = language === "ru" ? 1 : 100_000;
    for (const mode of MODES)
      for (const task of TASK_TYPES)
        for (const reasoningMode of [true, false]) {
          const gen = new DatasetGenerator({ seed: seed++ });
          for (const rec of gen.iterateMultiturnDataset({
            modes: [mode],
            taskTypes: [task],
            numSamples: PER_CELL_AND_FORMAT,
            language,
            reasoningMode,
          })) {
            dialogues++;
            checks += rec.metadata.checks.length;
            for (const problem of verifyRecord(rec)) failures.push(`${rec.id} ${mode}/${task}: ${problem}`);
          }
        }
    expect(dialogues).toBe(MODES.length * TASK_TYPES.length * 2 * PER_CELL_AND_FORMAT);
    expect(checks).toBeGreaterThan(dialogues * 2);
    expect(failures.slice(0, 10)).toEqual([]);
  });
});
