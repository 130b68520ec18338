#!/usr/bin/env node
// Distributed runs (issue 14): one coordinator (`generate rounds --queue`) and 1, 2, 4 worker
// processes, each worker with its own fake endpoint (200 ms latency, 16 slots), on a local
// Debian redis-server. Run `npm run build` first.
//
//   node bench/distributed.mjs [--conversations 400] [--latency 200] [--slots 16] [--kill-every 3]
//
// 1. Throughput: steps per second of the run (report.json's duration, the engine's own time) with
//    1, 2 and 4 workers; the figure is (rate with N / rate with 1) / N (target >= 0.9).
// 2. Faults: 4 workers, one killed (kill -9, mid-step) every few seconds and replaced: the run
//    must end with every conversation, no duplicate id, and requests beyond the journal's answers
//    <= kills x 16 (each killed worker's steps in flight, paid once more).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { numberArg } from "./support/args.mjs";
import { spawnFakeServer } from "./support/spawn-fake-server.mjs";

const N = numberArg("--conversations", 400);
const LATENCY = numberArg("--latency", 200);
const SLOTS = numberArg("--slots", 16);
const KILL_EVERY_S = numberArg("--kill-every", 3);
const STEPS = N * 6; // rounds 2 and 3: question, answer, correction
const BIN = fileURLToPath(new URL("../bin/dialogsmith.js", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "dialogsmith-bench-distributed-"));
const out = (line) => process.stdout.write(`${line}\n`);

const input = join(work, "input.jsonl");
writeFileSync(
  input,
  Array.from({ length: N }, (_, i) =>
    JSON.stringify({
      question: `Question ${i}: how far is the moon?`,
      answer: "Near.",
      correction: "About 384,400 km.",
    }),
  ).join("\n"),
);

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A process that prints `ready` (stdout or stderr) when it is; resolves with it. */
function start(cmd, args, ready, env = {}) {
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  let log = "";
  return new Promise((resolve, reject) => {
    const onData = (d) => {
      log += d;
      if (log.includes(ready)) resolve(child);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`${cmd} ${args[0]} exited with ${code}:\n${log}`)));
  });
}

const stopped = (child, signal = "SIGTERM") =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.on("exit", () => resolve());
    child.kill(signal);
  });

// CPU time of every process of a run, by part: each writes a line to its part's file at exit.
const USAGE = fileURLToPath(new URL("./support/report-usage.mjs", import.meta.url));
const usageEnv = (part) => ({
  NODE_OPTIONS: `--import=${USAGE}`,
  BENCH_USAGE_FILE: join(work, `usage-${part}.jsonl`),
});
function cpuMs(part) {
  try {
    return readFileSync(join(work, `usage-${part}.jsonl`), "utf8")
      .split("\n")
      .filter(Boolean)
      .reduce((n, l) => n + JSON.parse(l).cpuMs, 0);
  } catch {
    return 0;
  }
}

const redisPort = await freePort();
const redis = await start(
  "redis-server",
  ["--port", String(redisPort), "--bind", "127.0.0.1", "--dir", work, "--save", "", "--appendonly", "no"],
  "Ready to accept connections",
);
let db = 0;

async function worker(queue, name, url, lockMs) {
  const config = join(work, `${name}.yaml`);
  writeFileSync(config, `models:\n  default: { base_url: ${url}, model: m, concurrency: ${SLOTS} }\n`);
  const args = [BIN, "worker", "--queue", queue, "--config", config, "--name", name];
  if (lockMs) args.push("--lock-duration", String(lockMs));
  return start(process.execPath, args, "waiting for steps", usageEnv("workers"));
}

/** One coordinator run; resolves with its run directory and report. */
async function coordinate(queue, name) {
  const dir = join(work, name);
  const child = spawn(
    process.execPath,
    [
      ...[BIN, "generate", "rounds", "--input", input, "--rounds", "3", "--seed", "1", "--quiet"],
      ...["--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--concurrency", String(SLOTS)],
      ...["--out", dir, "--queue", queue],
    ],
    {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, ...usageEnv("coordinator"), XDG_CACHE_HOME: join(work, `${name}-cache`) },
    },
  );
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const code = await new Promise((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`${name}: coordinator exited with ${code}: ${stderr}`);
  const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
  return { dir, report };
}

