import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { InputError, UsageError } from "../../src/core/errors.js";
import type { BatchStatusFile } from "../../src/models/batch/status.js";
import type { BatchEvent } from "../../src/models/batch/submit.js";
import {
  batchCancel,
  batchRetrieve,
  batchRetry,
  batchStatus,
  batchSubmit,
} from "../../src/pipelines/batch-jobs.js";
import { batchPrepareTools } from "../../src/pipelines/batch-prepare.js";
import { batchRunTools } from "../../src/pipelines/batch-run.js";
import { preprocessTools } from "../../src/pipelines/tools-preprocess.js";
import { type FakeOpenAIServer, startFakeOpenAIServer } from "../../src/testing/fake-openai-server.js";
import { tempDir } from "../support/tmp.js";
import { SEED_KEYS } from "./support/seed-shape.js";
import { toolsResponder } from "./support/tools-responder.js";

const CANARY = "sk-canary-batch-5d2e8f1a9c3b7e60";
const env = { TEST_KEY: CANARY };

function lines<T = Record<string, unknown>>(path: string): T[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

const status = (dir: string) =>
  JSON.parse(readFileSync(join(dir, "batch_status.json"), "utf8")) as BatchStatusFile;

describe("the Batch API pipeline against the fake server", () => {
  const root = tempDir();
  const config = join(root, "dialogsmith.yaml");
  writeFileSync(config, "# empty: every setting comes from flags\n");
  let server: FakeOpenAIServer;
  let n = 0;

  beforeAll(async () => {
    server = await startFakeOpenAIServer({
      responder: toolsResponder({
        invalidFor: (id) => (id === "tools-7-000004" ? "invalid_arguments" : undefined),
      }),
      models: ["fake-model"],
      apiKey: CANARY,
      batch: { progression: "manual" },
    });
  });
  afterAll(async () => {
    await server.close();
    // The key was used on every call, and written nowhere.
    for (const f of allFiles(root)) expect(readFileSync(f, "utf8").includes(CANARY), f).toBe(false);
  });
  beforeEach(() => server.setBehaviour({ script: [] }));

  const newDir = () => join(root, `b${++n}`);
  const prepare = (out: string, extra: Record<string, unknown> = {}) =>
    batchPrepareTools({
      config,
      out,
      count: 6,
      seed: 7,
      model: "fake-model",
      baseUrl: server.url,
      apiKeyEnv: "TEST_KEY",
      ...extra,
    });
  /** Polling without waiting: each "sleep" moves the directory's unfinished batches one stage on. */
  const advancer = (dir: string) => async () => {
    const terminal = ["completed", "failed", "expired", "cancelled"];
    for (const round of status(dir).rounds)
      for (const p of round.parts)
        if (p.batch_id && !terminal.includes(server.batches.get(p.batch_id)!.status))
          await server.batches.advance(p.batch_id);
  };
  const job = (dir: string, extra: Record<string, unknown> = {}) => ({ dir, env, ...extra });
  const created = () => server.stats.batch.batchesCreated;

  it("goes validating -> in_progress -> finalizing -> completed, matches shuffled output by custom_id, preprocesses", async () => {
    const dir = newDir();
    const prepared = await prepare(dir, { gold: true });
    expect(prepared).toMatchObject({ requests: 86, train: 6, gold: 80 });
    const input = lines<{
      custom_id: string;
      url: string;
      body: { model: string; response_format: { type: string } };
    }>(join(dir, "batch_input.jsonl"));
    expect(input.map((l) => l.custom_id).slice(0, 7)).toEqual([
      "tools-7-000000",
      "tools-7-000001",
      "tools-7-000002",
      "tools-7-000003",
      "tools-7-000004",
      "tools-7-000005",
      "gold-search-000",
    ]);
    expect(input[0]).toMatchObject({
      method: "POST",
      url: "/v1/chat/completions",
      body: { model: "fake-model", response_format: { type: "json_schema" } },
    });
    // Deterministic: preparing again gives the same bytes.
    const bytes = readFileSync(join(dir, "batch_input.jsonl"));
    await prepare(dir, { gold: true });
    expect(readFileSync(join(dir, "batch_input.jsonl")).equals(bytes)).toBe(true);

    const before = created();
    const first = await batchSubmit(job(dir));
    expect(first.finished).toBe(false);
    expect(status(dir).rounds[0].parts[0]).toMatchObject({ status: "validating", requests: 86 });
    const seen: string[] = [];
    const done = await batchSubmit(
      job(dir, {
        wait: true,
        pollIntervalS: 0,
        sleep: advancer(dir),
        onEvent: (e: BatchEvent) => e.type === "status" && seen.push(e.status),
      }),
    );
    expect(done.finished).toBe(true);
    expect(seen).toEqual(["in_progress", "finalizing", "completed"]);
    expect(created() - before).toBe(1);
    // Submitting again creates nothing.
    await batchSubmit(job(dir, { wait: true, pollIntervalS: 0, sleep: advancer(dir) }));
    expect(created() - before).toBe(1);

    const retrieved = await batchRetrieve(job(dir));
    expect(retrieved).toMatchObject({ requests: 86, succeeded: 86, failed: 0, pending: 0, complete: true });
    const part = status(dir).rounds[0].parts[0];
    const raw = lines<{ custom_id: string }>(join(dir, part.downloaded!.output!)).map((l) => l.custom_id);
    const results = lines<{ custom_id: string; ok: boolean }>(join(dir, "results.jsonl"));
    expect(raw).not.toEqual(input.map((l) => l.custom_id)); // the server shuffled
    expect(results.map((r) => r.custom_id)).toEqual(input.map((l) => l.custom_id)); // we did not

    const pre = await preprocessTools(dir);
    expect(pre.report).toMatchObject({ recipe: "tools", requested: 6, accepted: 5, rejected: 1, failed: 0 });
    expect(pre.report.rejection_reasons).toEqual({ invalid_arguments: 1 });
    expect(pre.report.gold).toEqual({ requested: 80, accepted: 80, rejected: 0, failed: 0 });
    const records = lines(join(dir, "dataset.jsonl"));
    expect(records.map((r) => r.id)).toEqual([
      "tools-7-000000",
      "tools-7-000001",
      "tools-7-000002",
      "tools-7-000003",
      "tools-7-000005",
    ]);
    for (const r of records) {
      expect(Object.keys(r)).toEqual(["id", "messages", "tools", "metadata"]);
      expect(r.metadata).toMatchObject({ recipe: "tools", mode: "batch", set: "train", domain: "delivery" });
    }
    // preprocess leaves the seed's shape beside the canonical records.
    const seed = lines(join(dir, "export/tools-seed.jsonl"));
    expect(seed.map((r) => r.id)).toEqual(records.map((r) => r.id));
    for (const r of seed) expect(Object.keys(r)).toEqual(SEED_KEYS);
    const goldRecords = lines<{ id: string; metadata: { category: string; custom_id: string } }>(
      join(dir, "gold_dataset.jsonl"),
    );
    expect(goldRecords).toHaveLength(80);
    expect(goldRecords[79].metadata).toMatchObject({
      category: "edge_case",
      custom_id: "gold-edge_case-079",
    });
    expect(lines(join(dir, "rejected.jsonl"))[0]).toMatchObject({
      id: "tools-7-000004",
      kind: "rejected",
      reason: "invalid_arguments",
    });
  });

  it("partial errors: status_code checked as well as error; retry resubmits only the failed requests and merges", async () => {
    const dir = newDir();
    await prepare(dir);
    server.setBehaviour({
      script: [
        {
          match: (r) => r.customId === "tools-7-000002" || r.customId === "tools-7-000005",
          faults: [500, 400],
        },
      ],
    });
    await batchSubmit(job(dir, { wait: true, pollIntervalS: 0, sleep: advancer(dir) }));
    const r1 = await batchRetrieve(job(dir));
    expect(r1).toMatchObject({ succeeded: 4, failed: 2, errors: { http_500: 1, http_400: 1 } });
    const failedLines = lines<{
      custom_id: string;
      ok: boolean;
      status_code?: number;
      error?: { code: string };
    }>(join(dir, "results.jsonl")).filter((l) => !l.ok);
    expect(failedLines.map((l) => [l.custom_id, l.status_code]).sort()).toEqual([
      ["tools-7-000002", expect.any(Number)],
      ["tools-7-000005", expect.any(Number)],
    ]);

    const before = created();
    const retry = await batchRetry(job(dir, { wait: true, pollIntervalS: 0, sleep: advancer(dir) }));
    expect(retry.kind).toBe("submitted");
    expect(created() - before).toBe(1);
    expect(lines<{ custom_id: string }>(join(dir, "retry_1_input.jsonl")).map((l) => l.custom_id)).toEqual([
      "tools-7-000002",
      "tools-7-000005",
    ]);
    const r2 = await batchRetrieve(job(dir));
    expect(r2).toMatchObject({ succeeded: 6, failed: 0 });
    // Nothing left: a second retry creates nothing.
    expect((await batchRetry(job(dir, { wait: true, pollIntervalS: 0, sleep: advancer(dir) }))).kind).toBe(
      "nothing",
    );
    expect(created() - before).toBe(1);
  });

  it("expired: unfinished requests come back as batch_expired and are retried", async () => {
    const dir = newDir();
    await prepare(dir);
    await batchSubmit(job(dir));
    const id = status(dir).rounds[0].parts[0].batch_id!;
    await server.batches.process(id, 2);
    await server.batches.expire(id);
    const s = await batchStatus(job(dir));
    expect(s.rounds[0].parts[0].status).toBe("expired");
    const r1 = await batchRetrieve(job(dir));
    expect(r1).toMatchObject({ succeeded: 2, failed: 4, errors: { batch_expired: 4 }, complete: true });
    await batchRetry(job(dir, { wait: true, pollIntervalS: 0, sleep: advancer(dir) }));
    expect(status(dir).rounds[1].requests).toBe(4);
    expect(await batchRetrieve(job(dir))).toMatchObject({ succeeded: 6, failed: 0 });
  });

  it("failed input: the batch's validation errors reach every request and the status file", async () => {
    const dir = newDir();
    await prepare(dir, { model: "no-such-model" });
    await batchSubmit(job(dir, { wait: true, pollIntervalS: 0, sleep: advancer(dir) }));
    const part = status(dir).rounds[0].parts[0];
    expect(part.status).toBe("failed");
    expect(part.errors?.[0]).toMatchObject({ code: "model_not_found" });
    const r = await batchRetrieve(job(dir));
    expect(r).toMatchObject({ succeeded: 0, failed: 6, errors: { batch_failed: 6 } });
    const first = lines<{ error: { message: string } }>(join(dir, "results.jsonl"))[0];
    expect(first.error.message).toMatch(/model_not_found/);
  });

  it("a crash between create and the status write never creates a second batch", async () => {
    const dir = newDir();
    await prepare(dir);
    const before = created();
    await expect(
      batchSubmit(
        job(dir, {
          afterCreate: () => {
            throw new Error("simulated crash");
          },
        }),
      ),
    ).rejects.toThrow("simulated crash");
    const intent = status(dir).rounds[0].parts[0];
    expect(intent.create_started_at).toBeTypeOf("number");
    expect(intent.batch_id).toBeUndefined();
    expect(created() - before).toBe(1);
    const events: BatchEvent[] = [];
    await batchSubmit(job(dir, { onEvent: (e: BatchEvent) => events.push(e) }));
    expect(created() - before).toBe(1);
    expect(events.find((e) => e.type === "reconciled")).toBeTruthy();
    expect(status(dir).rounds[0].parts[0].batch_id).toBe(server.batches.list()[0].id);
  });

  it("a lost answer to the create call (server created it, socket dropped) is reconciled, not repeated", async () => {
    const dir = newDir();
    await prepare(dir);
    server.setBehaviour({ script: [{ route: "POST /v1/batches", faults: [{ kind: "drop", after: true }] }] });
    const before = created();
    await batchSubmit(job(dir));
    expect(created() - before).toBe(1);
    expect(status(dir).rounds[0].parts[0].batch_id).toBe(server.batches.list()[0].id);
  });

  it("splits above the request and byte limits, tracks every batch, and merges in input order", async () => {
    const dir = newDir();
    await prepare(dir, { count: 8 });
    const before = created();
    await batchSubmit(
      job(dir, { maxRequestsPerBatch: 3, wait: true, pollIntervalS: 0, sleep: advancer(dir) }),
    );
    const parts = status(dir).rounds[0].parts;
    expect(parts.map((p) => p.requests)).toEqual([3, 3, 2]);
    expect(new Set(parts.map((p) => p.batch_id)).size).toBe(3);
    expect(created() - before).toBe(3);
    expect(parts.map((p) => lines(join(dir, p.file)).length)).toEqual([3, 3, 2]);
    const r = await batchRetrieve(job(dir));
    expect(r).toMatchObject({ requests: 8, succeeded: 8 });
    expect(lines<{ custom_id: string }>(join(dir, "results.jsonl")).map((l) => l.custom_id)).toEqual(
      lines<{ custom_id: string }>(join(dir, "batch_input.jsonl")).map((l) => l.custom_id),
    );

    const bySize = newDir();
    await prepare(bySize, { count: 5 });
    const lineBytes = Math.max(
      ...readFileSync(join(bySize, "batch_input.jsonl"), "utf8")
        .split("\n")
        .map((l) => Buffer.byteLength(l) + 1),
    );
    await batchSubmit(job(bySize, { maxBytesPerBatch: lineBytes * 2 + 10 }));
    expect(status(bySize).rounds[0].parts.map((p) => p.requests)).toEqual([2, 2, 1]);
    for (const p of status(bySize).rounds[0].parts) expect(p.bytes).toBeLessThanOrEqual(lineBytes * 2 + 10);
  });

  it("cancel keeps what finished; the rest is listed as failed and can be retried", async () => {
    const dir = newDir();
    await prepare(dir);
    await batchSubmit(job(dir));
    const id = status(dir).rounds[0].parts[0].batch_id!;
    await server.batches.process(id, 3);
    const { cancelled } = await batchCancel(job(dir));
    expect(cancelled).toBe(1);
    await server.batches.advance(id);
    const r = await batchRetrieve(job(dir));
    expect(r).toMatchObject({ succeeded: 3, failed: 3, complete: true, errors: { batch_cancelled: 3 } });
  });

  it("refuses a changed input after submission and a retry while a round is running", async () => {
    const dir = newDir();
    await prepare(dir);
    await batchSubmit(job(dir));
    await expect(prepare(dir, { count: 7 })).rejects.toThrow(UsageError);
    await expect(batchRetry(job(dir))).rejects.toThrow(/still running/);
    writeFileSync(join(dir, "batch_input.jsonl"), "{}\n");
    await expect(batchSubmit(job(dir))).rejects.toThrow(InputError);
  });

  it("batch run: every step, retrying failures once, rendering qwen2.5 samples", async () => {
    const dir = newDir();
    server.setBehaviour({ script: [{ match: (r) => r.customId === "tools-7-000001", faults: [503] }] });
    const steps: string[] = [];
    const result = await batchRunTools(
      {
        config,
        out: dir,
        count: 3,
        seed: 7,
        model: "fake-model",
        baseUrl: server.url,
        apiKeyEnv: "TEST_KEY",
        pollInterval: 0,
      },
      { env, sleep: advancer(dir), onStep: (s) => steps.push(s) },
    );
    expect(result.kind).toBe("done");
    if (result.kind !== "done") return;
    expect(steps).toEqual(["prepare", "submit", "retrieve", "retry", "retrieve", "preprocess", "render"]);
    expect(result.retried).toBe(true);
    expect(result.preprocessed.report.accepted).toBe(3);
    expect(readdirSync(join(dir, "samples")).sort()).toEqual([
      "sample_0001.txt",
      "sample_0002.txt",
      "sample_0003.txt",
    ]);
    const sample = readFileSync(join(dir, "samples", "sample_0001.txt"), "utf8");
    expect(sample.startsWith("<|im_start|>system\n당신은 배달 앱")).toBe(true);
    expect(sample).toContain("# Tools");
    const all = ["sample_0001.txt", "sample_0002.txt", "sample_0003.txt"]
      .map((f) => readFileSync(join(dir, "samples", f), "utf8"))
      .join("");
    expect(all).toContain(
      '<|im_start|>assistant\n<tool_call>\n{"name": "search_restaurants", "arguments": {',
    );
    expect(all).toContain("<|im_start|>user\n<tool_response>\n{");
    expect(existsSync(join(dir, "report.json"))).toBe(true);
  });
});
