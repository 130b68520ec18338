import { describe, expect, it } from "vitest";
import { DatasetGenerator } from "../../src/recipes/math/generator.js";
import {
  formatReply,
  formatReplyJson,
  jsonStr,
  renderExchanges,
  renderExchangesJson,
} from "../../src/recipes/math/render.js";
import { type MathPlan, PlanCursor } from "../../src/recipes/math/stream.js";
import type { CheckSpec, Exchange, Reply } from "../../src/recipes/math/types.js";

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
  // A backslash next to the escaped line break that joins reasoning steps, and one spelling it.
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

  it("formats replies as JSON.stringify(formatReply(...)), whatever the steps contain", () => {
    for (const reasoning of [true, false])
      for (const ru of [true, false])
        for (const a of TRICKY)
          for (const b of TRICKY) {
            const reply: Reply = { steps: [a, "x = 1", b], answer: b || "x = 1", checks: [] };
            expect(formatReplyJson(reply, ru, reasoning)).toBe(
              JSON.stringify(formatReply(reply, ru, reasoning)),
            );
          }
  });

  it("renders exchanges as JSON.stringify(renderExchanges(...)), clean or not", () => {
    const checks = (x: string): CheckSpec[] => [
      { kind: "evaluate", expr: `1 + ${x}`, answer: x },
      { kind: "evaluate", expr: "50/15.3", answer: "3.27", tolerance: 0.005 },
      { kind: "solve", expr: "x^2 = 4", var: "x", answer: ["-2", x] },
      { kind: "solve", expr: "x^2 = -1", var: "x", answer: [] },
      { kind: "evaluate", expr: "2", answer: "3", expect: "wrong" },
    ];
    for (const x of ["7/3", ...TRICKY])
      for (const reasoning of [true, false])
        for (const system of [undefined, "Система", 'say "hi"\n']) {
          const exchanges: Exchange[] = [
            {
              user: `Question ${x}?`,
              reply: { steps: ["a", x, "c"], answer: `v = ${x}`, checks: checks(x) },
            },
            { user: "Next", reply: { steps: [`x = ${x}`], answer: "1", checks: [] } },
          ];
          const { messages, checks: cs } = renderExchangesJson(
            exchanges,
            x.length % 2 === 0,
            reasoning,
            system === undefined ? undefined : JSON.stringify({ role: "system", content: system }),
          );
          const objects = renderExchanges(exchanges, x.length % 2 === 0, reasoning, system);
          expect(messages).toBe(JSON.stringify(objects.messages));
          expect(cs).toBe(JSON.stringify(objects.checks));
        }
  });

  it("renders replies whose steps alone hold the tricky text as JSON.stringify does", () => {
    for (const x of TRICKY)
      for (const steps of [[x], ["a", x, "c"], [x, x], ["b", x]]) {
        const exchanges: Exchange[] = [{ user: "Q", reply: { steps, answer: "1", checks: [] } }];
        const { messages } = renderExchangesJson(exchanges, true, true, undefined);
        expect(messages).toBe(JSON.stringify(renderExchanges(exchanges, true, true, undefined).messages));
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
