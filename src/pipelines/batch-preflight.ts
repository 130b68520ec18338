import { resolve } from "node:path";
import { loadConfig } from "../config/load-config.js";
import { primaryBaseUrl } from "../config/model-config.js";
import { DEFAULT_OPENAI_BASE_URL } from "../config/resolve-model.js";
import { UsageError } from "../core/errors.js";
import { checkPushAccess } from "../hub/push.js";
import { readBatchStatus } from "../models/batch/status.js";
import toolsRecipe from "../recipes/tools/recipe.js";
import type { BatchRunFlags } from "./batch-config.js";
import { resolveBatchModel } from "./batch-prepare.js";
import { recipeSection } from "./recipe-settings.js";

/**
 * What `batch run` checks before it spends anything (preparing thousands of requests, submitting,
 * waiting hours): the API key its endpoint will need is set, and with --push-to, the Hub accepts
 * the token. Without this, a missing key showed after `prepare`, and a bad Hub token only after
 * the whole batch had been paid for.
 */
export async function batchRunPreflight(
  flags: BatchRunFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const { config, path } = loadConfig(flags.config);
  const section = recipeSection(toolsRecipe, config, path);
  const model = resolveBatchModel(flags, section.model as string | undefined, config);
  // Batches live where they were created: a directory already submitted keeps its endpoint.
  const submitted = flags.out ? readBatchStatus(resolve(flags.out)) : undefined;
  const baseUrl = flags.baseUrl ?? submitted?.base_url ?? primaryBaseUrl(model) ?? DEFAULT_OPENAI_BASE_URL;
  const keyEnv = flags.apiKeyEnv ?? model.api_key_env;
  if (keyEnv && !env[keyEnv])
    throw new UsageError(
      `$${keyEnv} is not set: the Batch API at ${baseUrl} needs it; export it (or pass --api-key-env VAR) before batch run spends anything`,
    );
  if (!keyEnv && /api\.openai\.com/.test(baseUrl))
    throw new UsageError(
      "no API key configured: export OPENAI_API_KEY (or pass --api-key-env VAR) to use the Batch API",
    );
  if (flags.pushTo)
    await checkPushAccess({
      repoId: flags.pushTo,
      hubUrl: flags.hubUrl,
      tokenEnv: flags.tokenEnv,
      env,
    });
}
