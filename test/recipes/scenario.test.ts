import { describe, expect, test } from "vitest";
import { deriveSeed, Rng } from "../../src/core/rng.js";
import { runWithPlaceholders } from "../../src/pipelines/recipe-dry-run.js";
import type { RecipeIo } from "../../src/recipes/yaml/compiler.js";
import { compileRecipe } from "../../src/recipes/yaml/compiler.js";
import { DialogueState } from "../../src/recipes/yaml/dialogue-state.js";
import { YamlRecipeProgram } from "../../src/recipes/yaml/program.js";

const io: RecipeIo = {
  readList: (p) => (p === "colors.txt" ? ["red", "green", "blue"] : []),
  domainPack: () => {
    throw new Error("no packs here");
  },
  readRubric: () => ({}),
  resolvePath: (p) => `/data/${p}`,
};

function recipe(scenario: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    name: "t",
    roles: {
      a: { model: "m", as: "user", system: "A {{ x }}" },
      b: { model: "m", as: "assistant", system: "B" },
    },
    scenario,
    ...extra,
  };
}

async function program(
  scenario: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  input?: string,
) {
  const compiled = await compileRecipe(recipe(scenario, extra), { source: "t.yaml", io, input });
  return new YamlRecipeProgram(compiled, { idFor: (i, s) => `t-${s}-${i}` });
}

/** The scenario of dialogue `index` at `seed` (row: its seed-dataset row). */
function draw(p: YamlRecipeProgram, index: number, row?: unknown, seed = 42) {
  return p.plan(new Rng(deriveSeed(seed, index)), row).scenario;
}

describe("scenario samplers", () => {
  test("weighted choice follows its weights; int and float stay in range", async () => {
    const p = await program({
      x: { choice: { often: 3, rarely: 1 } },
      n: { int: [2, 5] },
      f: { float: [0.5, 1.5], digits: 1 },
    });
    const counts: Record<string, number> = {};
    const ns = new Set<number>();
    for (let i = 0; i < 4000; i++) {
      const s = draw(p, i);
      counts[s.x as string] = (counts[s.x as string] ?? 0) + 1;
      ns.add(s.n as number);
      expect(s.f).toBeGreaterThanOrEqual(0.5);
      expect(s.f).toBeLessThanOrEqual(1.5);
      expect(Math.round((s.f as number) * 10)).toBeCloseTo((s.f as number) * 10, 9);
    }
    expect(counts.often / 4000).toBeGreaterThan(0.7);
    expect(counts.often / 4000).toBeLessThan(0.8);
    expect([...ns].sort()).toEqual([2, 3, 4, 5]);
  });

  test("each field draws from its own stream: adding or editing a field leaves the others as they were", async () => {
    const before = await program({ x: { choice: ["a", "b", "c", "d"] }, n: { int: [1, 1000] } });
    const after = await program({
      extra: { int: [1, 9] },
      x: { choice: ["a", "b", "c", "d"] },
      n: { int: [1, 1000] },
      more: { sample: ["p", "q", "r"], k: [1, 2] },
    });
    for (let i = 0; i < 50; i++) {
      const a = draw(before, i);
      const b = draw(after, i);
      expect([b.x, b.n]).toEqual([a.x, a.n]);
    }
    // Different dialogues and seeds draw differently.
    expect(new Set(Array.from({ length: 50 }, (_, i) => draw(before, i).n)).size).toBeGreaterThan(40);
    expect(draw(before, 0, undefined, 1)).not.toEqual(draw(before, 0, undefined, 2));
  });

  test("derived fields are computed after what they read, in any file order; metadata keeps the file's order", async () => {
    const p = await program({
      greeting: { template: "Hi {{ who.first_name }}, {{ n * 2 }} {{ color }}s" },
      doubled: { expr: "n * 2" },
      who: { person: { locale: "en", age: [30, 30] } },
      n: { int: [1, 4] },
      color: { file: "colors.txt" },
    });
    const s = draw(p, 3);
    expect(s.greeting).toBe(
      `Hi ${(s.who as { first_name: string }).first_name}, ${(s.n as number) * 2} ${s.color}s`,
    );
    expect(s.doubled).toBe((s.n as number) * 2);
    expect((s.who as { age: number }).age).toBe(30);
    expect(["red", "green", "blue"]).toContain(s.color);
    const record = p.record(
      { id: "x", index: 3, runSeed: 42 },
      { scenario: s, count: 2 },
      new DialogueState(),
      "count",
    );
    expect(Object.keys(record.metadata.scenario as object)).toEqual([
      "greeting",
      "doubled",
      "who",
      "n",
      "color",
    ]);
  });

  test("a person is the same for the same dialogue and seed, and has a name, age, gender and style", async () => {
    const p = await program({ who: { person: { locale: "ru", age: [20, 25] } } });
    const a = draw(p, 7).who as Record<string, unknown>;
    expect(draw(p, 7).who).toEqual(a);
    expect(a.name).toBe(`${a.first_name} ${a.last_name}`);
    expect(a.first_name).toMatch(/^[А-ЯЁ][а-яё]+/);
    expect(["female", "male"]).toContain(a.gender);
    expect(a.age).toBeGreaterThanOrEqual(20);
    expect(a.age).toBeLessThanOrEqual(25);
    expect(typeof a.style).toBe("string");
  });

  test("a seed-dataset row per dialogue: the whole row or one column", async () => {
    const p = await program({ row: { input: true }, topic: { input: "topic" } }, {}, "/data/topics.jsonl");
    const s = draw(p, 0, { topic: "whales", level: 2 });
    expect(s).toEqual({ row: { topic: "whales", level: 2 }, topic: "whales" });
    await expect(program({ topic: { input: "topic" } })).rejects.toThrow(
      /t\.yaml: scenario\.topic: reads the seed dataset, but none is given: add input: FILE to the recipe or pass --input FILE/,
    );
  });

  test("a scenario field may not take a name the templates already have", async () => {
    await expect(program({ turn: { int: [1, 2] } })).rejects.toThrow(
      /scenario\.turn: 'turn' is a name templates already have/,
    );
  });
});

