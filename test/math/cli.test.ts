import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../support/tmp.js";

/** End to end through the built CLI (run `npm run build` first), in a clean temp directory. */
const BIN = resolve(__dirname, "../../bin/dialogsmith.js");

function cli(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, "generate", "math", ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const jsonl = (path: string) =>
  readFileSync(path, "utf8")
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l));

describe("dialogsmith generate math", () => {
  const dir = tempDir("dialogsmith-math-cli-");

  it("works offline with no config file and no keys, into data/generated/math_<time>", () => {
    const cwd = join(dir, "fresh");
    mkdirSync(cwd);
    const r = cli(cwd, "--count", "300", "--seed", "5", "--quiet");
    expect(r.code).toBe(0);
    const runs = readdirSync(join(cwd, "data", "generated"));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatch(/^math_\d{8}-\d{6}$/);
    const run = join(cwd, "data", "generated", runs[0]);
    const recs = jsonl(join(run, "dataset.jsonl"));
    expect(recs).toHaveLength(300);
    expect(Object.keys(recs[0])).toEqual(["id", "messages", "metadata"]);
    expect(recs[0].metadata).toMatchObject({ language: "ru", reasoning_mode: true, seed: 5 });
    const report = JSON.parse(readFileSync(join(run, "report.json"), "utf8"));
    expect(report).toMatchObject({ recipe: "math", requested: 300, accepted: 300, stopped: "done" });
    expect(Object.keys(report.breakdown.task_type)).toHaveLength(21);
    expect(JSON.parse(readFileSync(join(run, "config.json"), "utf8"))).toMatchObject({
      recipe: "math",
      seed: 5,
      turns: 3,
    });
  });

  it("writes byte-identical data for the same seed and different data for another", () => {
    for (const [out, seed] of [
      ["a", "17"],
      ["b", "17"],
      ["c", "18"],
    ])
      expect(
        cli(dir, "--count", "400", "--seed", seed, "--lang", "ru,en", "--out", out, "--quiet").code,
      ).toBe(0);
    const a = readFileSync(join(dir, "a", "dataset.jsonl"));
    expect(readFileSync(join(dir, "b", "dataset.jsonl")).equals(a)).toBe(true);
    expect(readFileSync(join(dir, "c", "dataset.jsonl")).equals(a)).toBe(false);
  });

  it("splits train/eval stratified by mode and task, honouring the filters", () => {
    const r = cli(
      dir,
      "--count",
      "400",
      "--seed",
      "3",
      "--eval-ratio",
      "0.25",
      "--modes",
      "chain,correction",
      "--tasks",
      "quadratic,kinematics",
      "--lang",
      "ru,en",
      "--out",
      "split",
      "--quiet",
    );
    expect(r.code).toBe(0);
    const train = jsonl(join(dir, "split", "train.jsonl"));
    const evals = jsonl(join(dir, "split", "eval.jsonl"));
    expect(train.length + evals.length).toBe(400);
    const cells = new Map<string, number>();
    for (const rec of evals) {
      const k = `${rec.metadata.mode}/${rec.metadata.task_type}`;
      cells.set(k, (cells.get(k) ?? 0) + 1);
    }
    expect([...cells.keys()].sort()).toEqual([
      "chain/kinematics",
      "chain/quadratic",
      "correction/kinematics",
      "correction/quadratic",
    ]);
    for (const n of cells.values()) expect(Math.abs(n - 25)).toBeLessThanOrEqual(1);
    expect(new Set([...train, ...evals].map((x) => x.metadata.language))).toEqual(new Set(["ru", "en"]));
  });

  it("rejects an unknown task type or mode with exit 2 and one line listing the valid ones", () => {
    for (const args of [
      ["--tasks", "quadratic,calculus"],
      ["--modes", "debate"],
      ["--lang", "fr"],
      ["--difficulty", "0-4"],
    ]) {
      const r = cli(dir, "--count", "5", ...args);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
    }
    const r = cli(dir, "--count", "5", "--tasks", "calculus");
    expect(r.stderr.trim()).toMatch(
      /^dialogsmith: error: unknown task type 'calculus' .*valid task types: arithmetic, .*gas_laws$/,
    );
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("reads the math section of dialogsmith.yaml, with flags taking precedence", () => {
    const cwd = join(dir, "configured");
    mkdirSync(cwd);
    writeFileSync(
      join(cwd, "dialogsmith.yaml"),
      "math:\n  count: 40\n  lang: en\n  modes: [variations]\n  reasoning: false\n  system: false\n  seed: 9\n",
    );
    expect(cli(cwd, "--out", "run", "--quiet").code).toBe(0);
    const recs = jsonl(join(cwd, "run", "dataset.jsonl"));
    expect(recs).toHaveLength(40);
    for (const rec of recs) {
      expect(rec.metadata).toMatchObject({
        language: "en",
        mode: "variations",
        reasoning_mode: false,
        seed: 9,
      });
      expect(rec.messages[0].role).toBe("user");
      expect(rec.messages[1].content).toMatch(/\nAnswer: /);
    }
    expect(cli(cwd, "--out", "run2", "--count", "7", "--reasoning", "--quiet").code).toBe(0);
    const over = jsonl(join(cwd, "run2", "dataset.jsonl"));
    expect(over).toHaveLength(7);
    expect(over.every((x) => x.metadata.reasoning_mode === true)).toBe(true);
    writeFileSync(join(cwd, "dialogsmith.yaml"), "math:\n  modez: [chain]\n");
    const bad = cli(cwd, "--out", "run3");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/math: unknown key\(s\) 'modez'/);
  });
});
