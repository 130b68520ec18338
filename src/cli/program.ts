import { Command, CommanderError } from "commander";
import { isDialogsmithError } from "../core/errors.js";
import { packageVersion } from "../core/version.js";
import { RECIPES } from "../recipes/registry.js";
import { printError } from "./output.js";

/** A command file's entry point: adds its command (options, action) to the parent. */
type Register = (parent: Command) => void;

interface CommandEntry {
  name: string;
  description: string;
  hidden?: boolean;
  /** Imports the command's module; only the command being run is ever loaded. */
  load?: () => Promise<Register>;
  subcommands?: CommandEntry[];
  /**
   * For a command with subcommands that also runs on its own (`generate --recipe FILE`, `generate
   * NAME`): adds its options and action, loaded only when no subcommand is named.
   */
  extend?: () => Promise<(cmd: Command) => void>;
}

// The command list, in help order. Descriptions live here so `--help` needs no command module;
// each command file adds its options and action when (and only when) it runs.
const COMMANDS: CommandEntry[] = [
  {
    name: "init",
    description: "create a commented dialogsmith.yaml and data/raw/ with an example",
    load: async () => (await import("./commands/init.js")).registerInit,
  },
  {
    name: "generate",
    description: "generate a dataset with a recipe (built in, or your own: generate --recipe FILE.yaml)",
    extend: async () => (await import("./commands/generate-recipe.js")).registerGenerateRecipe,
    subcommands: [
      {
        name: "math",
        description: "procedural multi-turn math and physics dialogues (offline: no model, no keys)",
        load: async () => (await import("./commands/generate-math.js")).registerGenerateMath,
      },
      // Recipes declared with defineRecipe run through the one generic pipeline.
      ...RECIPES.map((entry) => ({
        name: entry.name,
        description: entry.summary,
        load: async () => {
          const [{ addRecipeCommand }, recipe] = await Promise.all([
            import("./commands/recipe-command.js"),
            entry.load(),
          ]);
          return (generate: Command) => void addRecipeCommand(generate, recipe);
        },
      })),
    ],
  },
  {
    name: "batch",
    description:
      "generate through the OpenAI Batch API: prepare, submit, status, cancel, retrieve, retry, run",
    load: async () => (await import("./commands/batch.js")).registerBatchCommand,
  },
  {
    name: "worker",
    description: "run model steps for distributed runs (generate ... --queue redis://...) until stopped",
    load: async () => (await import("./commands/worker.js")).registerWorkerCommand,
  },
  {
    name: "queue",
    description: "the queue of distributed runs: queue status redis://HOST:PORT/DB",
    load: async () => (await import("./commands/queue.js")).registerQueueCommand,
  },
  {
    name: "preprocess",
    description:
      "validate a batch directory's results.jsonl and write dataset.jsonl (and gold_dataset.jsonl) in Qwen's <tool_call> text form",
    load: async () => (await import("./commands/preprocess.js")).registerPreprocessCommand,
  },
  {
    name: "export",
    description: "convert a dataset file or run directory to a trainer format (streaming)",
    load: async () => (await import("./commands/export.js")).registerExportCommand,
  },
  {
    name: "validate",
    description:
      "check a trainer file (OpenAI, ShareGPT/LLaMA-Factory, TRL) and its token lengths; exit 1 on errors",
    load: async () => (await import("./commands/validate.js")).registerValidateCommand,
  },
  {
    name: "split",
    description:
      "split a dataset into train.jsonl and eval.jsonl (deterministic, streaming, optionally stratified)",
    load: async () => (await import("./commands/split.js")).registerSplitCommand,
  },
  {
    name: "render",
    description: "render each record with a chat template into samples/sample_0001.txt, ... (byte-exact)",
    load: async () => (await import("./commands/render.js")).registerRenderCommand,
  },
  {
    name: "dedup",
    description:
      "drop exact duplicates (normalised messages) and near duplicates (MinHash + LSH), keeping the first",
    load: async () => (await import("./commands/dedup.js")).registerDedupCommand,
  },
  {
    name: "judge",
    description:
      "score every dialogue of a dataset with an LLM judge and a rubric into a run directory; --min-score filters, --pairwise compares two",
    load: async () => (await import("./commands/judge.js")).registerJudgeCommand,
  },
  {
    name: "fake-server",
    hidden: true,
    description: "run a local fake OpenAI-compatible server with fault injection (offline dry runs, tests)",
    load: async () => (await import("./commands/fake-server.js")).registerFakeServerCommand,
  },
  {
    name: "stats",
    description: "statistics of a dataset: counts, lengths, roles, languages, breakdowns, rejections, cost",
    load: async () => (await import("./commands/stats.js")).registerStatsCommand,
  },
  {
    name: "report",
    description:
      "write a self-contained report.html (charts inlined, works offline) for a run or a JSONL file",
    load: async () => (await import("./commands/report.js")).registerReportCommand,
  },
  {
    name: "push",
    description: "push a run or a JSONL file to a Hugging Face dataset repo, with a dataset card",
    load: async () => (await import("./commands/push.js")).registerPushCommand,
  },
];

/**
 * The command words the arguments name (`generate math` -> ["generate", "math"]), `help` skipped.
 * Only the program's own -h/-V may come before a command, so the words are the non-option tokens.
 */
function commandWords(args: string[]): string[] {
  const words = args.filter((a) => !a.startsWith("-"));
  return words[0] === "help" ? words.slice(1) : words;
}

/**
 * Adds the entries to parent: the one `words` names in full, the others by name and description.
 * `args` are all the arguments (a command that also runs on its own is extended when they hold
 * more than a bare --help, `generate --recipe=FILE` included).
 */
async function addCommands(
  parent: Command,
  entries: CommandEntry[],
  words: string[],
  args: string[] = [],
): Promise<void> {
  const [word, ...rest] = words;
  for (const entry of entries) {
    const chosen = entry.name === word;
    if (chosen && entry.load) {
      (await entry.load())(parent);
      parent.commands.find((c) => c.name() === entry.name)?.description(entry.description);
      continue;
    }
    const cmd = parent.command(entry.name, { hidden: entry.hidden }).description(entry.description);
    if (entry.subcommands) await addCommands(cmd, entry.subcommands, chosen ? rest : []);
    const subcommandNamed = entry.subcommands?.some((s) => s.name === rest[0]);
    const ownArgs = rest.length > 0 || args.some((a) => a.startsWith("--") && a !== "--help");
    if (chosen && entry.extend && ownArgs && !subcommandNamed) (await entry.extend())(cmd);
  }
}

/** Builds the command tree for these arguments (argv without node and the script). */
export async function buildProgram(args: string[] = []): Promise<Command> {
  const program = new Command("dialogsmith")
    .description(
      "Generate multi-turn dialogue datasets for fine-tuning LLMs from any OpenAI-compatible model, or for math and physics from no model at all.",
    )
    .version(packageVersion(), "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  await addCommands(program, COMMANDS, commandWords(args), args);
  return program;
}

/** Runs the CLI and returns the exit code; errors become one line on stderr (stack with --debug). */
export async function runCli(argv: string[]): Promise<number> {
  const debug = argv.includes("--debug");
  const program = await buildProgram(argv.slice(2));
  // Any command may read dialogsmith.yaml, which may hold sections of registered recipes.
  const helpOnly = argv.some((a) => a === "--help" || a === "-h" || a === "--version" || a === "-V");
  if (commandWords(argv.slice(2)).length > 0 && !helpOnly) await import("../recipes/recipe-sections.js");
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
