import type { Command } from "commander";
import {
  type JudgeFlags,
  type JudgeSummary,
  judgeDataset,
  type PairwiseSummary,
} from "../../pipelines/judge-dataset.js";
import { installInterruptHandler } from "../interrupt.js";
import { addModelOptions, addRunOptions, numberOption, SCORE_RANGE } from "../options.js";
import { info, setQuiet, warn } from "../output.js";
import { createProgressView } from "../progress-view.js";
import { announceRun } from "../run-header.js";
import { finishRun, printDryRun } from "../run-summary.js";

function printSummary(summary: JudgeSummary | PairwiseSummary): void {
  if ("pairs" in summary) {
    info(
      `pairwise: ${summary.pairs} pairs: A better in ${summary.a_wins}, B better in ${summary.b_wins}, ${summary.ties} ties (${summary.disagreements} where the two orders disagreed)`,
    );
    return;
  }
  const means = Object.entries(summary.means)
    .map(([c, m]) => `${c} ${m}`)
    .join(", ");
  info(`judged ${summary.judged} with rubric ${summary.rubric}: ${summary.passed} pass; mean ${means}`);
  if (summary.filtered) info(`records that pass: ${summary.filtered}`);
}

/** `dialogsmith judge FILE|RUN --rubric R --model NAME [--min-score X]`, `judge --pairwise A B`. */
export function registerJudgeCommand(program: Command): void {
  const cmd = program
    .command("judge")
    .argument("[inputs...]", "a dataset file or run directory (two with --pairwise)")
    .option(
      "--rubric <name|file>",
      "a built-in rubric (dialogue_quality, roleplay, rounds, tools) or a rubric file",
    )
    .addOption(
      numberOption(
        "--min-score <n>",
        "write the records whose mean score reaches this to filtered.jsonl",
        SCORE_RANGE,
      ),
    )
    .option("--pairwise", "compare two datasets record by record, each pair judged in both orders");
  addRunOptions(cmd);
  addModelOptions(cmd);
  cmd.action(async (inputs: string[], flags: JudgeFlags) => {
    setQuiet(Boolean(flags.quiet));
    const progress = createProgressView("judge", { quiet: flags.quiet });
    const interrupt = installInterruptHandler(() => progress.stop());
    try {
      const result = await judgeDataset(inputs, flags, {
        stopSignal: interrupt.signal,
        warn,
        onStart: (models) => announceRun("judge", models),
        onProgress: (p) => progress.update(p),
      });
      progress.stop();
      if (result.kind === "dry-run") {
        printDryRun(result.plan, result.estimate, result.sample, result.outDir);
        return;
      }
      printSummary(result.summary);
      process.exitCode = finishRun(result, flags.pairwise ? "judge --pairwise" : "judge");
    } finally {
      progress.stop();
      interrupt.dispose();
    }
  });
}
