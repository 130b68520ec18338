import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../support/tmp.js";
import { math, roleplay, roundsHistory, toolsRecord, writeJsonl } from "./fixtures.js";

// Runs the built CLI (npm run build first), as a user would.
const BIN = resolve(__dirname, "../../bin/dialogsmith.js");
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const dir = tempDir();

describe("dialogsmith export / validate / split (spawned)", () => {
  it("export prints counts and skipped reasons; validate passes on the result", () => {
    const input = writeJsonl(dir, "in.jsonl", [
      ...Array(10).fill(math),
      toolsRecord,
      { messages: [{ role: "user", content: "x" }] },
    ]);
    const out = join(dir, "out.jsonl");
    const r = run("export", input, "--to", "openai", "--out", out);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("exported 11 of 12 records");
    expect(r.stderr).toMatch(/no_assistant_message: 1 \(first: .*in\.jsonl:12/);
    const v = run("validate", out);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain("11 examples checked as openai");
    expect(v.stdout).toMatch(/tokens \(o200k.*p95/);
  });

  it("export without --to writes OpenAI chat messages: every assistant turn, the system message first", () => {
    const record = {
      ...roleplay,
      prompt: `system: Ты продавец.\n${roleplay.prompt}`,
      messages: [
        { role: "system", content: "Ты продавец.", order: 0 },
        ...roleplay.messages.map((m) => ({ ...m, order: m.order + 1 })),
      ],
    };
    const input = writeJsonl(dir, "rp.jsonl", [record]);
    const r = run("export", input, "--out", "-");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("(openai)");
    expect(JSON.parse(r.stdout).messages).toEqual([
      { role: "system", content: "Ты продавец." },
      { role: "user", content: "Привет!" },
      { role: "assistant", content: "Добрый день! Чем могу помочь?" },
      { role: "user", content: "Сколько стоит?" },
      { role: "assistant", content: "10 USDT." },
    ]);
  });

  it("--out - writes data to stdout only", () => {
    const input = writeJsonl(dir, "r.jsonl", [roundsHistory]);
    const r = run("export", input, "--to", "dpo", "--out", "-");
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(2);
    expect(JSON.parse(r.stdout.split("\n")[0]).rejected[0].content).toBe("5");
  });

  it("bad input: one line naming file and line, exit 2, no stack, nothing written", () => {
    const input = writeJsonl(dir, "bad.jsonl", [math, "{nope"]);
    const out = join(dir, "never.jsonl");
    writeFileSync(out, "old\n");
    const r = run("export", input, "--to", "sharegpt", "--out", out);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/bad\.jsonl:2: not valid JSON .*fix or remove that line/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(out, "utf8")).toBe("old\n");
    expect(run("export", join(dir, "missing.jsonl"), "--to", "nope").code).toBe(2);
  });

  it("validate exits 1 on errors with types and line numbers", () => {
    const file = writeJsonl(dir, "v.jsonl", [
      {
        conversations: [
          { from: "human", value: "a" },
          { from: "human", value: "b" },
        ],
      },
      {
        conversations: [
          { from: "human", value: "a" },
          { from: "gpt", value: "b" },
        ],
      },
    ]);
    const r = run("validate", file, "--as", "llama-factory");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/invalid_role_tag: 1 \(lines 1\)/);
    expect(r.stdout).toContain("too_few_examples");
  });

  it("split prints counts per stratum", () => {
    const input = writeJsonl(
      dir,
      "s.jsonl",
      Array.from({ length: 40 }, (_, i) => ({
        ...math,
        id: `m${i}`,
        metadata: { mode: i % 2 ? "chain" : "followup" },
      })),
    );
    const out = join(dir, "split");
    const r = run(
      "split",
      input,
      "--eval-ratio",
      "0.25",
      "--seed",
      "3",
      "--stratify",
      "metadata.mode",
      "--out",
      out,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("split 40 records: train 30");
    expect(r.stderr).toMatch(/chain\s+20\s+15\s+5/);
    expect(readFileSync(join(out, "eval.jsonl"), "utf8").trim().split("\n")).toHaveLength(10);
  });
});
