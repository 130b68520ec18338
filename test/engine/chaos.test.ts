import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import { type FakeOpenAIServer, startFakeOpenAIServer } from "../../src/testing/fake-openai-server.js";
import { runCli, spawnCli } from "../support/cli.js";
import { roleplayArgs } from "../support/roleplay-args.js";
import { roleplayResponder } from "../support/roleplay-responder.js";
import { tempDir } from "../support/tmp.js";

const KILLS = 20;
const COUNT = 150;
// A failing run prints its seed; CHAOS_SEED=<seed> replays the same kill moments.
const SEED = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000_000);

/**
 * The engine's promise under the worst a machine can do: a run killed with SIGKILL at 20 random
 * moments, against a server that fails a quarter of its answers, still ends with exactly the
 * requested records, no duplicate, no broken line, and report.json counting every request the
 * server received.
 */
describe("chaos: SIGKILL at random moments, faults on", () => {
  const dir = tempDir("dialogsmith-chaos-");
  let server: FakeOpenAIServer;
  beforeAll(async () => {
    server = await startFakeOpenAIServer({
      responder: roleplayResponder(),
      models: ["m"],
      latencyMs: 20,
      jitterMs: 10,
      logLimit: 100_000,
      failRate: 0.25,
      // Retry-After on the 429s and 503s keeps the waits short.
      failWith: ["429:0.02", "503:0.02", "drop", "drop-after", "truncated-json", "malformed-json"],
    });
  });
  afterAll(() => server.close());

  it(`ends exact after ${KILLS} kills (seed ${SEED})`, async () => {
    const rng = new Rng(SEED);
    const out = join(dir, "run");
    const args = roleplayArgs(server.url, out, [
      "--cache-dir",
      join(dir, "cache"),
      "--count",
      String(COUNT),
      "--concurrency",
      "4",
      "--quiet",
    ]);
    let kills = 0;
    while (kills < KILLS) {
      const before = server.stats.chat.requests;
      const child = spawnCli(args);
      let exited = false;
      const closed = new Promise<void>((resolve) =>
        child.on("close", () => {
          exited = true;
          resolve();
        }),
      );
      // A random moment once this process is at work (its first request has arrived).
      while (!exited && server.stats.chat.requests === before) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, rng.int(0, 250)));
      if (exited) break; // finished before its kill: nothing more to kill
      child.kill("SIGKILL");
      await closed;
      kills++;
    }
    expect(kills, `seed ${SEED}: the run finished before ${KILLS} kills; raise COUNT`).toBe(KILLS);

    const res = await runCli(args);
    expect(res.code, `seed ${SEED}: ${res.stderr}`).toBe(0);
    const text = readFileSync(join(out, "dataset.jsonl"), "utf8");
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.split("\n").filter(Boolean);
    const ids = lines.map((l) => (JSON.parse(l) as { id: string }).id); // throws on an invalid line
    expect(ids).toHaveLength(COUNT);
    expect(new Set(ids).size).toBe(COUNT);
    for (const l of readFileSync(join(out, "rejected.jsonl"), "utf8").split("\n").filter(Boolean))
      JSON.parse(l);

    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.accepted).toBe(COUNT);
    // Every request the server received is counted, and nothing else, except: a request is
    // recorded as sent just before its bytes are written, so a kill in the few microseconds
    // between (stretched when the OS pauses the process right there) counts one the server never
    // saw. It can only be one of those counted "unanswered".
    const { total, by_status } = report.requests as { total: number; by_status: Record<string, number> };
    const received = server.stats.chat.requests;
    expect(total, `seed ${SEED}`).toBeGreaterThanOrEqual(received);
    expect(total - received, `seed ${SEED}`).toBeLessThanOrEqual(Math.min(KILLS, by_status.unanswered ?? 0));
    expect(Object.values(by_status).reduce((a, b) => a + b, 0)).toBe(total);

    // An answer that reached the client is on disk (the cache) before it is used, so no kill makes
    // the run buy it again: every item was answered once (this run has no content rejections).
    const answers = new Map<string, number>();
    for (const l of readFileSync(join(out, "events.jsonl"), "utf8").split("\n").filter(Boolean)) {
      const e = JSON.parse(l) as { type: string; status?: string; item?: string };
      if (e.type === "request" && e.status === "200" && e.item)
        answers.set(e.item, (answers.get(e.item) ?? 0) + 1);
    }
    expect(report.rejection_reasons).toEqual({});
    const boughtTwice = [...answers].filter(([, n]) => n > 1).map(([item]) => item);
    expect(boughtTwice, `seed ${SEED}`).toEqual([]);
    // Most of the time goes to starting 21 processes: generous for a busy machine.
  }, 240_000);
});
