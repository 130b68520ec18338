import type { z } from "zod";
import type { NamedModelConfig } from "../config/model-config.js";
import type { ChatMessage } from "../core/conversation.js";
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
  /**
   * The roles a run binds, in order, when they depend on its options (a strategy's own roles, a
   * judge bound to the entry the options name). Default: every role of `roles`.
   */
  runRoles?(options: z.output<Options>): Record<string, RecipeRole>;
  /** Records made when `--count` is not given (recipes driven by their inputs may ignore it). */
  defaultCount?: number;
  /** The run directory's label: `data/generated/<name>_<label>_<time>`. */
  label?(options: z.output<Options>): string | undefined;
  /**
   * Checks and completes options given on the command line or in the config (not on resume):
   * relative paths made absolute, flags that exclude each other. Runs before they are saved.
   */
  settle?(
    options: z.output<Options>,
    given: { count: number | undefined; io: RecipeIo; config: RecipeConfig },
  ): z.output<Options> | Promise<z.output<Options>>;
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
  /** The role's flag when it is not the role's name in kebab case (`user-model`); false: none. */
  flag?: string | false;
  /** The role's key in the recipe's YAML section when it is not the role's name; false: none. */
  key?: string | false;
}

/** What a recipe may read of dialogsmith.yaml besides its own section. */
export interface RecipeConfig {
  /** The config file's path (for messages), when there is one. */
  path?: string;
  /** Its top-level sections (`roles:`, ...), as written. */
  sections: Record<string, unknown>;
}

/** A choice a recipe asks the user for (the CLI on a terminal; `choose` is absent elsewhere). */
export interface ChoiceRequest {
  message: string;
  choices: string[];
  /** A last entry that asks for free text instead (its label, and the question then asked). */
  custom?: { label: string; message: string };
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
  /**
   * Asks the user on a terminal: a choice, or `{custom}` text; undefined when the user cancelled.
   * Absent when nobody can answer (not a terminal, `--yes`, a library call).
   */
  choose?(request: ChoiceRequest): Promise<{ choice: string } | { custom: string } | undefined>;
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
  /** Conversations in progress at once, from the models' summed concurrency (default: twice that). */
  window?(modelSlots: number): number;
  /**
   * For programs a placeholder answer cannot satisfy (a whole dialogue in one JSON answer): the
   * requests of one typical conversation and the completion tokens each is expected to take,
   * which a dry run shows and prices instead of running the program.
   */
  plan?(models: Partial<Record<string, NamedModelConfig>>): PlannedRequests;
  /** Runs that follow a complete run, each into a subdirectory of the run directory (a gold set). */
  followUps?: FollowUpRun[];
}

export interface PlannedRequests {
  /** The dry run's name for the run (default: the recipe's). */
  label?: string;
  calls: { role: string; messages: ChatMessage[]; completionTokens: number }[];
  /** Conversations the run will try if every one is accepted (default: the target). */
  items?: number;
  /** The prompts a dry run shows (default: the first request's system and user messages). */
  sample?: { system: string; user: string };
}

/** A run after the main one, with the same models and seed, into `<run>/<name>/`. */
export interface FollowUpRun<Input = unknown> {
  /** Its subdirectory and its name in progress and summaries. */
  name: string;
  program: ConversationProgram<Input>;
  inputs(): AsyncIterable<Input>;
  target: number;
  maxConversations: number;
  window?(modelSlots: number): number;
  /** Its config.json options (what makes its data). */
  options: Record<string, unknown>;
  /** Its dataset copied into the main run directory under this name when it is written. */
  publishAs?: string;
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

/** A role's flag without dashes (undefined: it has none, its model being fixed or chosen otherwise). */
export function roleFlag(role: string, spec: RecipeRole): string | undefined {
  if (spec.model !== undefined || spec.flag === false) return undefined;
  return spec.flag ?? role.replace(/_/g, "-");
}

/** A recipe of any options type, as the registry and the generic pipeline hold them. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds recipes of every options type
export type AnyRecipe = RecipeDefinition<z.ZodObject, any>;
