import type { AnyRecipe } from "./define-recipe.js";

/**
 * The recipes `dialogsmith generate <name>` runs through the generic pipeline, one line each. The
 * summary is here too so `--help` lists them without loading any recipe module (this file imports
 * nothing, so the CLI's start-up stays light).
 */
export interface RecipeEntry {
  name: string;
  summary: string;
  load(): Promise<AnyRecipe>;
}

/** A module's default export, checked to be a recipe definition. */
export async function importRecipe(url: string | URL, name?: string): Promise<AnyRecipe> {
  const module = (await import(String(url))) as { default?: Partial<AnyRecipe> };
  const recipe = module.default;
  if (!recipe || typeof recipe.prepare !== "function" || typeof recipe.name !== "string" || !recipe.options)
    throw new Error(`${url} does not export a recipe: export default defineRecipe({...})`);
  if (name !== undefined && recipe.name !== name)
    throw new Error(`${url} defines '${recipe.name}', not '${name}'`);
  return recipe as AnyRecipe;
}

export const RECIPES: readonly RecipeEntry[] = [
  {
    name: "roleplay",
    summary: "long persona sales dialogues through an OpenAI-compatible model",
    load: async () => (await import("./roleplay/recipe.js")).default,
  },
  {
    name: "tools",
    summary: "function-calling dialogues from a domain pack, online through the engine",
    load: async () => (await import("./tools/recipe.js")).default,
  },
  {
    name: "rounds",
    summary: "grow question/answer/correction data into multi-round conversations, a model per role",
    load: async () => (await import("./rounds/recipe.js")).default,
  },
  {
    name: "debate",
    summary: "two models debate a motion, turn by turn (the example recipe in examples/recipes/debate)",
    load: () => importRecipe(new URL("../../examples/recipes/debate/recipe.mjs", import.meta.url), "debate"),
  },
];
