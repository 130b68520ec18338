#!/usr/bin/env node
// Replicas (issue 14, part 1): one model served by three fake endpoints (each its own process,
// 200 ms latency, 16 slots), `generate roleplay` over a `base_url:` list. Run `npm run build` first.
//
//   node bench/replicas.mjs [--dialogues 600] [--latency 200] [--down-after 2] [--down-for 2]
//
// Run A: all three up. Run B: the same run with one endpoint killed (its process gone, connections
// cut) --down-after seconds in, and started again on the same port --down-for seconds later. Both
// must end with every dialogue and none failed; B shows the endpoint taken out and put back, the
// requests per endpoint, the requests paid beyond one per dialogue, and its rate against A's.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { numberArg } from "./support/args.mjs";
import { spawnFakeServer } from "./support/spawn-fake-server.mjs";

const N = numberArg("--dialogues", 600);
const LATENCY = numberArg("--latency", 200);
const DOWN_AFTER_S = numberArg("--down-after", 2);
const DOWN_FOR_S = numberArg("--down-for", 2);
const BIN = fileURLToPath(new URL("../bin/dialogsmith.js", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "dialogsmith-bench-replicas-"));
const out = (line) => process.stdout.write(`${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const serverOptions = (port) => ({
  responderKind: "roleplay",
  latencyMs: LATENCY,
  concurrency: 16,
  ...(port ? { port } : {}),
});

function generate(config, dir) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [BIN, "generate", "roleplay", "--role", "crypto_seller", "--count", String(N), "--seed", "1"].concat([
        "--config",
        config,
        "--out",
        dir,
        "--quiet",
        "--cache-dir",
        join(dir, "..", `${Date.now()}-cache`),
      ]),
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let err = "";
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`generate exited ${code}: ${err}`)),
    );
  });
}

async function run(label, withOutage) {
  const servers = [];
  for (let i = 0; i < 3; i++) servers.push(await spawnFakeServer(serverOptions()));
  const config = join(work, `${label}.yaml`);
  writeFileSync(
    config,
    `models:\n  writer:\n    model: m\n    concurrency: 16\n    base_url:\n${servers.map((s) => `      - ${s.url}\n`).join("")}`,
  );
  const dir = join(work, label);
  const done = generate(config, dir);
  let outage;
  if (withOutage) {
    outage = (async () => {
      await sleep(DOWN_AFTER_S * 1000);
      const port = Number(new URL(servers[1].url).port);
      await servers[1].stop();
      await sleep(DOWN_FOR_S * 1000);
      servers[1] = await spawnFakeServer(serverOptions(port));
    })();
  }
  await done;
  await outage;
  await Promise.all(servers.map((s) => s.stop()));
  const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
  const events = readFileSync(join(dir, "events.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  return {
    report,
    rate: report.accepted / report.duration_s,
    out: events.filter((e) => e.type === "endpoint_out").length,
    back: events.filter((e) => e.type === "endpoint_back").length,
    perEndpoint: Object.values(report.models.writer.endpoints ?? {}),
  };
}

try {
  out(`replicas: ${N} roleplay dialogues, 3 endpoints x 16 slots at ${LATENCY} ms`);
  const a = await run("all-up", false);
  const b = await run("one-down", true);
  for (const [label, r] of [
    ["all three up", a],
    [`one down ${DOWN_AFTER_S}s in, back ${DOWN_FOR_S}s later`, b],
  ])
    out(
      `  ${label}: ${r.report.accepted}/${N} dialogues, ${r.report.failed} failed, ${r.report.requests.total} requests ` +
        `(${r.report.requests.total - r.report.accepted} beyond one per dialogue; by status ${JSON.stringify(r.report.requests.by_status)}), ` +
        `per endpoint [${r.perEndpoint.join(", ")}], taken out ${r.out}x, back ${r.back}x, ${r.rate.toFixed(1)} dialogues/s`,
    );
  out(`  rate with the outage / all up: ${(b.rate / a.rate).toFixed(2)}`);
  if (a.report.failed || b.report.failed || b.report.accepted !== N || b.out === 0 || b.back === 0)
    throw new Error("the outage run must end with every dialogue, none failed, the endpoint out and back");
} finally {
  rmSync(work, { recursive: true, force: true });
}
