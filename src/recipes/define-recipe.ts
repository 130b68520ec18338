import type { z } from "zod";
import type { NamedModelConfig } from "../config/model-config.js";
import type { ConversationRunResult } from "../engine/conversation-runner.js";
import type { ConversationProgram } from "../engine/program.js";

/**
 * One declaration per recipe. From it come the `generate <name>` command and its `--help` (the
 * options schema's descriptions, defaults and bounds), the `<name>:` section of dialogsmith.yaml
 * and its validation, the options saved in config.json and their parsing on resume, and the
 * README's option table. The registry (recipes/registry.ts) lists the recipes.
 */
export interface RecipeDefinition<Options extends z.ZodObject = z.ZodObject, Input = unknown> {
  /** The command name and the `<name>:` config section. */
  name: string;
  /** One line for `dialogsmith generate --help`. */
  summary: string;
  /**
   * What users set: YAML keys (snake_case) and flags (the key in kebab case), each with a
   * description and a default; `.meta({flag, valueName, yamlOnly, runOnly})` adjusts a field
   * (see recipe-options.ts). Parsed again from config.json when a run resumes.
   */
  options: Options;
  /**
   * The roles a model is needed for, each bound to a `models:` entry: by its own flag and section
   * key (`--questioner NAME`, `questioner:`), else by `--model` / `model:`.
   */
  roles: Record<string, RecipeRole>;
  /** Records made when `--count` is not given (recipes driven by their inputs may ignore it). */
  defaultCount?: number;
  /** The run directory's label: `data/generated/<name>_<label>_<time>`. */
  label?(options: z.output<Options>): string | undefined;
  /**
   * Checks and completes options given on the command line or in the config (not on resume):
   * relative paths made absolute, flags that exclude each other. Runs before they are saved.
   */
  settle?(options: z.output<Options>, given: { count: number | undefined; io: RecipeIo }): z.output<Options>;
  /**
   * For recipes driven by their inputs: the count saved in config.json (default: `--count`, the
   * number of complete conversations wanted). Its presence says `--count` is not a target.
   */
  savedCount?(options: z.output<Options>): number;
  /** Lines the CLI prints after a run, from its report (recipe-specific counts). */
  summarize?(report: Record<string, unknown>): string[];
  /** The conversation program, its inputs and what the run aims for. */
  prepare(run: RecipeRun<z.output<Options>>): Promise<PreparedRecipe<Input>> | PreparedRecipe<Input>;
}

export interface RecipeRole {
  /** Shown in `--help` and the README. */
  description: string;
  /**
   * The `models:` entry the recipe itself names for this role (a YAML recipe's `model:`); the
   * role then has no flag of its own, and `model:` / `--model` do not replace it.
   */
  model?: string;
}

/**
 * What a recipe needs from outside (files, the terminal): provided by the application layer, so a
 * recipe never opens a file or a socket itself.
 */
export interface RecipeIo {
  /** Warnings for the user (the CLI prints them; the library passes them to a callback). */
  warn(message: string): void;
  /** An absolute path for a path the user gave (relative to the working directory). */
  resolvePath(path: string): string;
  /** The run directory's files, for recipes whose inputs are written into it before the run. */
  runFiles?: RunFiles;
}

/** Files inside the run directory, by path relative to it. */
export interface RunFiles {
  exists(path: string): boolean;
  readJson(path: string): unknown;
  /** Written to a temporary file and renamed into place: a reader never sees half of it. */
  writeJsonAtomic(path: string, value: unknown): void;
  /**
   * Writes several JSONL files together: `fill` writes rows to them by index; each is written to a
   * temporary file and renamed into place only when `fill` succeeds.
   */
  writeJsonlAtomic(
    paths: readonly string[],
    fill: (write: (file: number, row: unknown) => void) => Promise<void>,
  ): Promise<void>;
  readJsonl(path: string): AsyncIterable<unknown>;
}

export interface RecipeRun<Options> {
  options: Options;
  seed: number;
  /** `--count` (or the saved count on resume); undefined when the user gave none. */
  count: number | undefined;
  /** The `models:` entry each role is bound to. */
  models: Record<string, NamedModelConfig>;
  io: RecipeIo;
  /** True when the run continues a saved one. */
  resuming: boolean;
}

export interface PreparedRecipe<Input> {
  program: ConversationProgram<Input>;
  /** The conversations' inputs in index order (finite for input-driven recipes, endless otherwise). */
  inputs(): AsyncIterable<Input>;
  /** How many inputs there are, when known (progress). */
  total?: number;
  /** Complete conversations wanted; undefined: every input once. */
  target?: number;
  /** Conversations tried at most (default: three times the target). */
  maxConversations?: number;
  /** Recipe-specific fields merged into report.json. */
  reportExtras?(result: ConversationRunResult): Record<string, unknown>;
  /** Lines a dry run shows about the inputs (`input: jsonl, 10 rows, 4 used`). */
  notes?: string[];
  /** Exporters (`openai`, `sharegpt`, ...) run into the run directory's export/ when the run is done. */
  exporters?: string[];
}

/** Declares a recipe: checks its name and roles once, and keeps its types for callers. */
export function defineRecipe<Options extends z.ZodObject, Input = unknown>(
  definition: RecipeDefinition<Options, Input>,
): RecipeDefinition<Options, Input> {
  if (!/^[a-z][a-z0-9-]*$/.test(definition.name))
    throw new Error(`recipe name '${definition.name}': lower-case letters, digits and dashes`);
  for (const role of Object.keys(definition.roles))
    if (!/^[a-z][a-z0-9_]*$/.test(role)) throw new Error(`recipe ${definition.name}: role name '${role}'`);
  return definition;
}

/** A recipe of any options type, as the registry and the generic pipeline hold them. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds recipes of every options type
export type AnyRecipe = RecipeDefinition<z.ZodObject, any>;
