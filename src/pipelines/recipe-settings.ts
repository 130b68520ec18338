import { z } from "zod";
import type { FileConfig } from "../config/file-config.js";
import { parseWithSchema } from "../config/load-config.js";
import type { ModelChoice } from "../config/resolve-model.js";
import { ConfigError, UsageError } from "../core/errors.js";
import { type AnyRecipe, type RecipeRole, roleFlag } from "../recipes/define-recipe.js";
import { optionFields } from "../recipes/recipe-options.js";
import type { CommonRunFlags } from "./run-options.js";

/**
 * A recipe's settings from the three places a user writes them, one schema for all: the recipe's
 * `<name>:` section of dialogsmith.yaml, the command line (flags win), and config.json on resume.
 */

/** What the generic pipeline gets from the command line or a library call. */
export interface RecipeFlags extends CommonRunFlags {
  /** Recipe options by their YAML key (a library call); they win over flags and the section. */
  options?: Record<string, unknown>;
  /** The `models:` entry of each role, by role name (a library call). */
  roles?: Record<string, string>;
  /** Recipe options by their flag in camelCase (commander's naming), and role model names. */
  [flag: string]: unknown;
}

/** The keys a recipe section may hold besides the recipe's options. */
const RUN_KEYS = {
  model: z.string().optional(),
  count: z.int().nonnegative().optional(),
  seed: z.int().nonnegative().optional(),
  max_cost: z.number().nonnegative().optional(),
};

const camel = (flag: string) => flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The recipe's section of dialogsmith.yaml, checked key by key (unknown keys are errors). */
export function recipeSection(
  recipe: AnyRecipe,
  config: FileConfig,
  configPath: string | undefined,
): Record<string, unknown> {
  const raw = (config as Record<string, unknown>)[recipe.name] ?? {};
  const roles = Object.fromEntries(
    Object.entries(recipe.roles)
      .filter(([, spec]) => spec.model === undefined && spec.key !== false)
      .map(([role, spec]) => [spec.key ?? role, z.string().optional()]),
  );
  // Flag-only fields and the recipe's own (hidden) ones are no YAML keys.
  const notKeys = Object.fromEntries(
    optionFields(recipe.options)
      .filter((f) => f.flagOnly || f.hidden)
      .map((f) => [f.key, true as const]),
  );
  const options = recipe.options.partial().omit(notKeys as never);
  const schema = z.strictObject({ ...options.shape, ...roles, ...RUN_KEYS });
  parseWithSchema(schema, raw, configPath ?? "config", [recipe.name]);
  return raw as Record<string, unknown>;
}

/** A flag's value as the schema expects it (lists are comma-separated on the command line). */
function flagValue(kind: string, value: unknown): unknown {
  if (kind === "list" && typeof value === "string")
    return value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  return value;
}

/**
 * The options of a new run: section values, overridden by flags, parsed by the recipe's schema.
 * A bad value names where it came from (`--rounds` or `dialogsmith.yaml: rounds.rounds`).
 */
export function optionsFromSettings(
  recipe: AnyRecipe,
  flags: RecipeFlags,
  section: Record<string, unknown>,
  configPath: string | undefined,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const fromFlag = new Set<string>();
  const fields = optionFields(recipe.options);
  for (const field of fields) {
    if (field.hidden) continue;
    if (section[field.key] !== undefined && !field.flagOnly) values[field.key] = section[field.key];
    const flag = field.yamlOnly ? undefined : flags[camel(field.flag)];
    if (flag !== undefined) {
      values[field.key] = flagValue(field.kind, flag);
      fromFlag.add(field.key);
    }
    if (flags.options?.[field.key] !== undefined) values[field.key] = flags.options[field.key];
  }
  // Hidden fields are the recipe's own (its settle() fills them): not required of the user.
  const hidden = fields.filter((f) => f.hidden);
  const given = hidden.length
    ? recipe.options.partial(Object.fromEntries(hidden.map((f) => [f.key, true])) as Record<string, true>)
    : recipe.options;
  const parsed = given.safeParse(values);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = String(issue.path[0] ?? "");
  const field = fields.find((f) => f.key === key);
  if (field && fromFlag.has(key)) throw new UsageError(`--${field.flag}: ${issue.message}`);
  const where = [recipe.name, ...issue.path.map(String)].join(".");
  throw new ConfigError(`${configPath ?? "config"}: ${where}: ${issue.message}`);
}

/** Saved options of a run being resumed, parsed by the same schema (a hand-edited file is caught). */
export function optionsFromSaved(
  recipe: AnyRecipe,
  saved: unknown,
  configFile: string,
): Record<string, unknown> {
  return parseWithSchema(recipe.options, saved, configFile, ["options"]);
}

/**
 * Each role's model choice (of the roles this run binds): its own flag or section key, else
 * --model / model:.
 */
export function roleChoices(
  recipe: AnyRecipe,
  options: Record<string, unknown>,
  flags: RecipeFlags,
  section: Record<string, unknown>,
): Record<string, ModelChoice> {
  const model = section.model as string | undefined;
  const choice = (role: string, spec: RecipeRole): ModelChoice => {
    if (spec.model !== undefined) return { flag: flags.roles?.[role], config: spec.model };
    const flag = roleFlag(role, spec);
    const key = spec.key === false ? undefined : (spec.key ?? role);
    return {
      flag: flags.roles?.[role] ?? (flag ? (flags[camel(flag)] as string | undefined) : undefined),
      config: (key ? (section[key] as string | undefined) : undefined) ?? model,
    };
  };
  const roles = recipe.runRoles ? recipe.runRoles(options) : recipe.roles;
  return Object.fromEntries(Object.entries(roles).map(([role, spec]) => [role, choice(role, spec)]));
}
