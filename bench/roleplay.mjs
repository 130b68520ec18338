#!/usr/bin/env node
// Roleplay throughput with realistic answers (issue 11), this build side by side with a baseline
// commit in one run (run `npm run build` first):
//   node bench/roleplay.mjs [--count 1000] [--rounds 3] [--concurrency 32]
//   BENCH_ROLEPLAY_BASELINE=<commit>[,<commit>...] (default cc06d76, the commit before the
//   redesign; "none" to skip), or BENCH_ROLEPLAY_BASELINE_DIR=<a built checkout> to use one built.
//
// The fake server (its own process, as a real server is elsewhere) holds 32 requests at 200 ms
// each (ideal 160 dialogues/s) and writes each dialogue the prompt asks for: 40-80 Russian
// messages, about 10 KB of JSON. Each build runs the real CLI, `generate roleplay --role
// crypto_seller` with JSON-schema output, validation, normalisation, the seller checks and the
// MinHash near-duplicate check, in its own process; the builds alternate, `--rounds` times.
// Per build it prints dialogues/s (report.json's run time, start-up excluded), the fraction of
// ideal, and CPU per dialogue: the process's CPU less that of a short run (start-up), per extra
// dialogue; "ours" further subtracts what the bare openai SDK spends on the same requests. Where
// the time of a full run went (bench/support/trace-client.mjs, preloaded in every build alike):
// requests in flight on average (of the 32 the server holds), event-loop delay, GC pauses. The bare
// SDK's own rate against the same server (no work between answer and next request) is the ceiling
// this machine allows at the moment, next to the ideal and to what a run of --count can reach
// (its slowest slot makes ceil(count / 32) requests).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import OpenAI from "openai";
import { numberArg } from "./support/args.mjs";
import { buildBaseline } from "./support/baseline-build.mjs";
import { spawnFakeServer } from "./support/spawn-fake-server.mjs";
import { median } from "./support/stats.mjs";

const COUNT = numberArg("--count", 1000);
const ROUNDS = numberArg("--rounds", 3);
const CONCURRENCY = numberArg("--concurrency", 32);
const SHORT = 32;
const LATENCY_MS = 200;
const SERVER_SLOTS = 32;
const IDEAL = (1000 / LATENCY_MS) * SERVER_SLOTS;

const THIS = fileURLToPath(new URL("..", import.meta.url));
const USAGE = fileURLToPath(new URL("./support/report-usage.mjs", import.meta.url));
const TRACE = fileURLToPath(new URL("./support/trace-client.mjs", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "dialogsmith-bench-roleplay-"));

/** [label, directory] of each baseline build. */
function baselines() {
  const dir = process.env.BENCH_ROLEPLAY_BASELINE_DIR;
  if (dir) return [[`baseline ${dir}`, dir]];
  const commits = (process.env.BENCH_ROLEPLAY_BASELINE ?? "cc06d76").split(",").map((c) => c.trim());
  return commits
    .filter((c) => c && c !== "none")
    .flatMap((commit) => {
      try {
        return [[`baseline ${commit}`, buildBaseline(commit)]];
      } catch (e) {
        process.stderr.write(
          `bench/roleplay.mjs: baseline ${commit} unavailable (${String(e.message).split("\n")[0]})\n`,
        );
        return [];
      }
    });
}

