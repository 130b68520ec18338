import type { Command } from "commander";
import { exitCodeFor } from "../../engine/report.js";
import { generateTools } from "../../pipelines/generate-tools.js";
import type { ToolsFlags } from "../../pipelines/tools-options.js";
import { installInterruptHandler } from "../interrupt.js";
import {
  addJudgeOptions,
  addModelOptions,
  addRunOptions,
  intRange,
  numberOption,
  numberRange,
} from "../options.js";
import { info, setQuiet, warn } from "../output.js";
import { createProgressView, type ProgressView } from "../progress-view.js";
import { announceRun } from "../run-header.js";
import { finishRun, printDryRun, printNextSteps } from "../run-summary.js";

/** Options shared by `generate tools` and `batch prepare|run tools`. */
export function addToolsOptions(cmd: Command): Command {
  return cmd
    .option(
      "--domain <name|path>",
      "built-in domain pack (delivery) or a pack file in YAML/JSON (default delivery)",
    )
    .option(
      "--gold",
      "also write the pack's gold evaluation set (delivery: 8 categories x 10) as gold_dataset.jsonl",
    )
    .addOption(
      numberOption("--min-turns <n>", "fewest user messages a dialogue has (default 2)", intRange(1, 50)),
    )
    .addOption(
      numberOption("--max-turns <n>", "most user messages a dialogue has (default 5)", intRange(1, 50)),
    )
    .addOption(
      numberOption(
        "--unsupported-ratio <x>",
        "share of requests no tool can serve (default 0.1)",
        numberRange(0, 1),
      ),
    )
    .addOption(
      numberOption(
        "--twist-ratio <x>",
        "share of dialogues with an edge-case twist (default 0.25)",
        numberRange(0, 1),
      ),
    );
}

/** `dialogsmith generate tools`: function-calling dialogues from a domain pack, online. */
export function registerGenerateTools(generate: Command): void {
  const cmd = generate.command("tools");
  addToolsOptions(cmd);
  addRunOptions(cmd);
  addModelOptions(cmd);
  addJudgeOptions(cmd, "tools");
  cmd.action(async (flags: ToolsFlags) => {
    setQuiet(Boolean(flags.quiet));
    let progress: ProgressView | undefined;
    const interrupt = installInterruptHandler(() => progress?.stop());
    let phase: string | undefined;
    try {
      const result = await generateTools(flags, {
        stopSignal: interrupt.signal,
        warn,
        onStart: (models) => announceRun("tools", models),
        onProgress: (p, set) => {
          if (phase !== set) {
            progress?.stop();
            phase = set;
            progress = createProgressView(set === "gold" ? "tools (gold)" : "tools", { quiet: flags.quiet });
          }
          progress?.update(p);
        },
      });
      progress?.stop();
      if (result.kind === "dry-run") {
        printDryRun(result.plan, result.estimate, result.sample, result.outDir);
        return;
      }
      let code = finishRun(result, "generate tools");
      if (result.gold) {
        const g = result.gold.report;
        info(
          `gold set: ${g.accepted}/${g.requested} accepted, ${g.rejected} rejected, ${g.failed} failed -> ${result.goldDataset}`,
        );
        if (result.gold.fatal) throw result.gold.fatal;
        // Gold items are tried once each: any rejected leaves the set short (exit 1).
        code = Math.max(code, exitCodeFor(g.stopped));
      }
      if (code === 0) printNextSteps(result.paths.dir);
      process.exitCode = code;
    } finally {
      progress?.stop();
      interrupt.dispose();
    }
  });
}
