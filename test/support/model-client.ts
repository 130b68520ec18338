import { ModelClient } from "../../src/llm/model-client.js";
import { RequestStats } from "../../src/llm/request-stats.js";

/** A ModelClient for model "m" at `url` with the key in MC_KEY, no real sleeping between retries. */
export function testClient(
  url: string,
  key: string,
  extra: Partial<ConstructorParameters<typeof ModelClient>[0]> = {},
  timeout_s = 5,
): ModelClient {
  return new ModelClient({
    config: {
      name: "w",
      base_url: url,
      model: "m",
      api_key_env: "MC_KEY",
      timeout_s,
      concurrency: 4,
      structured_output: "json_schema",
    },
    stats: new RequestStats(),
    env: { MC_KEY: key },
    sleep: async () => {},
    ...extra,
  });
}
