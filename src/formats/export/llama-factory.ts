import { toShareGpt } from "./sharegpt-core.js";
import type { Exporter } from "./types.js";

/**
 * LLaMA-Factory's ShareGPT layout from its data README: `conversations`, `system` and `tools`
 * (a JSON string) as columns. dataset_info.json: `"formatting": "sharegpt", "columns":
 * {"messages": "conversations", "system": "system", "tools": "tools"}`.
 */
export const llamaFactoryExporter: Exporter = {
  target: "llama-factory",
  description: "LLaMA-Factory ShareGPT (conversations + system + tools columns), strict alternation",
  convert(record) {
    const { system, turns, tools, notes } = toShareGpt(record);
    const value: Record<string, unknown> = { conversations: turns };
    if (system !== undefined) value.system = system;
    if (tools) value.tools = tools;
    return { ok: true, values: [value], notes };
  },
};