describe("templates", () => {
  test("Jinja's own whitespace rules: the newline after a block tag stays", async () => {
    const compiled = await compileRecipe(
      {
        name: "t",
        roles: {
          a: { model: "m", as: "user", system: "line 1{% if true %} (yes){% endif %}\nline 2\n" },
          b: { model: "m", as: "assistant", system: "B" },
        },
        turns: { count: 2 },
      },
      { source: "t.yaml", io },
    );
    const p = new YamlRecipeProgram(compiled, { idFor: (i) => String(i), checks: false });
    const run = await runWithPlaceholders(p, 1, undefined);
    expect(run.steps[0].request.messages[0].content).toBe("line 1 (yes)\nline 2");
  });
});

describe("the turn plan", () => {
  test("turns.next names each speaker; window cuts what a role sees; a hidden role reads the transcript", async () => {
    const compiled = await compileRecipe(
      {
        name: "t",
        roles: {
          a: { model: "m", as: "user", system: "A", window: 2 },
          b: { model: "m", as: "assistant", system: "B" },
          note: { model: "m", as: "hidden", system: "N", prompt: "{{ transcript }}" },
        },
        turns: {
          count: 5,
          next: "{{ 'note' if step % 3 == 2 else ('a' if turn % 2 == 0 else 'b') }}",
        },
      },
      { source: "t.yaml", io },
    );
    const p = new YamlRecipeProgram(compiled, { idFor: (i) => String(i), checks: false });
    const run = await runWithPlaceholders(p, 1, undefined);
    expect(run.steps.map((s) => s.role)).toEqual(["a", "b", "note", "a", "b", "note", "a"]);
    // a sees its last 2 messages at most; b sees everything said; note sees a transcript of it.
    const aLast = run.steps[6].request.messages;
    expect(aLast.slice(1).map((m) => m.role)).toEqual(["assistant", "user"]);
    expect(run.steps[4].request.messages.slice(1)).toHaveLength(3);
    expect(run.steps[5].request.messages[1].content).toBe(
      "a: (a's message 1)\nb: (b's message 2)\na: (a's message 4)\nb: (b's message 5)",
    );
    const record = run.outcome.writes[0].value as { messages: { role: string }[] };
    expect(record.messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant", "user"]);
  });
});
