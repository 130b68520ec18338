import { relative } from "node:path";
import type { Command } from "commander";
import { generateRounds, type RoundsFlags } from "../../pipelines/generate-rounds.js";
import type { RoundsDryRun, SampleMessage } from "../../pipelines/rounds-dry-run.js";
import { installInterruptHandler } from "../interrupt.js";
import { addModelOptions, addRunOptions, intRange, numberOption } from "../options.js";
import { info, setQuiet, warn } from "../output.js";
import { createProgressView } from "../progress-view.js";
import { announceRun } from "../run-header.js";
import { finishRun, printNextSteps } from "../run-summary.js";

function shortPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith("..") ? rel : p;
}

const SOURCE_NOTE: Record<SampleMessage["source"], string> = {
  instructions: "",
  input: " (round 1: from the input)",
  "input and run time": " (round 1: from the input; ⟪…⟫: written at run time)",
  "run time": " (⟪…⟫: written at run time)",
};

function printRoundsDryRun(plan: RoundsDryRun): void {
  const out = process.stdout;
  out.write("Round 1 is the input, as it is; ⟪…⟫ stands for text the models write during the run.\n");
  for (const { role, messages } of plan.sample) {
    out.write(`--- ${role}, round 2 of conversation 1 ---\n`);
    for (const m of messages) out.write(`[${m.role}]${SOURCE_NOTE[m.source]}\n${m.content}\n`);
  }
  out.write("---\n");
  const skipped = Object.entries(plan.input.skipped);
  out.write(
    `dry run: rounds, ${plan.conversations} conversations x ${plan.rounds - 1} more rounds -> ${shortPath(plan.outDir)} (nothing sent, nothing written)\n`,
  );
  out.write(
    `  input: ${plan.input.format}, ${plan.input.rows} rows, ${plan.input.used} used${skipped.length ? `, skipped: ${skipped.map(([r, n]) => `${r} ${n}`).join(", ")}` : ""}\n`,
  );
  for (const [name, e] of Object.entries(plan.perModel)) {
    out.write(
      `  ${name}${e.model ? ` (${e.model})` : ""} [${e.roles.join(", ")}]: ${e.calls} calls, ~${e.promptTokens} prompt + ~${e.completionTokens} completion tokens${e.costUsd !== undefined ? `, ~$${e.costUsd.toFixed(4)}` : ""}\n`,
    );
  }
  out.write(
    plan.totalCostUsd !== undefined
      ? `  estimated cost: ~$${plan.totalCostUsd.toFixed(4)} if no step is retried\n`
      : "  estimated cost: unknown (set price: in the model config)\n",
  );
}

export function registerGenerateRounds(generate: Command): void {
  const cmd = generate
    .command("rounds")
    .option(
      "--input <file>",
      "round-1 data: JSONL, JSON array, CSV or Parquet with question, answer, correction",
    )
    .addOption(numberOption("--rounds <n>", "rounds in all, round 1 included (default 3)", intRange(2, 50)))
    .option("--questioner <name>", "model (a models: entry) that writes the follow-up questions")
    .option("--answerer <name>", "model that writes the (deliberately flawed) answers")
    .option("--corrector <name>", "model that writes the corrections")
    .addOption(
      numberOption(
        "--sample <n>",
        "a seeded random sample of this many records (--count N: the first N)",
        intRange(1, 100_000_000),
      ),
    )
    .option("--fields <map>", "input field names, e.g. question=prompt,answer=response,correction=corrected")
    .option("--lang <code>", "language of the prompts (default: detected per conversation)")
    .addOption(
      numberOption(
        "--context-messages <n>",
        "history messages shown to a model (default 16)",
        intRange(0, 1000),
      ),
    )
    .addOption(
      numberOption(
        "--message-tokens <n>",
        "longest text shown to a model, in tokens (default 1024)",
        intRange(16, 1_000_000),
      ),
    )
    .option(
      "--answer-styles <list>",
      "how answers fall short, one drawn per round: plausible_mistake,missing_caveat,wrong_assumption (default), too_brief",
    )
    .option(
      "--answerer-instruction <text>",
      "replaces the answerer's built-in answer styles with this instruction ('' for none)",
    );
  addRunOptions(cmd);
  addModelOptions(cmd);
  cmd.action(async (flags: RoundsFlags) => {
    setQuiet(Boolean(flags.quiet));
    const view = createProgressView("rounds", { quiet: flags.quiet || flags.dryRun });
    let stopped = false;
    const stopProgress = () => {
      if (!stopped) view.stop();
      stopped = true;
    };
    const interrupt = installInterruptHandler(stopProgress);
    try {
      const result = await generateRounds(flags, {
        stopSignal: interrupt.signal,
        warn,
        onStart: (models) => announceRun("rounds", models),
        onProgress: (p) => view.update(p),
      });
      stopProgress();
      if (result.kind === "dry-run") {
        printRoundsDryRun(result);
        return;
      }
      const ended = result.incomplete.length;
      if (ended > 0)
        warn(
          `${ended} conversation(s) ended early at their last complete round (listed in report.json under ended_early)`,
        );
      const files = (result.report.round_files ?? {}) as Record<string, number>;
      info(
        `round files: ${Object.entries(files)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")}`,
      );
      const code = finishRun(result, "generate rounds");
      if (code === 0) printNextSteps(result.paths.dir);
      process.exitCode = code;
    } finally {
      stopProgress();
      interrupt.dispose();
    }
  });
}
