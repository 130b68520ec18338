#!/usr/bin/env node
// Turn-by-turn scheduling benchmark for `generate rounds` (run `npm run build` first).
//
//   node bench/rounds.mjs [--conversations 1000] [--latency 200] [--jitter 150] [--concurrency 32]
//
// 1. Throughput: N conversations x 6 steps (rounds 2 and 3: question, answer, correction) through
//    the real pipeline against the fake server (fixed latency, server-side concurrency C, client
//    concurrency C). Ideal time = steps x latency / C; the figure is ideal / measured.
// 2. Latency varies (jitter +-J ms): the same run side by side with a round-barrier schedule (all
//    questions, then all answers, then all corrections, round after round: what a script with a
//    thread pool per step does), through the same model client and prompts. The ratio is
//    barrier time / turn-by-turn time.
// 3. The seed's own setup, two providers: questioner and corrector on one server, the answerer on
//    another (each concurrency C). A barrier leaves one idle while the other works.
// The fake servers run in their own processes (as a real server is elsewhere), seeded, so both
// schedules of a scenario see the same latencies.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { numberArg } from "./support/args.mjs";
import { spawnFakeServer } from "./support/spawn-fake-server.mjs";

const dist = new URL("../dist/", import.meta.url);
const { generate } = await import(new URL("pipelines/generate.js", dist).href);
const { createChatModel } = await import(new URL("models/create-model.js", dist).href);
const { RequestStats } = await import(new URL("models/request-stats.js", dist).href);
const { ResponseCache } = await import(new URL("models/response-cache.js", dist).href);
const { RoundsPrompts } = await import(new URL("recipes/rounds/rounds-program.js", dist).href);
const { roundsTexts } = await import(new URL("recipes/rounds/prompts.js", dist).href);

const N = numberArg("--conversations", 1000);
const LATENCY = numberArg("--latency", 200);
const JITTER = numberArg("--jitter", 150);
const C = numberArg("--concurrency", 32);
const ROUNDS = 3;
const STEPS = N * (ROUNDS - 1) * 3;

const work = mkdtempSync(join(tmpdir(), "dialogsmith-bench-rounds-"));

const seedRound = (i) => ({
  question: `Question ${i}: how fast may I drive on a highway?`,
  answer: "Whatever feels right.",
  correction: "Usually 55-70 mph; follow the posted signs and slow down in bad weather.",
});
const input = join(work, "input.jsonl");
writeFileSync(input, Array.from({ length: N }, (_, i) => JSON.stringify(seedRound(i))).join("\n"));

function server(extra = {}) {
  return spawnFakeServer({ latencyMs: LATENCY, concurrency: C, ...extra });
}

