import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runPaths } from "../../../src/engine/run-dir.js";
import { Checkpointer, resumeRun } from "../../../src/engine/run-journal.js";
import { emptyCounts, StepJournal } from "../../../src/engine/step-journal.js";
import { RequestStats } from "../../../src/models/request-stats.js";
import { tempDir } from "../../support/tmp.js";

const paid = (c: number, s: string, cost: number) =>
  ({
    t: "step",
    c,
    s,
    role: "writer",
    model: "w",
    attempt: 0,
    value: { id: `r-${c}` },
    served: "m",
    usage: { prompt_tokens: 100, completion_tokens: 10 },
    cost,
  }) as const;

describe("journal and checkpointer", () => {
  test("resume: tokens and cost from the journal when events.jsonl has no ledger; the state's request counts raised to the answers", async () => {
    const dir = tempDir("dialogsmith-journal-resume-");
    const paths = runPaths(dir);
    const journalPath = join(dir, "steps.jsonl");
    const journal = new StepJournal(journalPath);
    journal.append(paid(0, "item", 0.25));
    journal.append({ t: "commit", c: 0, id: "r-0", status: "complete", sizes: { "dataset.jsonl": 12 } });
    journal.append(paid(1, "item", 0.5));
    journal.append({
      t: "reject",
      c: 2,
      s: "item",
      attempt: 0,
      reason: "too_short",
      retried: true,
      model: "w",
      usage: { prompt_tokens: 100, completion_tokens: 10 },
      cost: 0.25,
    });
    journal.close();
    appendFileSync(journalPath, '{"t":"step","c":3,"s":"it'); // a kill mid-line
    // state.json a second old: it saw one request only.
    writeFileSync(
      paths.state,
      JSON.stringify({ duration_s: 7.5, requests: { total: 1, by_status: { "200": 1 } } }),
    );

    const stats = new RequestStats();
    const resumed = await resumeRun(paths, journalPath, stats);
    expect(resumed.priorDuration).toBe(7.5);
    expect(resumed.journal.committed).toBe(1);
    expect(resumed.journal.complete.has(0)).toBe(true);
    expect([...resumed.journal.open.keys()].sort()).toEqual([1, 2]);
    expect(stats.total).toBe(3);
    expect(stats.costUsd).toBeCloseTo(1);
    expect(stats.usage).toEqual({ prompt_tokens: 300, completion_tokens: 30 });
    expect(readFileSync(journalPath, "utf8").endsWith("}\n")).toBe(true);
  });

  test("state.json is replaced whole (atomic rename), at most once a second unless forced", () => {
    const dir = tempDir("dialogsmith-checkpoint-");
    const paths = runPaths(dir);
    const journal = new StepJournal(join(dir, "steps.jsonl"));
    const stats = new RequestStats();
    stats.total = 4;
    const cp = new Checkpointer(paths, journal, { recipe: "roleplay", seed: 5, count: 10 }, stats, 2);
    const counts = { ...emptyCounts(), complete: 3, rejected: 1, partial: 1 };
    cp.write("running", { committed: 5, counts, rejectionReasons: { too_short: 1 } }, true);
    const first = JSON.parse(readFileSync(paths.state, "utf8"));
    expect(first).toMatchObject({
      version: 1,
      recipe: "roleplay",
      seed: 5,
      count: 10,
      status: "running",
      next_index: 5,
      accepted: 3,
      rejected: 1,
      partial: 1,
      rejection_reasons: { too_short: 1 },
      requests: { total: 4 },
    });
    expect(first.duration_s).toBeGreaterThanOrEqual(2);
    cp.write("running", { committed: 6, counts, rejectionReasons: {} });
    expect(JSON.parse(readFileSync(paths.state, "utf8")).next_index).toBe(5); // throttled
    cp.write("done", { committed: 6, counts, rejectionReasons: {} }, true);
    expect(JSON.parse(readFileSync(paths.state, "utf8"))).toMatchObject({ status: "done", next_index: 6 });
    expect(readdirSync(dir).filter((f) => f.includes("tmp"))).toEqual([]);
    journal.close();
    expect(existsSync(join(dir, "steps.jsonl"))).toBe(true);
  });
});
