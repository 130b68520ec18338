import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/core/errors.js";
import { type OfflineItem, runOffline, runOfflineWith } from "../../src/engine/offline-runner.js";
import { tempDir } from "../support/tmp.js";

function* toy(n: number, strata: string[]): Generator<OfflineItem<{ id: string; n: number }>> {
  for (let i = 0; i < n; i++) {
    const stratum = strata[i % strata.length];
    yield { record: { id: `toy-${i}`, n: i }, stratum, facets: { stratum, parity: i % 2 } };
  }
}

const lines = (path: string) => readFileSync(path, "utf8").trimEnd().split("\n");

describe("offline runner", () => {
  const dir = tempDir("dialogsmith-offline-");

  it("writes dataset.jsonl, config.json and a report with breakdowns", () => {
    const out = join(dir, "plain");
    const r = runOffline({
      recipe: "toy",
      dir: out,
      requested: 50,
      seed: 1,
      config: { k: 1 },
      items: toy(50, ["a", "b"]),
    });
    expect(lines(join(out, "dataset.jsonl"))).toHaveLength(50);
    expect(JSON.parse(lines(join(out, "dataset.jsonl"))[7])).toEqual({ id: "toy-7", n: 7 });
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report).toMatchObject({
      recipe: "toy",
      requested: 50,
      accepted: 50,
      rejected: 0,
      failed: 0,
      stopped: "done",
    });
    expect(report.breakdown).toEqual({ stratum: { a: 25, b: 25 }, parity: { "0": 25, "1": 25 } });
    expect(JSON.parse(readFileSync(join(out, "config.json"), "utf8"))).toMatchObject({
      recipe: "toy",
      seed: 1,
      k: 1,
    });
    expect(r.files).toEqual({ "dataset.jsonl": 50 });
  });

  it("splits train/eval per stratum, deterministically, with each stratum's share", () => {
    const run = (name: string, seed: number) =>
      runOffline({
        recipe: "toy",
        dir: join(dir, name),
        requested: 1000,
        seed,
        config: {},
        items: toy(1000, ["a", "b", "c", "d"]),
        evalRatio: 0.1,
      });
    const r1 = run("s1", 7);
    const evalLines = lines(join(dir, "s1", "eval.jsonl"));
    expect(r1.files["eval.jsonl"] + r1.files["train.jsonl"]).toBe(1000);
    for (const s of ["a", "b", "c", "d"]) {
      const n = evalLines
        .map((l) => JSON.parse(l).n as number)
        .filter((i) => ["a", "b", "c", "d"][i % 4] === s).length;
      expect(Math.abs(n - 25)).toBeLessThanOrEqual(1);
    }
    run("s2", 7);
    expect(readFileSync(join(dir, "s2", "eval.jsonl"), "utf8")).toBe(
      readFileSync(join(dir, "s1", "eval.jsonl"), "utf8"),
    );
    expect(r1.report.split).toEqual({
      eval_ratio: 0.1,
      train: r1.files["train.jsonl"],
      eval: r1.files["eval.jsonl"],
    });
  });

  it("keeps the total close to count x ratio even with many tiny strata", () => {
    const strata = Array.from({ length: 84 }, (_, i) => `s${i}`);
    const r = runOffline({
      recipe: "toy",
      dir: join(dir, "tiny"),
      requested: 200,
      seed: 3,
      config: {},
      items: toy(200, strata),
      evalRatio: 0.1,
    });
    expect(Math.abs(r.files["eval.jsonl"] - 20)).toBeLessThanOrEqual(3);
  });

  it("refuses a directory that holds another run, and leaves a finished one as it is", () => {
    const out = join(dir, "taken");
    const run = (seed: number, requested = 3) =>
      runOffline({ recipe: "toy", dir: out, requested, seed, config: {}, items: toy(requested, ["a"]) });
    run(1);
    const before = readFileSync(join(out, "dataset.jsonl"));
    expect(run(1).report.accepted).toBe(3);
    expect(readFileSync(join(out, "dataset.jsonl")).equals(before)).toBe(true);
    expect(() => run(2)).toThrow(UsageError);
    expect(() => run(1, 2)).toThrow(/already holds 3 records, more than the 2 asked for/);
    // A larger count extends the run with the records that follow.
    run(1, 5);
    expect(lines(join(out, "dataset.jsonl")).map((l) => JSON.parse(l).n)).toEqual([0, 1, 2, 3, 4]);
  });

  it("resumes a run that died mid-way from its last checkpoint: the same bytes, split and tallies", () => {
    const strata = ["a", "b", "c"];
    const base = {
      recipe: "toy",
      requested: 1000,
      seed: 4,
      config: {},
      evalRatio: 0.2,
      checkpointEvery: 150,
    };
    const ref = runOffline({ ...base, dir: join(dir, "ref"), items: toy(1000, strata) });
    const out = join(dir, "crashed");
    const all = [...toy(1000, strata)];
    const produce =
      (crashAt?: number) =>
      (o: Parameters<Parameters<typeof runOfflineWith>[1]>[0], from: number, to: number) => {
        for (let i = from; i < to; i++) {
          if (i === crashAt) throw new Error("killed");
          o.line(JSON.stringify(all[i].record), all[i].stratum);
          for (const key in all[i].facets) o.tally(key, all[i].facets[key], 1);
        }
      };
    expect(() => runOfflineWith({ ...base, dir: out }, produce(520))).toThrow("killed");
    // What a kill leaves after the last checkpoint: lines that state.json does not count, a torn one.
    appendFileSync(join(out, "train.jsonl"), '{"id":"toy-999","n":999}\n{"id":"to');
    const resumed = runOfflineWith({ ...base, dir: out }, produce());
    for (const f of ["train.jsonl", "eval.jsonl"])
      expect(readFileSync(join(out, f)).equals(readFileSync(join(dir, "ref", f)))).toBe(true);
    expect(resumed.report.breakdown).toEqual(ref.report.breakdown);
    expect(resumed.report.split).toEqual(ref.report.split);
    expect(resumed.files).toEqual(ref.files);
  });
});
