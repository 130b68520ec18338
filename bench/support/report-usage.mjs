// Preloaded with `node --import`: at exit, writes this process's CPU time (ms) and peak RSS (KB)
// as one JSON line to $BENCH_USAGE_FILE. The same preload runs in every process compared.
import { appendFileSync } from "node:fs";

process.on("exit", () => {
  const { userCPUTime, systemCPUTime, maxRSS } = process.resourceUsage();
  const line = { cpuMs: (userCPUTime + systemCPUTime) / 1000, rssKb: maxRSS };
  appendFileSync(process.env.BENCH_USAGE_FILE ?? "/dev/null", `${JSON.stringify(line)}\n`);
});
