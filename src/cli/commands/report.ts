import type { Command } from "commander";
import type { StatsTokenizer } from "../../report/stats.js";
import { writeReportHtml } from "../../report/write-report.js";
import { intRange, numberOption, Option } from "../options.js";
import { info } from "../output.js";

/** `dialogsmith report IN|RUN_DIR [--out FILE]`: a self-contained, offline report.html. */
export function registerReportCommand(program: Command): void {
  program
    .command("report")
    .argument("<input>", "a run directory or a JSONL file")
    .option("--out <file>", "output file (default: report.html in the run directory, or beside the file)")
    .addOption(numberOption("--examples <n>", "random example dialogues to show", intRange(0, 200), 5))
    .addOption(numberOption("--seed <n>", "seed of the example sample", intRange(0, 2 ** 31 - 1), 42))
    .addOption(
      new Option("--tokenizer <name>", "how tokens are counted (estimate: fast, approximate)")
        .choices(["o200k", "cl100k", "estimate"])
        .default("o200k"),
    )
    .action(
      async (
        input: string,
        opts: { out?: string; examples: number; seed: number; tokenizer: StatsTokenizer },
      ) => {
        const { out, stats } = await writeReportHtml(input, {
          out: opts.out,
          examples: opts.examples,
          seed: opts.seed,
          tokenizer: opts.tokenizer,
          generatedAt: new Date(),
        });
        info(`wrote ${out} (${stats.records} dialogues)`);
      },
    );
}
