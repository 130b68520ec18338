import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAIServer, startFakeOpenAIServer } from "../../src/testing/fake-openai-server.js";
import { runCli } from "../support/cli.js";
import { roleplayResponder } from "../support/roleplay-responder.js";
import { tempDir } from "../support/tmp.js";
import { toolsResponder } from "../tools/support/tools-responder.js";

const CANARY = "sk-canary-url-4b2d9e7f1a3c5e60";

/** What a run checks and says before its first request: URLs, which model, which key. */
describe("the start of a run", () => {
  const dir = tempDir();
  let server: FakeOpenAIServer;
  beforeAll(async () => {
    server = await startFakeOpenAIServer({
      responder: (body, ctx) =>
        body.response_format?.json_schema?.name === "tool_dialogue"
          ? toolsResponder()(body, ctx)
          : roleplayResponder()(body, ctx),
      models: ["qwen-test"],
    });
  });
  afterAll(() => server.close());
  // No OPENAI_* from the machine running the tests.
  const env = { OPENAI_API_KEY: "", OPENAI_BASE_URL: "" };

  const roleplay = (out: string, extra: string[]) =>
    runCli(
      [
        "generate",
        "roleplay",
        "--role",
        "crypto_seller",
        "--count",
        "1",
        "--out",
        out,
        "--cache-dir",
        join(dir, "cache"),
        ...extra,
      ],
      { env, cwd: dir },
    );

  for (const [url, expected] of [
    [
      "localhost:8080/v1",
      "'localhost:8080/v1' is not an http(s) URL; did you mean http://localhost:8080/v1?",
    ],
    ["javascript:alert(1)", "'javascript:alert(1)' is not an http(s) URL: use http:// or https://"],
    ["file:///etc/passwd", "'file:///etc/passwd' is not an http(s) URL: use http:// or https://"],
  ]) {
    it(`refuses --base-url ${url} at once with exit 2, naming the value`, async () => {
      const out = join(dir, `bad-url-${url.length}`);
      const started = performance.now();
      const res = await roleplay(out, ["--base-url", url, "--model", "m"]);
      expect(res.code).toBe(2);
      expect(res.stderr.trim()).toBe(`dialogsmith: error: --base-url: ${expected}`);
      expect(existsSync(out)).toBe(false);
      expect(performance.now() - started).toBeLessThan(20_000); // not minutes of retries
    });
  }

  it("refuses a malformed --base-url in a dry run too", async () => {
    const res = await roleplay(join(dir, "dry"), [
      "--base-url",
      "localhost:8080/v1",
      "--model",
      "m",
      "--dry-run",
    ]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("--base-url: 'localhost:8080/v1' is not an http(s) URL");
  });

  it("refuses a base_url in the config file that is not http(s), naming the file and key", async () => {
    const cfg = join(dir, "ftp.yaml");
    writeFileSync(cfg, "models:\n  writer:\n    base_url: ftp://models.example/v1\n    model: m\n");
    const res = await roleplay(join(dir, "ftp"), ["--config", cfg]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(
      `${cfg}: models.writer.base_url: 'ftp://models.example/v1' is not an http(s) URL`,
    );
  });

  it("refuses a key written inside the base URL without writing or printing it", async () => {
    const out = join(dir, "userinfo");
    const url = server.url.replace("http://", `http://${CANARY}@`);
    const res = await roleplay(out, ["--base-url", url, "--model", "qwen-test"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(
      /--base-url: 'http:\/\/\*\*\*@127\.0\.0\.1:\d+\/v1' holds credentials.*api_key_env/,
    );
    expect(res.stderr + res.stdout).not.toContain(CANARY);
    expect(existsSync(out)).toBe(false);
  });

  it("uses the only models: entry when none is named, and says where it calls", async () => {
    const cfg = join(dir, "one-model.yaml");
    writeFileSync(cfg, `models:\n  writer:\n    base_url: ${server.url}\n    model: qwen-test\n`);
    const out = join(dir, "tools-one-model");
    const res = await runCli(
      ["generate", "tools", "--config", cfg, "--count", "1", "--out", out, "--cache-dir", join(dir, "cache")],
      { env, cwd: dir },
    );
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr.split("\n")[0]).toBe(`tools: calling qwen-test at ${server.url} (models.writer)`);
    const config = JSON.parse(readFileSync(join(out, "config.json"), "utf8"));
    expect(config.models.writer).toMatchObject({ name: "writer", base_url: server.url, model: "qwen-test" });
  });

  it("reads --model NAME as the models: entry of that name, wherever it points", async () => {
    const cfg = join(dir, "two-models.yaml");
    writeFileSync(
      cfg,
      `models:\n  writer:\n    base_url: ${server.url}\n    model: qwen-test\n  other:\n    base_url: http://127.0.0.1:9/v1\n    model: other-model\n`,
    );
    const before = server.stats.chat.requests;
    const res = await roleplay(join(dir, "model-is-entry"), ["--config", cfg, "--model", "writer"]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain(`roleplay: calling qwen-test at ${server.url} (models.writer)`);
    expect(server.stats.chat.requests).toBeGreaterThan(before);
    expect((server.requests.at(-1)?.body as { model?: string } | undefined)?.model).toBe("qwen-test");
    // Two entries and none chosen: said, not guessed.
    const none = await roleplay(join(dir, "no-choice"), ["--config", cfg]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(
      "several models are defined under models: (writer, other) and none is chosen",
    );
  });

  it("warns at start, naming the variable, when api_key_env is not set", async () => {
    const res = await roleplay(join(dir, "no-key"), [
      "--base-url",
      server.url,
      "--model",
      "qwen-test",
      "--api-key-env",
      "GONKA_API_KEY",
    ]);
    expect(res.code, res.stderr).toBe(0);
    const lines = res.stderr.split("\n");
    expect(lines[0]).toBe(`roleplay: calling qwen-test at ${server.url}`);
    expect(lines[1]).toMatch(
      /^dialogsmith: warning: \$GONKA_API_KEY is not set \(api_key_env of model 'default'\)/,
    );
  });
});
