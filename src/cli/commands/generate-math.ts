import { relative } from "node:path";
import type { Command } from "commander";
import { generateMathCommand } from "../../pipelines/generate-math.js";
import { TASK_TYPES } from "../../recipes/math/tasks/index.js";
import { MODES } from "../../recipes/math/types.js";
import { installInterruptHandler } from "../interrupt.js";
import { cliCommand } from "../invocation.js";
import { addRunOptions, intRange, numberOption, numberRange, parseList, parseRangeArg } from "../options.js";
import { info, setQuiet } from "../output.js";
import { printNextSteps } from "../run-summary.js";

interface Flags {
  config?: string;
  count?: number;
  seed?: number;
  out?: string;
  quiet?: boolean;
  modes?: string[];
  tasks?: string[];
  lang?: string[];
  difficulty?: number[];
  reasoning?: boolean;
  system?: boolean;
  turns?: number;
  evalRatio?: number;
  list?: boolean;
  resume?: string | boolean;
}

/** `dialogsmith generate math`: procedural math and physics dialogues, no model, no network. */
export function registerGenerateMath(generate: Command): void {
  const cmd = generate
    .command("math")
    .option("--modes <list>", `comma-separated: ${MODES.join(", ")} (default: all)`, parseList)
    .option("--tasks <list>", "comma-separated task types (default: all; see --list)", parseList)
    .option("--lang <list>", "ru, en or ru,en (default: ru)", parseList)
    .option(
      "--difficulty <range>",
      "1-10, a single level or a range like 3-7 (default: 1-10)",
      parseRangeArg(1, 10),
    )
    .option("--reasoning", "answers as <think>...</think><answer>...</answer> (default)")
    .option("--no-reasoning", "answers as worked steps and a final 'Answer:' line")
    .option("--no-system", "omit the system message")
    .addOption(
      numberOption("--turns <n>", "user turns per dialogue (default: 3; see docs/math.md)", intRange(1, 10)),
    )
    .addOption(
      numberOption(
        "--eval-ratio <r>",
        "also split into train.jsonl + eval.jsonl, stratified by mode and task",
        numberRange(0, 1),
      ),
    )
    .option("--list", "print the task types and modes, then exit");
  addRunOptions(cmd);
  cmd.action(async (flags: Flags, command: Command) => {
    setQuiet(Boolean(flags.quiet));
    if (flags.list) {
      process.stdout.write(`modes: ${MODES.join(", ")}\ntask types: ${TASK_TYPES.join(", ")}\n`);
      return;
    }
    const started = Date.now();
    const interrupt = installInterruptHandler(() => {});
    try {
      const result = await generateMathCommand(
        {
          ...flags,
          // --no-system defaults the flag to true; only an explicit --no-system overrides the file.
          system: command.getOptionValueSource("system") === "cli" ? flags.system : undefined,
        },
        {
          signal: interrupt.signal,
          onProgress: (done, total) => {
            if (done < total) info(`math: ${done}/${total} dialogues`);
          },
        },
      );
      const files = Object.entries(result.files)
        .map(([name, n]) => `${n} in ${name}`)
        .join(", ");
      const seconds = ((Date.now() - started) / 1000).toFixed(2);
      info(`math: wrote ${files} to ${result.paths.dir} (seed ${result.run.plan.seed}, ${seconds} s)`);
      if (result.report.stopped !== "done") {
        const dir = relative(process.cwd(), result.paths.dir) || ".";
        // Shown even with --quiet: the run did not do what was asked.
        process.stderr.write(
          `dialogsmith: stopped short: interrupted. Resume with: ${cliCommand("generate", "math", "--resume", dir.startsWith("..") ? result.paths.dir : dir)}\n`,
        );
        process.exitCode = 1;
      } else printNextSteps(result.paths.dir);
    } finally {
      interrupt.dispose();
    }
  });
}
