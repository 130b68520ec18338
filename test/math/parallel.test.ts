import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runOffline } from "../../src/engine/offline-runner.js";
import { DatasetGenerator } from "../../src/recipes/math/generator.js";
import { runMath } from "../../src/recipes/math/run.js";
import { type MathPlan, mathRecords } from "../../src/recipes/math/stream.js";
import { tempDir } from "../support/tmp.js";

/**
 * The runner generates records block by block, grouped by (mode, task) cell, and with worker
 * threads in parallel; neither may change a byte: the files must be exactly the records of
 * mathRecords, JSON.stringify'd in index order, whatever the number of workers.
 */
const FILES = ["dataset.jsonl", "train.jsonl", "eval.jsonl"];

/** The output files of a run directory, with a digest of each (comparing 10 MB buffers deeply is slow). */
function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of FILES)
    if (existsSync(join(dir, f))) {
      const data = readFileSync(join(dir, f));
      out[f] = `${data.length} bytes, sha256 ${createHash("sha256").update(data).digest("hex")}`;
    }
  return out;
}

function report(dir: string) {
  const r = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
  return { accepted: r.accepted, files: r.files, breakdown: r.breakdown, split: r.split };
}

const plan = (o: Partial<MathPlan> & { count: number }): MathPlan => ({
  ...new DatasetGenerator({ seed: 77 }).plan({ numSamples: 0 }),
  ...o,
});

// Several blocks and a partial one, an offset start, mixed languages, a split.
const CASES: { name: string; plan: MathPlan; evalRatio?: number }[] = [
  { name: "default", plan: plan({ count: 5300 }) },
  {
    name: "mixed",
    plan: plan({ count: 3100, start: 123_457, languages: ["ru", "en"], reasoningMode: false, turns: 5 }),
    evalRatio: 0.1,
  },
  {
    name: "narrow",
    plan: plan({ count: 900, modes: ["correction"], taskTypes: ["quadratic"], system: false }),
  },
];

/**
 * Runs every case with each worker count through the compiled build (the worker script exists
 * only there), in a process of its own, into `<dir>/<prefix><workers>-<case>`.
 */
function runCompiled(dir: string, prefix: string, workers: number[]): void {
  const dist = resolve(__dirname, "../../dist/recipes/math/index.js");
  expect(existsSync(dist), "run `npm run build` first").toBe(true);
  const script = `
    const { runMath } = await import(${JSON.stringify(`file://${dist}`)});
    const [cases, dir, prefix, counts] = JSON.parse(process.argv[1]);
    for (const c of cases)
      for (const workers of counts)
        runMath({ plan: c.plan, out: dir + "/" + prefix + workers + "-" + c.name, evalRatio: c.evalRatio, workers });
  `;
  const args = JSON.stringify([CASES, dir, prefix, workers]);
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script, args], { encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
}

describe("block-by-block and parallel generation", () => {
  const dir = tempDir("dialogsmith-math-parallel-");

  it("writes exactly the library's records in index order, split and tallied as before", () => {
    for (const c of CASES) {
      const out = join(dir, `src-${c.name}`);
      runMath({ plan: c.plan, out, evalRatio: c.evalRatio, workers: 0 });
      // The reference: the generic runner over the library's record objects.
      const ref = join(dir, `ref-${c.name}`);
      runOffline({
        recipe: "math",
        dir: ref,
        requested: c.plan.count,
        seed: c.plan.seed,
        config: {},
        evalRatio: c.evalRatio,
        items: (function* () {
          for (const record of mathRecords(c.plan)) {
            const m = record.metadata;
            yield {
              record,
              stratum: `${m.mode}/${m.task_type}`,
              facets: {
                mode: m.mode,
                task_type: m.task_type,
                language: m.language,
                difficulty: m.difficulty,
              },
            };
          }
        })(),
      });
      expect(files(out)).toEqual(files(ref));
      expect(report(out)).toEqual(report(ref));
    }
  });

  it("gives byte-identical files with 0, 1, 2 and 3 worker threads (compiled build)", () => {
    runCompiled(dir, "w", [0, 1, 2, 3]);
    for (const c of CASES) {
      const single = join(dir, `w0-${c.name}`);
      expect(files(single)).toEqual(files(join(dir, `src-${c.name}`)));
      for (const workers of [1, 2, 3]) {
        const par = join(dir, `w${workers}-${c.name}`);
        expect(files(par)).toEqual(files(single));
        expect(report(par)).toEqual(report(single));
      }
    }
  });

  it("keeps small runs on the calling thread and caps workers at the number of blocks", async () => {
    const { mathWorkerCount } = await import("../../src/recipes/math/parallel.js");
    // From the TypeScript sources there is no compiled worker script: always single-threaded.
    expect(mathWorkerCount(plan({ count: 1_000_000 }), 4)).toBe(0);
    const dist = resolve(__dirname, "../../dist/recipes/math/parallel.js");
    const built = await import(dist);
    expect(built.mathWorkerCount(plan({ count: 10 }), undefined, {})).toBe(0);
    // A cold start pays off for big runs only.
    expect(built.mathWorkerCount(plan({ count: 100_000 }), undefined, {})).toBe(0);
    const cpus = availableParallelism();
    expect(built.mathWorkerCount(plan({ count: 1_000_000 }), undefined, {})).toBe(
      cpus < 2 ? 0 : Math.min(cpus, 8),
    );
    expect(built.mathWorkerCount(plan({ count: 10 }), 3, {})).toBe(1);
    expect(
      built.mathWorkerCount(plan({ count: 100_000 }), undefined, { DIALOGSMITH_MATH_WORKERS: "0" }),
    ).toBe(0);
    expect(built.mathWorkerCount(plan({ count: 100_000 }), 3, { DIALOGSMITH_MATH_WORKERS: "0" })).toBe(3);
  });

  it("shares the task types out among workers, each to exactly one, evenly", async () => {
    const { assignTasks } = await import("../../src/recipes/math/parallel.js");
    const { TASK_TYPES } = await import("../../src/recipes/math/tasks/index.js");
    for (const workers of [2, 3, 4, 8]) {
      const owner = assignTasks(TASK_TYPES, workers);
      expect(owner).toHaveLength(TASK_TYPES.length);
      const counts = new Array(workers).fill(0);
      for (const w of owner) counts[w]++;
      expect(Math.min(...counts)).toBeGreaterThanOrEqual(2);
    }
  });
});