/** Answers the journal holds (each paid for once), and whether a step appears twice. */
function journal(dir) {
  const lines = readFileSync(join(dir, "steps.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const steps = lines.filter((l) => l.t === "step").map((l) => `${l.c}/${l.s}`);
  return {
    answers: lines.filter((l) => l.t === "step" || l.t === "reject").length,
    duplicates: steps.length - new Set(steps).size,
  };
}

/** Redis's own CPU time so far (ms). */
async function redisCpuMs(queue) {
  const { Redis } = await import("ioredis");
  const r = new Redis(queue);
  const info = await r.info("cpu");
  r.disconnect();
  const get = (k) => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return (get("used_cpu_sys") + get("used_cpu_user")) * 1000;
}

async function throughput(workers) {
  const queue = `redis://127.0.0.1:${redisPort}/${++db}`;
  for (const part of ["coordinator", "workers", "servers"])
    rmSync(join(work, `usage-${part}.jsonl`), { force: true });
  Object.assign(process.env, usageEnv("servers")); // the fake servers inherit it
  const servers = await Promise.all(
    Array.from({ length: workers }, () => spawnFakeServer({ latencyMs: LATENCY, concurrency: SLOTS })),
  );
  for (const k of ["NODE_OPTIONS", "BENCH_USAGE_FILE"]) delete process.env[k];
  const procs = await Promise.all(servers.map((s, i) => worker(queue, `t${workers}-${i + 1}`, s.url)));
  const redis0 = await redisCpuMs(queue);
  const { report } = await coordinate(queue, `throughput-${workers}`);
  const redisMs = (await redisCpuMs(queue)) - redis0;
  await Promise.all(procs.map((p) => stopped(p)));
  await Promise.all(servers.map((s) => s.stop()));
  if (report.stopped !== "done" || report.requests.total !== STEPS)
    throw new Error(`${workers} workers: ended ${report.stopped} after ${report.requests.total} requests`);
  const perStep = (ms) => ms / STEPS;
  return {
    rate: STEPS / report.duration_s,
    cpu: {
      coordinator: perStep(cpuMs("coordinator")),
      workers: perStep(cpuMs("workers")),
      servers: perStep(cpuMs("servers")),
      redis: perStep(redisMs),
    },
  };
}

async function killEveryFewSeconds() {
  const queue = `redis://127.0.0.1:${redisPort}/${++db}`;
  const servers = await Promise.all(
    Array.from({ length: 4 }, () => spawnFakeServer({ latencyMs: LATENCY, concurrency: SLOTS })),
  );
  let made = 0;
  const spawnOn = (i) => worker(queue, `k${++made}`, servers[i].url, 3000);
  const live = await Promise.all(servers.map((_, i) => spawnOn(i)));
  let kills = 0;
  let running = true;
  const killer = (async () => {
    while (running) {
      await new Promise((r) => setTimeout(r, KILL_EVERY_S * 1000));
      if (!running) break;
      const i = kills % 4;
      await stopped(live[i], "SIGKILL");
      kills++;
      live[i] = await spawnOn(i);
    }
  })();
  const run = coordinate(queue, "kills");
  const { dir, report } = await run.finally(() => {
    running = false;
  });
  await killer;
  await Promise.all(live.map((p) => stopped(p)));
  const stats = await Promise.all(servers.map((s) => s.stop()));
  const sent = stats.reduce((n, s) => n + (s?.byRoute?.["POST /v1/chat/completions"] ?? 0), 0);
  const ids = readFileSync(join(dir, "round3", "round3_history.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l).id);
  const j = journal(dir);
  return { report, kills, sent, ids, ...j };
}

try {
  out(
    `dialogsmith distributed bench: generate rounds, ${N} conversations x 6 steps = ${STEPS} steps; each worker's endpoint ${LATENCY} ms, ${SLOTS} slots (ideal ${((1000 / LATENCY) * SLOTS).toFixed(0)} steps/s a worker)\n`,
  );
  const rates = {};
  for (const workers of [1, 2, 4]) {
    const { rate, cpu } = await throughput(workers);
    rates[workers] = rate;
    const ratio = rates[workers] / rates[1];
    const total = cpu.coordinator + cpu.workers + cpu.servers + cpu.redis;
    out(
      `${workers} worker${workers > 1 ? "s" : " "}: ${rate.toFixed(1)} steps/s, ${ratio.toFixed(2)}x one worker = ${(ratio / workers).toFixed(3)} x ${workers} (target >= 0.9); CPU per step ${total.toFixed(2)} ms (coordinator ${cpu.coordinator.toFixed(2)}, workers ${cpu.workers.toFixed(2)}, endpoints ${cpu.servers.toFixed(2)}, redis ${cpu.redis.toFixed(2)}; process start-up included)`,
    );
  }
  const k = await killEveryFewSeconds();
  const extra = k.sent - k.answers;
  const ok =
    k.report.stopped === "done" && k.ids.length === N && new Set(k.ids).size === N && k.duplicates === 0;
  out(
    `\nfaults: 4 workers, one killed (kill -9) every ${KILL_EVERY_S} s and replaced: ${k.kills} kills; ${k.ids.length}/${N} conversations, ${N - new Set(k.ids).size} duplicate ids, ${k.duplicates} steps journaled twice (${ok ? "ok" : "FAILED"}); ${k.sent} requests for ${k.answers} answers: ${extra} extra <= ${k.kills} kills x ${SLOTS} = ${k.kills * SLOTS} (${extra <= k.kills * SLOTS ? "ok" : "FAILED"})`,
  );
  if (!ok || extra > k.kills * SLOTS) process.exitCode = 1;
} finally {
  await stopped(redis);
  rmSync(work, { recursive: true, force: true });
}
