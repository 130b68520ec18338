import { describe, expect, it } from "vitest";
import { DatasetGenerator } from "../../src/recipes/math/generator.js";
import { TASK_TYPES } from "../../src/recipes/math/tasks/index.js";
import { MODES } from "../../src/recipes/math/types.js";

/**
 * The seed library emitted one identical dialogue for several mode/task pairs. Here every
 * (mode, task type) cell must be at least 99% unique at 1,000 samples (default options: ru,
 * difficulties 1-10 mixed). Uniqueness is over the whole conversation, system prompt aside.
 */
const SAMPLES = 1000;

describe.each(MODES)("diversity of %s dialogues", (mode) => {
  it(`keeps at least 99% of ${SAMPLES} dialogues unique in every task type`, () => {
    const worst: [string, number][] = [];
    for (const task of TASK_TYPES) {
      const seen = new Set<string>();
      const gen = new DatasetGenerator({ seed: 7 });
      for (const rec of gen.iterateMultiturnDataset({
        modes: [mode],
        taskTypes: [task],
        numSamples: SAMPLES,
      })) {
        let key = "";
        for (const m of rec.messages) if (m.role !== "system") key += `${m.content}\u0000`;
        seen.add(key);
      }
      worst.push([task, seen.size / SAMPLES]);
    }
    const below = worst.filter(([, share]) => share < 0.99);
    expect(below).toEqual([]);
  });
});
