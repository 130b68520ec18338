import { afterEach, describe, expect, it } from "vitest";
import { ModelConfigSchema, type NamedModelConfig } from "../../src/config/model-config.js";
import { createChatModel } from "../../src/models/create-model.js";
import type { ModelEvent } from "../../src/models/events.js";
import { ModelError } from "../../src/models/model-error.js";
import { RequestStats } from "../../src/models/request-stats.js";
import { ResponseCache } from "../../src/models/response-cache.js";
import {
  type FakeOpenAIServer,
  type FakeServerOptions,
  startFakeOpenAIServer,
} from "../../src/testing/fake-openai-server.js";
import { tempDir } from "../support/tmp.js";

/**
 * Several endpoints for one model, against real fake servers on 127.0.0.1: weighted routing,
 * replicas taken out and put back, fallback entries, and the cache key naming the model.
 */
const servers: FakeOpenAIServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(options: FakeServerOptions = {}): Promise<FakeOpenAIServer> {
  const s = await startFakeOpenAIServer({
    models: "any",
    responder: (_b, ctx) => `ok ${ctx.lastUserMessage}`,
    ...options,
  });
  servers.push(s);
  return s;
}

function entry(name: string, fields: Record<string, unknown>): NamedModelConfig {
  return { ...ModelConfigSchema.parse({ model: "m", ...fields }), name };
}

const chats = (s: FakeOpenAIServer) => s.stats.byRoute["POST /v1/chat/completions"] ?? 0;
const ask = (i: number) => ({ messages: [{ role: "user" as const, content: `q${i}` }], itemId: `item-${i}` });
const FAST_PROBES = { failuresToEject: 2, probeMs: 50, maxProbeMs: 200 };
const FAST_RETRY = { sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 20))) };

