import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { MatchInput } from "../../src/testing/fake-openai-server.js";
import { runCli, spawnCli } from "../support/cli.js";
import { recipeResponder } from "../support/recipe-responder.js";
import { tempDir } from "../support/tmp.js";
import {
  answered,
  type ChatBody,
  closeServersAfterEach,
  EXAMPLES,
  fakeServer,
  jsonl,
  modelsConfig,
} from "./support/fixtures.js";

const dir = tempDir("dialogsmith-recipe-kill-");
closeServersAfterEach();

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The first student message of one dialogue (the first to start): its tutor's third reply will hang. */
const marked = new Set<string>();

function isHungReply(body: ChatBody): boolean {
  return (
    body.model === "tutor-model" &&
    body.messages.length === 6 &&
    marked.has(String(body.messages[1]?.content))
  );
}

describe("a YAML recipe killed with kill -9", () => {
  test("resumes each dialogue at its first missing step and pays for nothing twice", async () => {
    const responder = recipeResponder({
      text: (body, ctx) => {
        const text = `Message ${ctx.rng.int(0, 1e9)} about this step.`;
        if (body.model === "student-model" && body.messages.length === 2 && marked.size === 0)
          marked.add(text);
        return text;
      },
    });
    const server = await fakeServer({
      latencyMs: 5,
      responder,
      script: [{ match: (req: MatchInput) => isHungReply(req.body as ChatBody), faults: ["hang"] }],
    });
    const config = modelsConfig(dir, server, ["student", "tutor"]);
    const out = join(dir, "run");
    const args = [
      "generate",
      "--recipe",
      join(EXAMPLES, "tutoring.yaml"),
      "--config",
      config,
      "--count",
      "12",
      "--seed",
      "7",
      "--out",
      out,
      "--cache-dir",
      join(dir, "cache"),
      "--quiet",
    ];
    const child = spawnCli(args, { cwd: dir });
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    const steps = () => jsonl(join(out, "steps.jsonl")).filter((l) => l.t === "step").length;
    // The hung reply is in flight and everything else that can run has: the step count is still.
    await until(() => server.stats.inFlight === 1 && marked.size > 0, "the hung reply");
    // Every answer is journaled and nothing new is asked for a while: the other dialogues are done.
    let last = -1;
    let still = 0;
    await until(() => {
      const now = steps();
      still = now === last && now === answered(server).length && server.stats.inFlight === 1 ? still + 1 : 0;
      last = now;
      return still >= 25;
    }, "the other dialogues");
    child.kill("SIGKILL");
    expect(await exited).toBeNull();

    const firstRun = answered(server);
    const journal = jsonl<{ t: string; c: number; s: string }>(join(out, "steps.jsonl"));
    expect(firstRun.length).toBe(journal.filter((l) => l.t === "step").length);
    expect(journal.filter((l) => l.t === "commit").length).toBeLessThan(12);

    // Resume without the response cache: only the journal keeps steps from being asked again.
    server.setBehaviour({ script: [] });
    const resumed = await runCli(["generate", "--resume", out, "--no-cache", "--quiet"], { cwd: dir });
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);

    const all = answered(server);
    const keys = all.map((a) => a.key);
    expect(new Set(keys).size).toBe(keys.length);
    // The hung reply was asked for again (it was never answered), the steps before it were not.
    const second = all.slice(firstRun.length);
    expect(second.filter((a) => isHungReply(a.body))).toHaveLength(1);
    expect(firstRun.filter((a) => isHungReply(a.body))).toHaveLength(0);

    const records = jsonl<{ id: string; messages: unknown[] }>(join(out, "dataset.jsonl"));
    expect(records).toHaveLength(12);
    expect(new Set(records.map((r) => r.id)).size).toBe(12);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.stopped).toBe("done");
    // Every answer counted once across the crash: tokens exactly as the server billed them.
    expect(report.usage.prompt_tokens).toBe(all.reduce((n, a) => n + a.usage.prompt_tokens, 0));
    expect(report.usage.completion_tokens).toBe(all.reduce((n, a) => n + a.usage.completion_tokens, 0));
    expect(report.steps.replayed).toBeGreaterThan(0);
  });
});
