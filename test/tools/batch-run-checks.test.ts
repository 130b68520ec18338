import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeHub, startFakeHub } from "../../src/testing/fake-hub-server.js";
import { type FakeOpenAIServer, startFakeOpenAIServer } from "../../src/testing/fake-openai-server.js";
import { runCli } from "../support/cli.js";
import { tempDir } from "../support/tmp.js";
import { toolsResponder } from "./support/tools-responder.js";

const CANARY = "sk-canary-batch-checks-2f6e1d0c9b8a";
const HF_CANARY = "hf_canarychecks7d3e1b9a5c2f4e6";

/** `batch run`: what it checks before spending anything, and what its report says afterwards. */
describe("batch run tools (spawned CLI)", () => {
  const root = tempDir();
  const config = join(root, "dialogsmith.yaml");
  writeFileSync(config, "# empty\n");
  let server: FakeOpenAIServer;
  let hub: FakeHub;
  beforeAll(async () => {
    server = await startFakeOpenAIServer({
      // Every dialogue breaks a rule: nothing is accepted.
      responder: toolsResponder({ invalidFor: () => "invalid_arguments" }),
      models: ["fake-model"],
      apiKey: CANARY,
      batch: { progression: { stageMs: 400 } },
    });
    hub = await startFakeHub({ tokens: [HF_CANARY], user: "tester" });
  });
  afterAll(async () => {
    await server.close();
    await hub.close();
  });

  const env = { TEST_KEY: CANARY, HF_TOKEN: HF_CANARY, OPENAI_API_KEY: "", OPENAI_BASE_URL: "" };
  const run = (out: string, extra: string[], extraEnv: Record<string, string> = {}) =>
    runCli(
      [
        "batch",
        "run",
        "tools",
        "--count",
        "3",
        "--out",
        out,
        "--poll-interval",
        "0.1",
        "--config",
        config,
        "--model",
        "fake-model",
        "--base-url",
        server.url,
        "--api-key-env",
        "TEST_KEY",
        "--yes",
        ...extra,
      ],
      { cwd: root, env: { ...env, ...extraEnv } },
    );

  it("refuses at once, before preparing, when the API key variable is not set", async () => {
    const out = join(root, "no-key");
    const res = await run(out, [], { TEST_KEY: "" });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^dialogsmith: error: \$TEST_KEY is not set: the Batch API at .* needs it/m);
    expect(existsSync(join(out, "batch_input.jsonl"))).toBe(false);
  });

  it("checks the Hub token before submitting anything when --push-to is given", async () => {
    const created = server.stats.batch.batchesCreated;
    const missing = await run(join(root, "no-hf"), ["--push-to", "tester/x", "--hub-url", hub.url], {
      HF_TOKEN: "",
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("$HF_TOKEN is not set");
    const rejected = await run(join(root, "bad-hf"), ["--push-to", "tester/x", "--hub-url", hub.url], {
      HF_TOKEN: "hf_notaccepted0000000000000000",
    });
    expect(rejected.code).toBe(3);
    expect(rejected.stderr).toMatch(/rejected the token in \$HF_TOKEN \(401\)/);
    expect(existsSync(join(root, "bad-hf", "batch_input.jsonl"))).toBe(false);
    expect(server.stats.batch.batchesCreated).toBe(created);
  });

  it("reports a batch that accepted nothing as stopped short, with its real duration", async () => {
    const out = join(root, "none-accepted");
    const res = await run(out, ["--template", "none"]);
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).toMatch(/top rejection reasons: invalid_arguments 3 \(e\.g\. ".+"\)/);
    expect(res.stderr).toContain("stopped short: 0 of 3 training records accepted");
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report).toMatchObject({ requested: 3, accepted: 0, stopped: "max_attempts" });
    // Three stages of 400 ms between created and completed, in the server's whole seconds.
    expect(report.duration_s).toBeGreaterThanOrEqual(1);
    const statuses = Object.values(report.requests.by_status as Record<string, number>);
    expect(statuses.reduce((a, b) => a + b, 0)).toBe(report.requests.total);
    expect(report.rejection_examples.invalid_arguments).toBeTruthy();
  });
});
