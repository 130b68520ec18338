import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exportDataset } from "../../src/formats/export/index.js";
import { DatasetGenerator } from "../../src/recipes/math/generator.js";
import type { MathRecord } from "../../src/recipes/math/types.js";
import { tempDir } from "../support/tmp.js";
import { claimHolds, finalAnswer, showsValue } from "./support/verify.js";

/**
 * Correction mode's planted wrong answer must never be trained on: weight 0 where a format has a
 * per-turn weight, in the (unweighted) prompt where it has prompt/completion, and the record is
 * dropped with a reason where every assistant turn trains. `--to dpo` turns each planted error
 * into a preference pair.
 */
const dir = tempDir();
const records: MathRecord[] = new DatasetGenerator({ seed: 5 }).generateMultiturnDataset({
  modes: ["correction"],
  numSamples: 400,
  language: ["ru", "en"],
});
const input = join(dir, "dataset.jsonl");
writeFileSync(input, records.map((r) => `${JSON.stringify(r)}\n`).join(""));
const fixed = records.filter((r) => r.metadata.correction === "fixed");
const defended = records.filter((r) => r.metadata.correction === "defended");
const readOut = (path: string) =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));

async function exported(target: string) {
  const out = join(dir, `${target}.jsonl`);
  const summary = await exportDataset({ input, target: target as never, out });
  return { summary, lines: readOut(out) };
}

describe("math correction records in the exports", () => {
  it("mark the planted wrong answer, and only it, with weight 0 in the dataset", () => {
    expect(defended.length).toBeGreaterThanOrEqual(records.length / 4);
    expect(fixed.length).toBeGreaterThan(records.length / 2);
    for (const r of fixed) {
      const zero = r.messages.flatMap((m, i) => (m.weight === 0 ? [i] : []));
      const wrong = r.metadata.checks.filter((c) => c.expect === "wrong").map((c) => c.message);
      expect(zero).toEqual([...new Set(wrong)]);
      expect(r.messages[zero[0]].role).toBe("assistant");
    }
    for (const r of defended) expect(r.messages.some((m) => m.weight !== undefined)).toBe(false);
  });

  it("openai keeps weight 0 on the wrong turn", async () => {
    const { lines } = await exported("openai");
    expect(lines).toHaveLength(records.length);
    const weighted = lines.filter((l) => l.messages.some((m: { weight?: number }) => m.weight === 0));
    expect(weighted).toHaveLength(fixed.length);
  });

  it("trl-prompt-completion and prompt-completion keep the wrong turn in the prompt (no loss on it)", async () => {
    const { lines } = await exported("trl-prompt-completion");
    expect(lines).toHaveLength(records.length);
    for (const [k, r] of records.entries()) {
      const last = r.messages[r.messages.length - 1];
      expect(lines[k].completion).toEqual([{ role: "assistant", content: last.content }]);
    }
    const plain = await exported("prompt-completion");
    expect(plain.lines).toHaveLength(records.length);
  });

  it.each(["sharegpt", "llama-factory", "trl", "sft"])(
    "%s (trains every assistant turn) drops a record with a weight-0 turn, with a reason",
    async (target) => {
      const { summary, lines } = await exported(target);
      expect(summary.skipped).toEqual({ weight_zero_turn: fixed.length });
      expect(lines).toHaveLength(defended.length);
    },
  );

  it("dpo: one pair per planted error; prompt up to the question, chosen right, rejected the error", async () => {
    const { summary, lines } = await exported("dpo");
    expect(lines).toHaveLength(fixed.length);
    expect(summary.skipped).toEqual({ no_preference_pair: defended.length });
    for (const [k, r] of fixed.entries()) {
      const pair = lines[k];
      const wrongAt = r.messages.findIndex((m) => m.weight === 0);
      expect(pair.prompt).toEqual(r.messages.slice(0, wrongAt));
      expect(pair.prompt[pair.prompt.length - 1].role).toBe("user");
      expect(pair.rejected).toEqual([{ role: "assistant", content: r.messages[wrongAt].content }]);
      // chosen states the same (right) answer as the corrected turn, checked by the CAS.
      const right = r.metadata.checks.filter((c) => c.message === r.messages.length - 1);
      expect(right.length).toBeGreaterThan(0);
      const chosenAnswer = finalAnswer(pair.chosen[0].content, r.metadata.reasoning_mode) ?? "";
      for (const c of right) {
        expect(claimHolds(c)).toBe(true);
        for (const v of Array.isArray(c.answer) ? c.answer : [c.answer])
          expect(showsValue(chosenAnswer, v)).toBe(true);
      }
      expect(pair.chosen[0].content).not.toBe(pair.rejected[0].content);
      // chosen is the plain right solution: no apology, no "the correct solution" marker.
      expect(pair.chosen[0].content).not.toMatch(
        /you.re right|вы правы|I made|я ошибся|я допустил|correct solution:|Правильное решение:/i,
      );
    }
  });

  it("dpo skips other math modes with a reason", async () => {
    const chain = new DatasetGenerator({ seed: 1 }).generateChainDataset({ numSamples: 5 });
    const path = join(dir, "chain.jsonl");
    writeFileSync(path, chain.map((r) => `${JSON.stringify(r)}\n`).join(""));
    await expect(
      exportDataset({ input: path, target: "dpo", out: join(dir, "c.dpo.jsonl") }),
    ).rejects.toThrow(/no_preference_pair|no record/i);
  });
});
