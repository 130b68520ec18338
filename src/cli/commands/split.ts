import type { Command } from "commander";
import { splitDataset } from "../../formats/split.js";
import { intRange, numberOption, numberRange } from "../options.js";
import { info, setQuiet } from "../output.js";

interface SplitFlags {
  lossy?: boolean;
  evalRatio: number;
  seed: number;
  stratify?: string;
  out?: string;
  quiet?: boolean;
}

/** `dialogsmith split IN`: deterministic train/eval files. */
export function registerSplitCommand(program: Command): void {
  program
    .command("split")
    .argument("<input>", "a JSONL file or a run directory")
    .addOption(numberOption("--eval-ratio <r>", "fraction of each stratum for eval", numberRange(0, 1), 0.1))
    .addOption(numberOption("--seed <n>", "same seed, same split", intRange(0, 2 ** 31 - 1), 42))
    .option("--stratify <field>", "dotted field to stratify by, e.g. metadata.mode")
    .option(
      "--out <dir>",
      "directory for train.jsonl and eval.jsonl (default: the run directory or the file's directory)",
    )
    .option("--lossy", "replace invalid UTF-8 with U+FFFD instead of stopping at it")
    .option("--quiet", "print nothing but errors")
    .action(async (input: string, flags: SplitFlags) => {
      if (flags.quiet) setQuiet(true);
      const s = await splitDataset({
        lossy: flags.lossy,
        input,
        evalRatio: flags.evalRatio,
        seed: flags.seed,
        stratify: flags.stratify,
        outDir: flags.out,
      });
      info(`split ${s.total} records: train ${s.train} -> ${s.trainPath}, eval ${s.eval} -> ${s.evalPath}`);
      if (flags.stratify) {
        const width = Math.min(40, Math.max(...s.strata.map((x) => x.key.length), 7));
        info(
          `${"stratum".padEnd(width)}  ${"total".padStart(8)}  ${"train".padStart(8)}  ${"eval".padStart(8)}`,
        );
        for (const x of s.strata) {
          info(
            `${x.key.slice(0, width).padEnd(width)}  ${String(x.total).padStart(8)}  ${String(x.train).padStart(8)}  ${String(x.eval).padStart(8)}`,
          );
        }
      }
    });
}
