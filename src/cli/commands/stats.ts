import type { Command } from "commander";
import { computeStats, type StatsTokenizer } from "../../report/stats.js";
import { formatStatsTable } from "../../report/terminal-table.js";
import { intRange, numberOption, Option } from "../options.js";

const TOKENIZERS: StatsTokenizer[] = ["o200k", "cl100k", "estimate"];

/** `dialogsmith stats IN|RUN_DIR`: dataset statistics as a terminal table (or JSON). */
export function registerStatsCommand(program: Command): void {
  program
    .command("stats")
    .argument("<input>", "a run directory or a JSONL file")
    .option("--json", "print the statistics as JSON instead of a table")
    .addOption(
      new Option("--tokenizer <name>", "how tokens are counted (estimate: fast, approximate)")
        .choices(TOKENIZERS)
        .default("o200k"),
    )
    .addOption(numberOption("--examples <n>", "random examples to include with --json", intRange(0, 1000), 0))
    .addOption(numberOption("--seed <n>", "seed of the example sample", intRange(0, 2 ** 31 - 1), 42))
    .action(
      async (
        input: string,
        opts: { json?: boolean; tokenizer: StatsTokenizer; examples: number; seed: number },
      ) => {
        const stats = await computeStats(input, {
          tokenizer: opts.tokenizer,
          examples: opts.examples,
          seed: opts.seed,
        });
        process.stdout.write(opts.json ? `${JSON.stringify(stats, null, 2)}\n` : formatStatsTable(stats));
      },
    );
}
