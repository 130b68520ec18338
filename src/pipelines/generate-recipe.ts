import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import type { FileConfig } from "../config/file-config.js";
import { loadConfig, readStructuredFile } from "../config/load-config.js";
import { ConfigError, InputError, UsageError } from "../core/errors.js";
import { recordId } from "../core/record-id.js";
import type { ConversationProgram } from "../engine/program.js";
import { EXPORT_TARGETS } from "../formats/export/types.js";
import { readRows } from "../formats/qa-input/read-rows.js";
import { type AnyRecipe, defineRecipe } from "../recipes/define-recipe.js";
import { judgedProgram } from "../recipes/judge/with-judge.js";
import type { CompiledRecipe } from "../recipes/yaml/compiled.js";
import { describeRecipe } from "../recipes/yaml/compiled.js";
import { compileRecipe } from "../recipes/yaml/compiler.js";
import { RECIPE_FILES, YamlRecipeProgram } from "../recipes/yaml/program.js";
import { type GenerateIo, type GenerateResult, generateWith } from "./generate.js";
import { runWithPlaceholders } from "./recipe-dry-run.js";
import { emptyRecipeFiles, fileRecipeIo, type RecipeFiles } from "./recipe-io.js";
import { type CommonRunFlags, DEFAULT_SEED, resolveRunDir, type SavedRunConfig } from "./run-options.js";

/** Dialogues a recipe makes when neither the file nor `--count` says. */
export const DEFAULT_RECIPE_COUNT = 100;

export interface RecipeFlags extends CommonRunFlags {
  /** A recipe file (YAML or JSON). */
  recipe?: string;
  /** The seed dataset (instead of the recipe's `input:`). */
  input?: string;
}

/** What the caller of a recipe run may hand it (progress, Ctrl-C, callbacks). */
export type RecipeRunIo = GenerateIo;

export type RecipeResult = GenerateResult;

/** config.json's options of a recipe run: the recipe itself and what it read. */
interface RecipeRunOptions {
  recipe: unknown;
  input?: string;
  files: RecipeFiles;
}

interface RecipeSource {
  data: unknown;
  /** The file, for error messages and relative paths (undefined: inline in the config). */
  path?: string;
  label: string;
}

/** Where the recipe comes from: `--recipe FILE`, or a name under `recipes:` in dialogsmith.yaml. */
function recipeSource(
  name: string | undefined,
  flags: RecipeFlags,
  config: FileConfig,
  configPath?: string,
): RecipeSource | undefined {
  if (flags.recipe) {
    if (!existsSync(flags.recipe))
      throw new UsageError(`recipe file not found: ${flags.recipe} (check --recipe)`);
    return { data: readStructuredFile(flags.recipe, "recipe"), path: flags.recipe, label: flags.recipe };
  }
  if (!name) return undefined;
  const entry = config.recipes?.[name];
  if (entry === undefined) {
    const defined = Object.keys(config.recipes ?? {});
    throw new UsageError(
      `unknown recipe '${name}': built in are roleplay, math, rounds and tools${defined.length ? `; dialogsmith.yaml defines ${defined.join(", ")}` : ""}; or pass --recipe FILE.yaml`,
    );
  }
  const base = configPath ? dirname(configPath) : process.cwd();
  if (typeof entry === "string") {
    const path = resolve(base, entry);
    return { data: readStructuredFile(path, "recipe"), path, label: entry };
  }
  return { data: entry, path: configPath, label: `${configPath ?? "config"} (recipes.${name})` };
}

function savedRun(dir: string): SavedRunConfig {
  const path = join(resolve(dir), "config.json");
  if (!existsSync(path))
    throw new UsageError(`${dir} is not a dialogsmith run directory (no config.json): check --resume`);
  return JSON.parse(readFileSync(path, "utf8")) as SavedRunConfig;
}

function recipeName(data: unknown, label: string): string {
  const name = (data as { name?: unknown } | null)?.name;
  if (typeof name !== "string") throw new ConfigError(`${label}: name: a recipe needs a name`);
  return name;
}

/** Every row of the seed dataset, over and over (dialogue i gets row i modulo the rows). */
async function* cycledRows(path: string): AsyncGenerator<unknown> {
  for (;;) {
    let any = false;
    for await (const item of readRows(path)) {
      if ("skip" in item) continue;
      any = true;
      yield item.value;
    }
    if (!any) throw new InputError(`${path}: no usable rows in the seed dataset`);
  }
}

async function* noRows(): AsyncGenerator<unknown> {
  for (;;) yield undefined;
}

