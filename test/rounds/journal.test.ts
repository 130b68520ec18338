import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ConversationOutputs } from "../../src/engine/conversation-outputs.js";
import { type JournalLine, loadJournal, StepJournal } from "../../src/engine/step-journal.js";
import { tempDir } from "../support/tmp.js";

const dir = tempDir("dialogsmith-journal-");

const step = (c: number, s: string, value: string): JournalLine => ({
  t: "step",
  c,
  s,
  role: "questioner",
  model: "m",
  attempt: 0,
  value,
  served: "m",
  usage: { prompt_tokens: 10, completion_tokens: 2 },
  cost: 0.5,
});

describe("step journal", () => {
  test("keeps only uncommitted conversations, drops a partial last line, sums what the answers cost", async () => {
    const path = join(dir, "a.jsonl");
    const journal = new StepJournal(path);
    journal.append(step(0, "r2.question", "q0"));
    journal.append(step(1, "r2.question", "q1"));
    journal.append({ t: "commit", c: 0, id: "r1-000001", status: "complete", sizes: { "x.jsonl": 10 } });
    journal.append({ t: "reject", c: 1, s: "r2.answer", attempt: 0, reason: "empty" });
    journal.append(step(1, "r2.answer", "a1"));
    journal.append({ t: "fail", c: 2, s: "r2.question", reason: "http_400", detail: "bad" });
    journal.close();
    appendFileSync(path, '{"t":"step","c":1,"s":"r2.correction","val'); // killed mid-write

    const state = await loadJournal(path);
    expect(state.committed).toBe(1);
    expect(state.sizes).toEqual({ "x.jsonl": 10 });
    expect(state.lines).toBe(6);
    expect([...state.open.keys()].sort()).toEqual([1, 2]);
    expect(state.open.get(1)?.steps.get("r2.question")?.value).toBe("q1");
    expect(state.open.get(1)?.steps.get("r2.answer")?.value).toBe("a1");
    expect(state.open.get(1)?.rejects.get("r2.answer")).toBe(1);
    expect(state.open.get(2)?.fail?.reason).toBe("http_400");
    // Committed or not, every journaled answer is on the bill, once.
    expect(state.paid).toEqual({
      m: { responses: 3, prompt_tokens: 30, completion_tokens: 6, cost_usd: 1.5 },
    });
    expect(readFileSync(path, "utf8").endsWith("}\n")).toBe(true);
  });

  test("outputs are cut back to their sizes at the last commit", () => {
    const files = ["round2/h.jsonl", "round2/s.jsonl"];
    const first = new ConversationOutputs(dir, files, undefined);
    first.write(files[0], { id: 1 });
    first.write(files[1], { id: 1 });
    const committed = first.sizes();
    first.write(files[0], { id: 2 }); // written, never committed
    first.close();
    const again = new ConversationOutputs(dir, files, committed);
    expect(readFileSync(join(dir, files[0]), "utf8")).toBe('{"id":1}\n');
    expect(again.sizes()).toEqual(committed);
    again.close();
    writeFileSync(join(dir, "round2/h.jsonl"), "garbage");
    const fresh = new ConversationOutputs(dir, files, undefined);
    expect(readFileSync(join(dir, files[0]), "utf8")).toBe("");
    fresh.close();
    expect(() => new ConversationOutputs(dir, ["../escape.jsonl"], undefined)).toThrow(
      /outside the run directory/,
    );
  });
});
