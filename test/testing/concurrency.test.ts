import { describe, expect, it } from "vitest";
import { ConcurrencyGate } from "../../src/testing/concurrency-gate.js";
import { TrafficLog } from "../../src/testing/traffic-log.js";
import { ask, errorOf, fakeServer, heldResponder, sdk, until } from "./helpers.js";

describe("fake server: server-side concurrency", () => {
  it("processes at most `concurrency` requests at once and queues the rest in order", async () => {
    const held = heldResponder();
    const server = await fakeServer({ concurrency: 2, responder: held.responder });
    const client = sdk(server);
    const answers = Array.from({ length: 5 }, (_, i) => ask(client, `q${i}`));
    await until(() => held.waiting() === 2 && server.stats.queued === 3, "2 active and 3 queued");
    expect(server.stats.active).toBe(2);
    held.release();
    const done = await Promise.all(answers);
    expect(done.map((r) => r.choices[0].message.content)).toEqual([
      "answer q0",
      "answer q1",
      "answer q2",
      "answer q3",
      "answer q4",
    ]);
    expect(server.stats).toMatchObject({
      maxActive: 2,
      maxQueued: 3,
      maxInFlight: 5,
      active: 0,
      queued: 0,
      inFlight: 0,
    });
  });

  it("answers 429 instead of queueing with overload 'reject'", async () => {
    const held = heldResponder();
    const server = await fakeServer({
      concurrency: 1,
      overload: "reject",
      retryAfter: 0.01,
      responder: held.responder,
    });
    const client = sdk(server);
    const first = ask(client, "first");
    await until(() => held.waiting() === 1);
    const err = await errorOf(ask(client, "second"));
    expect(err.status).toBe(429);
    expect(err.headers!.get("retry-after")).toBe("0.01");
    held.release();
    await expect(first).resolves.toBeTruthy();
  });

  it("answers 429 past maxQueue", async () => {
    const held = heldResponder();
    const server = await fakeServer({ concurrency: 1, maxQueue: 1, responder: held.responder });
    const client = sdk(server);
    const first = ask(client, "a");
    await until(() => held.waiting() === 1);
    const second = ask(client, "b");
    await until(() => server.stats.queued === 1);
    expect((await errorOf(ask(client, "c"))).status).toBe(429);
    held.release();
    await Promise.all([first, second]);
  });

  it("drops a queued request whose client went away", async () => {
    const held = heldResponder();
    const server = await fakeServer({ concurrency: 1, responder: held.responder });
    const client = sdk(server);
    const first = ask(client, "a");
    await until(() => held.waiting() === 1);
    const controller = new AbortController();
    const gone = client.chat.completions.create(
      { model: "fake-model", messages: [{ role: "user", content: "b" }] },
      { signal: controller.signal },
    );
    await until(() => server.stats.queued === 1);
    controller.abort();
    await expect(gone).rejects.toThrow();
    await until(() => server.stats.queued === 0, "the aborted request to leave the queue");
    held.release();
    await first;
    await until(() => server.stats.inFlight === 0);
    expect(server.stats.byStatus).toEqual({ "200": 1, aborted: 1 });
  });

  it("changes concurrency while running, waking queued requests", async () => {
    const held = heldResponder();
    const server = await fakeServer({ concurrency: 1, responder: held.responder });
    const client = sdk(server);
    const answers = [ask(client, "a"), ask(client, "b"), ask(client, "c")];
    await until(() => held.waiting() === 1 && server.stats.queued === 2);
    server.setBehaviour({ concurrency: 3 });
    await until(() => held.waiting() === 3, "queued requests to start");
    held.release();
    await Promise.all(answers);
  });

  it("applies latency with seeded jitter without changing answers", async () => {
    const server = await fakeServer({ latencyMs: 5, jitterMs: 5, concurrency: 4 });
    const client = sdk(server);
    const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => ask(client, `l${i}`)));
    expect(rs.every((r) => r.choices[0].finish_reason === "stop")).toBe(true);
    expect(server.stats.maxActive).toBeLessThanOrEqual(4);
  });
});

describe("ConcurrencyGate", () => {
  it("hands a released slot to the oldest waiter, skips cancelled ones, and grows with setLimit", async () => {
    const gate = new ConcurrencyGate(1);
    expect(gate.tryAcquire()).toBe(true);
    expect(gate.tryAcquire()).toBe(false);
    const order: string[] = [];
    const a = gate.enqueue();
    const b = gate.enqueue();
    const c = gate.enqueue();
    void a.ready.then(() => order.push("a"));
    void c.ready.then(() => order.push("c"));
    expect(b.cancel()).toBe(true);
    expect(gate.queued).toBe(2);
    gate.release();
    await Promise.resolve();
    expect(order).toEqual(["a"]);
    expect(a.cancel()).toBe(false);
    expect(gate.active).toBe(1);
    gate.setLimit(2);
    await Promise.resolve();
    expect(order).toEqual(["a", "c"]);
    expect(gate.active).toBe(2);
    gate.release();
    gate.release();
    expect(gate.active).toBe(0);
    expect(gate.maxQueued).toBe(3);
  });
});

describe("rate-limit checks", () => {
  it("finds the busiest window of requests and tokens", () => {
    let now = 0;
    const log = new TrafficLog(10, undefined, () => now);
    const at = (t: number, prompt: number, completion: number) => {
      now = t;
      log.chatArrival(prompt)(completion);
    };
    at(0, 10, 5);
    at(100, 10, 5);
    at(59_999, 10, 5);
    at(60_000, 10, 5);
    at(60_050, 100, 0);
    expect(log.maxRequestsInWindow(60_000)).toBe(4);
    expect(log.maxRequestsInWindow(1000)).toBe(3);
    expect(log.maxRequestsInWindow(50)).toBe(2);
    expect(log.maxRequestsInWindow(1)).toBe(1);
    // [100, 60_100) holds the last four.
    expect(log.maxTokensInWindow(60_000)).toBe(3 * 15 + 100);
    expect(log.maxTokensInWindow(60_000, "prompt")).toBe(3 * 10 + 100);
    expect(log.arrivalTimes()).toEqual([0, 100, 59_999, 60_000, 60_050]);
  });

  it("records chat arrivals and their usage on a live server", async () => {
    const server = await fakeServer();
    const client = sdk(server);
    for (let i = 0; i < 3; i++) await ask(client, `count me ${i}`);
    expect(server.maxRequestsInWindow(60_000)).toBe(3);
    expect(server.maxTokensInWindow(60_000)).toBe(
      server.stats.chat.promptTokens + server.stats.chat.completionTokens,
    );
    expect(server.arrivalTimes()).toHaveLength(3);
  });
});
