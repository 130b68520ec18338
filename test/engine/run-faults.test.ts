import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAIServer, startFakeOpenAIServer } from "../../src/testing/fake-openai-server.js";
import { runCli, spawnCli } from "../support/cli.js";
import { filesUnder, readJsonLines } from "../support/files.js";
import { roleplayArgs } from "../support/roleplay-args.js";
import { roleplayResponder } from "../support/roleplay-responder.js";
import { tempDir } from "../support/tmp.js";

const CANARY = "sk-canary-faults-6c1f0e9d8b7a";

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

/** Faults at run time, through the real CLI against the fake server. */
describe("a run against a faulty server", () => {
  const dir = tempDir();
  const cacheDir = join(dir, "cache");
  let server: FakeOpenAIServer;
  const normal = roleplayResponder();
  beforeAll(async () => {
    server = await startFakeOpenAIServer({ responder: normal, models: ["m"], apiKey: CANARY });
  });
  afterAll(() => server.close());

  const env = { TEST_KEY: CANARY };
  const args = (out: string, extra: string[] = []) =>
    roleplayArgs(server.url, out, ["--cache-dir", cacheDir, "--api-key-env", "TEST_KEY", ...extra]);

  it("stops with exit 3 after a few tries when the URL answers HTML, naming what came back", async () => {
    server.setBehaviour({ failRate: 1, failWith: ["html"] });
    const res = await runCli(args(join(dir, "html"), ["--count", "20", "--quiet"]), { env });
    server.setBehaviour({ failRate: 0 });
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(
      /dialogsmith: error: model 'default' at .* does not answer like an OpenAI chat completions API: 4 tries in a row got an HTML page \(status 200, text\/html\): "<!doctype html>/,
    );
    const report = JSON.parse(readFileSync(join(dir, "html", "report.json"), "utf8"));
    expect(report.stopped).toBe("endpoint");
  });

  it("times out an answer whose body trickles in, with --timeout bounding the whole request", async () => {
    server.setBehaviour({ script: [{ faults: ["slow-body:1000"] }] });
    const out = join(dir, "slow-body");
    const res = await runCli(args(out, ["--count", "2", "--timeout", "2", "--seed", "505", "--quiet"]), {
      env,
    });
    server.setBehaviour({ script: [] });
    expect(res.code, res.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.requests.by_status.timeout).toBe(1);
    expect(readJsonLines(join(out, "dataset.jsonl"))).toHaveLength(2);
  });

  it("uses every paid answer when the cache cannot be written, with one warning", async () => {
    const notADir = join(dir, "cache-file");
    writeFileSync(notADir, "a file, not a directory");
    const out = join(dir, "cache-broken");
    const res = await runCli(
      args(out, ["--count", "4", "--quiet"]).map((a) => (a === cacheDir ? notADir : a)),
      { env },
    );
    expect(res.code, res.stderr).toBe(0);
    expect(readJsonLines(join(out, "dataset.jsonl"))).toHaveLength(4);
    const warnings = res.stderr.split("\n").filter((l) => l.includes("warning"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cannot write the response cache in .*cache-file/);
    expect(readJsonLines(join(out, "rejected.jsonl"))).toHaveLength(0);
  });

  it("keeps a key the server echoes back out of the dataset and the cache", async () => {
    server.setBehaviour({
      responder: async (body, ctx) => {
        const reply = JSON.parse(String(await normal(body, ctx))) as { messages: { content: string }[] };
        reply.messages[0].content = `Здравствуйте, мой ключ ${ctx.authorization}`;
        return JSON.stringify(reply);
      },
    });
    const out = join(dir, "echo");
    const echoCache = join(dir, "echo-cache");
    const res = await runCli(
      args(out, ["--count", "2", "--quiet"]).map((a) => (a === cacheDir ? echoCache : a)),
      { env },
    );
    server.setBehaviour({ responder: normal });
    expect(res.code, res.stderr).toBe(0);
    expect(readFileSync(join(out, "dataset.jsonl"), "utf8")).toContain("мой ключ Bearer ***");
    for (const f of [...filesUnder(out), ...filesUnder(echoCache)])
      expect(readFileSync(f, "utf8"), f).not.toContain(CANARY);
  });

  it("stops early when nothing is accepted, naming the top rejection reasons with an example", async () => {
    server.setBehaviour({ responder: roleplayResponder({ messages: 10 }) });
    const out = join(dir, "collapse");
    const res = await runCli(args(out, ["--count", "50", "--concurrency", "2", "--seed", "501", "--quiet"]), {
      env,
    });
    server.setBehaviour({ responder: normal });
    expect(res.code).toBe(1);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.stopped).toBe("low_acceptance");
    // 3 x concurrency + 20 attempts, not the 150 --max-attempts allows.
    expect(report.attempts).toBeGreaterThanOrEqual(26);
    expect(report.attempts).toBeLessThan(40);
    expect(report.rejection_examples.too_short).toMatch(/\d+ messages/);
    expect(res.stderr).toMatch(
      /stopped short: acceptance collapsed \(0 of \d+ items accepted\).*top rejection reasons: too_short \d+ \(e\.g\. ".+"\)/,
    );
  });

  it("lists the top rejection reasons in every summary", async () => {
    server.setBehaviour({
      script: [{ faults: [{ kind: "status", status: 400, message: "prompt too long" }] }],
    });
    const res = await runCli(
      args(join(dir, "summary"), ["--count", "3", "--concurrency", "1", "--seed", "502"]),
      { env },
    );
    server.setBehaviour({ script: [] });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(
      /top rejection reasons: http_400 1 \(e\.g\. "HTTP 400 from model 'default': prompt too long"\)/,
    );
  });

  it("refuses to resume a run with --count below what it holds, leaving it as it was", async () => {
    const out = join(dir, "shrink");
    expect((await runCli(args(out, ["--count", "3", "--seed", "503", "--quiet"]), { env })).code).toBe(0);
    const config = readFileSync(join(out, "config.json"), "utf8");
    const res = await runCli(args(out, ["--count", "2", "--seed", "503", "--quiet"]), { env });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("already holds 3 accepted records, more than --count 2");
    expect(readFileSync(join(out, "config.json"), "utf8")).toBe(config);
    expect(readJsonLines(join(out, "dataset.jsonl"))).toHaveLength(3);
  });

  it("after kill -9 and resume, report.json counts exactly the requests the server received", async () => {
    server.reset();
    server.setBehaviour({ latencyMs: 120, failRate: 0.2, failWith: [429, 503, "drop"], retryAfter: 0.05 });
    const out = join(dir, "killed");
    const run = args(out, ["--count", "12", "--seed", "4", "--concurrency", "3", "--quiet"]);
    const child = spawnCli(run, { env });
    // Kill while requests are in flight (some answered, some not).
    while (server.stats.chat.completed < 4) await new Promise((r) => setTimeout(r, 10));
    child.kill("SIGKILL");
    await new Promise((r) => child.on("close", r));
    const res = await runCli(run, { env });
    server.setBehaviour({ latencyMs: 0, failRate: 0 });
    expect(res.code, res.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    // Exact, but for the one request a kill may catch between being recorded and being written.
    expect(report.requests.total - server.stats.chat.requests).toBeGreaterThanOrEqual(0);
    expect(report.requests.total - server.stats.chat.requests).toBeLessThanOrEqual(1);
    expect(sum(report.requests.by_status)).toBe(report.requests.total);
    expect(report.models.default.requests).toBe(report.requests.total);
  });
});
