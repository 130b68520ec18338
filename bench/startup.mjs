#!/usr/bin/env node
// Start-up cost of the CLI against a bare `node -e 0`, side by side in one run:
//   node bench/startup.mjs [--runs 15]
// Each case is a fresh process (the compiled bin/dialogsmith.js, as users run it); the cases are
// interleaved so machine load hits them alike. Per case: median wall time, CPU time and peak RSS,
// and each as a ratio to bare node (target: --help and --version within 2x).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "./support/stats.mjs";

const BIN = fileURLToPath(new URL("../bin/dialogsmith.js", import.meta.url));
const USAGE = fileURLToPath(new URL("./support/report-usage.mjs", import.meta.url));
if (!existsSync(new URL("../dist/cli/main.js", import.meta.url))) {
  process.stderr.write("bench/startup.mjs: dist/ is missing; run `npm run build` first\n");
  process.exit(2);
}
const i = process.argv.indexOf("--runs");
const RUNS = i >= 0 ? Number(process.argv[i + 1]) : 15;

const CASES = [
  { label: "node -e 0", args: ["-e", "0"] },
  { label: "dialogsmith --version", args: [BIN, "--version"] },
  { label: "dialogsmith --help", args: [BIN, "--help"] },
  { label: "dialogsmith generate math --help", args: [BIN, "generate", "math", "--help"] },
];

const work = mkdtempSync(join(tmpdir(), "dialogsmith-bench-startup-"));
try {
  const samples = CASES.map(() => ({ wallMs: [], cpuMs: [], rssKb: [] }));
  for (let run = 0; run < RUNS + 1; run++) {
    CASES.forEach((c, k) => {
      const file = join(work, `${k}-${run}.json`);
      const t0 = performance.now();
      const r = spawnSync(process.execPath, ["--import", USAGE, ...c.args], {
        env: { ...process.env, BENCH_USAGE_FILE: file },
        stdio: ["ignore", "ignore", "inherit"],
      });
      const wallMs = performance.now() - t0;
      if (r.status !== 0) throw new Error(`${c.label} exited with ${r.status}`);
      if (run === 0) return; // warm-up: file cache
      const usage = JSON.parse(readFileSync(file, "utf8"));
      samples[k].wallMs.push(wallMs);
      samples[k].cpuMs.push(usage.cpuMs);
      samples[k].rssKb.push(usage.rssKb);
    });
  }
  const base = samples[0];
  const ratio = (xs, b) => (median(xs) / median(b)).toFixed(2);
  console.log(`median of ${RUNS} runs each, interleaved; ratio = this / node -e 0`);
  console.log("| command | wall ms | CPU ms | peak RSS MB | wall ratio | CPU ratio | RSS ratio |");
  console.log("| --- | --- | --- | --- | --- | --- | --- |");
  CASES.forEach((c, k) => {
    const s = samples[k];
    console.log(
      `| \`${c.label}\` | ${median(s.wallMs).toFixed(0)} | ${median(s.cpuMs).toFixed(0)} | ${(median(s.rssKb) / 1024).toFixed(1)} | ${ratio(s.wallMs, base.wallMs)} | ${ratio(s.cpuMs, base.cpuMs)} | ${ratio(s.rssKb, base.rssKb)} |`,
    );
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
