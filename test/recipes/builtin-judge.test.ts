import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { generate } from "../../src/pipelines/generate.js";
import type { Responder } from "../../src/testing/fake-openai-server.js";
import { recipeResponder } from "../support/recipe-responder.js";
import { roleplayResponder } from "../support/roleplay-responder.js";
import { tempDir } from "../support/tmp.js";
import { toolsResponder } from "../tools/support/tools-responder.js";
import {
  answered,
  closeServersAfterEach,
  fakeServer,
  jsonl,
  modelsConfig,
  russianChat,
} from "./support/fixtures.js";

const dir = tempDir("dialogsmith-builtin-judge-");
closeServersAfterEach();

interface Judged {
  metadata: { judge: { rubric: string; passed: boolean; scores: Record<string, number> } };
}

/** The judge gives 2 on every criterion to about a third of the dialogues (by the transcript's length), 4 to the rest. */
function withJudge(writer: Responder): Responder {
  const judge = recipeResponder({
    score: (_c, body) => (String(body.messages.at(-1)?.content ?? "").length % 3 === 0 ? 2 : 4),
  });
  return (body, ctx) => (body.model === "judge-model" ? judge(body, ctx) : writer(body, ctx));
}

function expectJudged(out: string, rubric: string, count: number, judgeRequests: number): void {
  const records = jsonl<Judged>(join(out, "dataset.jsonl"));
  expect(records).toHaveLength(count);
  for (const r of records) expect(r.metadata.judge).toMatchObject({ rubric, passed: true });
  const rejected = jsonl<{ reason: string; raw: Judged }>(join(out, "rejected.jsonl")).filter(
    (r) => r.reason === "judge_low_score",
  );
  expect(rejected.length).toBeGreaterThan(0);
  for (const r of rejected) expect(r.raw.metadata.judge.passed).toBe(false);
  // One judge call per finished dialogue: the accepted and the judge's rejects.
  expect(judgeRequests).toBe(count + rejected.length);
}

describe("--judge on the built-in recipes", () => {
  test("roleplay (oneshot): dialogues the judge fails are replaced; the rest carry the roleplay rubric's verdict", async () => {
    const server = await fakeServer({ responder: withJudge(roleplayResponder({ messages: 6 })) });
    const config = modelsConfig(dir, server, ["writer", "judge"], "roleplay.yaml");
    appendFileSync(config, "roleplay:\n  model: writer\n");
    const out = join(dir, "roleplay");
    const result = await generate("roleplay", {
      role: "crypto_seller",
      config,
      count: 6,
      minMessages: 6,
      maxMessages: 6,
      examples: 0,
      judge: "judge",
      out,
      quiet: true,
      cacheDir: join(dir, "cache"),
    });
    if (result.kind !== "run") throw new Error("expected a run");
    const judge = answered(server).filter((a) => a.body.model === "judge-model");
    expectJudged(out, "roleplay", 6, judge.length);
    expect(judge.every((a) => a.body.response_format?.json_schema?.name === "judge_roleplay")).toBe(true);
  });

  test("roleplay --strategy simulate: the judge is a journaled step after each dialogue", async () => {
    const server = await fakeServer({ responder: withJudge(russianChat) });
    const config = modelsConfig(dir, server, ["customer", "persona", "judge"], "simulate.yaml");
    const out = join(dir, "simulate");
    const result = await generate("roleplay", {
      role: "crypto_seller",
      strategy: "simulate",
      userModel: "customer",
      assistantModel: "persona",
      minMessages: 6,
      maxMessages: 8,
      examples: 0,
      config,
      count: 4,
      judge: "judge",
      minScore: 3,
      out,
      quiet: true,
      cacheDir: join(dir, "cache"),
    });
    if (result.kind !== "run") throw new Error("expected a run");
    expectJudged(out, "roleplay", 4, answered(server).filter((a) => a.body.model === "judge-model").length);
    const steps = jsonl<{ t: string; s: string; role: string }>(join(out, "steps.jsonl"));
    expect(steps.filter((l) => l.t === "step" && l.s === "judge").every((l) => l.role === "judge")).toBe(
      true,
    );
  });

  test("tools (online): the training set is judged with the tools rubric", async () => {
    const server = await fakeServer({ responder: withJudge(toolsResponder()) });
    const config = modelsConfig(dir, server, ["writer", "judge"], "tools.yaml");
    appendFileSync(config, "tools:\n  model: writer\n");
    const out = join(dir, "tools");
    const result = await generate("tools", {
      domain: "delivery",
      config,
      count: 6,
      judge: "judge",
      out,
      quiet: true,
      cacheDir: join(dir, "cache"),
    });
    if (result.kind !== "run") throw new Error("expected a run");
    expectJudged(out, "tools", 6, answered(server).filter((a) => a.body.model === "judge-model").length);
    // The judge saw the tools.
    const judged = answered(server).find((a) => a.body.model === "judge-model");
    expect(String(judged?.body.messages[1].content)).toContain("Tools the assistant had:");
  });
});
