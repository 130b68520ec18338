// Rewrites the option tables of README.md from the registered recipes' schemas (run after
// `npm run build`; `npm run docs:tables` does both). test/docs/recipe-tables.test.ts fails when stale.
import { readFileSync, writeFileSync } from "node:fs";
import { recipeOptionsTable, withRecipeTables } from "../dist/recipes/options-table.js";
import { RECIPES } from "../dist/recipes/registry.js";

const path = new URL("../README.md", import.meta.url);
const tables = {};
for (const entry of RECIPES) tables[entry.name] = recipeOptionsTable(await entry.load());
writeFileSync(path, withRecipeTables(readFileSync(path, "utf8"), tables));
