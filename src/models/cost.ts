import type { ModelConfig } from "../config/model-config.js";
import type { Usage } from "./types.js";

/** USD for a usage at the model's prices (0 when no prices are configured). */
export function costOf(usage: Usage, price: ModelConfig["price"], batch = false): number {
  if (!price) return 0;
  const raw =
    (usage.prompt_tokens * price.input_per_mtok + usage.completion_tokens * price.output_per_mtok) / 1e6;
  return batch ? raw * (price.batch_discount ?? 0.5) : raw;
}
