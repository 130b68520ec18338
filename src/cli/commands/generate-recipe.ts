import type { Command } from "commander";
import { generateFromRecipe, type RecipeFlags } from "../../pipelines/generate-recipe.js";
import { installInterruptHandler } from "../interrupt.js";
import { addModelOptions, addRunOptions } from "../options.js";
import { info, setQuiet, warn } from "../output.js";
import { createProgressView } from "../progress-view.js";
import { announceRun } from "../run-header.js";
import { finishRun, printNextSteps } from "../run-summary.js";
import { printRecipeDryRun } from "./recipe-command.js";

/**
 * `generate --recipe FILE` and `generate NAME` (a recipe under `recipes:` in dialogsmith.yaml):
 * options and action added to the `generate` command itself, beside the built-in recipes.
 */
export function registerGenerateRecipe(generate: Command): void {
  generate
    .argument("[recipe]", "a recipe named under recipes: in dialogsmith.yaml")
    .option("--recipe <file>", "your own recipe: a YAML file of roles, scenario, turns and checks")
    .option("--input <file>", "seed dataset (JSONL, JSON, CSV, Parquet): dialogue i gets row i");
  addRunOptions(generate);
  addModelOptions(generate);
  generate.action(async (name: string | undefined, flags: RecipeFlags) => {
    setQuiet(Boolean(flags.quiet));
    const progress = createProgressView(name ?? "recipe", { quiet: flags.quiet });
    const interrupt = installInterruptHandler(() => progress.stop());
    try {
      const result = await generateFromRecipe(name, flags, {
        stopSignal: interrupt.signal,
        warn,
        onStart: (models) => announceRun(name ?? "recipe", models),
        onProgress: (p) => progress.update(p),
      });
      progress.stop();
      if (result.kind === "dry-run") {
        printRecipeDryRun(result);
        return;
      }
      for (const e of result.exports)
        info(`export ${e.target}: ${e.written} lines -> ${e.outputs[0]?.output}`);
      const command = flags.recipe ? `generate --recipe ${flags.recipe}` : `generate ${name ?? ""}`.trim();
      const code = finishRun(result, command);
      if (code === 0) printNextSteps(result.paths.dir);
      process.exitCode = code;
    } finally {
      progress.stop();
      interrupt.dispose();
    }
  });
}
