import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { BoundedHistogram } from "../../src/report/histogram.js";
import { Reservoir } from "../../src/report/reservoir.js";
import { guessLanguage } from "../../src/report/script-detect.js";
import { computeStats, StatsCollector } from "../../src/report/stats.js";
import { formatStatsTable } from "../../src/report/terminal-table.js";
import { tempDir } from "../support/tmp.js";
import {
  mathRecord,
  roleplayRecord,
  roundsRecord,
  toolsRecord,
  writeJsonl,
  writeRunDir,
} from "./sample-data.js";

const dir = tempDir("dialogsmith-stats-");
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("stats per recipe shape", () => {
  it("roleplay run directory: counts, roles, language, breakdowns, rejections, cost and time", async () => {
    const run = writeRunDir(
      join(dir, "roleplay-run"),
      range(10).map((i) => roleplayRecord(i)),
    );
    const s = await computeStats(run, { tokenizer: "o200k" });
    expect(s.source.kind).toBe("run");
    expect(s.records).toBe(10);
    expect(s.shapes).toEqual({ roleplay: 10 });
    // Even records have 6 messages, odd ones 4.
    expect(s.messages).toMatchObject({ count: 10, sum: 50, min: 4, max: 6, mean: 5 });
    expect(s.messages.bins).toEqual([
      { from: 4, to: 5, count: 5 },
      { from: 5, to: 6, count: 0 },
      { from: 6, to: 7, count: 5 },
    ]);
    expect(s.roles.user.messages).toBe(25);
    expect(s.roles.assistant.messages).toBe(25);
    expect(s.roles.user.tokens.mean).toBeGreaterThan(3);
    expect(s.tokens.sum).toBe(s.roles.user.tokens.sum + s.roles.assistant.tokens.sum);
    expect(s.languages).toEqual({ ru: 10 });
    expect(s.scripts).toEqual({ cyrillic: 10 });
    const fields = Object.fromEntries(s.breakdowns.map((b) => [b.field, b.counts]));
    expect(fields.role_type).toEqual({ crypto_seller: 10 });
    expect(fields["scenario.intent"]).toEqual({ ask_price: 6, buy: 4 });
    expect(fields["scenario.outcome"]).toEqual({ no_sale: 5, sale: 5 });
    // Identifying fields are not broken down; language has its own chart.
    expect(Object.keys(fields)).not.toContain("seed");
    expect(Object.keys(fields)).not.toContain("language");
    expect(s.breakdowns[0].field).toBe("role_type");
    expect(s.rejections).toEqual({
      total: 3,
      reasons: { too_short: 2, language_mismatch: 1 },
      source: "rejected.jsonl",
    });
    expect(s.run).toMatchObject({ recipe: "roleplay", cost_usd: 0.0789, duration_s: 321.5, failed: 1 });
    expect(s.run?.requests.by_status).toEqual({ "200": 14, "429": 2 });
    expect(s.config).toMatchObject({ recipe: "roleplay", seed: 42 });
  });

  it("math: mode, task_type and difficulty breakdowns (difficulty in number order)", async () => {
    const file = writeJsonl(join(dir, "math.jsonl"), range(20).map(mathRecord));
    const s = await computeStats(file, { tokenizer: "estimate" });
    expect(s.source.kind).toBe("file");
    expect(s.shapes).toEqual({ math: 20 });
    expect(s.tokenizer).toBe("estimate");
    expect(s.run).toBeUndefined();
    expect(s.rejections).toBeUndefined();
    const b = Object.fromEntries(s.breakdowns.map((x) => [x.field, x.counts]));
    expect(b.mode).toEqual({ chain: 5, correction: 5, followup: 5, variations: 5 });
    expect(b.task_type).toEqual({ arithmetic: 4, dynamics: 4, kinematics: 4, linear: 4, quadratic: 4 });
    expect(Object.keys(b.difficulty)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    expect(s.breakdowns.map((x) => x.field).slice(0, 3)).toEqual(["mode", "task_type", "difficulty"]);
    expect(s.languages).toEqual({ en: 20 });
  });

  it("tools: system prompt moved in, text tool calls counted by name, Korean detected, gold category", async () => {
    const records = range(6).map((i) => ({
      ...toolsRecord(i),
      ...(i < 2 ? { category: "menu_lookup" } : {}),
    }));
    const file = writeJsonl(join(dir, "tools.jsonl"), records);
    const s = await computeStats(file);
    expect(s.shapes).toEqual({ tools: 6 });
    expect(s.roles.system.messages).toBe(6);
    expect(s.messages.mean).toBe(5);
    expect(s.toolCalls).toEqual({ dialogues: 6, calls: 6, byName: { search_restaurants: 6 } });
    expect(s.languages).toEqual({ ko: 6 });
    expect(s.scripts).toEqual({ hangul: 6 });
    const b = Object.fromEntries(s.breakdowns.map((x) => [x.field, x.counts]));
    expect(b.category).toEqual({ menu_lookup: 2 });
    // dates is one value per record in real data: kept only while it stays under the cap.
    expect(b.dates).toEqual({ "2025-03-01": 6 });
  });

  it("rounds: question/correction turns, Chinese detected from script", async () => {
    const file = writeJsonl(join(dir, "rounds.jsonl"), range(4).map(roundsRecord));
    const s = await computeStats(file);
    expect(s.shapes).toEqual({ rounds: 4 });
    expect(s.messages).toMatchObject({ min: 4, max: 4 });
    expect(s.roles.user.messages).toBe(8);
    expect(s.languages).toEqual({ zh: 4 });
  });

  it("counts lines it cannot use by reason instead of failing", async () => {
    const file = writeJsonl(join(dir, "mixed.jsonl"), [mathRecord(1), { hello: "world" }, roundsRecord(2)]);
    appendFileSync(file, "{not json\n\n");
    const s = await computeStats(file);
    expect(s.records).toBe(2);
    expect(s.skipped).toEqual({ total: 2, reasons: { invalid_json: 1, unrecognised_shape: 1 } });
    expect(s.shapes).toEqual({ math: 1, rounds: 1 });
  });

  it("falls back to report.json's rejection reasons when rejected.jsonl is absent", async () => {
    const run = writeRunDir(join(dir, "no-rejected"), [roleplayRecord(1)]);
    writeFileSync(join(run, "rejected.jsonl"), "");
    const s1 = await computeStats(run);
    expect(s1.rejections).toMatchObject({ total: 0, source: "rejected.jsonl" });
    const { rmSync } = await import("node:fs");
    rmSync(join(run, "rejected.jsonl"));
    const s2 = await computeStats(run);
    expect(s2.rejections).toEqual({
      total: 3,
      reasons: { too_short: 2, language_mismatch: 1 },
      source: "report.json",
    });
  });

  it("samples the same examples for the same seed, and cuts long messages", async () => {
    const file = writeJsonl(
      join(dir, "many.jsonl"),
      range(200).map((i) => ({
        id: `m${i}`,
        messages: [{ role: "user", content: "x".repeat(i === 7 ? 50 : 5) }],
      })),
    );
    const a = await computeStats(file, { examples: 5, seed: 7, tokenizer: "estimate", maxExampleChars: 20 });
    const b = await computeStats(file, { examples: 5, seed: 7, tokenizer: "estimate", maxExampleChars: 20 });
    const c = await computeStats(file, { examples: 5, seed: 8, tokenizer: "estimate", maxExampleChars: 20 });
    const ids = (s: typeof a) => s.examples.map((e) => e.id);
    expect(ids(a)).toHaveLength(5);
    expect(ids(a)).toEqual(ids(b));
    expect(ids(a)).not.toEqual(ids(c));
    // Sorted by line, so the report reads top to bottom.
    expect(a.examples.map((e) => e.line)).toEqual([...a.examples.map((e) => e.line)].sort((x, y) => x - y));
    const collector = new StatsCollector({ examples: 1, maxExampleChars: 20, tokenizer: "estimate" });
    collector.add({ id: "long", messages: [{ role: "user", content: "y".repeat(50) }] });
    const kept = collector.result({ kind: "file", input: file, files: [file] }).examples[0];
    expect(kept.conversation.messages[0].content).toBe(`${"y".repeat(20)}… [30 more characters]`);
  });

  it("formats a terminal table", async () => {
    const run = writeRunDir(
      join(dir, "table-run"),
      range(4).map((i) => roleplayRecord(i)),
    );
    const text = formatStatsTable(await computeStats(run));
    expect(text).toContain("4 dialogues (roleplay 4)");
    expect(text).toMatch(/messages\s+4\s+5\s+/);
    expect(text).toMatch(/too_short\s+2\s+66\.7%/);
    expect(text).toMatch(/cost\s+\$0\.0789/);
    expect(text).toMatch(/duration\s+5 min 22 s/);
  });
});

describe("the terminal table", () => {
  it("aligns columns by display width: emoji, CJK and Hangul take two columns", () => {
    const c = new StatsCollector({ examples: 0, tokenizer: "estimate" });
    for (const mood of ["😀 happy", "😀 happy", "平静", "좋아요", "ok"])
      c.add({ messages: [{ role: "user", content: "hi" }], metadata: { mood } });
    const text = formatStatsTable(c.result({ kind: "file", input: "x", files: ["x"] }));
    const lines = text.split("\n");
    const start = lines.findIndex((l) => l.startsWith("mood "));
    const end = lines.indexOf("", start);
    const moodTable = lines.slice(start, end === -1 ? undefined : end);
    expect(moodTable).toHaveLength(6);
    expect(new Set(moodTable.map((l) => stringWidth(l))).size).toBe(1);
  });
});

describe("bounded streaming pieces", () => {
  it("breakdowns stay bounded: free-text fields are dropped, a category past the cap folds into 'other'", () => {
    const c = new StatsCollector({ examples: 0, tokenizer: "estimate" });
    for (let i = 0; i < 500; i++) {
      c.add({
        messages: [{ role: "user", content: "hi" }],
        metadata: { note: `free text ${i}`, category: `c${i % 40}`, mode: "chain" },
      });
    }
    const s = c.result({ kind: "file", input: "x", files: ["x"] });
    const fields = s.breakdowns.map((b) => b.field);
    expect(fields).not.toContain("note");
    const category = s.breakdowns.find((b) => b.field === "category");
    expect(Object.keys(category?.counts ?? {})).toHaveLength(30);
    // c0..c29 are kept (c0..c19 seen 13 times, c20..c29 12 times); c30..c39, 12 each, fold into other.
    expect(category?.other).toBe(120);
    expect(s.breakdowns[0]).toEqual({ field: "mode", counts: { chain: 500 }, other: 0 });
  });

  it("histogram: exact while narrow, then widens with memory fixed", () => {
    const h = new BoundedHistogram(8);
    for (const v of [1, 2, 2, 3, 7]) h.add(v);
    expect(h.summary()).toMatchObject({ count: 5, min: 1, max: 7, p50: 2, sum: 15 });
    for (let v = 0; v < 10_000; v++) h.add(v);
    const s = h.summary();
    expect(s.bins.length).toBeLessThanOrEqual(8);
    expect(s.count).toBe(10_005);
    expect(s.max).toBe(9_999);
    expect(s.bins.reduce((a, b) => a + b.count, 0)).toBe(10_005);
    expect(Math.abs(s.p50 - 5_000)).toBeLessThan(1_100);
  });

  it("reservoir keeps k items, uniformly", () => {
    const hits = new Array(10).fill(0);
    for (let seed = 0; seed < 2_000; seed++) {
      const r = new Reservoir<number>(2, seed);
      for (let i = 0; i < 10; i++) r.offer(() => i);
      for (const v of r.values()) hits[v]++;
    }
    // Each of 10 items is kept with probability 2/10: about 400 of 2,000.
    for (const h of hits) expect(Math.abs(h - 400)).toBeLessThan(100);
  });

  it("guesses languages from scripts", () => {
    expect(guessLanguage("Привет, как дела?")).toBe("ru");
    expect(guessLanguage("안녕하세요 search_restaurants 호출")).toBe("ko");
    expect(guessLanguage("東京の天気はどうですか")).toBe("ja");
    expect(guessLanguage("今天天气很好")).toBe("zh");
    expect(guessLanguage("The quick brown fox")).toBe("en");
    expect(guessLanguage("12345 !!!")).toBeUndefined();
  });
});
