import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bpeEncoding, countInPieces, countTokens, LONG_RUN } from "../../src/quality/tokens.js";
import { runCli } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";

/**
 * Token counting is linear: a BPE merges a word's bytes pair by pair, quadratic in the word's
 * length, so 100k identical characters took 21 s and 300k took 105 s, and a model that answered
 * 200k «а» hung stats and report. No test times anything: they check that the tokenizer is never
 * handed more than LONG_RUN characters of one run, and that counts stay exact where they were.
 */
const dir = tempDir("dialogsmith-tokens-");
const exact = (text: string) => bpeEncoding("o200k").countTokens(text, { disallowedSpecial: new Set() });

describe("countTokens", () => {
  it("is exact for ordinary text, long or short, in any script", () => {
    const texts = [
      "Hello, world!",
      "Съешь же ещё этих мягких французских булок, да выпей чаю. ".repeat(400),
      "订单已经送达，请确认。您还需要别的吗？".repeat(300),
      `{"tool": "search", "args": {"q": "pizza"}}\n`.repeat(500),
      "<|endoftext|> is text here",
    ];
    for (const t of texts) expect(countTokens(t)).toBe(exact(t));
  });

  it("never hands the tokenizer a run longer than LONG_RUN, and stays within a token a piece", () => {
    const pieces: number[] = [];
    const spy = (p: string) => {
      pieces.push(p.length);
      return exact(p);
    };
    for (const run of [
      "а".repeat(300_000),
      "!".repeat(50_000),
      " ".repeat(50_000),
      `word ${"x".repeat(100_000)} end`,
    ]) {
      pieces.length = 0;
      const n = countInPieces(run, spy);
      expect(Math.max(...pieces)).toBeLessThanOrEqual(LONG_RUN + 10);
      expect(n).toBeGreaterThan(0);
    }
    // Against the exact count of a run short enough to count exactly in a test.
    const run = "а".repeat(12_000);
    const pieceCount = Math.ceil(run.length / LONG_RUN);
    expect(Math.abs(countTokens(run) - exact(run))).toBeLessThanOrEqual(pieceCount);
  });
});

describe("validate, stats and report on huge records", () => {
  const normal = (i: number) =>
    JSON.stringify({
      messages: [
        { role: "user", content: `question ${i}` },
        { role: "assistant", content: `answer ${i}` },
      ],
    });

  it("a 200k «а» answer is counted and reported (before: the commands hung)", async () => {
    const long = JSON.stringify({
      messages: [
        { role: "user", content: "скажи а" },
        { role: "assistant", content: "а".repeat(200_000) },
      ],
    });
    const input = join(dir, "long.jsonl");
    writeFileSync(input, `${normal(1)}\n${long}\n`);
    const stats = await runCli(["stats", input, "--json"], { cwd: dir });
    expect(stats.code, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout).records).toBe(2);
    const validate = await runCli(["validate", input], { cwd: dir });
    expect(validate.stdout).toMatch(/max 1\d{5}/);
    expect((await runCli(["report", input, "--out", join(dir, "long.html")], { cwd: dir })).code).toBe(0);
  });

  it("a 20 MB line is an oversize record: named by line, never read", async () => {
    const huge = JSON.stringify({
      messages: [
        { role: "user", content: "x" },
        { role: "assistant", content: "y".repeat(20 << 20) },
      ],
    });
    const input = join(dir, "huge.jsonl");
    writeFileSync(input, `${normal(1)}\n${huge}\n${normal(3)}\n`);
    const stats = await runCli(["stats", input, "--json"], { cwd: dir });
    expect(stats.code, stats.stderr).toBe(0);
    const s = JSON.parse(stats.stdout);
    expect(s.records).toBe(2);
    expect(s.skipped.reasons).toEqual({ oversize: 1 });
    const validate = await runCli(["validate", input, "--json"], { cwd: dir });
    expect(validate.code).toBe(1);
    expect(JSON.parse(validate.stdout).errors.oversize_record).toMatchObject({ count: 1, lines: [2] });
  });
});
