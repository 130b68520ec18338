import * as clack from "@clack/prompts";
import type { Command } from "commander";
import { UsageError } from "../../core/errors.js";
import { generateRoleplay, type RoleplayFlags } from "../../pipelines/generate-roleplay.js";
import { roleplayDeps } from "../../pipelines/roleplay-deps.js";
import { installInterruptHandler } from "../interrupt.js";
import {
  addJudgeOptions,
  addModelOptions,
  addRunOptions,
  intRange,
  numberOption,
  Option,
} from "../options.js";
import { setQuiet, warn } from "../output.js";
import { createProgressView } from "../progress-view.js";
import { announceRun } from "../run-header.js";
import { finishRun, printDryRun, printNextSteps } from "../run-summary.js";

async function chooseRoleInteractively(roles: string[]): Promise<{ role: string } | { custom: string }> {
  const picked = await clack.select({
    message: "Which role should the assistant play?",
    options: [
      ...roles.map((r) => ({ value: r, label: r })),
      { value: "__custom", label: "custom (describe one)" },
    ],
  });
  if (clack.isCancel(picked)) throw new UsageError("no role chosen: pass --role NAME");
  if (picked !== "__custom") return { role: String(picked) };
  const text = await clack.text({ message: "Describe the persona (e.g. 'продавец курсов английского')" });
  if (clack.isCancel(text) || !String(text).trim())
    throw new UsageError("no role described: pass --role NAME or --role-file FILE");
  return { custom: String(text).trim() };
}

export function registerGenerateRoleplay(generate: Command): void {
  const cmd = generate
    .command("roleplay")
    .option(
      "--role <name>",
      "built-in role (crypto_seller, sneakers_seller, it_sales) or one from roles: in the config",
    )
    .option("--role-file <path>", "a role pack in YAML or JSON")
    .option("--lang <code>", "language of the dialogues (default: the role pack's)")
    .addOption(
      numberOption(
        "--min-messages <n>",
        "fewest messages a dialogue may have (default 40)",
        intRange(2, 1000),
      ),
    )
    .addOption(
      numberOption("--max-messages <n>", "most messages a dialogue may have (default 80)", intRange(2, 1000)),
    )
    .option("--raw <dir>", "few-shot examples: JSON/JSONL/HTML/TXT/MD and chat exports (default data/raw)")
    .option(
      "--assistant-name <name>",
      "in chat exports, the participant who is the seller/assistant (repeatable)",
      (value: string, previous: string[] = []) => [...previous, value],
    )

    .addOption(
      numberOption("--examples <n>", "examples shown per prompt (default 1; 0 for none)", intRange(0, 10)),
    )
    .addOption(
      new Option(
        "--strategy <name>",
        "oneshot: one request writes a dialogue; simulate: two models take turns, one call a message",
      ).choices(["oneshot", "simulate"]),
    )
    .option("--user-model <name>", "simulate: the customer-simulator model (a models: entry)")
    .option("--assistant-model <name>", "simulate: the persona model (a models: entry)")
    .option("--no-system-message", "records without the persona as their system message");
  addRunOptions(cmd);
  addModelOptions(cmd);
  addJudgeOptions(cmd, "roleplay");
  cmd.action(async (flags: RoleplayFlags) => {
    setQuiet(Boolean(flags.quiet));
    // commander defaults a --no-X flag to true; only a given flag may override the config.
    if (cmd.getOptionValueSource("systemMessage") === "default") delete flags.systemMessage;
    const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY) && !flags.yes;
    const progress = createProgressView("roleplay", { quiet: flags.quiet });
    const interrupt = installInterruptHandler(() => progress.stop());
    try {
      const result = await generateRoleplay(flags, roleplayDeps(), {
        stopSignal: interrupt.signal,
        onProgress: (p) => progress.update(p),
        warn,
        onStart: (models) => announceRun("roleplay", models),
        chooseRole: interactive ? chooseRoleInteractively : undefined,
      });
      progress.stop();
      if (result.kind === "dry-run") {
        printDryRun(result.plan, result.estimate, result.sample, result.outDir);
        return;
      }
      const code = finishRun(result, "generate roleplay");
      if (code === 0) printNextSteps(result.paths.dir);
      process.exitCode = code;
    } finally {
      progress.stop();
      interrupt.dispose();
    }
  });
}
