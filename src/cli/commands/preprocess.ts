import { relative } from "node:path";
import type { Command } from "commander";
import { preprocessTools } from "../../pipelines/tools-preprocess.js";
import { info, setQuiet } from "../output.js";

function shortPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith("..") ? rel : p;
}

/** `dialogsmith preprocess DIR`: validate Batch API results and convert them to the seed's record shape. */
export function registerPreprocessCommand(program: Command): void {
  program
    .command("preprocess")
    .argument("<dir>", "batch directory (after dialogsmith batch retrieve)")
    .option("--quiet", "no output but errors")
    .action(async (dir: string, flags: { quiet?: boolean }) => {
      setQuiet(Boolean(flags.quiet));
      const result = await preprocessTools(dir);
      const r = result.report;
      info(
        `training: ${r.accepted}/${r.requested} accepted, ${r.rejected} rejected, ${r.failed} failed -> ${shortPath(result.dataset)}`,
      );
      const gold = r.gold as { requested: number; accepted: number; rejected: number; failed: number };
      if (result.goldDataset)
        info(
          `gold: ${gold.accepted}/${gold.requested} accepted, ${gold.rejected} rejected, ${gold.failed} failed -> ${shortPath(result.goldDataset)}`,
        );
      const reasons = Object.entries(r.rejection_reasons).sort((a, b) => b[1] - a[1]);
      if (reasons.length)
        info(
          `reasons: ${reasons.map(([k, n]) => `${k} ${n}`).join(", ")} (see ${shortPath(result.rejectedFile)})`,
        );
      info(`cost at batch prices: $${r.cost_usd.toFixed(4)}`);
    });
}