describe("a model with several endpoints", () => {
  it("routes by the fewest requests in flight relative to weight (3:1)", async () => {
    const [heavy, light] = [await serve({ latencyMs: 30 }), await serve({ latencyMs: 30 })];
    const stats = new RequestStats();
    const model = createChatModel(
      entry("writer", {
        endpoints: [
          { base_url: heavy.url, weight: 3 },
          { base_url: light.url, weight: 1 },
        ],
        concurrency: 100,
      }),
      { stats },
    );
    await Promise.all(Array.from({ length: 80 }, (_, i) => model.generate(ask(i))));
    expect([chats(heavy), chats(light)]).toEqual([60, 20]);
    expect(stats.models.writer.endpoints).toEqual({ [heavy.url]: 60, [light.url]: 20 });
    expect(model.slots).toBe(200);
  });

  it("takes a replica out when it goes down, probes it, and puts it back when it answers", async () => {
    const replicas = [await serve(), await serve(), await serve()];
    const events: ModelEvent[] = [];
    const stats = new RequestStats();
    const model = createChatModel(entry("writer", { base_url: replicas.map((r) => r.url), concurrency: 4 }), {
      stats,
      onEvent: (e) => events.push(e),
      health: FAST_PROBES,
      retry: FAST_RETRY,
    });
    for (let i = 0; i < 12; i++) await model.generate(ask(i));
    const down = replicas[1];
    const port = down.port;
    await down.close();
    for (let i = 12; i < 40; i++) await model.generate(ask(i));
    expect(
      events.filter((e) => e.type === "endpoint_out").map((e) => (e as { endpoint: string }).endpoint),
    ).toContain(down.url);
    const back = await serve({ port });
    // Probes come every 50-200 ms: keep asking until the replica answered one.
    for (let i = 40; i < 400 && chats(back) === 0; i++) {
      await model.generate(ask(i));
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(events.some((e) => e.type === "endpoint_back" && e.endpoint === down.url)).toBe(true);
    const before = chats(back);
    for (let i = 400; i < 430; i++) await model.generate(ask(i));
    expect(chats(back)).toBeGreaterThan(before); // in service again
    // Every request got its answer; the failures were the down replica's refused connections.
    expect(stats.byStatus["200"]).toBe(stats.total - (stats.byStatus.connection_error ?? 0));
  });

  it("a replica down from the start does not stop the run while another answers", async () => {
    const up = await serve();
    const gone = await serve();
    const goneUrl = gone.url;
    await gone.close();
    const model = createChatModel(entry("writer", { base_url: [goneUrl, up.url] }), {
      stats: new RequestStats(),
      health: FAST_PROBES,
      retry: FAST_RETRY,
    });
    for (let i = 0; i < 10; i++) expect((await model.generate(ask(i))).content).toBe(`ok q${i}`);
  });

  it("runs a step on the fallback entry when every endpoint of the primary is out, and counts it", async () => {
    const primary = await serve();
    const backup = await serve({ responder: () => "from the backup" });
    const stats = new RequestStats();
    const events: ModelEvent[] = [];
    const config = entry("writer", { base_url: [primary.url, primary.url.replace(/:\d+/, ":1")] });
    config.fallbacks = [entry("backup", { base_url: backup.url, model: "backup-model" })];
    const model = createChatModel(config, {
      stats,
      onEvent: (e) => events.push(e),
      health: { ...FAST_PROBES, probeMs: 60_000, maxProbeMs: 60_000 },
      retry: FAST_RETRY,
    });
    expect((await model.generate(ask(0))).content).toBe("ok q0");
    await primary.close();
    const answers = [];
    for (let i = 1; i <= 6; i++) answers.push(await model.generate(ask(i)));
    expect(answers.map((a) => a.content)).toEqual(Array(6).fill("from the backup"));
    expect(answers[5].model).toBe("backup-model"); // what a record's metadata names
    expect(stats.models.writer.fallback).toEqual({ backup: 6 });
    expect(stats.models.backup.requests).toBe(6);
    expect(events.filter((e) => e.type === "fallback")).toHaveLength(6);
  });

  it("runs a step on the fallback when the primary stays overloaded past its retries", async () => {
    const primary = await serve({ failRate: 1, failWith: [429] });
    const backup = await serve({ responder: () => "backup" });
    const config = entry("writer", { base_url: primary.url });
    config.fallbacks = [entry("backup", { base_url: backup.url })];
    const stats = new RequestStats();
    const model = createChatModel(config, { stats, retry: { ...FAST_RETRY, maxTries: 3 } });
    expect((await model.generate(ask(0))).content).toBe("backup");
    expect(chats(primary)).toBe(3);
    expect(stats.models.writer.fallback).toEqual({ backup: 1 });
  });

  it("sends steps straight to the fallback once the primary's one endpoint is out", async () => {
    const primary = await serve();
    const backup = await serve({ responder: () => "backup" });
    const config = entry("writer", { base_url: primary.url });
    config.fallbacks = [entry("backup", { base_url: backup.url })];
    const stats = new RequestStats();
    const model = createChatModel(config, {
      stats,
      health: { ...FAST_PROBES, probeMs: 60_000, maxProbeMs: 60_000 },
      retry: FAST_RETRY,
    });
    expect((await model.generate(ask(0))).content).toBe("ok q0");
    const port = primary.port;
    await primary.close();
    for (let i = 1; i <= 10; i++) expect((await model.generate(ask(i))).content).toBe("backup");
    // Taken out after 2 refused connections: the other steps never tried it.
    expect(stats.byStatus.connection_error).toBe(2);
    expect(stats.models.writer.fallback).toEqual({ backup: 10 });
    expect(chats(await serve({ port }))).toBe(0);
  });

  it("does not fall back on a bad request: the fallback would fail the same way", async () => {
    const primary = await serve({ failRate: 1, failWith: [400] });
    const backup = await serve();
    const config = entry("writer", { base_url: primary.url });
    config.fallbacks = [entry("backup", { base_url: backup.url })];
    const model = createChatModel(config, { stats: new RequestStats(), retry: FAST_RETRY });
    await expect(model.generate(ask(0))).rejects.toBeInstanceOf(ModelError);
    expect(chats(backup)).toBe(0);
  });

  it("keys the cache by the model, not the replica that served", async () => {
    const [a, b] = [await serve(), await serve()];
    const dir = tempDir("dialogsmith-endpoints-");
    const stats = new RequestStats();
    const first = createChatModel(entry("writer", { base_url: [a.url, b.url] }), {
      stats,
      cache: new ResponseCache(dir),
    });
    await Promise.all(Array.from({ length: 6 }, (_, i) => first.generate(ask(i))));
    expect(chats(a) > 0 && chats(b) > 0).toBe(true);
    // Listed the other way round, with weights: the same model, every answer from the cache.
    const again = createChatModel(
      entry("writer", {
        endpoints: [
          { base_url: b.url, weight: 5 },
          { base_url: a.url, weight: 1 },
        ],
      }),
      { stats, cache: new ResponseCache(dir) },
    );
    for (let i = 0; i < 6; i++) expect((await again.generate(ask(i))).cached).toBe(true);
    expect(chats(a) + chats(b)).toBe(6);
  });
});
