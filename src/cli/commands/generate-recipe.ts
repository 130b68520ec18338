import type { Command } from "commander";
import { generateFromRecipe, type RecipeFlags, type RecipeResult } from "../../pipelines/generate-recipe.js";
import { templatedParts } from "../../pipelines/recipe-dry-run.js";
import { installInterruptHandler } from "../interrupt.js";
import { addModelOptions, addRunOptions } from "../options.js";
import { info, setQuiet, warn } from "../output.js";
import { createProgressView } from "../progress-view.js";
import { announceRun } from "../run-header.js";
import { finishRun, printDryRun, printNextSteps } from "../run-summary.js";

/** The first dialogue's rendered prompts, step by step, then the call and cost estimate. */
function printRecipeDryRun(result: Extract<RecipeResult, { kind: "dry-run" }>): void {
  const out = process.stdout;
  out.write(`recipe ${result.recipe}: the first dialogue's prompts, with placeholder answers\n`);
  for (const step of result.steps) {
    const parts = templatedParts(step.request.messages);
    const model = step.model ? ` (model ${step.model.name}: ${step.model.model})` : "";
    out.write(`--- step ${step.name}: ${step.role}${model} ---\n`);
    if (parts.system !== undefined) out.write(`[system]\n${parts.system}\n`);
    if (parts.user !== undefined) out.write(`[user]\n${parts.user}\n`);
    else out.write(`[the conversation so far: ${parts.history} messages]\n`);
    if (step.request.tools) out.write(`[tools: ${step.request.tools.length}]\n`);
    if (step.request.outputSchema) out.write(`[structured output: ${step.request.outputSchema.name}]\n`);
  }
  printDryRun(result.plan, result.estimate, undefined, result.outDir);
}

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
