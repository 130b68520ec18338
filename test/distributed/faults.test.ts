import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { FakeOpenAIServer } from "../../src/testing/fake-openai-server.js";
import { roundsResponder, seedRows, writeJsonl } from "../rounds/support/rounds-fixtures.js";
import { type CliResult, runCli, spawnCli } from "../support/cli.js";
import { distributedSuite } from "../support/distributed-suite.js";
import { startWorker, type WorkerProcess, workerConfig } from "../support/workers.js";

/**
 * The faults of a distributed run: a worker killed mid-step (its steps are redelivered and paid
 * at most once more), the coordinator killed (a --resume joins the jobs it left: nothing the
 * journal holds is asked for again, nothing is paid twice), Redis restarted (everyone reconnects).
 * Each run is `generate rounds` (a step journal) compared with the same run in one process.
 */
const suite = distributedSuite("dialogsmith-distributed-faults-", { responder: roundsResponder() });
const { root, nextQueue } = suite;
const input = writeJsonl(root, "seed-rows.jsonl", seedRows(12));
let oneProcess: { dataset: Buffer; requests: number };

const CHAT = "POST /v1/chat/completions";

const server = (latencyMs: number) => suite.server({ latencyMs });

const roundsArgs = (url: string, out: string) => [
  ...["generate", "rounds", "--input", input, "--rounds", "3", "--seed", "3", "--concurrency", "4"],
  ...["--base-url", url, "--model", "m", "--out", out, "--quiet"],
];

const env = (name: string) => ({ XDG_CACHE_HOME: join(root, `${name}-cache`) });

/** Workers with their own servers; each worker's config points entry `default` at its server. */
async function workersWithServers(
  queue: string,
  names: string[],
  latencyMs: number,
  lockMs?: number,
): Promise<{ workers: WorkerProcess[]; servers: FakeOpenAIServer[] }> {
  const out = { workers: [] as WorkerProcess[], servers: [] as FakeOpenAIServer[] };
  for (const name of names) {
    const s = await server(latencyMs);
    const config = workerConfig(root, `${name}-${queue.split("/").pop()}`, {
      default: { url: s.url, model: "m", extra: "concurrency: 4" },
    });
    out.servers.push(s);
    out.workers.push(await startWorker(queue, { name, config, lockMs }));
  }
  return out;
}

function journal(dir: string): { t: string; c: number; s: string }[] {
  return readFileSync(join(dir, "steps.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/** Answers the journal holds (each was paid for once): accepted and content-rejected samples. */
function journaledAnswers(dir: string): number {
  const lines = journal(dir).filter((l) => l.t === "step" || l.t === "reject");
  const keys = lines.filter((l) => l.t === "step").map((l) => `${l.c}/${l.s}`);
  expect(new Set(keys).size, "a step journaled twice").toBe(keys.length);
  return lines.length;
}

const chats = (list: FakeOpenAIServer[]) => list.reduce((n, s) => n + (s.stats.byRoute[CHAT] ?? 0), 0);

function expectSameData(dir: string) {
  const dataset = readFileSync(join(dir, "round3", "round3_history.jsonl"));
  expect(dataset.equals(oneProcess.dataset), "round3_history.jsonl differs from the one-process run").toBe(
    true,
  );
  const ids = dataset
    .toString()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l).id);
  expect(new Set(ids).size).toBe(12);
}

async function waitFor(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  const s = await server(0);
  const dir = join(root, "one-process");
  const r = await runCli(roundsArgs(s.url, dir), { cwd: root, env: env("one") });
  expect(r.code, r.stderr).toBe(0);
  oneProcess = {
    dataset: readFileSync(join(dir, "round3", "round3_history.jsonl")),
    requests: s.stats.byRoute[CHAT] ?? 0,
  };
}, 120_000);

function coordinator(queue: string, dir: string, name: string, extra: string[] = []) {
  const child = spawnCli([...roundsArgs("http://127.0.0.1:9/v1", dir), "--queue", queue, ...extra], {
    cwd: root,
    env: env(name),
  });
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  child.stdout?.resume();
  const done = new Promise<CliResult>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout: "", stderr })),
  );
  return { child, done };
}

