import { Command, CommanderError } from "commander";
import { isDialogsmithError } from "../core/errors.js";
import { packageVersion } from "../core/version.js";
import { registerBatchCommand } from "./commands/batch.js";
import { registerDedupCommand } from "./commands/dedup.js";
import { registerExportCommand } from "./commands/export.js";
import { registerFakeServerCommand } from "./commands/fake-server.js";
import { registerGenerateMath } from "./commands/generate-math.js";
import { registerGenerateRoleplay } from "./commands/generate-roleplay.js";
import { registerGenerateRounds } from "./commands/generate-rounds.js";
import { registerGenerateTools } from "./commands/generate-tools.js";
import { registerInit } from "./commands/init.js";
import { registerPreprocessCommand } from "./commands/preprocess.js";
import { registerPushCommand } from "./commands/push.js";
import { registerRenderCommand } from "./commands/render.js";
import { registerReportCommand } from "./commands/report.js";
import { registerSplitCommand } from "./commands/split.js";
import { registerStatsCommand } from "./commands/stats.js";
import { registerValidateCommand } from "./commands/validate.js";
import { printError } from "./output.js";

/** Builds the command tree. Each command file only parses options and delegates. */
export async function buildProgram(): Promise<Command> {
  const program = new Command("dialogsmith")
    .description(
      "Generate multi-turn dialogue datasets for fine-tuning LLMs from any OpenAI-compatible model, or for math and physics from no model at all.",
    )
    .version(packageVersion(), "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  const generate = program.command("generate").description("generate a dataset with a recipe").exitOverride();
  // Registration lines: one per command file. Keep each on its own line.
  // [register:init]
  registerInit(program);
  // [register:generate-roleplay]
  registerGenerateRoleplay(generate);
  registerGenerateMath(generate);
  // [register:generate-rounds]
  registerGenerateRounds(generate);
  // [register:generate-tools]
  registerGenerateTools(generate);
  // [register:batch]
  registerBatchCommand(program);
  registerPreprocessCommand(program);
  // [register:dataset-tools]
  registerExportCommand(program);
  registerValidateCommand(program);
  registerSplitCommand(program);
  registerRenderCommand(program);
  registerDedupCommand(program);
  // [register:push]
  registerFakeServerCommand(program);
  registerStatsCommand(program);
  registerReportCommand(program);
  registerPushCommand(program);
  void generate;
  return program;
}

/** Runs the CLI and returns the exit code; errors become one line on stderr (stack with --debug). */
export async function runCli(argv: string[]): Promise<number> {
  const debug = argv.includes("--debug");
  const program = await buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander already printed its message (help, version, or a usage error).
      if (
        e.code === "commander.helpDisplayed" ||
        e.code === "commander.version" ||
        e.code === "commander.help"
      )
        return 0;
      return e.exitCode === 0 ? 0 : 2;
    }
    if (isDialogsmithError(e)) {
      printError(e.message);
      if (debug && e.stack) process.stderr.write(`${e.stack}\n`);
      return e.exitCode;
    }
    const err = e as Error;
    printError(`${err?.message ?? String(e)}${debug ? "" : " (run with --debug for details)"}`);
    if (debug && err?.stack) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
