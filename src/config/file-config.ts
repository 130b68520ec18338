import { z } from "zod";
import { ModelConfigSchema } from "./model-config.js";

/**
 * The top level of dialogsmith.yaml. Each recipe section is validated by that recipe's own schema
 * (so this file does not grow with every recipe); here it is only "an object if present".
 */
const FileConfigFields = z.strictObject({
  models: z.record(z.string().regex(/^[\w.-]+$/, "letters, digits, _ . -"), ModelConfigSchema).default({}),
  roleplay: z.record(z.string(), z.unknown()).optional(),
  math: z.record(z.string(), z.unknown()).optional(),
  rounds: z.record(z.string(), z.unknown()).optional(),
  tools: z.record(z.string(), z.unknown()).optional(),
  /** Your own recipes, by name: the path of a recipe file, or the recipe itself (`generate NAME`). */
  recipes: z.record(z.string(), z.union([z.string(), z.record(z.string(), z.unknown())])).optional(),
  /** User role packs for roleplay, by name. */
  roles: z.record(z.string(), z.unknown()).optional(),
  /** Where runs and the cache go; flags override. */
  output_dir: z.string().optional(),
  cache_dir: z.string().optional(),
});

/** `models:` entries that make sense alone but not together (both base_url and endpoints:), or name no entry. */
function checkModelEntries(config: z.output<typeof FileConfigFields>, ctx: z.RefinementCtx): void {
  for (const [name, entry] of Object.entries(config.models)) {
    if (entry.base_url !== undefined && entry.endpoints)
      ctx.addIssue({
        code: "custom",
        path: ["models", name, "endpoints"],
        message: "give either base_url or endpoints:, not both (endpoints: lists every replica)",
      });
    for (const [i, other] of (entry.fallback ?? []).entries()) {
      const problem =
        other === name
          ? "an entry cannot be its own fallback"
          : !Object.hasOwn(config.models, other)
            ? `'${other}' is not defined under models: (defined: ${Object.keys(config.models).join(", ")})`
            : undefined;
      if (problem) ctx.addIssue({ code: "custom", path: ["models", name, "fallback", i], message: problem });
    }
  }
}

export const FileConfigSchema = FileConfigFields.superRefine(checkModelEntries);

export type FileConfig = z.output<typeof FileConfigSchema>;

/** `<name>:` sections of recipes declared with defineRecipe (registered by recipes/registry.ts). */
const recipeSections = new Set<string>();

/** Lets dialogsmith.yaml hold a section per registered recipe (each checked by its recipe's schema). */
export function allowRecipeSections(names: Iterable<string>): void {
  for (const name of names) recipeSections.add(name);
}

/** The top level of dialogsmith.yaml, with a section for each registered recipe. */
export function fileConfigSchema(): typeof FileConfigSchema {
  if (recipeSections.size === 0) return FileConfigSchema;
  const extra = Object.fromEntries(
    [...recipeSections].map((n) => [n, z.record(z.string(), z.unknown()).optional()]),
  );
  return FileConfigSchema.safeExtend(extra) as unknown as typeof FileConfigSchema;
}
