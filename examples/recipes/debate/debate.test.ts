import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { generate } from "../../../src/pipelines/generate.js";
import { type FakeOpenAIServer, startFakeOpenAIServer } from "../../../src/testing/fake-openai-server.js";
import { runCli } from "../../../test/support/cli.js";
import { tempDir } from "../../../test/support/tmp.js";
import debate from "./recipe.mjs";

// The example recipe end to end: the registry line makes it `dialogsmith generate debate`, with
// flags, --help, the `debate:` section and resume coming from its one definition.
const root = tempDir("dialogsmith-debate-");
const servers: FakeOpenAIServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

type Rec = { id: string; messages: { role: string; content: string }[]; metadata: { motion: string } };
const lines = (path: string): Rec[] =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));

/** Two models: the proposer's entry answers with too many words on its first try at t3. */
async function setup(name: string) {
  let t3 = 0;
  const server = await startFakeOpenAIServer({
    models: "any",
    responder: (body) => {
      const side = body.model;
      const n = body.messages.length - 2;
      if (side === "pro-model" && n === 2 && t3++ === 0) return Array(200).fill("word").join(" ");
      return `${side} turn ${n + 1}: a point of ${body.messages.length} messages.`;
    },
  });
  servers.push(server);
  const dir = join(root, name);
  const config = join(root, `${name}.yaml`);
  writeFileSync(
    config,
    `models:\n  pro: { base_url: ${server.url}, model: pro-model }\n  con: { base_url: ${server.url}, model: con-model }\ndebate:\n  proposer: pro\n  opposer: con\n  turns: 4\n`,
  );
  return { server, dir, config };
}

describe("the example recipe (examples/recipes/debate)", () => {
  test("runs as `generate debate`: exact count, each side on its own model, a rejected step retried", async () => {
    const { server, dir, config } = await setup("cli");
    const cli = await runCli([
      "generate",
      "debate",
      "--config",
      config,
      "--count",
      "3",
      "--out",
      dir,
      "--quiet",
    ]);
    expect(cli.stderr).toBe("");
    expect(cli.code).toBe(0);
    const records = lines(join(dir, "dataset.jsonl"));
    expect(records.map((r) => r.id)).toEqual(["debate-42-000000", "debate-42-000001", "debate-42-000002"]);
    for (const r of records) {
      expect(r.messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
      expect(r.messages[0].content).toMatch(/^pro-model turn 1/);
      expect(r.messages[1].content).toMatch(/^con-model turn 2/);
    }
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
    expect(report.accepted).toBe(3);
    expect(report.steps.content_retries).toBe(1);
    const saved = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
    expect(saved.options).toEqual({ motion: records[0].metadata.motion, turns: 4, max_words: 80 });
    const requests = server.stats.chat.requests;
    // Resuming a finished run asks for nothing more.
    const again = await runCli(["generate", "debate", "--config", config, "--resume", dir, "--quiet"]);
    expect(again.code).toBe(0);
    expect(server.stats.chat.requests).toBe(requests);
  });

  test("bad values name the flag or the config key, exit 2, one line", async () => {
    const { config } = await setup("bad");
    const flag = await runCli(["generate", "debate", "--config", config, "--turns", "99"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr.split("\n")[0]).toContain("--turns");
    writeFileSync(config, `${readFileSync(config, "utf8")}  rounds: 3\n`);
    const key = await runCli(["generate", "debate", "--config", config]);
    expect(key.code).toBe(2);
    expect(key.stderr).toContain("debate: unknown key(s) 'rounds'");
  });

  test("runs from the library with typed options", async () => {
    const { dir, config } = await setup("lib");
    const result = await generate(debate, {
      config,
      count: 2,
      out: dir,
      options: { turns: 2, motion: "Homework should be abolished" },
    });
    if (result.kind !== "run") throw new Error("expected a run");
    expect(result.report.accepted).toBe(2);
    const records = lines(join(dir, "dataset.jsonl"));
    expect(
      records.every((r) => r.messages.length === 2 && r.metadata.motion === "Homework should be abolished"),
    ).toBe(true);
  });
});
