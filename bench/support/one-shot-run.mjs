// A one-shot recipe through the engine, as `generate roleplay`/`generate tools` run it: a
// one-step program on the step-journaled runner, in a fresh run directory.
import { runConversationRun, withOpenRun } from "../../dist/engine/run-conversations.js";
import { oneShotProgram, oneShotRun } from "../../dist/recipes/one-shot.js";

export function runOneShot({ recipe, models, outDir, count, seed, cacheDir, readCache }) {
  const config = { recipe: recipe.name, seed, count, options: {}, models };
  return withOpenRun(outDir, config, (paths) =>
    runConversationRun({
      ...oneShotRun(oneShotProgram(recipe), count),
      paths,
      models,
      seed,
      cacheDir,
      readCache,
    }),
  );
}
