import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { NamedModelConfig } from "../../../src/config/model-config.js";
import { runConversationRun, withOpenRun } from "../../../src/engine/run-conversations.js";
import { oneShotProgram, oneShotRun } from "../../../src/recipes/one-shot.js";
import type { Recipe } from "../../../src/recipes/recipe.js";
import { type FakeOpenAIServer, startFakeOpenAIServer } from "../../../src/testing/fake-openai-server.js";
import { tempDir } from "../../support/tmp.js";

/**
 * The model's slot must not idle while an answer is checked and committed: when an answer
 * arrives, the conversation that takes its place sends its request before that answer is parsed.
 * Asserted on the order of events (request_sent from the request ledger, parse and in-order check
 * from the recipe), never on time. One slot (concurrency 1, so a window of 1) makes the order
 * strict: before, each request left only after the previous record was committed.
 */
let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer({
    models: "any",
    latencyMs: 1,
    responder: (_body, ctx) => (ctx.lastUserMessage.includes("item 2") && ctx.attempt === 0 ? "bad" : "ok"),
  });
});
afterAll(() => server.close());

function runWith(dir: string, count: number, log: string[]) {
  const recipe: Recipe = {
    name: "order",
    modelRoles: ["writer"],
    item: (ctx) => ({
      role: "writer",
      request: { messages: [{ role: "user", content: `item ${ctx.index}` }] },
      parse: (result) => {
        log.push(`parsed ${ctx.index}`);
        return result.content === "bad"
          ? { kind: "rejected", reason: "bad", detail: "bad", raw: result.content, retryable: true }
          : { kind: "accepted", record: { id: ctx.id, text: result.content } };
      },
    }),
  };
  const program = oneShotProgram(recipe);
  const checkInOrder = program.checkInOrder?.bind(program);
  const traced: typeof program = Object.assign(Object.create(program), {
    checkInOrder: (outcome: Parameters<NonNullable<typeof checkInOrder>>[0], index: number, id: string) => {
      log.push(`committed ${index}`);
      return checkInOrder ? checkInOrder(outcome, index, id) : outcome;
    },
  });
  const models: Record<string, NamedModelConfig> = {
    writer: {
      name: "default",
      base_url: server.url,
      model: "m",
      timeout_s: 10,
      concurrency: 1,
      structured_output: "none",
    } as NamedModelConfig,
  };
  const indexOf = (item: string | undefined) => Number(item?.split("-").at(-1));
  return withOpenRun(dir, { recipe: "order", seed: 1, count, options: {}, models }, (paths) =>
    runConversationRun({
      ...oneShotRun(traced, count),
      paths,
      models,
      seed: 1,
      cacheDir: join(dir, "..", "cache"),
      onModelEvent: (e) => {
        if (e.type === "request_sent") log.push(`sent ${indexOf(e.item)}`);
      },
    }),
  );
}

describe("the next request leaves before the previous answer is processed", () => {
  test("with one model slot, request i+1 is sent before answer i is parsed or committed; output and limits unchanged", async () => {
    const dir = tempDir("dialogsmith-next-first-");
    const log: string[] = [];
    const out = await runWith(join(dir, "run"), 5, log);
    expect(out.report).toMatchObject({ accepted: 5, rejected: 0, stopped: "done" });
    /** Where the n-th (from 1) `event` is in the log. */
    const at = (event: string, n = 1) => {
      const found = log.flatMap((e, k) => (e === event ? [k] : []));
      expect(found.length, `${event} x${n} in ${log.join(", ")}`).toBeGreaterThanOrEqual(n);
      return found[n - 1];
    };
    // Item 0's connection is still its answer's when item 1 starts, so item 1 opens a second
    // one (a connect takes more than a turn of the loop); from then on the order is strict.
    expect(at("sent 2")).toBeLessThan(at("parsed 1"));
    expect(at("sent 3")).toBeLessThan(at("parsed 2"));
    expect(at("sent 2")).toBeLessThan(at("committed 1"));
    // Item 2's first answer was rejected, so it asks again and holds the window's one place:
    // the slot item 3's answer frees goes to that second sample before item 3 is parsed, and
    // item 4 starts when that sample's answer arrives, before it is parsed.
    expect(at("parsed 2")).toBeLessThan(at("sent 2", 2));
    expect(at("sent 2", 2)).toBeLessThan(at("parsed 3"));
    expect(at("sent 4")).toBeLessThan(at("parsed 2", 2));
    expect(at("sent 4")).toBeLessThan(at("committed 2"));
    expect(log.filter((e) => e.startsWith("sent"))).toHaveLength(6);
    // Never more than the model's one slot in flight, and the records in index order.
    expect(out.models.default.concurrency.peakInFlight).toBe(1);
    const ids = readFileSync(out.paths.dataset, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).id);
    expect(ids).toEqual([0, 1, 2, 3, 4].map((i) => `order-1-00000${i}`));
    // No conversation past the target was started: 5 items, 6 requests (one content retry).
    expect(out.report.requests.total).toBe(6);
  });
});
