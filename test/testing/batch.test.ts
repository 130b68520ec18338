import type OpenAI from "openai";
import { APIConnectionError, toFile } from "openai";
import { describe, expect, it } from "vitest";
import type {
  BatchOutputLine,
  FakeOpenAIServer,
  FakeServerOptions,
} from "../../src/testing/fake-openai-server.js";
import { errorOf, fakeServer, sdk } from "./helpers.js";

function line(customId: string, extra: Record<string, unknown> = {}, body: Record<string, unknown> = {}) {
  return JSON.stringify({
    custom_id: customId,
    method: "POST",
    url: "/v1/chat/completions",
    body: { model: "fake-model", messages: [{ role: "user", content: `question ${customId}` }], ...body },
    ...extra,
  });
}

function inputOf(n: number): string {
  return `${Array.from({ length: n }, (_, i) => line(`req-${i + 1}`)).join("\n")}\n`;
}

async function upload(client: OpenAI, text: string, name = "batch_input.jsonl") {
  return client.files.create({ file: await toFile(Buffer.from(text), name), purpose: "batch" });
}

async function submit(client: OpenAI, text: string, metadata?: Record<string, string>) {
  const file = await upload(client, text);
  return client.batches.create({
    input_file_id: file.id,
    endpoint: "/v1/chat/completions",
    completion_window: "24h",
    metadata,
  });
}

