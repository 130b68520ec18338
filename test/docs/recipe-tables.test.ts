import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { recipeOptionsTable, tableMarkers, withRecipeTables } from "../../src/recipes/options-table.js";
import { RECIPES } from "../../src/recipes/registry.js";

const README = new URL("../../README.md", import.meta.url);

describe("README option tables of registered recipes", () => {
  for (const entry of RECIPES)
    it(`${entry.name}: the table in README.md is the one its schema gives (npm run docs:tables)`, async () => {
      const readme = readFileSync(README, "utf8");
      expect(readme, `README.md has no table region for ${entry.name}`).toContain(
        tableMarkers(entry.name).start,
      );
      const fresh = withRecipeTables(readme, { [entry.name]: recipeOptionsTable(await entry.load()) });
      expect(
        fresh === readme,
        `README.md's option table for ${entry.name} is stale: run npm run docs:tables`,
      ).toBe(true);
    });

  it("a changed schema makes the table stale", async () => {
    const readme = readFileSync(README, "utf8");
    const entry = RECIPES[0];
    const recipe = await entry.load();
    const changed = { ...recipe, roles: { ...recipe.roles, referee: { description: "keeps time" } } };
    expect(withRecipeTables(readme, { [entry.name]: recipeOptionsTable(changed) })).not.toBe(readme);
  });
});
