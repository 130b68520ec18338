// Engine benchmark (issue 2): efficiency against a latency-bound server, our CPU per request,
// memory flatness, and the seed script's loop side by side. Run: npm run build && node bench/engine.mjs
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { runOneShot } from "./support/one-shot-run.mjs";
import { spawnFakeServer } from "./support/spawn-fake-server.mjs";

const LATENCY_MS = 200;
const SERVER_CONCURRENCY = 32;
const IDEAL_RPS = (1000 / LATENCY_MS) * SERVER_CONCURRENCY; // 160
const N = Number(process.env.BENCH_ENGINE_N ?? 3000);
const SEED_LOOP_N = Number(process.env.BENCH_SEED_LOOP_N ?? 40);

/** The thinnest recipe: one request, the answer is the record. Measures engine + client overhead. */
const echoRecipe = {
  name: "bench",
  modelRoles: ["writer"],
  item: (ctx) => ({
    role: "writer",
    request: { messages: [{ role: "user", content: `item ${ctx.index}` }] },
    parse: (r) => ({ kind: "accepted", record: { id: ctx.id, text: r.content } }),
  }),
};

function model(url, concurrency) {
  return {
    name: "bench",
    base_url: url,
    model: "bench-model",
    timeout_s: 60,
    concurrency,
    structured_output: "none",
  };
}

async function engineRun(url, count, concurrency) {
  const dir = mkdtempSync(join(tmpdir(), "ds-bench-"));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const out = await runOneShot({
    recipe: echoRecipe,
    models: { writer: model(url, concurrency) },
    outDir: join(dir, "run"),
    count,
    seed: 1,
    cacheDir: join(dir, "cache"),
    readCache: false,
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  rmSync(dir, { recursive: true, force: true });
  if (out.report.accepted !== count) throw new Error(`expected ${count} records, got ${out.report.accepted}`);
  return { seconds, rps: count / seconds, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / count };
}

/** The same requests through the bare SDK at the same concurrency: what the SDK itself costs. */
async function sdkBaseline(url, count, concurrency) {
  const client = new OpenAI({ baseURL: url, apiKey: "x", maxRetries: 0 });
  let next = 0;
  const cpu0 = process.cpuUsage();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await client.chat.completions.create({
        model: "bench-model",
        messages: [{ role: "user", content: `item ${i}` }],
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(cpu0);
  return { cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / count };
}

/** The seed script: one request at a time, then sleep(1). */
async function seedLoop(url, count) {
  const client = new OpenAI({ baseURL: url, apiKey: "x", maxRetries: 0 });
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    await client.chat.completions.create({
      model: "bench-model",
      messages: [{ role: "user", content: `item ${i}` }],
    });
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { seconds: (performance.now() - t0) / 1000, rps: count / ((performance.now() - t0) / 1000) };
}

const slow = await spawnFakeServer({ latencyMs: LATENCY_MS, concurrency: SERVER_CONCURRENCY });
const instant = await spawnFakeServer({});
try {
  const eff = await engineRun(slow.url, N, 64);
  console.log(
    `engine efficiency: ${N} requests, ${LATENCY_MS} ms latency, server concurrency ${SERVER_CONCURRENCY}: ${eff.rps.toFixed(1)} req/s of ideal ${IDEAL_RPS} = ${(eff.rps / IDEAL_RPS).toFixed(3)}`,
  );

  // CPU: a zero-latency server in another process; ours = engine run minus bare SDK.
  await engineRun(instant.url, 500, 16); // warm-up
  const engineCpu = await engineRun(instant.url, 5000, 16);
  const sdkCpu = await sdkBaseline(instant.url, 5000, 16);
  console.log(
    `CPU per request: ${engineCpu.cpuMsPerRequest.toFixed(3)} ms total, of which the openai SDK ${sdkCpu.cpuMsPerRequest.toFixed(3)} ms; ours ${(engineCpu.cpuMsPerRequest - sdkCpu.cpuMsPerRequest).toFixed(3)} ms`,
  );

  const seed = await seedLoop(slow.url, SEED_LOOP_N);
  const ours = await engineRun(slow.url, SEED_LOOP_N, 16);
  console.log(
    `side by side, ${SEED_LOOP_N} dialogues on the same server: seed loop ${seed.seconds.toFixed(1)} s, dialogsmith ${ours.seconds.toFixed(2)} s: ${(seed.seconds / ours.seconds).toFixed(1)}x faster`,
  );
} finally {
  await slow.stop();
  await instant.stop();
}