async function lines(client: OpenAI, fileId: string | null | undefined): Promise<BatchOutputLine[]> {
  if (!fileId) return [];
  const text = await (await client.files.content(fileId)).text();
  return text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

async function setup(options: FakeServerOptions = {}): Promise<{ server: FakeOpenAIServer; client: OpenAI }> {
  const server = await fakeServer({
    batch: { progression: "manual" },
    responder: (_b, ctx) => `answer for ${ctx.customId ?? "online"}`,
    ...options,
  });
  return { server, client: sdk(server) };
}

describe("fake server: Batch API", () => {
  it("runs validating → in_progress → finalizing → completed under test control, output shuffled", async () => {
    const { server, client } = await setup();
    const created = await submit(client, inputOf(6), { run: "t1" });
    expect(created).toMatchObject({
      object: "batch",
      status: "validating",
      endpoint: "/v1/chat/completions",
      metadata: { run: "t1" },
    });
    expect((await client.batches.retrieve(created.id)).status).toBe("validating");
    expect((await server.batches.advance(created.id))[0].status).toBe("in_progress");
    const running = await client.batches.retrieve(created.id);
    expect(running.request_counts).toEqual({ total: 6, completed: 0, failed: 0 });
    await server.batches.advance(created.id);
    const finalizing = await client.batches.retrieve(created.id);
    expect(finalizing.status).toBe("finalizing");
    expect(finalizing.request_counts).toEqual({ total: 6, completed: 6, failed: 0 });
    await server.batches.advance();
    const done = await client.batches.retrieve(created.id);
    expect(done.status).toBe("completed");
    expect(done.completed_at).toBeGreaterThan(0);
    expect(done.error_file_id).toBeNull();
    expect(done.usage?.input_tokens).toBeGreaterThan(0);
    const out = await lines(client, done.output_file_id);
    expect(out.map((l) => l.custom_id).sort()).toEqual([
      "req-1",
      "req-2",
      "req-3",
      "req-4",
      "req-5",
      "req-6",
    ]);
    expect(out.map((l) => l.custom_id)).not.toEqual(["req-1", "req-2", "req-3", "req-4", "req-5", "req-6"]);
    for (const l of out) {
      expect(l.id).toMatch(/^batch_req_/);
      expect(l.error).toBeNull();
      expect(l.response!.status_code).toBe(200);
      expect(l.response!.request_id).toEqual(expect.any(String));
      const body = l.response!.body as OpenAI.Chat.Completions.ChatCompletion;
      expect(body.object).toBe("chat.completion");
      expect(body.choices[0].message.content).toBe(`answer for ${l.custom_id}`);
    }
    expect(server.stats.batch).toEqual({ filesUploaded: 1, batchesCreated: 1, requestsProcessed: 6 });
    expect(server.stats.chat.requests).toBe(0);
  });

  it("moves one stage per poll with progression 'on-poll' (the default)", async () => {
    const server = await fakeServer();
    const client = sdk(server);
    const b = await submit(client, inputOf(2));
    const seen: string[] = [b.status];
    for (let i = 0; i < 5 && seen.at(-1) !== "completed"; i++)
      seen.push((await client.batches.retrieve(b.id)).status);
    expect(seen).toEqual(["validating", "in_progress", "finalizing", "completed"]);
  });

  it("moves by time with { stageMs }", async () => {
    const server = await fakeServer({ batch: { progression: { stageMs: 0 } } });
    const client = sdk(server);
    const b = await submit(client, inputOf(2));
    expect((await client.batches.retrieve(b.id)).status).toBe("completed");
    server.setBatchOptions({ progression: { stageMs: 3_600_000 } });
    const slow = await submit(client, inputOf(2));
    expect((await client.batches.retrieve(slow.id)).status).toBe("validating");
  });

  it("fails invalid input with errors.data: bad JSON, duplicate custom_id, wrong url, mixed models", async () => {
    const { server, client } = await setup();
    const text = [
      line("a"),
      "{not json",
      line("a"),
      line("b", { url: "/v1/embeddings" }),
      line("c", {}, { model: "other-model" }),
      line("d", { method: "GET" }),
    ].join("\n");
    const b = await submit(client, text);
    await server.batches.advance(b.id);
    const failed = await client.batches.retrieve(b.id);
    expect(failed.status).toBe("failed");
    expect(failed.failed_at).toBeGreaterThan(0);
    expect(failed.errors!.data!.map((e) => [e.code, e.line])).toEqual([
      ["invalid_json_line", 2],
      ["duplicate_custom_id", 3],
      ["url_mismatch", 4],
      ["model_mismatch", 5],
      ["invalid_request", 6],
    ]);
    expect(failed.errors!.data!.every((e) => typeof e.message === "string" && e.message.length > 0)).toBe(
      true,
    );
    expect(failed.output_file_id).toBeNull();
  });

  it("fails an empty file, too many requests, and an unknown model", async () => {
    const { server, client } = await setup({ batch: { progression: "manual", maxRequests: 3 } });
    const empty = await submit(client, "\n\n");
    const many = await submit(client, inputOf(4));
    const unknown = await submit(client, `${line("x", {}, { model: "nope" })}\n`);
    await server.batches.advance();
    expect(server.batches.get(empty.id)!.errors!.data[0].code).toBe("empty_file");
    expect(server.batches.get(many.id)!.errors!.data[0].code).toBe("too_many_tasks");
    expect(server.batches.get(unknown.id)!.errors!.data[0].code).toBe("model_not_found");
  });

  it("enforces the upload rules: .jsonl name, size limit, purpose", async () => {
    const { client } = await setup({ batch: { progression: "manual", maxBytes: 100 } });
    expect((await errorOf(upload(client, inputOf(1), "input.txt"))).message).toMatch(/\.jsonl/);
    const big = await errorOf(upload(client, inputOf(3)));
    expect(big.status).toBe(400);
    expect(big.error).toMatchObject({ code: "file_too_large" });
    const tuning = await client.files.create({
      file: await toFile(Buffer.from("{}\n"), "t.jsonl"),
      purpose: "fine-tune",
    });
    const wrongPurpose = await errorOf(
      client.batches.create({
        input_file_id: tuning.id,
        endpoint: "/v1/chat/completions",
        completion_window: "24h",
      }),
    );
    expect(wrongPurpose.status).toBe(400);
  });

  it("validates create parameters: file id, window, endpoint, metadata", async () => {
    const { client } = await setup();
    const file = await upload(client, inputOf(1));
    const create = (params: Record<string, unknown>) =>
      errorOf(
        client.batches.create({
          input_file_id: file.id,
          endpoint: "/v1/chat/completions",
          completion_window: "24h",
          ...params,
        } as unknown as OpenAI.Batches.BatchCreateParams),
      );
    expect((await create({ input_file_id: "file-missing" })).status).toBe(400);
    expect((await create({ completion_window: "48h" })).status).toBe(400);
    expect((await create({ endpoint: "/v1/embeddings" })).status).toBe(400);
    const tooMany = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"]));
    expect((await create({ metadata: tooMany })).message).toMatch(/16/);
    expect((await create({ metadata: { k: "x".repeat(513) } })).status).toBe(400);
  });

  it("puts failed requests in the error file and counts them", async () => {
    const { server, client } = await setup({
      script: [
        { match: (r) => r.customId === "req-2", faults: [{ kind: "status", status: 500 }] },
        { match: "req-3", faults: [400] },
      ],
    });
    const b = await submit(client, inputOf(4));
    const [done] = await server.batches.finish(b.id);
    expect(done.status).toBe("completed");
    expect(done.request_counts).toEqual({ total: 4, completed: 2, failed: 2 });
    const errors = await lines(client, done.error_file_id);
    expect(errors.map((l) => [l.custom_id, l.response!.status_code]).sort()).toEqual([
      ["req-2", 500],
      ["req-3", 400],
    ]);
    expect(errors[0].error).toBeNull();
    expect((errors[0].response!.body as { error: { message: string } }).error.message).toEqual(
      expect.any(String),
    );
    expect((await lines(client, done.output_file_id)).map((l) => l.custom_id).sort()).toEqual([
      "req-1",
      "req-4",
    ]);
  });

  it("passes batch lines through content faults", async () => {
    const { server, client } = await setup({ script: [{ match: "req-1", faults: ["code-fence"] }] });
    const b = await submit(client, inputOf(2));
    const [done] = await server.batches.finish(b.id);
    const out = await lines(client, done.output_file_id);
    const fenced = out.find((l) => l.custom_id === "req-1")!;
    expect(
      (fenced.response!.body as OpenAI.Chat.Completions.ChatCompletion).choices[0].message.content,
    ).toMatch(/^```json\n/);
  });

  it("expire(): finished requests stay, the rest come back as batch_expired", async () => {
    const { server, client } = await setup();
    const b = await submit(client, inputOf(5));
    const partial = await server.batches.process(b.id, 2);
    expect(partial).toMatchObject({
      status: "in_progress",
      request_counts: { total: 5, completed: 2, failed: 0 },
    });
    const [expired] = await server.batches.expire(b.id);
    expect(expired.status).toBe("expired");
    expect(expired.expired_at).toBeGreaterThan(0);
    expect(expired.request_counts).toEqual({ total: 5, completed: 2, failed: 3 });
    expect((await lines(client, expired.output_file_id)).map((l) => l.custom_id).sort()).toEqual([
      "req-1",
      "req-2",
    ]);
    const errors = await lines(client, expired.error_file_id);
    expect(errors).toHaveLength(3);
    for (const e of errors) {
      expect(e.response).toBeNull();
      expect(e.error!.code).toBe("batch_expired");
    }
  });

  it("a request that hangs keeps the batch in progress until it expires", async () => {
    const { server, client } = await setup({ script: [{ match: "req-2", faults: ["hang"] }] });
    const b = await submit(client, inputOf(3));
    expect((await server.batches.finish(b.id))[0].status).toBe("in_progress");
    const [expired] = await server.batches.expire(b.id);
    const errors = await lines(client, expired.error_file_id);
    expect(errors.map((e) => [e.custom_id, e.error!.code])).toEqual([["req-2", "batch_expired"]]);
  });

  it("expireAfterMs expires an unfinished batch when it is next read", async () => {
    const server = await fakeServer({ batch: { progression: "on-poll", expireAfterMs: 0 } });
    const client = sdk(server);
    const b = await submit(client, inputOf(2));
    const read = await client.batches.retrieve(b.id);
    expect(read.status).toBe("expired");
    expect((await lines(client, read.error_file_id)).map((l) => l.error!.code)).toEqual([
      "batch_expired",
      "batch_expired",
    ]);
  });

  it("cancel keeps finished results", async () => {
    const { server, client } = await setup();
    const b = await submit(client, inputOf(4));
    await server.batches.process(b.id, 1);
    const cancelling = await client.batches.cancel(b.id);
    expect(cancelling.status).toBe("cancelling");
    expect(cancelling.cancelling_at).toBeGreaterThan(0);
    await server.batches.advance(b.id);
    const cancelled = await client.batches.retrieve(b.id);
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.request_counts).toEqual({ total: 4, completed: 1, failed: 0 });
    expect((await lines(client, cancelled.output_file_id)).map((l) => l.custom_id)).toEqual(["req-1"]);
    const again = await errorOf(client.batches.cancel(b.id));
    expect(again.status).toBe(400);
    expect((await errorOf(client.batches.retrieve("batch_nope"))).status).toBe(404);
  });

  it("lists batches newest first with cursor pagination", async () => {
    const { client } = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await submit(client, inputOf(1))).id);
    const page = await client.batches.list({ limit: 2 });
    expect(page.data.map((b) => b.id)).toEqual([ids[2], ids[1]]);
    expect(page.has_more).toBe(true);
    const all: string[] = [];
    for await (const b of client.batches.list({ limit: 2 })) all.push(b.id);
    expect(all).toEqual(ids.slice().reverse());
  });

  it("limits batch creation per hour", async () => {
    const { client } = await setup({ batch: { progression: "manual", maxBatchesPerHour: 1 } });
    await submit(client, inputOf(1));
    expect((await errorOf(submit(client, inputOf(1)))).status).toBe(429);
  });

  it("can lose the answer to POST /v1/batches after creating it (for exactly-once submit tests)", async () => {
    const { server, client } = await setup({
      script: [{ route: "POST /v1/batches", faults: ["drop-after"] }],
    });
    const file = await upload(client, inputOf(1));
    const err = await errorOf(
      client.batches.create({
        input_file_id: file.id,
        endpoint: "/v1/chat/completions",
        completion_window: "24h",
      }),
    );
    expect(err).toBeInstanceOf(APIConnectionError);
    expect(server.batches.list()).toHaveLength(1);
    const listed = await client.batches.list();
    expect(listed.data[0].input_file_id).toBe(file.id);
  });

  it("serves file metadata, listing and deletion", async () => {
    const { server, client } = await setup();
    const file = await upload(client, inputOf(2));
    expect(await client.files.retrieve(file.id)).toMatchObject({
      id: file.id,
      purpose: "batch",
      bytes: inputOf(2).length,
      filename: "batch_input.jsonl",
    });
    expect((await client.files.list({ purpose: "batch" })).data.map((f) => f.id)).toEqual([file.id]);
    expect(server.files.content(file.id)).toBe(inputOf(2));
    expect(await client.files.delete(file.id)).toMatchObject({ id: file.id, deleted: true });
    expect((await errorOf(client.files.retrieve(file.id))).status).toBe(404);
    expect(server.requests.find((r) => r.route === "POST /v1/files")!.body).toMatchObject({
      purpose: "batch",
      bytes: inputOf(2).length,
    });
  });
});
