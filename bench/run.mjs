// `npm run bench`: every benchmark in turn, each in its own process (so memory figures are its
// own), against the compiled dist/. BENCH_ONLY=math,engine runs a subset. Figures are printed;
// BENCHMARKS.md records them with the command, date and machine.
import { spawnSync } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";

const ALL = [
  "startup",
  "math",
  "engine",
  "engine-memory",
  "roleplay",
  "rounds",
  "recipes",
  "distributed",
  "replicas",
  "export",
  "dedup",
  "tokens",
];
const only = process.env.BENCH_ONLY?.split(",")
  .map((s) => s.trim())
  .filter(Boolean);
const benches = only?.length ? ALL.filter((b) => only.includes(b)) : ALL;

console.log(`dialogsmith benchmarks — ${new Date().toISOString()}`);
console.log(
  `machine: ${cpus().length} x ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
let failed = 0;
for (const name of benches) {
  console.log(`\n## ${name}`);
  const script = fileURLToPath(new URL(`./${name}.mjs`, import.meta.url));
  const r = spawnSync(process.execPath, ["--expose-gc", script], { stdio: "inherit", env: process.env });
  if (r.status !== 0) {
    failed++;
    console.log(`(${name} failed with exit code ${r.status})`);
  }
}
process.exitCode = failed ? 1 : 0;
