import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { limitWindow, SharedRequestLimiter } from "../../src/distributed/shared-limiter.js";
import type { FakeOpenAIServer } from "../../src/testing/fake-openai-server.js";
import { roleplayResponder } from "../../src/testing/roleplay-responder.js";
import { closedPort, runCli, spawnCli } from "../support/cli.js";
import { distributedSuite } from "../support/distributed-suite.js";
import { roleplayArgs } from "../support/roleplay-args.js";
import { startWorker, type WorkerProcess, workerConfig } from "../support/workers.js";

/**
 * A distributed run as a user meets it: workers with or without their own model entries, API
 * keys only from each worker's environment, the response cache on the coordinator, shared RPM
 * and TPM limits, the budget, `queue status`, and one-line errors for a wrong --queue.
 */
const CANARY = "sk-canary-distributed-5e1f0a9b";
const suite = distributedSuite("dialogsmith-distributed-queue-", { responder: roleplayResponder() });
const { root, server, nextQueue } = suite;
const small = ["--min-messages", "6", "--max-messages", "10", "--quiet"];
const cacheEnv = (name: string) => ({ XDG_CACHE_HOME: join(root, `${name}-cache`) });
const report = (dir: string) => JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));

/** Every file under a directory, as text. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => readFileSync(f, "latin1"));
}

describe("distributed runs", { timeout: 120_000 }, () => {
  it("a worker without its own entry runs the coordinator's, with the API key of its own environment only", async () => {
    delete process.env.DS_TEST_KEY;
    const s = await server({ apiKey: CANARY });
    const queue = nextQueue();
    const worker = await startWorker(queue, { name: "keyed", env: { DS_TEST_KEY: CANARY } });
    const out = join(root, "keys");
    try {
      const r = await runCli(
        [
          ...roleplayArgs(s.url, out, ["--count", "3", "--api-key-env", "DS_TEST_KEY", "--queue", queue]),
          ...small,
        ],
        { cwd: root, env: cacheEnv("keys") },
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toContain(CANARY);
    } finally {
      await worker.stop();
    }
    expect(s.requests.every((q) => q.authorization === `Bearer ${CANARY}`)).toBe(true);
    expect(report(out).requests.total).toBe(s.stats.byRoute["POST /v1/chat/completions"]);
    // Neither Redis (its append-only file holds every write) nor the run or its cache holds the key.
    for (const text of [
      ...filesUnder(suite.redis.dir),
      ...filesUnder(out),
      ...filesUnder(join(root, "keys-cache")),
    ])
      expect(text.includes(CANARY)).toBe(false);
    expect(filesUnder(suite.redis.dir).some((t) => t.includes("DS_TEST_KEY"))).toBe(true);
  });

  it("cache hits stay on the coordinator: a re-run needs no worker; queue status counts per model and worker", async () => {
    const queue = nextQueue();
    const workers: WorkerProcess[] = [];
    for (const name of ["a", "b"]) {
      const own = await server({ latencyMs: 20 });
      const config = workerConfig(root, `status-${name}`, {
        default: { url: own.url, model: "m", extra: "concurrency: 2" },
      });
      workers.push(await startWorker(queue, { name, config }));
    }
    const coordinator = await server();
    const first = join(root, "status-first");
    const args = (out: string) => [
      ...roleplayArgs(coordinator.url, out, ["--count", "8", "--queue", queue]),
      ...small,
    ];
    const r1 = await runCli(args(first), { cwd: root, env: cacheEnv("status") });
    expect(r1.code, r1.stderr).toBe(0);
    await Promise.all(workers.map((w) => w.stop()));

    const status = await runCli(["queue", "status", queue, "--json"], { cwd: root });
    expect(status.code, status.stderr).toBe(0);
    const s = JSON.parse(status.stdout);
    const sent = report(first).requests.total;
    expect(s.models).toEqual([{ model: "default", queued: 0, active: 0, done: sent, failed: 0 }]);
    expect(s.workers.map((w: { worker: string }) => w.worker)).toEqual(["a", "b"]);
    expect(s.workers.reduce((n: number, w: { done: number }) => n + w.done, 0)).toBe(sent);
    const table = await runCli(["queue", "status", queue], { cwd: root });
    expect(table.stdout).toMatch(/default\s+0\s+0\s+\d+\s+0/);

    // No worker is running now: a step that reached the queue would never finish.
    const second = join(root, "status-second");
    const r2 = await runCli(args(second), { cwd: root, env: cacheEnv("status") });
    expect(r2.code, r2.stderr).toBe(0);
    expect(report(second).requests).toMatchObject({ total: 0, cached: sent });
    expect(
      readFileSync(join(second, "dataset.jsonl")).equals(readFileSync(join(first, "dataset.jsonl"))),
    ).toBe(true);
    // Keyed as a local run keys them: the same run without --queue finds every answer too.
    const local = join(root, "status-local");
    const r3 = await runCli([...roleplayArgs(coordinator.url, local, ["--count", "8"]), ...small], {
      cwd: root,
      env: cacheEnv("status"),
    });
    expect(r3.code, r3.stderr).toBe(0);
    expect(report(local).requests).toMatchObject({ total: 0, cached: sent });
    expect(coordinator.stats.total).toBe(0);
  });

  it("a worker's replicas and fallback entry are counted in the coordinator's report.json", async () => {
    const [r1, r2, spare] = [await server(), await server(), await server()];
    const coordinator = await server();
    const runWith = async (label: string, entry: string) => {
      const config = join(root, `${label}-worker.yaml`);
      writeFileSync(
        config,
        `models:\n  default:\n    model: m\n    ${entry}\n  spare: { base_url: ${spare.url}, model: m }\n`,
      );
      const queue = nextQueue();
      const worker = await startWorker(queue, { name: label, config });
      const out = join(root, label);
      try {
        const r = await runCli(
          [...roleplayArgs(coordinator.url, out, ["--count", "8", "--queue", queue]), ...small],
          {
            cwd: root,
            env: cacheEnv(label),
          },
        );
        expect(r.code, r.stderr).toBe(0);
      } finally {
        await worker.stop();
      }
      return report(out);
    };
    const replicas = await runWith("replicas", `base_url: [${r1.url}, ${r2.url}]`);
    const perEndpoint = replicas.models.default.endpoints as Record<string, number>;
    expect(Object.keys(perEndpoint).sort()).toEqual([r1.url, r2.url].sort());
    expect(perEndpoint[r1.url] + perEndpoint[r2.url]).toBe(8);
    expect(Math.min(perEndpoint[r1.url], perEndpoint[r2.url])).toBeGreaterThan(0);
    const fallback = await runWith(
      "fallback",
      `base_url: http://127.0.0.1:${await closedPort()}/v1\n    fallback: [spare]`,
    );
    expect(fallback).toMatchObject({ accepted: 8, failed: 0 });
    expect(fallback.models.default.fallback).toEqual({ spare: 8 });
    expect(fallback.models.spare.requests).toBe(8);
    expect(fallback.models.spare.completion_tokens).toBeGreaterThan(0);
    expect(coordinator.stats.total).toBe(0);
  });

  it("--max-cost holds for the whole run, priced by the coordinator's entry", async () => {
    const queue = nextQueue();
    const own = await server({ latencyMs: 5 });
    // The workers' entry has no price: the coordinator counts the cost from the answers' usage.
    const config = workerConfig(root, "budget-worker", { writer: { url: own.url, model: "m" } });
    const workers = [
      await startWorker(queue, { name: "b1", config }),
      await startWorker(queue, { name: "b2", config }),
    ];
    const cfg = join(root, "priced.yaml");
    writeFileSync(
      cfg,
      `models:\n  writer: { base_url: http://127.0.0.1:9/v1, model: m, concurrency: 2, price: { input_per_mtok: 500, output_per_mtok: 500 } }\nroleplay: { model: writer, role: crypto_seller }\n`,
    );
    const out = join(root, "budget");
    try {
      const r = await runCli(
        [
          "generate",
          "roleplay",
          "--config",
          cfg,
          "--count",
          "50",
          "--max-cost",
          "5",
          "--out",
          out,
          "--queue",
          queue,
          ...small,
        ],
        { cwd: root, env: cacheEnv("budget") },
      );
      expect(r.code, r.stderr).toBe(1);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    const rep = report(out);
    expect(rep.stopped).toBe("budget");
    expect(rep.cost_usd).toBeGreaterThan(0);
    // The engine's projection (spent + items in flight x the cost of an item so far, an a-priori
    // 1,000 + 1,000 tokens before the first one is paid for), so within an item of the budget.
    expect(rep.cost_usd).toBeLessThanOrEqual(5 * 1.1);
    expect(rep.accepted).toBeLessThan(50);
    expect(rep.requests.total).toBe(own.stats.byRoute["POST /v1/chat/completions"]);
  });

  it("Ctrl-C on the coordinator takes its waiting steps off the queue", async () => {
    const queue = nextQueue();
    const out = join(root, "interrupted");
    // No worker: every step waits in the queue.
    const child = spawnCli(
      [...roleplayArgs("http://127.0.0.1:9/v1", out, ["--count", "20", "--queue", queue]), ...small],
      {
        cwd: root,
        env: cacheEnv("interrupted"),
      },
    );
    let stderr = "";
    child.stderr?.on("data", (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const redis = new Redis(queue);
    try {
      const waiting = () => redis.llen("dialogsmith:default:wait");
      for (let i = 0; (await waiting()) === 0; i++) {
        if (i > 600) throw new Error(`no step queued:\n${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      child.kill("SIGINT");
      expect(await exited, stderr).toBe(1);
      expect(stderr).toMatch(/stopped short: interrupted/);
      expect(await waiting()).toBe(0);
    } finally {
      redis.disconnect();
    }
  });

  it("a model's rpm holds across all workers together", async () => {
    const queue = nextQueue();
    const workers: WorkerProcess[] = [];
    const own: FakeOpenAIServer[] = [];
    for (const name of ["r1", "r2"]) {
      const s = await server();
      own.push(s);
      // The workers' entries set no rpm: the coordinator's (--rpm) applies, counted in Redis.
      const config = workerConfig(root, `rpm-${name}`, { default: { url: s.url, model: "m" } });
      workers.push(await startWorker(queue, { name, config }));
    }
    const out = join(root, "rpm");
    try {
      const r = await runCli(
        [
          ...roleplayArgs("http://127.0.0.1:9/v1", out, ["--count", "50", "--rpm", "600", "--queue", queue]),
          ...small,
        ],
        { cwd: root, env: cacheEnv("rpm") },
      );
      expect(r.code, r.stderr).toBe(0);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    const times = own.flatMap((s) => s.requests.map((q) => q.at)).sort((a, b) => a - b);
    expect(times.length).toBe(report(out).requests.total);
    expect(own.every((s) => s.requests.length > 0)).toBe(true);
    // 600 a minute: windows of 19 per 2 s, so at most 2 x 19 in any 2 s and 600 in any minute
    // (each worker alone would allow 600, the two together twice that).
    const { points, seconds } = limitWindow(600);
    expect({ points, seconds }).toEqual({ points: 19, seconds: 2 });
    expect(maxInWindow(times, seconds * 1000)).toBeLessThanOrEqual(2 * points);
  });

  it("wrong --queue: one line, exit 2; nothing listening: one line, exit 3; a password never shown", async () => {
    const s = await server();
    const bad = await runCli([
      ...roleplayArgs(s.url, join(root, "bad"), ["--count", "1", "--queue", "http://x:1/0"]),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toEqual([
      "dialogsmith: error: --queue: 'http:' is not redis:: expected redis://HOST:PORT/DB, e.g. redis://127.0.0.1:6379/0 (got 'http://x:1/0')",
    ]);
    const port = await closedPort();
    const url = `redis://:pw-canary-1234@127.0.0.1:${port}/0`;
    for (const args of [
      roleplayArgs(s.url, join(root, "down"), ["--count", "1", "--queue", url]),
      ["worker", "--queue", url],
      ["queue", "status", url],
    ]) {
      const r = await runCli(args);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(
        /^dialogsmith: error: cannot use Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/0 \(.*\): is redis-server running there\?/,
      );
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).not.toContain("pw-canary-1234");
    }
    expect(s.stats.total).toBe(0);
  });
});

describe("the shared limiter", () => {
  it("windows keep any 60 s span under the limit", () => {
    for (const perMinute of [2, 3, 10, 30, 60, 61, 100, 120, 600, 1000, 5000, 200_000]) {
      const { points, seconds } = limitWindow(perMinute);
      expect(60 % seconds).toBe(0);
      expect(points).toBeGreaterThanOrEqual(1);
      // At most 60/seconds + 1 windows meet a 60 s span.
      expect((60 / seconds + 1) * points).toBeLessThanOrEqual(perMinute);
    }
    expect(limitWindow(600)).toEqual({ points: 19, seconds: 2 });
  });

  it("tokens per minute: two workers' limiters share one window in Redis", async () => {
    const a = new Redis(suite.redis.url);
    const b = new Redis(suite.redis.url);
    try {
      // 61,000 a minute: 1,000 tokens a 1 s window, whoever asks.
      const limiters = [a, b].map(
        (r) => new SharedRequestLimiter(r, `tpm-test-${Date.now()}`, { tpm: 61_000 }),
      );
      const granted: number[] = [];
      await Promise.all(
        Array.from({ length: 8 }, async (_, i) => {
          const settle = await limiters[i % 2].acquire(500);
          granted.push(Date.now());
          settle(500);
        }),
      );
      granted.sort((x, y) => x - y);
      // Two 500-token requests fit a window; any 1 s span meets at most two windows.
      expect(maxInWindow(granted, 1000)).toBeLessThanOrEqual(4);
      expect(maxInWindow(granted, 999)).toBeGreaterThanOrEqual(2);
    } finally {
      a.disconnect();
      b.disconnect();
    }
  });
});

/** Most timestamps within any span of `ms`. */
function maxInWindow(times: number[], ms: number): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end] - times[start] >= ms) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}
