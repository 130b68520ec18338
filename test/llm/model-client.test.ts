import { getEventListeners } from "node:events";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelError } from "../../src/models/model-error.js";
import { RequestStats } from "../../src/models/request-stats.js";
import { ResponseCache } from "../../src/models/response-cache.js";
import { type FakeOpenAIServer, startFakeOpenAIServer } from "../../src/testing/fake-openai-server.js";
import { filesUnder } from "../support/files.js";
import { type TestModelOptions, testClient } from "../support/model-client.js";
import { tempDir } from "../support/tmp.js";

const CANARY = "sk-canary-model-client-0042";

describe("a composed chat model against the fake server", () => {
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

  const client = (extra: TestModelOptions = {}) => testClient(server.url, CANARY, extra);

  it("leaves no listener behind on a long-lived abort signal", async () => {
    const c = client();
    const controller = new AbortController();
    for (let i = 0; i < 30; i++)
      await c.generate({ messages: [{ role: "user", content: `q${i}` }] }, controller.signal);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("serves a repeated request from the cache, keyed without the API key", async () => {
    const cacheDir = join(dir, "cache");
    const stats = new RequestStats();
    const c = client({ cache: new ResponseCache(cacheDir), stats });
    const first = await c.generate({ messages: [{ role: "user", content: "cached?" }], nonce: "n1" });
    const again = await c.generate({ messages: [{ role: "user", content: "cached?" }], nonce: "n1" });
    const other = await c.generate({ messages: [{ role: "user", content: "cached?" }], nonce: "n2" });
    expect(first.cached).toBe(false);
    expect(again).toMatchObject({ cached: true, content: first.content, costUsd: 0 });
    expect(other.cached).toBe(false);
    expect(stats).toMatchObject({ total: 2, cached: 1 });
    // Another key, same request: the same cache entry (the key is not part of it).
    const otherKey = client({ cache: new ResponseCache(cacheDir), env: { MC_KEY: `${CANARY}-2` } });
    server.setBehaviour({ apiKey: `${CANARY}-2` });
    expect(
      (await otherKey.generate({ messages: [{ role: "user", content: "cached?" }], nonce: "n1" })).cached,
    ).toBe(true);
    server.setBehaviour({ apiKey: CANARY });
    for (const f of filesUnder(cacheDir)) expect(readFileSync(f, "utf8")).not.toContain(CANARY);
  });

  it("waits as long as Retry-After asks, then succeeds", async () => {
    const waits: number[] = [];
    const stats = new RequestStats();
    const c = client({ stats, sleep: async (ms) => void waits.push(ms) });
    server.setBehaviour({
      script: [{ match: "retry-me", faults: [{ kind: "status", status: 429, retryAfter: 7 }, 503] }],
    });
    const r = await c.generate({ messages: [{ role: "user", content: "retry-me" }] });
    server.setBehaviour({ script: [] });
    expect(r.content).toBe("answer retry-me");
    expect(waits[0]).toBe(7000);
    expect(stats.retried).toBe(2);
    expect(stats.byStatus).toMatchObject({ "429": 1, "503": 1, "200": 1 });
    expect(c.concurrency.limit).toBe(2); // halved once on the 429
  });

  it("gives up after the configured tries with a named reason", async () => {
    const c = client({ maxTries: 3 });
    server.setBehaviour({ script: [{ match: "always-500", faults: [500], repeat: true }] });
    const failure = c.generate({ messages: [{ role: "user", content: "always-500" }] });
    await expect(failure).rejects.toBeInstanceOf(ModelError);
    await expect(failure).rejects.toMatchObject({ reason: "retries_exhausted" });
    server.setBehaviour({ script: [] });
  });

  it("steps down from json_schema when the server does not support it", async () => {
    server.setBehaviour({ structuredOutputs: "json_object" });
    const events: string[] = [];
    const c = client({ onEvent: (e) => void events.push(e.type) });
    const r = await c.generate({
      messages: [{ role: "user", content: "schema" }],
      outputSchema: { name: "x", schema: { type: "object" } },
    });
    server.setBehaviour({ structuredOutputs: "json_schema" });
    expect(r.content).toBeTruthy();
    expect(events).toContain("structured_output_fallback");
    const formats = server.requests
      .slice(-2)
      .map((q) => (q.body as { response_format?: { type: string } }).response_format?.type);
    expect(formats).toEqual(["json_schema", "json_object"]);
  });
});
