import { APIConnectionError, APIConnectionTimeoutError, RateLimitError } from "openai";
import { describe, expect, it } from "vitest";
import type { FakeOpenAIServer, FaultSpec } from "../../src/testing/fake-openai-server.js";
import { normalizeFault } from "../../src/testing/fake-openai-server.js";
import { ask, errorOf, fakeServer, sdk, until } from "./helpers.js";

/** Sends one request with a scripted fault and returns what the SDK threw or answered. */
async function once(server: FakeOpenAIServer, fault: FaultSpec, timeout?: number) {
  server.setBehaviour({ script: [{ faults: [fault] }] });
  return ask(sdk(server, { timeout }), "payload").then(
    (r) => ({ ok: r, err: undefined }),
    (e) => ({
      ok: undefined,
      err: e as Error & { status?: number; headers?: Headers; error?: { message?: string } },
    }),
  );
}

describe("fake server: fault injection", () => {
  it("429 carries Retry-After in seconds, as an HTTP date, or in ms, and x-ratelimit headers", async () => {
    const server = await fakeServer();
    const seconds = (await once(server, { kind: "status", status: 429, retryAfter: 0.05 })).err!;
    expect(seconds).toBeInstanceOf(RateLimitError);
    expect(seconds.headers!.get("retry-after")).toBe("0.05");
    expect(seconds.headers!.get("x-ratelimit-remaining-requests")).toBe("0");
    expect(seconds.headers!.get("x-ratelimit-limit-tokens")).toMatch(/^\d+$/);
    const date = (await once(server, "429-date")).err!;
    expect(Number.isNaN(Date.parse(date.headers!.get("retry-after")!))).toBe(false);
    const ms = (await once(server, { kind: "status", status: 429, retryAfter: 0.25, retryAfterFormat: "ms" }))
      .err!;
    expect(ms.headers!.get("retry-after-ms")).toBe("250");
    const short = (await once(server, "429:2")).err!;
    expect(short.headers!.get("retry-after")).toBe("2");
    expect(server.stats.faults["status:429"]).toBe(4);
  });

  it("answers each status fault OpenAI-shaped, with the message given", async () => {
    const server = await fakeServer();
    for (const status of [500, 502, 503, 408, 409, 403]) {
      const { err } = await once(server, status);
      expect(err!.status).toBe(status);
      expect(err!.error).toMatchObject({ message: expect.any(String), type: expect.any(String) });
    }
    const { err } = await once(server, {
      kind: "status",
      status: 400,
      message: "messages too long for this model",
    });
    expect(err!.status).toBe(400);
    expect(err!.message).toContain("messages too long for this model");
  });

  it("drops, truncates and garbles responses at the transport level", async () => {
    const server = await fakeServer();
    expect((await once(server, "drop")).err).toBeInstanceOf(APIConnectionError);
    expect((await once(server, "drop-after")).err).toBeInstanceOf(APIConnectionError);
    const truncated = (await once(server, "truncated-json")).err!;
    expect(truncated).toBeInstanceOf(Error);
    expect(truncated).not.toBeInstanceOf(RateLimitError);
    expect((await once(server, "malformed-json")).err).toBeInstanceOf(SyntaxError);
    await until(() => server.stats.inFlight === 0);
    expect(server.stats.byStatus).toMatchObject({ dropped: 2, truncated: 1, malformed: 1 });
  });

  it("hangs until the client gives up, and answers slowly when told", async () => {
    const server = await fakeServer();
    expect((await once(server, "hang", 150)).err).toBeInstanceOf(APIConnectionTimeoutError);
    await until(() => server.stats.byStatus.hung === 1, "the hung request to be recorded");
    expect((await once(server, "slow:20")).ok?.choices[0].finish_reason).toBe("stop");
    expect(server.requests.at(-1)).toMatchObject({ fault: "slow", outcome: 200 });
  });

  it("spoils content: empty, null, code fence, prose, length", async () => {
    const server = await fakeServer({ responder: () => '{"a":1}' });
    const content = async (f: FaultSpec) => (await once(server, f)).ok!.choices[0];
    expect((await content("empty-content")).message.content).toBe("");
    expect((await content("null-content")).message.content).toBeNull();
    expect((await content("code-fence")).message.content).toBe('```json\n{"a":1}\n```');
    const prose = (await content("prose")).message.content!;
    expect(prose).toContain('{"a":1}');
    expect(prose.startsWith("{")).toBe(false);
    const length = await content("length");
    expect(length.finish_reason).toBe("length");
    expect(length.message.content).toBe('{"a');
  });

  it("scripts faults per item: the first two requests of item-7 get 429, then it succeeds", async () => {
    const server = await fakeServer({ script: [{ match: "item-7", faults: [429, 429] }] });
    const client = sdk(server);
    expect((await errorOf(ask(client, "item-7"))).status).toBe(429);
    await expect(ask(client, "item-3")).resolves.toBeTruthy();
    expect((await errorOf(ask(client, "item-7"))).status).toBe(429);
    await expect(ask(client, "item-7")).resolves.toBeTruthy();
    expect(server.stats.byStatus).toEqual({ "429": 2, "200": 2 });
  });

  it("scripts with predicates, RegExps, null gaps and repeat", async () => {
    const server = await fakeServer({
      script: [
        { match: (r) => r.attempt === 0 && /retry-me/.test(r.text), faults: [503] },
        { match: /every-other/, faults: [null, 500], repeat: true },
      ],
    });
    const client = sdk(server);
    expect((await errorOf(ask(client, "retry-me"))).status).toBe(503);
    await expect(ask(client, "retry-me")).resolves.toBeTruthy();
    const outcomes: Array<number | undefined> = [];
    for (let i = 0; i < 4; i++)
      outcomes.push(
        await ask(client, `every-other ${i}`).then(
          () => 200,
          (e) => e.status,
        ),
      );
    expect(outcomes).toEqual([200, 500, 200, 500]);
  });

  it("draws rate-based faults from the seed and the request, not the arrival order", async () => {
    const prompts = Array.from({ length: 40 }, (_, i) => `prompt ${i}`);
    const failedSet = async (order: string[]) => {
      const server = await fakeServer({ seed: 7, failRate: 0.5, failWith: [503] });
      const client = sdk(server);
      const failed: string[] = [];
      for (const p of order) await ask(client, p).catch(() => failed.push(p));
      return failed.sort();
    };
    const a = await failedSet(prompts);
    const b = await failedSet(prompts.slice().reverse());
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(5);
    expect(a.length).toBeLessThan(35);
  });

  it("fails everything at rate 1 and spreads failRate over failWith", async () => {
    const server = await fakeServer({ failRate: 1, failWith: [500, 502] });
    const client = sdk(server);
    const statuses = new Set<number>();
    for (let i = 0; i < 12; i++) statuses.add((await errorOf(ask(client, `x${i}`))).status!);
    expect([...statuses].sort()).toEqual([500, 502]);
    server.setBehaviour({ failRate: 0 });
    await expect(ask(client, "fine")).resolves.toBeTruthy();
  });

  it("lets the responder answer with a fault for one request", async () => {
    const server = await fakeServer({
      responder: (_b, ctx) =>
        ctx.lastUserMessage === "bad"
          ? { fault: { kind: "status", status: 400, message: "context too long" } }
          : "ok",
    });
    expect((await errorOf(ask(sdk(server), "bad"))).message).toContain("context too long");
    await expect(ask(sdk(server), "good")).resolves.toBeTruthy();
  });

  it("scripts faults on other routes (here GET /v1/models)", async () => {
    const server = await fakeServer({ script: [{ route: "GET /v1/models", faults: ["drop-after", 503] }] });
    const client = sdk(server);
    expect(await errorOf(client.models.list())).toBeInstanceOf(APIConnectionError);
    expect((await errorOf(client.models.list())).status).toBe(503);
    expect((await client.models.list()).data).toHaveLength(1);
  });

  it("normalizes shorthands and rejects unknown faults and rates above 1", async () => {
    expect(normalizeFault(429)).toEqual({ kind: "status", status: 429 });
    expect(normalizeFault("slow:300")).toEqual({ kind: "slow", ms: 300 });
    expect(normalizeFault("timeout")).toEqual({ kind: "hang" });
    expect(() => normalizeFault("explode")).toThrow(/unknown fault/);
    const server = await fakeServer();
    expect(() =>
      server.setBehaviour({
        faults: [
          { rate: 0.8, fault: 500 },
          { rate: 0.5, fault: 503 },
        ],
      }),
    ).toThrow(/at most 1/);
    expect(() => server.setBehaviour({ script: [{ faults: ["nope"] }] })).toThrow(/unknown fault/);
  });
});
