import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/core/errors.js";
import { DatasetGenerator, MultiturnGenerator } from "../../src/recipes/math/generator.js";
import { cellOf } from "../../src/recipes/math/stream.js";
import { TASK_TYPES } from "../../src/recipes/math/tasks/index.js";
import { type MathRecord, MODES } from "../../src/recipes/math/types.js";

const userTurns = (r: { messages: { role: string }[] }) => r.messages.filter((m) => m.role === "user").length;

describe("DatasetGenerator", () => {
  it("gives exactly the requested count with every requested mode and task type present", () => {
    const gen = new DatasetGenerator({ seed: 3 });
    for (const n of [21, 84, 100, 257]) {
      const recs = gen.generateMultiturnDataset({ numSamples: n });
      expect(recs).toHaveLength(n);
      expect(new Set(recs.map((r) => r.metadata.mode))).toEqual(new Set(MODES));
      expect(new Set(recs.map((r) => r.metadata.task_type))).toEqual(new Set(TASK_TYPES));
      expect(new Set(recs.map((r) => r.id)).size).toBe(n);
    }
    const some = gen.generateMultiturnDataset({
      modes: ["followup", "variations"],
      taskTypes: ["quadratic", "kinematics", "dynamics"],
      numSamples: 3,
    });
    expect(new Set(some.map((r) => r.metadata.task_type))).toEqual(
      new Set(["quadratic", "kinematics", "dynamics"]),
    );
    expect(new Set(some.map((r) => r.metadata.mode))).toEqual(new Set(["followup", "variations"]));
  });

  it("deals (mode, task) cells so every block of modes x tasks covers each cell once", () => {
    for (const [m, t] of [
      [4, 21],
      [4, 22],
      [2, 6],
      [3, 3],
    ]) {
      const cells = new Set<string>();
      for (let i = 0; i < m * t; i++) cells.add(cellOf(i + m * t * 5, m, t).join("/"));
      expect(cells.size).toBe(m * t);
    }
  });

  it("keeps each per-mode dataset to its mode and its task types, never falling back", () => {
    const gen = new DatasetGenerator({ seed: 11 });
    const sets: [string, MathRecord[]][] = [
      ["chain", gen.generateChainDataset({ taskType: "dynamics", numSamples: 30, turns: 4 })],
      ["followup", gen.generateFollowupDataset({ taskType: "quadratic", numSamples: 30 })],
      ["variations", gen.generateVariationDataset({ taskType: "kinematics", numSamples: 30 })],
      ["correction", gen.generateCorrectionDataset({ taskTypes: ["quadratic", "gas_laws"], numSamples: 30 })],
    ];
    for (const [mode, recs] of sets) {
      expect(recs).toHaveLength(30);
      for (const r of recs) expect(r.metadata.mode).toBe(mode);
    }
    expect(sets[0][1].every((r) => r.metadata.task_type === "dynamics" && userTurns(r) === 4)).toBe(true);
    expect(sets[1][1].every((r) => r.metadata.task_type === "quadratic")).toBe(true);
    expect(new Set(sets[3][1].map((r) => r.metadata.task_type))).toEqual(new Set(["quadratic", "gas_laws"]));
  });

  it("is deterministic: same seed, same records; another seed, other records", () => {
    const opts = { numSamples: 200, language: ["ru", "en"] as const };
    const a = JSON.stringify(new DatasetGenerator({ seed: 5 }).generateMultiturnDataset(opts));
    const b = JSON.stringify(new DatasetGenerator({ seed: 5 }).generateMultiturnDataset(opts));
    const c = new DatasetGenerator({ seed: 6 }).generateMultiturnDataset(opts);
    expect(a).toBe(b);
    const first = JSON.parse(a) as MathRecord[];
    const same = c.filter((r, i) => JSON.stringify(r.messages) === JSON.stringify(first[i].messages)).length;
    expect(same).toBe(0);
  });

  it("rejects unknown task types, modes and languages with the valid ones listed", () => {
    const gen = new DatasetGenerator();
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as Error;
      }
      throw new Error("expected an error");
    };
    const e1 = err(() =>
      gen.generateMultiturnDataset({ numSamples: 1, taskTypes: ["quadratic", "calculus"] }),
    );
    expect(e1).toBeInstanceOf(UsageError);
    expect(e1.message).toMatch(/unknown task type 'calculus'/);
    for (const t of TASK_TYPES) expect(e1.message).toContain(t);
    const e2 = err(() =>
      gen.generateMultiturnDataset({ numSamples: 1, modes: ["chain", "debate" as never] }),
    );
    expect(e2.message).toMatch(/unknown mode 'debate'.*chain, followup, variations, correction/);
    const e3 = err(() => gen.generateMultiturnDataset({ numSamples: 1, language: "de" as never }));
    expect(e3.message).toMatch(/unknown language 'de'.*ru, en/);
    expect(err(() => new MultiturnGenerator().generateChainDialogue({ taskType: "nope" })).message).toMatch(
      /valid task types: arithmetic/,
    );
  });
});

