import { describe, expect, test } from "vitest";
import { StepBudget } from "../../../src/engine/budget.js";
import { Scheduler } from "../../../src/engine/scheduler.js";
import { RequestStats } from "../../../src/models/request-stats.js";

/** Inputs 0..n-1 (or endless), and a scheduler whose conversations end when the test says. */
function harness(o: {
  inputs?: number;
  window: number;
  target?: number;
  maxConversations?: number;
  budget?: StepBudget;
}) {
  async function* inputs(): AsyncGenerator<number> {
    for (let i = 0; o.inputs === undefined || i < o.inputs; i++) yield i;
  }
  const started: number[] = [];
  const finish = new Map<number, () => void>();
  let complete = 0;
  let maxActive = 0;
  const scheduler: Scheduler<number> = new Scheduler<number>({
    inputs: inputs(),
    firstIndex: 0,
    window: o.window,
    target: o.target,
    maxConversations: o.maxConversations,
    budget: o.budget ?? new StepBudget(new RequestStats(), undefined),
    progress: () => ({
      complete,
      waiting: 0,
      targetReached: o.target !== undefined && complete >= o.target,
      collapsed: false,
    }),
    run: (index) => {
      started.push(index);
      maxActive = Math.max(maxActive, scheduler.active);
      return new Promise<void>((resolve) =>
        finish.set(index, () => {
          complete++;
          resolve();
        }),
      );
    },
  });
  /** Ends every running conversation as complete, until the loop settles. */
  const drive = async (loop: Promise<unknown>) => {
    let done = false;
    void loop.then(() => {
      done = true;
    });
    while (!done) {
      await new Promise((r) => setTimeout(r, 1));
      for (const [i, end] of finish) {
        finish.delete(i);
        end();
      }
    }
  };
  return { scheduler, started, drive, maxActive: () => maxActive, finish };
}

describe("scheduler", () => {
  test("starts conversations in index order, never more than the window at once, and stops at the target", async () => {
    const h = harness({ window: 3, target: 7 });
    const loop = h.scheduler.loop();
    await h.drive(loop);
    expect(await loop).toBe("done");
    expect(h.started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(h.maxActive()).toBe(3);
  });

  test("a finite input without a target runs every input once and is done", async () => {
    const h = harness({ inputs: 5, window: 2 });
    const loop = h.scheduler.loop();
    await h.drive(loop);
    expect(await loop).toBe("done");
    expect(h.started).toEqual([0, 1, 2, 3, 4]);
  });

  test("gives up after --max-attempts conversations when the target is not met", async () => {
    const h = harness({ window: 4, target: 100, maxConversations: 6 });
    const loop = h.scheduler.loop();
    await h.drive(loop);
    expect(await loop).toBe("max_attempts");
    expect(h.started).toHaveLength(6);
  });

  test("starts nothing when the next step could pass the budget, and says so", async () => {
    const stats = new RequestStats();
    stats.costUsd = 0.9;
    const h = harness({ window: 4, target: 10, budget: new StepBudget(stats, 1, 0.2) });
    expect(await h.scheduler.loop()).toBe("budget");
    expect(h.started).toEqual([]);
  });

  test("a stop lets running conversations end and starts no other", async () => {
    const h = harness({ window: 2, target: 10 });
    const loop = h.scheduler.loop();
    await new Promise((r) => setTimeout(r, 5));
    h.scheduler.stop();
    for (const end of h.finish.values()) end();
    expect(await loop).toBe("interrupted");
    expect(h.started).toEqual([0, 1]);
    expect(h.scheduler.finalReason("interrupted", false, false)).toBe("interrupted");
  });

  test("a conversation that got its answer gives its window place to the next, and takes one again when it asks", async () => {
    const h = harness({ window: 2, target: 10 });
    const loop = h.scheduler.loop();
    await new Promise((r) => setTimeout(r, 5));
    expect(h.started).toEqual([0, 1]);
    h.scheduler.answered(0);
    await new Promise((r) => setTimeout(r, 5));
    expect(h.started).toEqual([0, 1, 2]);
    expect(h.scheduler.asking).toBe(2);
    // Conversation 0 asks again (a second sample): the window is over by one, so nothing starts
    // until two places are free.
    h.scheduler.asks(0);
    h.scheduler.answered(1);
    await new Promise((r) => setTimeout(r, 5));
    expect(h.started).toEqual([0, 1, 2]);
    h.scheduler.answered(2);
    await new Promise((r) => setTimeout(r, 5));
    expect(h.started).toEqual([0, 1, 2, 3]);
    h.scheduler.stop();
    for (const end of h.finish.values()) end();
    expect(await loop).toBe("interrupted");
  });
});
