import { describe, expect, it } from "vitest";
import { DatasetGenerator } from "../../src/recipes/math/generator.js";
import { TASK_TYPES, TASKS } from "../../src/recipes/math/tasks/index.js";
import type { MathRecord } from "../../src/recipes/math/types.js";
import { finalAnswer } from "./support/verify.js";

const CYRILLIC = /[\u0400-\u04FF]/;
const PHYSICS = TASKS.filter((t) => t.domain === "physics").map((t) => t.id);

function records(opts: Parameters<DatasetGenerator["generateMultiturnDataset"]>[0], seed = 9): MathRecord[] {
  return new DatasetGenerator({ seed }).generateMultiturnDataset(opts);
}

function firstAnswer(r: MathRecord): string {
  const m = r.messages.find((x) => x.role === "assistant")!;
  return finalAnswer(m.content, r.metadata.reasoning_mode) ?? "";
}

describe("languages", () => {
  it("writes English without a single Cyrillic character, in text and in checks", () => {
    for (const reasoningMode of [true, false]) {
      const recs = records({ numSamples: 84 * 25, language: "en", reasoningMode });
      const bad = recs.filter((r) => CYRILLIC.test(JSON.stringify(r)));
      expect(bad.map((r) => r.id).slice(0, 5)).toEqual([]);
    }
  });

  it("gives physics answers English units in English and Russian units in Russian", () => {
    const en = records({ numSamples: 700, taskTypes: PHYSICS, language: "en", modes: ["chain"] });
    const enUnit = /\d (m\/s²|m\/s|m|s|N|J|W|V|A|Ω|kPa|L|kg·m\/s)\b|\d (m\/s²|Ω)/;
    expect(
      en
        .filter((r) => !enUnit.test(firstAnswer(r)))
        .map(firstAnswer)
        .slice(0, 5),
    ).toEqual([]);
    const ru = records({ numSamples: 700, taskTypes: PHYSICS, language: "ru", modes: ["chain"] });
    const ruUnit = /\d (м\/с²|м\/с|м|с|Н|Дж|Вт|В|А|Ом|кПа|л|кг·м\/с)(?![а-яё])/;
    expect(
      ru
        .filter((r) => !ruUnit.test(firstAnswer(r)))
        .map(firstAnswer)
        .slice(0, 5),
    ).toEqual([]);
  });

  it("states the rounding wherever a physics answer is rounded", () => {
    const recs = records({
      numSamples: 1500,
      taskTypes: PHYSICS,
      language: "en",
      difficulties: [7, 8, 9, 10],
    });
    let rounded = 0;
    for (const r of recs)
      for (const c of r.metadata.checks) {
        if (c.tolerance === undefined) continue;
        rounded++;
        const m = r.messages[c.message].content;
        expect(m).toMatch(/rounded to (two decimal places|three significant figures)/);
      }
    expect(rounded).toBeGreaterThan(300);
  });
});

