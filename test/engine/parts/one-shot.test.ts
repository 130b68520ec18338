import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { NamedModelConfig } from "../../../src/config/model-config.js";
import { InputError } from "../../../src/core/errors.js";
import { runConversationRun, withOpenRun } from "../../../src/engine/run-conversations.js";
import { oneShotProgram, oneShotRun } from "../../../src/recipes/one-shot.js";
import type { Recipe } from "../../../src/recipes/recipe.js";
import { type FakeOpenAIServer, startFakeOpenAIServer } from "../../../src/testing/fake-openai-server.js";
import { tempDir } from "../../support/tmp.js";

/**
 * A one-shot recipe on the step-journaled runner, in process, against the fake server over HTTP:
 * item i asks "item i"; the answer is kept unless it says "bad". Item 1 is always bad, item 2 bad
 * on its first sample only (the server's second answer to the same body differs).
 */
const recipe: Recipe = {
  name: "echo",
  modelRoles: ["writer"],
  item: (ctx) => ({
    role: "writer",
    request: { messages: [{ role: "user", content: `item ${ctx.index}` }] },
    parse: (result) =>
      result.content?.includes("bad")
        ? {
            kind: "rejected",
            reason: "said_bad",
            detail: `item ${ctx.index} said bad`,
            raw: result.content,
            retryable: true,
          }
        : { kind: "accepted", record: { id: ctx.id, text: result.content, index: ctx.index } },
  }),
};

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer({
    models: "any",
    latencyMs: 1,
    responder: (_body, ctx) => {
      const index = Number(/item (\d+)/.exec(ctx.lastUserMessage)?.[1]);
      if (index === 1 || (index === 2 && ctx.attempt === 0)) return "bad answer";
      return `answer to ${index}`;
    },
  });
});
afterAll(() => server.close());

function models(): Record<string, NamedModelConfig> {
  return {
    writer: {
      name: "default",
      base_url: server.url,
      model: "m",
      api_key_env: "ONE_SHOT_KEY",
      timeout_s: 5,
      concurrency: 2,
      structured_output: "none",
    } as NamedModelConfig,
  };
}

function run(dir: string, count: number, cacheDir: string) {
  const m = models();
  return withOpenRun(dir, { recipe: "echo", seed: 3, count, options: {}, models: m }, (paths) =>
    runConversationRun({
      ...oneShotRun(oneShotProgram(recipe), count),
      paths,
      models: m,
      seed: 3,
      cacheDir,
      env: { ONE_SHOT_KEY: "sk-test" },
    }),
  );
}

const lines = (path: string) =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe("one-shot recipe as a one-step program", () => {
  test("a content failure gets a second sample, then the item is rejected and the next index runs", async () => {
    const dir = tempDir("dialogsmith-oneshot-");
    const out = await run(join(dir, "run"), 4, join(dir, "cache"));
    expect(out.report).toMatchObject({ accepted: 4, rejected: 1, failed: 0, attempts: 5, stopped: "done" });
    expect(out.report.rejection_reasons).toEqual({ said_bad: 1 });
    const records = lines(out.paths.dataset);
    expect(records.map((r) => r.id)).toEqual([
      "echo-3-000000",
      "echo-3-000002",
      "echo-3-000003",
      "echo-3-000004",
    ]);
    expect(records[1].text).toBe("answer to 2"); // its second sample passed
    expect(lines(out.paths.rejected)).toEqual([
      {
        index: 1,
        id: "echo-3-000001",
        kind: "rejected",
        reason: "said_bad",
        detail: "item 1 said bad",
        raw: "bad answer",
      },
    ]);
    // Two samples for items 1 and 2, one for each other item.
    expect(out.report.requests.total).toBe(7);
    const journal = lines(join(out.paths.dir, "steps.jsonl"));
    expect(journal.filter((l) => l.t === "reject").map((l) => l.c)).toEqual(
      expect.arrayContaining([1, 1, 2]),
    );
  });

  test("re-run: zero requests, the same bytes; a lost end of dataset.jsonl is made again from the journal", async () => {
    const dir = tempDir("dialogsmith-oneshot-again-");
    const runDir = join(dir, "run");
    const first = await run(runDir, 4, join(dir, "cache"));
    const bytes = readFileSync(first.paths.dataset);
    const before = server.stats.chat.completed;
    const again = await run(runDir, 4, join(dir, "no-cache-at-all"));
    expect(server.stats.chat.completed).toBe(before);
    expect(readFileSync(again.paths.dataset).equals(bytes)).toBe(true);

    // The last two records lost (a restored backup, a truncated copy): made again, no request.
    const kept = bytes.toString("utf8").split("\n").slice(0, 2).join("\n");
    writeFileSync(first.paths.dataset, `${kept}\n`);
    const remade = await run(runDir, 4, join(dir, "still-no-cache"));
    expect(server.stats.chat.completed).toBe(before);
    expect(readFileSync(remade.paths.dataset).equals(bytes)).toBe(true);
    expect(remade.report).toMatchObject({ accepted: 4, stopped: "done" });
  });

  test("a run directory of the 0.1.x one-shot engine (records, no steps.jsonl) is refused and left as it was", async () => {
    const dir = join(tempDir("dialogsmith-oneshot-old-"), "run");
    const first = await run(dir, 2, join(dir, "..", "cache"));
    const journal = join(dir, "steps.jsonl");
    // What the old engine left: dataset.jsonl, rejected.jsonl, state.json, no journal, and the
    // version that wrote it in config.json.
    rmSync(journal);
    const config = JSON.parse(readFileSync(first.paths.config, "utf8"));
    writeFileSync(first.paths.config, JSON.stringify({ ...config, dialogsmith_version: "0.1.0" }));
    const bytes = readFileSync(first.paths.dataset);
    const error = await run(dir, 3, join(dir, "..", "cache")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(
      /^\S+ was written by dialogsmith 0\.1\.0, whose records have another shape than this version's: finish it with dialogsmith 0\.1\.0, or start the run again with another --out$/,
    );
    expect(readFileSync(first.paths.dataset).equals(bytes)).toBe(true);
    expect(existsSync(journal)).toBe(false);
  });

  test("a run directory started by 0.2.x (records of the old shape) is refused before anything is cut or written", async () => {
    const dir = join(tempDir("dialogsmith-oneshot-v02-"), "run");
    const first = await run(dir, 2, join(dir, "..", "cache"));
    const config = JSON.parse(readFileSync(first.paths.config, "utf8"));
    writeFileSync(first.paths.config, JSON.stringify({ ...config, dialogsmith_version: "0.2.0" }));
    const journal = join(dir, "steps.jsonl");
    // A torn last line, which a resume of this version would cut off: it must stay.
    appendFileSync(first.paths.dataset, '{"id":"torn');
    const [bytes, steps] = [readFileSync(first.paths.dataset), readFileSync(journal)];
    const error = await run(dir, 3, join(dir, "..", "cache")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(
      /^\S+ was written by dialogsmith 0\.2\.0, whose records have another shape than this version's: finish it with dialogsmith 0\.2\.0, or start the run again with another --out$/,
    );
    expect(readFileSync(first.paths.dataset).equals(bytes)).toBe(true);
    expect(readFileSync(journal).equals(steps)).toBe(true);

    // The same directory saying it was started by 0.3.0 resumes (the guard looks at the version).
    writeFileSync(first.paths.config, JSON.stringify({ ...config, dialogsmith_version: "0.3.0" }));
    const resumed = await run(dir, 3, join(dir, "..", "cache"));
    expect(resumed.report).toMatchObject({ accepted: 3, stopped: "done" });
  });
});
