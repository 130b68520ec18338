import type { NamedModelConfig } from "../../src/config/model-config.js";
import { type ComposedModel, createChatModel, type ModelServices } from "../../src/models/create-model.js";
import { RequestStats } from "../../src/models/request-stats.js";

export interface TestModelOptions extends Partial<ModelServices> {
  maxTries?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  config?: Partial<NamedModelConfig>;
}

/** A composed model for model "m" at `url` with the key in MC_KEY, no real sleeping between retries. */
export function testClient(
  url: string,
  key: string,
  extra: TestModelOptions = {},
  timeout_s = 5,
): ComposedModel {
  const { maxTries, sleep, config, ...services } = extra;
  return createChatModel(
    {
      name: "w",
      base_url: url,
      model: "m",
      api_key_env: "MC_KEY",
      timeout_s,
      concurrency: 4,
      structured_output: "json_schema",
      ...config,
    },
    {
      stats: new RequestStats(),
      env: { MC_KEY: key },
      ...services,
      retry: { sleep: sleep ?? (async () => {}), ...(maxTries !== undefined ? { maxTries } : {}) },
    },
  );
}
