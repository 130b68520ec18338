import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchPrepareTools } from "../../src/pipelines/batch-prepare.js";
import { generate } from "../../src/pipelines/generate.js";
import { type FakeOpenAIServer, startFakeOpenAIServer } from "../../src/testing/fake-openai-server.js";
import { tempDir } from "../support/tmp.js";
import { toolsResponder } from "./support/tools-responder.js";

const CANARY = "sk-canary-online-0b7c4d2e9a1f3e58";

function lines<T = Record<string, unknown>>(path: string): T[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);
}

describe("generate tools (online, through the engine)", () => {
  const root = tempDir();
  const config = join(root, "dialogsmith.yaml");
  writeFileSync(config, "# empty\n");
  let server: FakeOpenAIServer;

  beforeAll(async () => {
    server = await startFakeOpenAIServer({
      responder: toolsResponder({
        invalidFor: (_id, prompt) =>
          prompt.includes("user_20931") && !prompt.includes("evaluation category")
            ? "unknown_tool"
            : undefined,
      }),
      models: ["fake-model"],
      apiKey: CANARY,
    });
  });
  afterAll(async () => {
    await server.close();
    // The key went to the server on every request, and into no file (cache, config, events, report).
    for (const f of readdirSync(root, { recursive: true, encoding: "utf8" })) {
      const path = join(root, f);
      if (statSync(path).isFile()) expect(readFileSync(path, "utf8").includes(CANARY), path).toBe(false);
    }
  });

  const flags = (out: string, extra: Record<string, unknown> = {}) => ({
    config,
    out,
    model: "fake-model",
    baseUrl: server.url,
    apiKeyEnv: "TEST_KEY",
    cacheDir: join(root, "cache"),
    seed: 7,
    ...extra,
  });
  const io = { env: { TEST_KEY: CANARY } };

  it("reaches the count through a server failing a quarter of its answers, records in the seed's shape", async () => {
    server.setBehaviour({
      failRate: 0.25,
      failWith: [429, 500, "drop", "malformed-json", "code-fence", "prose"],
      retryAfter: 0.01,
    });
    const out = join(root, "faulty");
    const result = await generate("tools", flags(out, { count: 12, concurrency: 4 }), io);
    server.setBehaviour({ failRate: 0 });
    expect(result.kind).toBe("run");
    if (result.kind !== "run") return;
    expect(result.report).toMatchObject({ accepted: 12, stopped: "done" });
    const records = lines<{
      id: string;
      messages: { role: string; content: string | null }[];
      metadata: Record<string, unknown>;
    }>(join(out, "dataset.jsonl"));
    expect(records).toHaveLength(12);
    for (const r of records) {
      expect(Object.keys(r)).toEqual(["id", "messages", "tools", "metadata"]);
      expect(r.messages[0].role).toBe("system");
      expect(r.messages[1].role).toBe("user");
      expect(r.messages.at(-1)!.role).toBe("assistant");
      for (const m of r.messages) expect(m.content ?? "").not.toContain("<tool_call>");
      expect(r.metadata).toMatchObject({
        recipe: "tools",
        mode: "online",
        set: "train",
        model: "fake-model",
      });
    }
    // The seed's shape (Qwen XML text) is left beside it, one line per record.
    const seed = lines<{ id: string; uid: string; system_prompt: string }>(
      join(out, "export/tools-seed.jsonl"),
    );
    expect(seed.map((r) => r.id)).toEqual(records.map((r) => r.id));
    expect(seed.map((r) => r.uid)).toEqual(records.map((r) => r.metadata.uid));
    expect(seed[0].system_prompt).toBe(records[0].messages[0].content);
    // Items 0, 6 and 7 (user_20931) get a broken answer, twice: rejected with a named reason, and
    // the dataset is the first 12 accepted items whatever the arrival order.
    const rejected = lines<{ id: string; reason: string }>(join(out, "rejected.jsonl"));
    expect(rejected.map((r) => [r.id, r.reason])).toEqual([
      ["tools-7-000000", "unknown_tool"],
      ["tools-7-000006", "unknown_tool"],
      ["tools-7-000007", "unknown_tool"],
    ]);
    expect(records.map((r) => Number(r.id.slice(-6)))).toEqual([1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 13, 14]);
    expect(readFileSync(join(out, "config.json"), "utf8")).not.toContain(CANARY);

    // Online and batch plan the same items: the same uids and the same request messages.
    const batchDir = join(root, "same-as-batch");
    await batchPrepareTools({
      config,
      out: batchDir,
      count: 15,
      seed: 7,
      model: "fake-model",
      baseUrl: server.url,
    });
    const scenarios = lines<{ custom_id: string; uid: string }>(join(batchDir, "scenarios.jsonl"));
    for (const r of records) expect(scenarios.find((s) => s.custom_id === r.id)?.uid).toBe(r.metadata.uid);
  });

  it("resumes: a larger count continues the run and pays nothing twice", async () => {
    const out = join(root, "resumed");
    await generate("tools", flags(out, { count: 4 }), io);
    const requests = server.stats.chat.requests;
    const result = await generate("tools", flags(out, { count: 6, resume: out }), io);
    expect(result.kind === "run" && result.report.accepted).toBe(6);
    const records = lines<{ id: string }>(join(out, "dataset.jsonl"));
    expect(records).toHaveLength(6);
    expect(new Set(records.map((r) => r.id)).size).toBe(6);
    // Only the new items (plus any rejected retries) hit the server.
    expect(server.stats.chat.requests - requests).toBeLessThanOrEqual(6);
  });

  it("--gold writes the 80-dialogue gold set beside the training set", async () => {
    const out = join(root, "gold");
    const result = await generate("tools", flags(out, { count: 2, gold: true, concurrency: 16 }), io);
    expect(result.kind).toBe("run");
    if (result.kind !== "run") return;
    const goldRun = result.followUps.find((f) => f.name === "gold");
    expect(goldRun?.report.requested).toBe(80);
    expect(goldRun?.published).toBe(join(out, "gold_dataset.jsonl"));
    const gold = lines<{ id: string; metadata: { category: string; set: string } }>(
      join(out, "gold_dataset.jsonl"),
    );
    expect(gold.length).toBe(goldRun!.report.accepted);
    expect(gold.length).toBeGreaterThan(70);
    expect(new Set(gold.map((g) => g.metadata.category)).size).toBe(8);
    expect(
      gold.every((g) => g.id.startsWith(`gold-${g.metadata.category}-`) && g.metadata.set === "gold"),
    ).toBe(true);
  });

  it("--dry-run sends nothing and shows the writer's prompt", async () => {
    const before = server.stats.total;
    const result = await generate("tools", flags(join(root, "dry"), { count: 5, dryRun: true }), io);
    expect(result.kind).toBe("dry-run");
    if (result.kind !== "dry-run") return;
    expect(result.sample?.system).toContain("search_restaurants");
    expect(result.sample?.user).toContain("user message(s)");
    expect(server.stats.total).toBe(before);
  });
});
