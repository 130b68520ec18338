import { describe, expect, it } from "vitest";
import { RecentAnswers } from "../../src/distributed/recent-answers.js";

/** The worker's memory of its last answers, by job id (a step queued again after Redis lost it). */
describe("RecentAnswers", () => {
  const counting = () => {
    let calls = 0;
    return { ask: async () => `answer ${++calls}`, calls: () => calls };
  };

  it("answers a job asked again from memory, and joins a call still running", async () => {
    const recent = new RecentAnswers<string>(4);
    let finish: (v: string) => void = () => {};
    const slow = new Promise<string>((resolve) => {
      finish = resolve;
    });
    const first = recent.answer("job-1", { request: "hi" }, () => slow);
    const joined = recent.answer("job-1", { request: "hi" }, () => Promise.resolve("paid twice"));
    expect([first.reused, joined.reused]).toEqual([false, true]);
    finish("the answer");
    expect(await joined.answer).toBe("the answer");
  });

  it("asks again when the same id carries other data", async () => {
    const recent = new RecentAnswers<string>(4);
    const model = counting();
    await recent.answer("job-1", { request: "hi" }, model.ask).answer;
    const other = recent.answer("job-1", { request: "bye" }, model.ask);
    expect(other.reused).toBe(false);
    expect(await other.answer).toBe("answer 2");
  });

  it("forgets a call that failed, so the step is asked again", async () => {
    const recent = new RecentAnswers<string>(4);
    await expect(recent.answer("job-1", 1, () => Promise.reject(new Error("down"))).answer).rejects.toThrow();
    const again = recent.answer("job-1", 1, async () => "ok");
    expect(again.reused).toBe(false);
    expect(await again.answer).toBe("ok");
  });

  it("keeps the last `capacity` jobs, a job asked again counting as recent", async () => {
    const recent = new RecentAnswers<string>(2);
    const model = counting();
    for (const id of ["a", "b"]) await recent.answer(id, 0, model.ask).answer;
    recent.answer("a", 0, model.ask); // a is now the most recent
    await recent.answer("c", 0, model.ask).answer; // pushes b out
    expect(recent.answer("a", 0, model.ask).reused).toBe(true);
    expect(recent.answer("b", 0, model.ask).reused).toBe(false);
    expect(model.calls()).toBe(4);
  });
});
