import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { OrderedCommitter } from "../../../src/engine/committer.js";
import { ConversationOutputs } from "../../../src/engine/conversation-outputs.js";
import { EventsLog } from "../../../src/engine/events-log.js";
import type { ConversationOutcome } from "../../../src/engine/program.js";
import { RejectionTally } from "../../../src/engine/report-builder.js";
import { emptyCounts, loadJournal, StepJournal } from "../../../src/engine/step-journal.js";
import { tempDir } from "../../support/tmp.js";

const complete = (n: number): ConversationOutcome => ({
  status: "complete",
  writes: [{ file: "data.jsonl", value: { id: `r-${n}` } }],
});
const rejected = (n: number, reason: string): ConversationOutcome => ({
  status: "rejected",
  writes: [{ file: "bad.jsonl", value: { id: `r-${n}`, reason } }],
  reason,
  detail: `no good: ${n}`,
});

function setup(
  name: string,
  o: { target?: number; window?: number; check?: (o: ConversationOutcome, i: number) => ConversationOutcome },
) {
  const dir = tempDir(`dialogsmith-commit-${name}-`);
  const outputs = new ConversationOutputs(dir, ["data.jsonl", "bad.jsonl"], undefined);
  const journal = new StepJournal(join(dir, "steps.jsonl"));
  const events = new EventsLog(join(dir, "events.jsonl"));
  const rejections = new RejectionTally();
  const committer = new OrderedCommitter({
    program: { checkInOrder: o.check ? (outcome, index) => o.check!(outcome, index) : undefined },
    outputs,
    journal,
    events,
    committed: 0,
    counts: emptyCounts(),
    incomplete: [],
    rejections,
    target: o.target,
    window: o.window ?? 4,
  });
  const lines = (file: string) =>
    readFileSync(join(dir, file), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  const close = () => {
    outputs.close();
    journal.close();
    events.close();
  };
  return { dir, committer, rejections, lines, close };
}

describe("ordered committer", () => {
  test("outcomes finished in any order are written in index order, each with a commit line", async () => {
    const s = setup("order", {});
    s.committer.add(2, "r-2", complete(2));
    s.committer.add(1, "r-1", rejected(1, "too_short"));
    s.committer.flush(false);
    expect(s.committer.committed).toBe(0); // 0 not finished: nothing may be written yet
    s.committer.add(0, "r-0", complete(0));
    s.committer.flush(false);
    expect(s.committer.committed).toBe(3);
    s.close();
    expect(s.lines("data.jsonl").map((r) => r.id)).toEqual(["r-0", "r-2"]);
    expect(s.lines("bad.jsonl").map((r) => r.id)).toEqual(["r-1"]);
    expect(s.committer.counts).toMatchObject({ complete: 2, rejected: 1 });
    expect(s.rejections.reasons).toEqual({ too_short: 1 });
    expect(s.rejections.firstExamples).toEqual({ too_short: "no good: 1" });
    const journal = await loadJournal(join(s.dir, "steps.jsonl"));
    expect(journal.committed).toBe(3);
    expect(journal.sizes).toEqual({
      "data.jsonl": readFileSync(join(s.dir, "data.jsonl")).length,
      "bad.jsonl": readFileSync(join(s.dir, "bad.jsonl")).length,
    });
    expect(s.committer.incomplete).toEqual([
      expect.objectContaining({ index: 1, id: "r-1", status: "rejected", reason: "too_short" }),
    ]);
  });

  test("the program's in-order check runs at commit time, in index order", () => {
    const seen: number[] = [];
    const s = setup("check", {
      check: (outcome, index) => {
        seen.push(index);
        return index === 1 ? rejected(index, "near_duplicate") : outcome;
      },
    });
    for (const i of [2, 0, 1]) s.committer.add(i, `r-${i}`, complete(i));
    s.committer.flush(false);
    s.close();
    expect(seen).toEqual([0, 1, 2]);
    expect(s.lines("data.jsonl").map((r) => r.id)).toEqual(["r-0", "r-2"]);
    expect(s.rejections.reasons).toEqual({ near_duplicate: 1 });
  });

  test("nothing past the target is written", () => {
    const s = setup("target", { target: 2 });
    for (const i of [0, 1, 2, 3]) s.committer.add(i, `r-${i}`, complete(i));
    s.committer.flush(false);
    s.close();
    expect(s.committer.targetReached()).toBe(true);
    expect(s.lines("data.jsonl")).toHaveLength(2);
    expect(s.committer.committed).toBe(2);
  });

  test("says once when acceptance collapsed (nothing kept in 3 x window + 20)", () => {
    const s = setup("collapse", { window: 2 });
    const answers: boolean[] = [];
    for (let i = 0; i < 30; i++) {
      s.committer.add(i, `r-${i}`, rejected(i, "too_short"));
      answers.push(s.committer.flush(false));
    }
    s.close();
    expect(answers.indexOf(true)).toBe(25);
    expect(answers.filter(Boolean)).toHaveLength(1);
    expect(s.committer.collapsed).toBe(true);
  });
});