async function firstRow(recipe: CompiledRecipe): Promise<unknown> {
  if (!recipe.input) return undefined;
  const rows = cycledRows(recipe.input);
  const first = await rows.next();
  await rows.return(undefined);
  return first.value;
}

interface Prepared {
  recipe: CompiledRecipe;
  options: RecipeRunOptions;
  label: string;
  dir: string;
  saved?: SavedRunConfig;
  seed: number;
  count: number;
  config: FileConfig;
}

/** Loads and compiles the recipe, and resolves the run directory, seed and count. */
async function prepare(name: string | undefined, flags: RecipeFlags): Promise<Prepared> {
  const { config, path: configPath } = loadConfig(flags.config);
  const source = recipeSource(name, flags, config, configPath);
  if (!source && typeof flags.resume !== "string")
    throw new UsageError(
      "which recipe? pass --recipe FILE.yaml, a name from recipes: in dialogsmith.yaml, or --resume DIR",
    );
  const nameOf = source ? recipeName(source.data, source.label) : savedRun(flags.resume as string).recipe;
  const { dir, saved } = resolveRunDir(nameOf, undefined, flags, config);
  const savedOptions = saved?.options as RecipeRunOptions | undefined;
  const files = savedOptions?.files ?? emptyRecipeFiles();
  const label = source?.label ?? join(dir, "config.json");
  const input = flags.input ? resolve(flags.input) : savedOptions?.input;
  const data = savedOptions?.recipe ?? source!.data;
  const recipe = await compileRecipe(data, {
    source: label,
    io: fileRecipeIo(source?.path, files, saved !== undefined),
    models: saved || flags.model ? undefined : Object.keys(config.models),
    exporters: EXPORT_TARGETS,
    input,
  });
  const options: RecipeRunOptions = { recipe: data, ...(recipe.input ? { input: recipe.input } : {}), files };
  const seed = flags.seed ?? saved?.seed ?? DEFAULT_SEED;
  const count = flags.count ?? saved?.count ?? recipe.count ?? DEFAULT_RECIPE_COUNT;
  return { recipe, options, label, dir, saved, seed, count, config };
}

/** The recipe's program, with its judge (if any) scoring each finished dialogue. */
function recipeProgram(recipe: CompiledRecipe, checks = true): ConversationProgram<unknown> {
  const program = new YamlRecipeProgram(recipe, {
    idFor: (index, seed) => recordId(recipe.name, seed, index),
    checks,
  });
  return recipe.judge
    ? judgedProgram(program, recipe.judge, RECIPE_FILES.dataset, RECIPE_FILES.rejected)
    : program;
}

const YamlRunOptions = z.object({
  recipe: z.unknown().meta({ hidden: true }),
  input: z.string().optional().meta({ hidden: true }),
  files: z.custom<RecipeFiles>((v) => typeof v === "object" && v !== null).meta({ hidden: true }),
});

/** A template that cannot render fails before anything is paid for (and before a dry run shows it). */
async function checkTemplates(p: Prepared, seed: number): Promise<void> {
  const check = await runWithPlaceholders(recipeProgram(p.recipe, false), seed, await firstRow(p.recipe));
  if (check.outcome.reason === "template_error") throw new ConfigError(`${p.label}: ${check.outcome.detail}`);
}

/** The compiled YAML recipe as a definition: it runs through the same generic pipeline as a built-in. */
function yamlDefinition(p: Prepared): AnyRecipe {
  const descriptor = describeRecipe(p.recipe);
  const roles = Object.fromEntries(
    Object.entries(descriptor.roles).map(([role, model]) => [role, { description: `plays ${role}`, model }]),
  );
  return defineRecipe({
    name: p.recipe.name,
    summary: p.recipe.description ?? p.label,
    options: YamlRunOptions,
    roles,
    defaultCount: p.count,
    settle: () => p.options,
    async prepare(run) {
      await checkTemplates(p, run.seed);
      return {
        program: recipeProgram(p.recipe),
        inputs: () => (p.recipe.input ? cycledRows(p.recipe.input) : noRows()),
        target: run.count,
        exporters: p.recipe.output.exporters,
      };
    },
  });
}

/**
 * `dialogsmith generate --recipe FILE` / `generate NAME`: a YAML recipe, compiled to a conversation
 * program and run through the generic pipeline on the step-journaled runner (lock, resume, cache,
 * budget, progress, report), as every built-in recipe is.
 */
export async function generateFromRecipe(
  name: string | undefined,
  flags: RecipeFlags,
  io: RecipeRunIo = {},
): Promise<RecipeResult> {
  const p = await prepare(name, flags);
  const { recipe: _file, ...runFlags } = flags;
  return generateWith(yamlDefinition(p), { ...runFlags, out: p.dir, count: p.count }, io);
}
