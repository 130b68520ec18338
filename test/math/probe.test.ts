import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/core/errors.js";
import type { MathRecord } from "../../src/recipes/math/types.js";
import { tempDir } from "../support/tmp.js";
import {
  DEFAULT_SEEDS,
  ProbeTally,
  parseProbeArgs,
  probeGenerated,
  probeMain,
  rotatingSeeds,
} from "./support/probe.js";

/** `npm run probe:math` (scripts/probe-math.mjs): the quality checker over many seeds or a dataset file. */
const SCRIPT = resolve(__dirname, "../../scripts/probe-math.mjs");
const BIN = resolve(__dirname, "../../bin/dialogsmith.js");
const FIXTURES = resolve(__dirname, "../fixtures/math-probe");

function probe(...args: string[]) {
  const r = spawnSync(process.execPath, [SCRIPT, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const records = (path: string): MathRecord[] =>
  readFileSync(path, "utf8")
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l));

describe("npm run probe:math (a real process)", () => {
  it("--file: exits 1 and names each rule that fires, with the record and line of an example", () => {
    // planted.jsonl is a generated dataset with two defects planted: a correction whose wrong
    // turn lost its weight 0 (line 4) and «Всего 4 способов.» added to a question (line 1).
    const r = probe("--file", `${FIXTURES}/planted.jsonl`);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("8 dialogues checked");
    expect(r.stdout).toContain("instances: 2 of 2 rules");
    expect(r.stdout).toMatch(
      /class 1: wrong turn not weight 0: 1\n {4}e\.g\. math-3-3 \(\S+planted\.jsonl:4, correction/,
    );
    expect(r.stdout).toMatch(
      /class 8: noun form after a numeral \(ru\): 1\n {4}e\.g\. math-3-0 .*всего 4 способов/,
    );
    expect(r.stdout.trimEnd().endsWith("FAIL")).toBe(true);
  });

  it("--file: the same dataset without the planted defects passes (exit 0)", () => {
    const r = probe("--file", `${FIXTURES}/clean.jsonl`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("instances: 0\ncrashes: 0\nok: no instance, no crash");
  });

  it("generates N dialogues per language at each seed and checks them", () => {
    const r = probe("--seeds", "7,8", "--count", "30");
    expect(r.stdout).toContain("120 dialogues checked (seeds 7,8; 30 per language per seed (ru, en)");
    expect(r.code).toBe(0);
  });

  it("bad usage: exit 2 and one line naming the problem, no stack trace", () => {
    const r = probe("--seeds", "7,x");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("probe:math: --seeds x: expected a whole number from 1 to 2147483647\n");
  });
});

describe("the probe's parts", () => {
  it("a dialogue that throws is a crash: reported with where it happened, and the run fails", async () => {
    const tally = new ProbeTally();
    const [good] = records(`${FIXTURES}/clean.jsonl`);
    tally.check("seed 1 record 0", () => good);
    expect(tally.failed).toBe(false);
    tally.check("dialogsmith generate math --seed 9 --lang en --count 5", () => {
      throw new TypeError("Cannot read properties of undefined (reading 'n')");
    });
    expect(tally.failed).toBe(true);
    const report = tally.report("test");
    expect(report).toContain("2 dialogues checked");
    expect(report).toContain("crashes: 1\n  dialogsmith generate math --seed 9 --lang en --count 5:");
    expect(report).toContain("TypeError: Cannot read properties of undefined (reading 'n')");
    expect(report.endsWith("FAIL")).toBe(true);
  });

  it("each generated record is the one `generate math` writes with the command the report names", () => {
    const out = `${tempDir("dialogsmith-math-probe-")}/run`;
    const args = ["generate", "math", "--seed", "9", "--lang", "en", "--no-reasoning", "--count", "6"];
    const r = spawnSync(process.execPath, [BIN, ...args, "--out", out, "--quiet"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    const written = records(`${out}/dataset.jsonl`);
    const seen: { where: string; record: MathRecord }[] = [];
    probeGenerated(
      { seeds: [9], count: 6, turns: 3, languages: ["en"] },
      {
        check: (where, make) => seen.push({ where, record: make() }),
      },
    );
    // Records 0-2 with reasoning, 3-5 without: the latter are the ones the command above writes.
    expect(seen.map((x) => x.record.id)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `math-9-${i}`));
    expect(seen.slice(3).map((x) => x.record)).toEqual(written.slice(3));
    expect(seen[5].where).toBe("dialogsmith generate math --seed 9 --lang en --no-reasoning --count 6");
    expect(seen[0].where).toBe("dialogsmith generate math --seed 9 --lang en --count 1");
  });

  it("--rotate K: K seeds from the UTC date, new every day, none of the default ones", () => {
    const day = new Date("2026-12-04T03:00:00Z");
    const seeds = rotatingSeeds(day, 3);
    expect(seeds).toHaveLength(3);
    expect(rotatingSeeds(new Date("2026-12-04T23:59:00Z"), 3)).toEqual(seeds);
    const next = rotatingSeeds(new Date("2026-12-05T00:01:00Z"), 3);
    expect(next.filter((s) => seeds.includes(s))).toEqual([]);
    expect(seeds.filter((s) => DEFAULT_SEEDS.includes(s))).toEqual([]);
    expect(parseProbeArgs(["--rotate", "3"], day).seeds).toEqual(seeds);
    expect(parseProbeArgs([]).seeds).toEqual(DEFAULT_SEEDS);
    expect(() => parseProbeArgs(["--turns", "11"])).toThrow(UsageError);
  });

  it("probeMain: exit 1 on a planted defect, 0 on a clean file, 2 and one line on bad usage", async () => {
    const sink = () => {
      const chunks: string[] = [];
      return { chunks, write: (text: string) => chunks.push(text) };
    };
    const out = sink();
    expect(await probeMain(["--file", `${FIXTURES}/planted.jsonl`], out, sink())).toBe(1);
    expect(out.chunks.join("")).toContain("class 1: wrong turn not weight 0");
    expect(await probeMain(["--file", `${FIXTURES}/clean.jsonl`], sink(), sink())).toBe(0);
    const usage = async (...args: string[]) => {
      const err = sink();
      expect(await probeMain(args, sink(), err), args.join(" ")).toBe(2);
      expect(err.chunks, args.join(" ")).toHaveLength(1);
      return err.chunks[0];
    };
    expect(await usage("--count", "0")).toBe(
      "probe:math: --count 0: expected a whole number from 1 to 9007199254740991\n",
    );
    expect(await usage("--rotate", "2", "--seeds", "5")).toMatch(/give --rotate or --seeds/);
    expect(await usage("--bogus")).toMatch(/Unknown option '--bogus'/);
    expect(await usage("--file", "no-such.jsonl")).toContain("--file no-such.jsonl: no such file");
    expect(await usage("--file", resolve(__dirname, "../../package.json"))).toMatch(
      /package\.json:1: not JSON/,
    );
  });
});
