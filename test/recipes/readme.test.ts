import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { REPO_ROOT } from "../support/cli.js";

describe("README: Write your own recipe", () => {
  test("shows the tutoring recipe in full, as shipped, and it is under 60 lines", () => {
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    const recipe = readFileSync(join(REPO_ROOT, "examples/recipes/tutoring.yaml"), "utf8");
    const section = readme.slice(readme.indexOf("## Write your own recipe"), readme.indexOf("## LLM judges"));
    expect(section).toContain(`\`\`\`yaml\n${recipe}\`\`\``);
    expect(recipe.trimEnd().split("\n").length).toBeLessThan(60);
  });
});