describe("difficulty", () => {
  const at = (task: string, difficulty: number, n = 200) =>
    records({
      numSamples: n,
      taskTypes: [task],
      modes: ["chain"],
      difficulties: [difficulty],
      language: "en",
    });
  const ops = (expr: string) => (expr.match(/[+\-*/^]/g) ?? []).length;

  it("grows arithmetic from one operation on whole numbers to several with fractions", () => {
    const easy = at("arithmetic", 1).map((r) => r.metadata.checks[0].expr);
    const hard = at("arithmetic", 10).map((r) => r.metadata.checks[0].expr);
    expect(easy.every((e) => ops(e) === 1 && !e.includes("/"))).toBe(true);
    const mean = hard.reduce((s, e) => s + ops(e), 0) / hard.length;
    expect(mean).toBeGreaterThan(5);
    expect(hard.filter((e) => /\(-?\d+\/\d+\)/.test(e)).length).toBeGreaterThan(hard.length / 2);
  });

  it("moves quadratic roots from whole numbers to rationals to simplest radical form", () => {
    const roots = (d: number) => at("quadratic", d).flatMap((r) => r.metadata.checks[0].answer as string[]);
    expect(roots(1).every((x) => /^-?\d+$/.test(x))).toBe(true);
    expect(roots(5).some((x) => x.includes("/"))).toBe(true);
    expect(roots(5).some((x) => x.includes("sqrt"))).toBe(false);
    const hard = roots(8);
    expect(hard.filter((x) => x.includes("sqrt")).length).toBeGreaterThan(hard.length * 0.7);
  });

  it("gives linear equations whole roots at first and fractional ones later", () => {
    const root = (d: number) => at("linear", d).map((r) => (r.metadata.checks[0].answer as string[])[0]);
    expect(root(1).every((x) => /^\d+$/.test(x))).toBe(true);
    expect(root(9).filter((x) => x.includes("/")).length).toBeGreaterThan(50);
  });

  it("keeps easy physics exact and lets hard physics need rounding", () => {
    const tol = (d: number) =>
      at("kinematics", d, 300).filter((r) => r.metadata.checks[0].tolerance !== undefined).length;
    expect(tol(1)).toBe(0);
    expect(tol(10)).toBeGreaterThan(150);
  });

  it("covers every task type in both languages (no task silently missing)", () => {
    for (const language of ["ru", "en"] as const) {
      const recs = records({ numSamples: TASK_TYPES.length * 4, language });
      expect(new Set(recs.map((r) => r.metadata.task_type)).size).toBe(TASK_TYPES.length);
    }
  });
});

describe("modes", () => {
  it("chains build on the previous result: each later check uses the number just answered", () => {
    const recs = records({ numSamples: 600, modes: ["chain"], language: "en", turns: 3 });
    let linked = 0;
    for (const r of recs) {
      const c1 = r.metadata.checks.find((c) => c.message === 4);
      // The result carried on is the last one of the turn (a two-stage problem states two).
      const c2 = r.metadata.checks.filter((c) => c.message === 2).at(-1);
      if (!c1 || !c2) continue;
      const prev = (Array.isArray(c2.answer) ? c2.answer : [c2.answer]).map((a) =>
        a.replace(/^\((.*)\)$/, "$1"),
      );
      // A rounded result is carried exactly: its printed digits must not reappear (no drift).
      const token = (t: string) => new RegExp(`(?<![\\d.])${t.replace(".", "\\.")}(?!\\d)`);
      if (c2.tolerance !== undefined) expect(c1.expr).not.toMatch(token(c2.answer as string));
      else if (prev.some((p) => c1.expr.includes(p))) linked++;
      else continue;
      if (c2.tolerance !== undefined) linked++;
    }
    expect(linked / recs.length).toBeGreaterThan(0.8);
  });

  it("correction dialogues name the mistake and finish with a right answer", () => {
    const recs = records({ numSamples: 420, modes: ["correction"], language: "en" }).filter(
      (r) => r.metadata.correction === "fixed",
    );
    expect(recs.length).toBeGreaterThan(200);
    for (const r of recs) {
      expect(r.metadata.mistake).toBeDefined();
      const wrongTurn = r.metadata.checks.filter((c) => c.expect === "wrong").map((c) => c.message);
      const lastAssistant = r.messages.length - 1;
      expect(wrongTurn.length).toBeGreaterThan(0);
      expect(wrongTurn).not.toContain(lastAssistant);
      expect(r.metadata.checks.some((c) => c.message === lastAssistant && c.expect === undefined)).toBe(true);
    }
  });

  it("variations change the problem: the recomputed answers differ from the original", () => {
    const recs = records({ numSamples: 420, modes: ["variations"], language: "en" });
    let changed = 0;
    for (const r of recs) {
      const a0 = JSON.stringify(r.metadata.checks.filter((c) => c.message === 2).map((c) => c.answer));
      const a1 = JSON.stringify(r.metadata.checks.filter((c) => c.message === 4).map((c) => c.answer));
      if (a0 !== a1) changed++;
    }
    expect(changed / recs.length).toBeGreaterThan(0.85);
  });
});
