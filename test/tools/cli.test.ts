import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeHub, startFakeHub } from "../../src/testing/fake-hub-server.js";
import { type FakeOpenAIServer, startFakeOpenAIServer } from "../../src/testing/fake-openai-server.js";
import { runCli } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";
import { SEED_KEYS } from "./support/seed-shape.js";
import { toolsResponder } from "./support/tools-responder.js";

const CANARY = "sk-canary-cli-tools-3e9d7a1c5b2f8e04";
const HF_CANARY = "hf_canarytools4c1e9b7d2a5f3e8c";

function lines<T = Record<string, unknown>>(path: string): T[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);
}

function allFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

describe("dialogsmith batch ... tools / generate tools / preprocess (spawned CLI)", () => {
  const root = tempDir();
  const config = join(root, "dialogsmith.yaml");
  writeFileSync(config, "# empty\n");
  let server: FakeOpenAIServer;
  let hub: FakeHub;
  const outputs: string[] = [];

  beforeAll(async () => {
    // Each poll moves a batch one stage on: --poll-interval 0 finishes without waiting.
    server = await startFakeOpenAIServer({
      responder: toolsResponder(),
      models: ["fake-model"],
      apiKey: CANARY,
      batch: { progression: "on-poll" },
    });
    hub = await startFakeHub({ tokens: [HF_CANARY], user: "tester" });
  });
  afterAll(async () => {
    await server.close();
    await hub.close();
    for (const f of allFiles(root)) {
      const text = readFileSync(f, "utf8");
      expect(text.includes(CANARY) || text.includes(HF_CANARY), f).toBe(false);
    }
    for (const o of outputs) expect(o.includes(CANARY) || o.includes(HF_CANARY)).toBe(false);
  });

  const env = { TEST_KEY: CANARY, HF_TOKEN: HF_CANARY, OPENAI_API_KEY: "", OPENAI_BASE_URL: "" };
  const cli = async (args: string[], extraEnv: Record<string, string> = {}) => {
    const res = await runCli(args, { cwd: root, env: { ...env, ...extraEnv } });
    outputs.push(res.stdout, res.stderr);
    return res;
  };
  const modelArgs = () => [
    "--config",
    config,
    "--model",
    "fake-model",
    "--base-url",
    server.url,
    "--api-key-env",
    "TEST_KEY",
  ];

  it("batch run tools: prepare -> submit --wait -> retrieve -> preprocess -> render -> push", async () => {
    const out = join(root, "run");
    const res = await cli([
      "batch",
      "run",
      "tools",
      "--count",
      "4",
      "--gold",
      "--seed",
      "3",
      "--out",
      out,
      "--poll-interval",
      "0",
      "--push-to",
      "tester/delivery",
      "--hub-url",
      hub.url,
      ...modelArgs(),
    ]);
    expect(res.stderr).toContain("[preprocess]");
    expect(res.code, res.stderr).toBe(0);
    for (const f of [
      "batch_input.jsonl",
      "batch_status.json",
      "results.jsonl",
      "dataset.jsonl",
      "gold_dataset.jsonl",
      "report.json",
      "samples/sample_0001.txt",
      "samples/sample_0004.txt",
    ])
      expect(existsSync(join(out, f)), f).toBe(true);
    expect(lines(join(out, "dataset.jsonl"))).toHaveLength(4);
    expect(lines(join(out, "gold_dataset.jsonl"))).toHaveLength(80);
    expect(readFileSync(join(out, "samples", "sample_0001.txt"), "utf8")).toMatch(
      /^<\|im_start\|>system\n당신은 배달 앱/,
    );
    expect(
      hub.fileText("datasets/tester/delivery", "data/train.jsonl")?.split("\n").filter(Boolean),
    ).toHaveLength(4);
    expect(
      hub.fileText("datasets/tester/delivery", "gold/test.jsonl")?.split("\n").filter(Boolean),
    ).toHaveLength(80);
  });

  it("the steps one by one, with a status file that lets them be re-run", async () => {
    const out = join(root, "steps");
    const prep = await cli([
      "batch",
      "prepare",
      "tools",
      "--count",
      "3",
      "--seed",
      "5",
      "--out",
      out,
      ...modelArgs(),
    ]);
    expect(prep.code, prep.stderr).toBe(0);
    expect(prep.stdout.trim()).toBe(out);
    const before = server.stats.batch.batchesCreated;
    const submit = await cli(["batch", "submit", out]);
    expect(submit.code, submit.stderr).toBe(0);
    expect(submit.stdout).toMatch(/round 0 part 1\/1: batch_\w+ (validating|in_progress)/);
    const again = await cli(["batch", "submit", out, "--wait", "--poll-interval", "0"]);
    expect(again.code, again.stderr).toBe(0);
    expect(server.stats.batch.batchesCreated - before).toBe(1);
    const status = await cli(["batch", "status", out]);
    expect(status.stdout, status.stderr).toMatch(/completed 3\/3 done, 0 failed/);
    const retrieve = await cli(["batch", "retrieve", out]);
    expect(retrieve.code, retrieve.stderr).toBe(0);
    expect(retrieve.stderr).toMatch(/3\/3 succeeded/);
    const retry = await cli(["batch", "retry", out]);
    expect(retry.stderr).toMatch(/nothing to retry/);
    const pre = await cli(["preprocess", out]);
    expect(pre.code, pre.stderr).toBe(0);
    expect(pre.stderr).toMatch(/training: 3\/3 accepted/);
    const render = await cli([
      "render",
      join(out, "dataset.jsonl"),
      "--template",
      "qwen2.5",
      "--out",
      join(out, "samples"),
    ]);
    expect(render.code, render.stderr).toBe(0);
    expect(readdirSync(join(out, "samples"))).toHaveLength(3);
  });

  it("generate tools --count 3: canonical records, and the seed's shape in export/tools-seed.jsonl", async () => {
    const out = join(root, "online");
    const res = await cli([
      "generate",
      "tools",
      "--count",
      "3",
      "--out",
      out,
      "--cache-dir",
      join(root, "cache"),
      "--quiet",
      ...modelArgs(),
    ]);
    expect(res.code, res.stderr).toBe(0);
    const records = lines<Record<string, unknown>>(join(out, "dataset.jsonl"));
    expect(records).toHaveLength(3);
    expect(Object.keys(records[0])).toEqual(["id", "messages", "tools", "metadata"]);
    const seed = lines<Record<string, unknown>>(join(out, "export/tools-seed.jsonl"));
    expect(seed).toHaveLength(3);
    expect(Object.keys(seed[0])).toEqual(SEED_KEYS);
  });

  it("errors are one line with the right exit code", async () => {
    const wrongRecipe = await cli(["batch", "prepare", "roleplay", "--out", join(root, "x")]);
    expect(wrongRecipe.code, wrongRecipe.stderr).toBe(2);
    const notBatch = await cli(["batch", "status", root]);
    expect(notBatch.code, notBatch.stderr).toBe(2);
    expect(notBatch.stderr).toMatch(/^dialogsmith: error: .*batch prepare/m);

    // Prepared for OpenAI itself with no key in the environment: a usage error before any request.
    const openai = join(root, "openai");
    const prepOpenai = await cli([
      "batch",
      "prepare",
      "tools",
      "--count",
      "1",
      "--config",
      config,
      "--out",
      openai,
    ]);
    expect(prepOpenai.code, prepOpenai.stderr).toBe(0);
    const noKey = await cli(["batch", "submit", openai]);
    expect(noKey.code, noKey.stderr).toBe(2);
    expect(noKey.stderr).toMatch(/OPENAI_API_KEY/);
    expect(noKey.stderr.trim().split("\n")).toHaveLength(1);

    const wrong = join(root, "wrong-key");
    const prepWrong = await cli([
      "batch",
      "prepare",
      "tools",
      "--count",
      "1",
      "--out",
      wrong,
      ...modelArgs(),
    ]);
    expect(prepWrong.code, prepWrong.stderr).toBe(0);
    const denied = await cli(["batch", "submit", wrong], { TEST_KEY: "sk-wrong-key-0000" });
    expect(denied.code, denied.stderr).toBe(3);
    expect(denied.stderr).toMatch(/authentication failed .*TEST_KEY/);
    expect(denied.stderr).not.toContain("sk-wrong-key-0000");
  });
});