function configFile(name, models, roles) {
  const path = join(work, `${name}.yaml`);
  const lines = ["models:"];
  for (const [model, url] of Object.entries(models)) {
    lines.push(`  ${model}: { base_url: ${url}, model: ${model}, concurrency: ${C} }`);
  }
  lines.push(
    `rounds: { questioner: ${roles.questioner}, answerer: ${roles.answerer}, corrector: ${roles.corrector} }`,
  );
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

/** The real pipeline: `generate rounds`, turn by turn. */
async function turnByTurn(name, urls, roles) {
  const config = configFile(name, urls, roles);
  const started = performance.now();
  const result = await generate("rounds", {
    input,
    rounds: ROUNDS,
    out: join(work, name),
    config,
    cacheDir: join(work, `cache-${name}`),
    quiet: true,
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.report.stopped !== "done" || result.report.requests.total !== STEPS) {
    throw new Error(
      `${name}: run ended ${result.report.stopped} after ${result.report.requests.total} requests`,
    );
  }
  return seconds;
}

/** All questions, then all answers, then all corrections; round after round. Same clients and prompts. */
async function barrier(name, urls, roles) {
  const stats = new RequestStats();
  const cache = new ResponseCache(join(work, `cache-${name}`));
  const clients = {};
  const client = (model) => {
    clients[model] ??= createChatModel(
      {
        name: model,
        model,
        base_url: urls[model],
        concurrency: C,
        timeout_s: 120,
        structured_output: "json_schema",
      },
      { stats, cache },
    );
    return clients[model];
  };
  const q = client(roles.questioner);
  const a = client(roles.answerer);
  const c = client(roles.corrector);
  const prompts = new RoundsPrompts(
    {
      rounds: ROUNDS,
      contextMessages: 16,
      messageTokens: 1024,
      maxTokens: { question: 256, answer: 768, correction: 1024 },
    },
    roundsTexts("en", false),
  );
  const conversations = Array.from({ length: N }, (_, i) => [seedRound(i)]);
  const started = performance.now();
  for (let k = 2; k <= ROUNDS; k++) {
    const qs = await Promise.all(
      conversations.map((h, i) => q.generate({ messages: prompts.question(h), nonce: `${name}/${i}/q${k}` })),
    );
    const as = await Promise.all(
      conversations.map((h, i) =>
        a.generate({ messages: prompts.answer(h, qs[i].content), nonce: `${name}/${i}/a${k}` }),
      ),
    );
    const cs = await Promise.all(
      conversations.map((h, i) =>
        c.generate({
          messages: prompts.correction(h, qs[i].content, as[i].content),
          nonce: `${name}/${i}/c${k}`,
        }),
      ),
    );
    for (const [i, h] of conversations.entries()) {
      h.push({ question: qs[i].content, answer: as[i].content, correction: cs[i].content });
    }
  }
  return (performance.now() - started) / 1000;
}

const fmt = (x) => x.toFixed(1);
const out = (line) => process.stdout.write(`${line}\n`);
try {
  out(
    `dialogsmith rounds bench: ${N} conversations x 6 steps = ${STEPS} requests, latency ${LATENCY} ms, concurrency ${C} (server and client)\n`,
  );
  const ideal = (STEPS * LATENCY) / C / 1000;
  const one = { questioner: "m", answerer: "m", corrector: "m" };

  // 1. Fixed latency: fraction of ideal.
  let s = await server();
  const fixed = await turnByTurn("fixed", { m: s.url }, one);
  await s.stop();
  out(
    `1. fixed ${LATENCY} ms: ${fmt(fixed)} s, ideal ${fmt(ideal)} s -> ${(ideal / fixed).toFixed(3)} of ideal (${(STEPS / fixed).toFixed(1)} req/s; target >= 0.9)`,
  );

  // 2. Jittered latency, one model: turn by turn vs round barrier.
  s = await server({ jitterMs: JITTER, seed: 7 });
  const jitterTurns = await turnByTurn("jitter", { m: s.url }, one);
  await s.stop();
  s = await server({ jitterMs: JITTER, seed: 7 });
  const jitterBarrier = await barrier("jitter-barrier", { m: s.url }, one);
  await s.stop();
  out(
    `2. ${LATENCY} +- ${JITTER} ms, one model: turn by turn ${fmt(jitterTurns)} s (${(ideal / jitterTurns).toFixed(3)} of ideal), round barrier ${fmt(jitterBarrier)} s -> barrier / turn-by-turn = ${(jitterBarrier / jitterTurns).toFixed(3)}`,
  );

  // 3. Two providers (questioner + corrector on one, answerer on the other), jittered.
  const roles = { questioner: "big", answerer: "small", corrector: "big" };
  const pair = async () => {
    const [big, small] = await Promise.all([
      server({ jitterMs: JITTER, seed: 7 }),
      server({ jitterMs: JITTER, seed: 8 }),
    ]);
    return { urls: { big: big.url, small: small.url }, stop: () => Promise.all([big.stop(), small.stop()]) };
  };
  let p = await pair();
  const twoTurns = await turnByTurn("two", p.urls, roles);
  await p.stop();
  p = await pair();
  const twoBarrier = await barrier("two-barrier", p.urls, roles);
  await p.stop();
  out(
    `3. two providers (questioner+corrector | answerer), ${LATENCY} +- ${JITTER} ms: turn by turn ${fmt(twoTurns)} s, round barrier ${fmt(twoBarrier)} s -> barrier / turn-by-turn = ${(twoBarrier / twoTurns).toFixed(3)}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
