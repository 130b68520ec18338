import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ModelEvent } from "../../src/models/events.js";
import { ModelError } from "../../src/models/model-error.js";
import { RequestStats } from "../../src/models/request-stats.js";
import { ResponseCache } from "../../src/models/response-cache.js";
import { type FakeOpenAIServer, startFakeOpenAIServer } from "../../src/testing/fake-openai-server.js";
import { filesUnder } from "../support/files.js";
import { type TestModelOptions, testClient } from "../support/model-client.js";
import { tempDir } from "../support/tmp.js";

const CANARY = "sk-canary-hostile-9d8e7f6a5b4c";

describe("a composed chat model against hostile or broken servers", () => {
  const dir = tempDir();
  let server: FakeOpenAIServer;
  beforeAll(async () => {
    server = await startFakeOpenAIServer({
      models: ["m"],
      apiKey: CANARY,
      responder: (_b, ctx) => `answer ${ctx.lastUserMessage}`,
    });
  });
  afterAll(() => server.close());

  const client = (extra: TestModelOptions = {}, timeout_s = 5) =>
    testClient(server.url, CANARY, extra, timeout_s);

  it("times out a body that arrives one byte a second, and retries", async () => {
    server.setBehaviour({ script: [{ match: "slow-body", faults: ["slow-body:1000"] }] });
    const stats = new RequestStats();
    const started = performance.now();
    const r = await client({ stats }, 1).generate({ messages: [{ role: "user", content: "slow-body" }] });
    server.setBehaviour({ script: [] });
    expect(r.content).toBe("answer slow-body");
    expect(stats.byStatus).toMatchObject({ timeout: 1, "200": 1 });
    // The body would have taken minutes at a byte a second.
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  for (const [fault, what] of [
    ["html", /an HTML page \(status 200, text\/html\): "<!doctype html>/],
    ["text-plain", /text\/plain \(status 200, text\/plain\): "Service is running\."/],
    ["empty-choices", /JSON without choices\[0\]\.message \(status 200\)/],
    ["malformed-json", /invalid JSON \(status 200, application\/json\)/],
    [500, /HTTP 500: The server had an error/],
  ] as const) {
    it(`ends with an endpoint error after a few tries when every answer is ${fault}`, async () => {
      server.setBehaviour({ failRate: 1, failWith: [fault] });
      const stats = new RequestStats();
      const failure = client({ stats }).generate({
        messages: [{ role: "user", content: `broken ${fault}` }],
      });
      await expect(failure).rejects.toBeInstanceOf(ModelError);
      await expect(failure).rejects.toMatchObject({ stopsRun: true, exitCode: 3 });
      await expect(failure).rejects.toThrow(what);
      await expect(failure).rejects.toThrow(/does not answer like an OpenAI chat completions API: 4 tries/);
      server.setBehaviour({ failRate: 0 });
      expect(stats.total).toBe(4);
    });
  }

  it("treats the same answers as transient once the endpoint has answered properly", async () => {
    const c = client({ maxTries: 8 });
    await c.generate({ messages: [{ role: "user", content: "warm up" }] });
    server.setBehaviour({
      script: [{ match: "flaky html", faults: ["html", "html", "html", "html", "html"] }],
    });
    const r = await c.generate({ messages: [{ role: "user", content: "flaky html" }] });
    server.setBehaviour({ script: [] });
    expect(r.content).toBe("answer flaky html");
  });

  it("fails an item whose answer passes max_response_bytes, without keeping it", async () => {
    server.setBehaviour({ responder: () => "x".repeat(200_000) });
    const stats = new RequestStats();
    const c = client({ stats, config: { max_response_bytes: 50_000 } });
    const failure = await c.generate({ messages: [{ role: "user", content: "runaway" }] }).catch((e) => e);
    server.setBehaviour({ responder: (_b, ctx) => `answer ${ctx.lastUserMessage}` });
    expect(failure).toBeInstanceOf(ModelError);
    expect(failure).toMatchObject({ reason: "response_too_large" });
    expect(stats.byStatus).toEqual({ response_too_large: 1 });
  });

  it("scrubs a key the server echoes back from the answer and the cache", async () => {
    server.setBehaviour({ responder: (_b, ctx) => `you sent ${ctx.authorization}` });
    const cacheDir = join(dir, "echo-cache");
    const r = await client({ cache: new ResponseCache(cacheDir) }).generate({
      messages: [{ role: "user", content: "echo" }],
    });
    server.setBehaviour({ responder: (_b, ctx) => `answer ${ctx.lastUserMessage}` });
    expect(r.content).toBe("you sent Bearer ***");
    for (const f of filesUnder(cacheDir)) expect(readFileSync(f, "utf8")).not.toContain(CANARY);
  });

  it("uses a paid answer when the cache cannot be written, and says so once", async () => {
    const notADir = join(dir, "cache-is-a-file");
    writeFileSync(notADir, "not a directory");
    const warnings: string[] = [];
    const c = client({ cache: new ResponseCache(notADir, true, (m) => warnings.push(m)) });
    const a = await c.generate({ messages: [{ role: "user", content: "one" }] });
    const b = await c.generate({ messages: [{ role: "user", content: "two" }] });
    expect([a.content, b.content]).toEqual(["answer one", "answer two"]);
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings[0]).toMatch(/cannot write the response cache in .*cache-is-a-file \((ENOTDIR|EEXIST)/);
  });

  it("counts a request as sent when its body leaves, and records its outcome with usage", async () => {
    const events: ModelEvent[] = [];
    const stats = new RequestStats();
    await client({ stats, onEvent: (e) => void events.push(e) }).generate({
      messages: [{ role: "user", content: "ledger" }],
    });
    const sent = events.findIndex((e) => e.type === "request_sent");
    const done = events.findIndex((e) => e.type === "request");
    expect(sent).toBeGreaterThanOrEqual(0);
    expect(done).toBeGreaterThan(sent);
    expect(events[done]).toMatchObject({ status: "200", usage: { prompt_tokens: expect.any(Number) } });
    expect(stats.total).toBe(1);
  });

  it("counts a request in flight as sent, and a stopped one as interrupted", async () => {
    server.setBehaviour({ script: [{ match: "in flight", faults: ["hang"] }] });
    const events: ModelEvent[] = [];
    const stats = new RequestStats();
    const stop = new AbortController();
    const pending = client({ stats, onEvent: (e) => void events.push(e) })
      .generate({ messages: [{ role: "user", content: "in flight" }] }, stop.signal)
      .catch((e) => e);
    while (!server.requests.some((r) => JSON.stringify(r.body).includes("in flight")))
      await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 20));
    // Sent, not answered: counted now, not when (if ever) an answer comes.
    expect(stats.total).toBe(1);
    expect(events.map((e) => e.type)).toEqual(["request_sent"]);
    stop.abort(new Error("stop"));
    await pending;
    server.setBehaviour({ script: [] });
    expect(stats.byStatus).toEqual({ interrupted: 1 });
  });
});