describe("faults of a distributed run", { timeout: 180_000 }, () => {
  it("a worker killed mid-step: its steps go to another worker, paid at most once more", async () => {
    const queue = nextQueue();
    const { workers, servers: ws } = await workersWithServers(queue, ["w1", "w2"], 400, 2000);
    const dir = join(root, "worker-killed");
    const run = coordinator(queue, dir, "worker-killed");
    await waitFor("w1 mid-step", () => ws[0].stats.inFlight >= 2);
    await workers[0].kill();
    const r = await run.done;
    await workers[1].stop();
    expect(r.code, r.stderr).toBe(0);
    expectSameData(dir);
    const answers = journaledAnswers(dir);
    expect(answers).toBe(oneProcess.requests);
    const extra = chats(ws) - answers;
    // The steps it was running were paid for and lost with it: they ran again on w2.
    expect(extra).toBeGreaterThan(0);
    expect(
      extra,
      "requests beyond the journal's answers: at most the killed worker's steps in flight (4 slots)",
    ).toBeLessThanOrEqual(4);
    expect(ws[1].stats.byRoute[CHAT]).toBeGreaterThan(0);
  });

  it("the coordinator killed: --resume joins the jobs it left; no step is asked or paid twice", async () => {
    const queue = nextQueue();
    const { workers, servers: ws } = await workersWithServers(queue, ["w1", "w2"], 150);
    const dir = join(root, "coordinator-killed");
    const first = coordinator(queue, dir, "coordinator-killed");
    await waitFor(
      "steps in the journal",
      () => existsSync(join(dir, "steps.jsonl")) && journal(dir).length >= 20,
    );
    first.child.kill("SIGKILL");
    await first.done;
    const journaledAtKill = journal(dir).filter((l) => l.t === "step").length;
    // The workers finish what was queued while no coordinator listens.
    await new Promise((r) => setTimeout(r, 1500));
    const second = coordinator(queue, dir, "coordinator-killed", ["--resume", dir]);
    const r = await second.done;
    await Promise.all(workers.map((w) => w.stop()));
    expect(r.code, r.stderr).toBe(0);
    expect(journaledAtKill).toBeLessThan(oneProcess.requests);
    expectSameData(dir);
    expect(journaledAnswers(dir)).toBe(oneProcess.requests);
    // Steps finished while the coordinator was down were taken from their jobs, not sent again;
    // the report counts every request, those included.
    expect(chats(ws)).toBe(oneProcess.requests);
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
    expect(report.requests.total).toBe(oneProcess.requests);
  });

  it("Redis restarted mid-run: workers and coordinator reconnect and the run completes", async () => {
    const queue = nextQueue();
    const { workers, servers: ws } = await workersWithServers(queue, ["w1"], 200);
    const dir = join(root, "redis-restarted");
    const run = coordinator(queue, dir, "redis-restarted");
    await waitFor(
      "steps in the journal",
      () => existsSync(join(dir, "steps.jsonl")) && journal(dir).length >= 10,
    );
    await suite.redis.kill();
    await new Promise((r) => setTimeout(r, 1500));
    await suite.redis.start();
    const r = await run.done;
    await Promise.all(workers.map((w) => w.stop()));
    expect(r.code, r.stderr).toBe(0);
    expectSameData(dir);
    expect(journaledAnswers(dir)).toBe(oneProcess.requests);
    expect(chats(ws)).toBe(oneProcess.requests);
    expect(workers[0].log()).toMatch(/lost Redis .* reconnecting/);
  });

  it("Redis restarted without its data: the lost steps are queued again and the run completes", async () => {
    const queue = nextQueue();
    const { workers, servers: ws } = await workersWithServers(queue, ["w1"], 200);
    const dir = join(root, "redis-wiped");
    const run = coordinator(queue, dir, "redis-wiped");
    await waitFor(
      "steps in the journal",
      () => existsSync(join(dir, "steps.jsonl")) && journal(dir).length >= 10,
    );
    await suite.redis.kill();
    suite.redis.wipe();
    await suite.redis.start();
    const r = await run.done;
    await Promise.all(workers.map((w) => w.stop()));
    expect(r.code, r.stderr).toBe(0);
    const ids = readFileSync(join(dir, "round3", "round3_history.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l).id);
    expect(new Set(ids).size).toBe(12);
    expect(ids).toHaveLength(12);
    const answers = journaledAnswers(dir);
    expect(answers).toBe(oneProcess.requests);
    // Redis lost the steps running at the restart and results the coordinator had not read yet;
    // queued again, each came back to the one worker that ran it, which answered from memory:
    // none was paid for twice, however late the coordinator read its events.
    expect(chats(ws), "a step lost with Redis was paid for twice").toBe(answers);
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
    expect(report.requests.total, "report.json counts each request sent once").toBe(chats(ws));
    expect(workers[0].log()).toMatch(/queued again after Redis lost it: answered from memory/);
  });
});
