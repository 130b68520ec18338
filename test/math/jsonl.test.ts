import { describe, expect, it } from "vitest";
import { DatasetGenerator } from "../../src/recipes/math/generator.js";
import { jsonStr, messagesJson, renderExchanges } from "../../src/recipes/math/render.js";
import { type MathPlan, PlanCursor } from "../../src/recipes/math/stream.js";
import type { CheckSpec, Exchange } from "../../src/recipes/math/types.js";

/**
 * The runner writes records as JSON lines built straight from the exchanges (no record objects,
 * no JSON.stringify); those lines must be exactly JSON.stringify of the library's records.
 */
const TRICKY = [
  "",
  "plain",
  "Найдите x: 2x + 3 = 7.",
  'he said "move it"',
  "back\\slash",
  // A trailing backslash, and one spelling the escape of a line break.
  "tail\\",
  "literal \\n break",
  "line\nbreak\r\n\ttab",
  "\u0000\u0001\u001f\u007f",
  "emoji 😀 pair",
  "lone \ud800 high",
  "lone \udc00 low",
  "reversed \udc00\ud800",
  "\u2028\u2029",
];

/** Question texts as the recipe writes them: one line, several, Cyrillic, typographic quotes. */
const QUESTIONS = [
  "",
  "plain",
  "Найдите x: 2x + 3 = 7.",
  "Решите систему:\n2x + y = 5\nx - y = 1",
  "\nleading and trailing\n\n",
  "“quoted” 😀 ≈ √2",
];

/** Plan options that change the line: language, answer format, system prompt (none, custom), turns. */
const VARIANTS: Partial<MathPlan>[] = [
  {},
  { languages: ["en"], reasoningMode: false },
  { languages: ["ru", "en"], system: false, turns: 1 },
  { languages: ["en", "ru"], system: 'Be "brief".\nReally \ud83d\ude00 \ud800', turns: 10 },
  { difficulties: [10], turns: 5, seed: 123456 },
];

describe("JSON lines written by the math runner", () => {
  it("escapes strings exactly as JSON.stringify does", () => {
    for (const s of TRICKY) expect(jsonStr(s)).toBe(JSON.stringify(s));
  });

  // User turns come from the recipe's question texts, which hold no character JSON escapes but a
  // line break (json-clean.test.ts proves it); those are the texts tried here.
  it("writes user turns, on one line or several, as JSON.stringify does", () => {
    const checks: CheckSpec[] = [
      { kind: "evaluate", expr: "50/15.3", answer: "3.27", tolerance: 0.005 },
      { kind: "solve", expr: "x^2 = 4", var: "x", answer: ["-2", "2"] },
      { kind: "solve", expr: "x^2 = -1", var: "x", answer: [] },
      { kind: "evaluate", expr: "2", answer: "3", expect: "wrong" },
    ];
    for (const x of QUESTIONS)
      for (const reasoning of [true, false])
        for (const system of [undefined, "Система"]) {
          const exchanges: Exchange[] = [
            { user: `Question ${x}?`, reply: { steps: ["a", "b = 7/3"], answer: "v = 7/3", checks } },
            { user: x, reply: { steps: ["x = 1"], answer: "1", checks: [] }, weight: 0 },
          ];
          const ru = x.length % 2 === 0;
          const opening =
            system === undefined ? "[" : `[${JSON.stringify({ role: "system", content: system })}`;
          const objects = renderExchanges(exchanges, ru, reasoning, system);
          // A multiline task's turns are searched for line breaks; one-line texts need no search.
          for (const multiline of x.includes("\n") ? [true] : [true, false]) {
            const { messages, checks: cs } = messagesJson(
              exchanges,
              ru,
              reasoning,
              opening,
              system ? 1 : 0,
              multiline,
            );
            expect(messages).toBe(JSON.stringify(objects.messages));
            expect(cs).toBe(JSON.stringify(objects.checks));
          }
        }
  });

  it("writes each record as JSON.stringify of the library record, for every option", () => {
    const base = new DatasetGenerator({ seed: 9 }).plan({ numSamples: 0 });
    for (const v of VARIANTS) {
      const cursor = new PlanCursor({ ...base, ...v });
      for (let i = 0; i < 600; i++) expect(cursor.line(i)).toBe(JSON.stringify(cursor.record(i)));
    }
  });

  it("encodes each record to UTF-8 as its line and a newline (system message bytes copied), for every option", () => {
    const base = new DatasetGenerator({ seed: 9 }).plan({ numSamples: 0 });
    for (const v of VARIANTS) {
      const cursor = new PlanCursor({ ...base, ...v });
      // A sink that starts too small: every record makes it grow.
      const sink = {
        pos: 0,
        buf: Buffer.alloc(8),
        reserve(n: number): Buffer {
          if (this.pos + n > this.buf.length)
            this.buf = Buffer.concat([this.buf.subarray(0, this.pos), Buffer.alloc(n)]);
          return this.buf;
        },
      };
      const expected: Buffer[] = [];
      for (let i = 0; i < 300; i++) {
        cursor.encode(i, sink);
        expected.push(Buffer.from(`${cursor.line(i)}\n`));
      }
      expect(sink.buf.subarray(0, sink.pos).equals(Buffer.concat(expected))).toBe(true);
    }
  });
});