describe("MultiturnGenerator", () => {
  const gen = new MultiturnGenerator({ seed: 42 });

  it("builds each mode with the seed library's method names and turn counts", () => {
    const chain = gen.generateChainDialogue({
      taskType: "arithmetic",
      turns: 4,
      language: "ru",
      difficulty: 3,
    });
    expect(chain.numTurns).toBe(4);
    expect(chain.metadata).toMatchObject({
      mode: "chain",
      task_type: "arithmetic",
      language: "ru",
      difficulty: 3,
    });
    const followup = gen.generateFollowupDialogue({ taskType: "quadratic", numFollowups: 3, difficulty: 5 });
    expect(followup.numTurns).toBe(4);
    const variation = gen.generateVariationDialogue({
      taskType: "kinematics",
      numVariations: 2,
      difficulty: 5,
    });
    expect(variation.numTurns).toBe(3);
    const correction = gen.generateCorrectionDialogue({
      taskType: "quadratic",
      language: "en",
      difficulty: 5,
    });
    expect(correction.numTurns).toBe(2);
    expect(correction.metadata.mistake).toMatch(/sign_error|arithmetic_slip|wrong_formula|dropped_term/);
    expect(correction.metadata.checks.filter((c) => c.expect === "wrong").length).toBeGreaterThan(0);
    for (const d of [chain, followup, variation, correction]) {
      expect(d.messages[0].role).toBe("system");
      const roles = d.messages.slice(1).map((m) => m.role);
      expect(roles).toEqual(roles.map((_, i) => (i % 2 === 0 ? "user" : "assistant")));
      expect(d.metadata.num_turns).toBe(d.numTurns);
    }
  });

  it("writes reasoning as <think>/<answer> and plain answers with a final Answer line", () => {
    const r = gen.generateChainDialogue({ taskType: "linear", language: "en", reasoningMode: true });
    for (const m of r.messages.filter((x) => x.role === "assistant"))
      expect(m.content).toMatch(/^<think>\n[\s\S]+\n<\/think>\n<answer>[^\n]+<\/answer>$/);
    const p = gen.generateChainDialogue({ taskType: "linear", language: "ru", reasoningMode: false });
    for (const m of p.messages.filter((x) => x.role === "assistant")) {
      expect(m.content).not.toMatch(/<think>|<answer>/);
      expect(m.content).toMatch(/\nОтвет: [^\n]+$/);
    }
    const e = gen.generateFollowupDialogue({ taskType: "energy", language: "en", reasoningMode: false });
    expect(
      e.messages.filter((x) => x.role === "assistant").every((m) => /\nAnswer: [^\n]+$/.test(m.content)),
    ).toBe(true);
  });

  it("omits or replaces the system message on request", () => {
    expect(gen.generateChainDialogue({ taskType: "powers", system: false }).messages[0].role).toBe("user");
    expect(gen.generateChainDialogue({ taskType: "powers", system: "Be brief." }).messages[0]).toEqual({
      role: "system",
      content: "Be brief.",
    });
    expect(
      new MultiturnGenerator({ system: false }).generateChainDialogue({ taskType: "powers" }).messages[0]
        .role,
    ).toBe("user");
  });

  it("validates counts and difficulty", () => {
    expect(() => gen.generateFollowupDialogue({ taskType: "linear", numFollowups: 5 })).toThrow(
      /numFollowups must be/,
    );
    expect(() => gen.generateChainDialogue({ taskType: "linear", difficulty: 11 })).toThrow(/difficulty 11/);
  });
});
