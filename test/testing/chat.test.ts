import { APIError, AuthenticationError, NotFoundError } from "openai";
import { describe, expect, it } from "vitest";
import type { ResponderContext } from "../../src/testing/fake-openai-server.js";
import { ask, errorOf, fakeServer, sdk } from "./helpers.js";

describe("fake server: chat completions", () => {
  it("answers a proper chat.completion with usage through the openai SDK", async () => {
    const server = await fakeServer();
    const r = await ask(sdk(server), "hello there");
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(r.object).toBe("chat.completion");
    expect(r.id).toMatch(/^chatcmpl-/);
    expect(r.model).toBe("fake-model");
    expect(r.choices[0].finish_reason).toBe("stop");
    expect(r.choices[0].message.content).toContain("hello there");
    expect(r.usage!.prompt_tokens).toBeGreaterThan(3);
    expect(r.usage!.completion_tokens).toBeGreaterThan(0);
    expect(r.usage!.total_tokens).toBe(r.usage!.prompt_tokens + r.usage!.completion_tokens);
    expect(server.stats.chat).toMatchObject({ requests: 1, completed: 1 });
    expect(server.stats.byRouteStatus["POST /v1/chat/completions"]).toEqual({ "200": 1 });
  });

  it("lets a responder decide the content and see the request", async () => {
    const seen: ResponderContext[] = [];
    const server = await fakeServer({
      responder: (body, ctx) => {
        seen.push(ctx);
        return JSON.stringify({
          messages: Array.from({ length: 4 }, (_, i) => ({
            role: i % 2 ? "assistant" : "user",
            content: `m${i}`,
          })),
          n: body.messages.length,
        });
      },
    });
    const schema = { type: "object", properties: { messages: { type: "array" } }, required: ["messages"] };
    const r = await ask(sdk(server), "write a dialogue", {
      max_tokens: 1234,
      response_format: { type: "json_schema", json_schema: { name: "dialogue", schema, strict: false } },
    });
    expect(JSON.parse(r.choices[0].message.content!).messages).toHaveLength(4);
    expect(seen[0]).toMatchObject({
      responseFormat: "json_schema",
      schema,
      maxTokens: 1234,
      lastUserMessage: "write a dialogue",
      attempt: 0,
      source: "http",
    });
    expect(server.stats.chat.responseFormats).toEqual({ json_schema: 1 });
    expect((server.requests[0].body as { response_format: unknown }).response_format).toMatchObject({
      type: "json_schema",
    });
  });

  it("counts attempts of an identical body (a client's retries)", async () => {
    const attempts: number[] = [];
    const server = await fakeServer({
      responder: (_b, ctx) => {
        attempts.push(ctx.attempt);
        return "ok";
      },
    });
    const client = sdk(server);
    await ask(client, "same");
    await ask(client, "same");
    await ask(client, "different");
    expect(attempts).toEqual([0, 1, 0]);
  });

  it("the default responder fills a json_schema deterministically, alternating enum roles", async () => {
    const server = await fakeServer();
    const schema = {
      type: "object",
      properties: {
        messages: {
          type: "array",
          minItems: 6,
          items: {
            type: "object",
            properties: {
              role: { type: "string", enum: ["user", "assistant"] },
              content: { type: "string", minLength: 1 },
            },
            required: ["role", "content"],
          },
        },
      },
      required: ["messages"],
    };
    const body = { response_format: { type: "json_schema", json_schema: { name: "d", schema } } };
    const a = await ask(sdk(server), "x", body);
    const b = await ask(sdk(server), "x", body);
    const parsed = JSON.parse(a.choices[0].message.content!);
    expect(parsed.messages.map((m: { role: string }) => m.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
      "user",
      "assistant",
    ]);
    expect(a.choices[0].message.content).toBe(b.choices[0].message.content);
    const obj = await ask(sdk(server), "x", { response_format: { type: "json_object" } });
    expect(() => JSON.parse(obj.choices[0].message.content!)).not.toThrow();
  });

  it("returns tool calls with finish_reason tool_calls", async () => {
    const server = await fakeServer({
      responder: () => ({
        toolCalls: [
          { name: "get_order_status", arguments: { order_id: "A-1" } },
          { name: "search", arguments: "{bad json" },
        ],
      }),
    });
    const r = await ask(sdk(server), "where is my order", {
      tools: [
        {
          type: "function",
          function: { name: "get_order_status", parameters: { type: "object", properties: {} } },
        },
      ],
    });
    const m = r.choices[0].message;
    expect(r.choices[0].finish_reason).toBe("tool_calls");
    expect(m.content).toBeNull();
    expect(m.tool_calls).toHaveLength(2);
    const [first, second] = m.tool_calls as Array<{
      id: string;
      function: { name: string; arguments: string };
    }>;
    expect(first.function).toEqual({ name: "get_order_status", arguments: '{"order_id":"A-1"}' });
    expect(second.function.arguments).toBe("{bad json");
    expect(first.id).not.toBe(second.id);
  });

  it("says finish_reason length when the responder does, or past max_tokens with enforceMaxTokens", async () => {
    const server = await fakeServer({ responder: () => ({ content: "cut", finishReason: "length" }) });
    expect((await ask(sdk(server), "a")).choices[0].finish_reason).toBe("length");
    server.setBehaviour({ responder: () => "word ".repeat(400), enforceMaxTokens: true });
    const r = await ask(sdk(server), "b", { max_tokens: 10 });
    expect(r.choices[0].finish_reason).toBe("length");
    expect(r.usage!.completion_tokens).toBeLessThanOrEqual(10);
    expect((await ask(sdk(server), "c", { max_tokens: 5000 })).choices[0].finish_reason).toBe("stop");
  });

  it("lists models and answers an unknown model with 404 model_not_found", async () => {
    const server = await fakeServer({ models: ["m-a", "Qwen/Qwen2.5-7B-Instruct"] });
    const client = sdk(server);
    const ids = (await client.models.list()).data.map((m) => m.id);
    expect(ids).toEqual(["m-a", "Qwen/Qwen2.5-7B-Instruct"]);
    expect((await client.models.retrieve("Qwen/Qwen2.5-7B-Instruct")).id).toBe("Qwen/Qwen2.5-7B-Instruct");
    const err = await errorOf(ask(client, "hi"));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.error).toMatchObject({ code: "model_not_found", type: "invalid_request_error" });
    expect((err.error as { message: string }).message).toContain("fake-model");
  });

  it("accepts any model with models: 'any'", async () => {
    const server = await fakeServer({ models: "any" });
    const r = await sdk(server).chat.completions.create({
      model: "whatever/7b",
      messages: [{ role: "user", content: "x" }],
    });
    expect(r.model).toBe("whatever/7b");
  });

  it("requires the key when configured, records it, and never echoes it", async () => {
    const canary = "sk-canary-7f3a9c1e";
    const server = await fakeServer({ apiKey: canary });
    const wrong = await errorOf(ask(sdk(server, { apiKey: "sk-wrong-key-123" }), "hi"));
    expect(wrong).toBeInstanceOf(AuthenticationError);
    expect(JSON.stringify(wrong.error)).not.toContain("sk-wrong-key-123");
    expect(JSON.stringify(wrong.error)).not.toContain(canary);
    const missing = await errorOf(
      fetch(`${server.url}/models`).then(async (r) => {
        if (r.status !== 200) throw Object.assign(new Error(await r.text()), { status: r.status });
      }),
    );
    expect(missing.status).toBe(401);
    await ask(sdk(server, { apiKey: canary }), "hi");
    expect(server.requests.map((r) => r.authorization)).toEqual([
      `Bearer sk-wrong-key-123`,
      undefined,
      `Bearer ${canary}`,
    ]);
    expect(server.stats.byStatus).toEqual({ "401": 2, "200": 1 });
  });

  it("refuses a response_format richer than the server supports with a 400 naming it", async () => {
    const server = await fakeServer({ structuredOutputs: "json_object" });
    const err = await errorOf(
      ask(sdk(server), "x", {
        response_format: { type: "json_schema", json_schema: { name: "n", schema: { type: "object" } } },
      }),
    );
    expect(err).toBeInstanceOf(APIError);
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/response_format/);
    await expect(ask(sdk(server), "x", { response_format: { type: "json_object" } })).resolves.toBeTruthy();
  });

  it("answers 400 to bad bodies and 404 to unknown paths, OpenAI-shaped", async () => {
    const server = await fakeServer();
    const bad = await fetch(`${server.url}/chat/completions`, {
      method: "POST",
      body: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: unknown }).error).toMatchObject({ type: "invalid_request_error" });
    const noMessages = await fetch(`${server.url}/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ model: "fake-model", messages: [] }),
    });
    expect(noMessages.status).toBe(400);
    const unknown = await fetch(`${server.url}/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain("Invalid URL");
  });

  it("streams when asked", async () => {
    const server = await fakeServer({ responder: () => "streamed answer text" });
    const stream = await sdk(server).chat.completions.create({
      model: "fake-model",
      messages: [{ role: "user", content: "s" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let finish: string | null = null;
    let usage: unknown;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe("streamed answer text");
    expect(finish).toBe("stop");
    expect(usage).toMatchObject({ completion_tokens: expect.any(Number) });
    expect(server.stats.chat.streamed).toBe(1);
  });

  it("turns a throwing responder into a 500 and keeps the error for the test", async () => {
    const server = await fakeServer({
      responder: () => {
        throw new Error("responder bug");
      },
    });
    const err = await errorOf(ask(sdk(server), "x"));
    expect(err.status).toBe(500);
    expect(server.stats.responderErrors).toBe(1);
    expect(server.stats.lastResponderError).toContain("responder bug");
  });

  it("reset() zeroes stats and the log, so a second run can be checked for zero requests", async () => {
    const server = await fakeServer();
    await ask(sdk(server), "x");
    server.reset();
    expect(server.stats.total).toBe(0);
    expect(server.requests).toEqual([]);
    expect(server.maxRequestsInWindow(60_000)).toBe(0);
  });

  it("keeps only the newest logLimit requests", async () => {
    const server = await fakeServer({ logLimit: 3 });
    for (let i = 0; i < 5; i++) await ask(sdk(server), `q${i}`);
    const log = server.requests;
    expect(log.map((r) => r.seq)).toEqual([2, 3, 4]);
    expect(log[2].body).toMatchObject({ messages: [{ content: "q4" }] });
    expect(log[2]).toMatchObject({ outcome: 200, route: "POST /v1/chat/completions", model: "fake-model" });
    expect(server.stats.total).toBe(5);
  });
});