let runNo = 0;
/** One `generate roleplay` run of `count` dialogues by the build in `dir`: its CPU, run time and trace. */
function run(dir, url, count) {
  const out = join(work, `run-${++runNo}`);
  const usageFile = join(work, `usage-${runNo}.jsonl`);
  const traceFile = join(work, `trace-${runNo}.jsonl`);
  const args = ["--import", USAGE, "--import", TRACE, join(dir, "bin", "dialogsmith.js")];
  args.push("generate", "roleplay", "--role", "crypto_seller", "--base-url", url, "--model", "m");
  args.push("--out", out, "--count", String(count), "--seed", String(runNo), "--quiet");
  args.push("--concurrency", String(CONCURRENCY), "--cache-dir", join(work, `cache-${runNo}`));
  const r = spawnSync(process.execPath, args, {
    env: { ...process.env, BENCH_USAGE_FILE: usageFile, BENCH_TRACE_FILE: traceFile },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`${dir}: exit ${r.status}: ${r.stderr}`);
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
  if (report.accepted !== count) throw new Error(`${dir}: ${report.accepted} of ${count} accepted`);
  const bytes = readFileSync(join(out, "dataset.jsonl")).length;
  const { cpuMs } = JSON.parse(readFileSync(usageFile, "utf8"));
  const trace = JSON.parse(readFileSync(traceFile, "utf8"));
  rmSync(out, { recursive: true, force: true });
  return { cpuMs, seconds: report.duration_s, bytes, trace };
}

/** One sample of a build: a short run (start-up) and a full one. */
function sample(dir, url) {
  const short = run(dir, url, SHORT);
  const full = run(dir, url, COUNT);
  return {
    rate: COUNT / full.seconds,
    cpuMsPerDialogue: (full.cpuMs - short.cpuMs) / (COUNT - SHORT),
    bytesPerDialogue: full.bytes / COUNT,
    inFlight: full.trace.meanInFlight,
    loopP99: full.trace.loopDelayP99Ms,
    gcMsPerDialogue: full.trace.gcMs / COUNT,
  };
}

/** Requests as `generate roleplay --role crypto_seller` sends them (this build's prompts). */
async function roleplayRequests(count) {
  const dist = new URL("../dist/", import.meta.url);
  const { RoleplayRecipe } = await import(new URL("recipes/roleplay/roleplay-recipe.js", dist).href);
  const { RolePackSchema } = await import(new URL("recipes/roleplay/role-pack.js", dist).href);
  const { BUILTIN_ROLES } = await import(new URL("recipes/roleplay/builtin-roles.js", dist).href);
  const { roleplayOutputSchema } = await import(new URL("recipes/roleplay/prompt-builder.js", dist).href);
  const { Rng } = await import(new URL("core/rng.js", dist).href);
  const pack = { ...RolePackSchema.parse(BUILTIN_ROLES.crypto_seller), name: "crypto_seller" };
  const recipe = new RoleplayRecipe({ pack, language: "ru", minMessages: 40, maxMessages: 80 });
  const schema = roleplayOutputSchema(40, 80);
  return Array.from({ length: count }, (_, i) => ({
    model: "m",
    messages: recipe.planRequest(new Rng(i)).messages,
    response_format: { type: "json_schema", json_schema: { name: "dialogue", schema, strict: true } },
  }));
}

/**
 * What the bare openai SDK spends (CPU ms per request) sending the same prompts and reading the
 * same ~10 KB answers at the same concurrency: HTTP, JSON and the SDK's own work, none of ours;
 * and the rate it reaches (`count` requests after a warm-up of 400).
 */
async function bareSdk(url, count) {
  const client = new OpenAI({ baseURL: url, apiKey: "x", maxRetries: 0 });
  const requests = await roleplayRequests(count);
  let next = 0;
  const worker = (n) => async () => {
    while (next < n) {
      const r = await client.chat.completions.create(requests[next++]);
      if (!r.choices[0].message.content) throw new Error("empty answer");
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker(Math.min(400, count)))); // warm-up
  next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker(count)));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { cpuMs: (cpu.user + cpu.system) / 1000 / count, rate: count / seconds };
}

const bases = baselines();
const server = await spawnFakeServer({
  responderKind: "roleplay",
  latencyMs: LATENCY_MS,
  concurrency: SERVER_SLOTS,
});
try {
  const builds = [...bases, ["this build", THIS]];
  const samples = new Map(builds.map(([label]) => [label, []]));
  for (let round = 0; round < ROUNDS; round++)
    for (const [label, dir] of builds) samples.get(label).push(sample(dir, server.url));
  const bare = await bareSdk(server.url, COUNT);
  const sdk = bare.cpuMs;
  const reachable = COUNT / (Math.ceil(COUNT / SERVER_SLOTS) * (LATENCY_MS / 1000)) / IDEAL;
  console.log(
    `roleplay, ${COUNT} dialogues of 40-80 messages per run, server ${SERVER_SLOTS} slots x ${LATENCY_MS} ms (ideal ${IDEAL}/s; a run of ${COUNT} reaches at most ${reachable.toFixed(3)} of it), client --concurrency ${CONCURRENCY}, median of ${ROUNDS} alternating runs`,
  );
  console.log(
    `bare openai SDK, same prompts and answers: ${sdk.toFixed(2)} ms CPU per request; ${bare.rate.toFixed(1)} requests/s = ${(bare.rate / IDEAL).toFixed(3)} of ideal`,
  );
  const figures = new Map();
  for (const [label] of builds) {
    const s = samples.get(label);
    const f = {
      rate: median(s.map((x) => x.rate)),
      cpu: median(s.map((x) => x.cpuMsPerDialogue)),
      kb: median(s.map((x) => x.bytesPerDialogue)) / 1024,
      inFlight: median(s.map((x) => x.inFlight)),
      loopP99: median(s.map((x) => x.loopP99)),
      gc: median(s.map((x) => x.gcMsPerDialogue)),
    };
    figures.set(label, f);
    console.log(
      `${label}: ${f.rate.toFixed(1)} dialogues/s = ${(f.rate / IDEAL).toFixed(3)} of ideal; CPU ${f.cpu.toFixed(2)} ms per dialogue, ours ${(f.cpu - sdk).toFixed(2)} ms; record ${f.kb.toFixed(1)} KB; in flight ${f.inFlight.toFixed(1)} of ${SERVER_SLOTS}, loop delay p99 ${f.loopP99.toFixed(0)} ms, GC ${f.gc.toFixed(2)} ms per dialogue`,
    );
  }
  const a = figures.get("this build");
  for (const [label] of bases) {
    const b = figures.get(label);
    console.log(
      `ratio this build / ${label}: dialogues/s ${(a.rate / b.rate).toFixed(3)}, CPU per dialogue ${(a.cpu / b.cpu).toFixed(3)}, ours ${((a.cpu - sdk) / (b.cpu - sdk)).toFixed(3)}`,
    );
  }
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
