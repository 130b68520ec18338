import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  type FakeOpenAIServer,
  type FakeServerOptions,
  startFakeOpenAIServer,
} from "../../src/testing/fake-openai-server.js";
import { roleplayResponder } from "../../src/testing/roleplay-responder.js";
import { EXAMPLES } from "../recipes/support/fixtures.js";
import { closedPort, runCli } from "../support/cli.js";
import { recipeResponder } from "../support/recipe-responder.js";
import { tempDir } from "../support/tmp.js";

/**
 * Replicas and fallback through the real CLI: a run over three endpoints survives one taken down
 * mid-run and brought back, and report.json and events.jsonl show what happened; bad endpoint
 * and fallback settings are one line and exit 2.
 */
const root = tempDir("dialogsmith-replicas-");
const servers: FakeOpenAIServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(options: FakeServerOptions = {}): Promise<FakeOpenAIServer> {
  const s = await startFakeOpenAIServer({ models: "any", responder: roleplayResponder(), ...options });
  servers.push(s);
  return s;
}

const chats = (s: FakeOpenAIServer) => s.stats.byRoute["POST /v1/chat/completions"] ?? 0;
const until = async (test: () => boolean, ms = 60_000) => {
  const end = Date.now() + ms;
  while (!test() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
};
const events = (dir: string) =>
  readFileSync(join(dir, "events.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { type: string; endpoint?: string; model?: string; to?: string });

function roleplay(config: string, out: string, count: number): string[] {
  return [
    ...["generate", "roleplay", "--role", "crypto_seller", "--count", String(count), "--seed", "3"],
    ...["--config", config, "--out", out, "--quiet"],
  ];
}

describe("a model served by several replicas", { timeout: 180_000 }, () => {
  it("completes with no failed dialogue when one of three is taken down mid-run and brought back", async () => {
    const replicas = [
      await serve({ latencyMs: 200 }),
      await serve({ latencyMs: 200 }),
      await serve({ latencyMs: 200 }),
    ];
    const config = join(root, "three.yaml");
    writeFileSync(
      config,
      `models:\n  writer:\n    model: m\n    concurrency: 4\n    base_url:\n${replicas.map((r) => `      - ${r.url}\n`).join("")}`,
    );
    const out = join(root, "three");
    const run = runCli(roleplay(config, out, 240), {
      cwd: root,
      env: { XDG_CACHE_HOME: join(root, "cache1") },
    });
    const down = replicas[1];
    const { port, url } = down;
    await until(() => chats(down) >= 8);
    await down.close();
    await new Promise((r) => setTimeout(r, 300));
    const back = await serve({ latencyMs: 200, port });
    const result = await run;
    expect(result.code, result.stderr).toBe(0);

    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report).toMatchObject({ accepted: 240, failed: 0, stopped: "done" });
    const perEndpoint = report.models.writer.endpoints as Record<string, number>;
    expect(Object.keys(perEndpoint).sort()).toEqual(replicas.map((r) => r.url).sort());
    expect(Object.values(perEndpoint).reduce((a, b) => a + b, 0)).toBe(report.requests.total);
    const log = events(out);
    expect(log.some((e) => e.type === "endpoint_out" && e.endpoint === url)).toBe(true);
    expect(log.some((e) => e.type === "endpoint_back" && e.endpoint === url)).toBe(true);
    expect(chats(back)).toBeGreaterThan(0); // in service again after its probe
  });

  it("runs the steps on the fallback entry when the primary does not answer, and counts them", async () => {
    const backup = await serve();
    const config = join(root, "fallback.yaml");
    writeFileSync(
      config,
      [
        "models:",
        `  writer: { base_url: http://127.0.0.1:${await closedPort()}/v1, model: m, fallback: [backup] }`,
        `  backup: { base_url: ${backup.url}, model: m }`,
        "roleplay: { model: writer }",
        "",
      ].join("\n"),
    );
    const out = join(root, "fallback");
    const result = await runCli(roleplay(config, out, 6), {
      cwd: root,
      env: { XDG_CACHE_HOME: join(root, "cache2") },
    });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report).toMatchObject({ accepted: 6, failed: 0 });
    expect(report.models.writer.fallback).toEqual({ backup: 6 });
    expect(report.models.backup.requests).toBe(6);
    expect(events(out).filter((e) => e.type === "fallback" && e.to === "backup")).toHaveLength(6);
  });

  it("a YAML recipe's records name the model that served each role, the fallback's when it served", async () => {
    const server = await serve({ responder: recipeResponder() });
    const recipe = join(root, "tutoring.yaml");
    writeFileSync(
      recipe,
      readFileSync(join(EXAMPLES, "tutoring.yaml"), "utf8").replace(
        "file: tutoring-problems.txt",
        `file: ${join(EXAMPLES, "tutoring-problems.txt")}`,
      ),
    );
    const config = join(root, "tutoring-fallback.yaml");
    writeFileSync(
      config,
      [
        "models:",
        `  student: { base_url: ${server.url}, model: student-model }`,
        `  tutor: { base_url: http://127.0.0.1:${await closedPort()}/v1, model: tutor-model, fallback: [spare] }`,
        `  spare: { base_url: ${server.url}, model: spare-model }`,
        "",
      ].join("\n"),
    );
    const out = join(root, "tutoring-run");
    const result = await runCli(
      ["generate", "--recipe", recipe, "--config", config, "--count", "4", "--out", out, "--quiet"],
      { cwd: root, env: { XDG_CACHE_HOME: join(root, "cache3") } },
    );
    expect(result.code, result.stderr).toBe(0);
    const records = readFileSync(join(out, "dataset.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { metadata: { models: Record<string, string> } });
    expect(records).toHaveLength(4);
    for (const r of records)
      expect(r.metadata.models).toEqual({ student: "student-model", tutor: "spare-model" });
  });

  it.each([
    [
      "both base_url and endpoints",
      "base_url: http://a/v1\n    endpoints: [{ base_url: http://b/v1 }]",
      /not both/,
    ],
    [
      "an unknown fallback",
      "base_url: http://a/v1\n    fallback: [spare]",
      /'spare' is not defined under models:/,
    ],
    [
      "a URL in the list that is not one",
      "base_url: [http://a/v1, 'localhost:8000/v1']",
      /did you mean http:\/\//,
    ],
    ["a weight of zero", "endpoints: [{ base_url: http://a/v1, weight: 0 }]", /weight/],
  ])("%s: one line, exit 2", async (label, fields, message) => {
    const config = join(root, `bad-${label.replace(/\W+/g, "-")}.yaml`);
    writeFileSync(config, `models:\n  writer:\n    model: m\n    ${fields}\n`);
    const result = await runCli(roleplay(config, join(root, "never"), 1), { cwd: root });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")[0]).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
