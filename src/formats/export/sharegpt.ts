import { toShareGpt } from "./sharegpt-core.js";
import type { Exporter } from "./types.js";

/**
 * ShareGPT for Axolotl (`type: chat_template`, `field_messages: conversations`,
 * `message_property_mappings: {role: from, content: value}`): the system prompt is the leading
 * `{"from": "system"}` turn, which LLaMA-Factory also reads with its default tags.
 */
export const sharegptExporter: Exporter = {
  target: "sharegpt",
  description: "ShareGPT (Axolotl; strict LLaMA-Factory alternation), system as the first turn",
  convert(record) {
    const { system, turns, tools, notes } = toShareGpt(record);
    const value: Record<string, unknown> = {
      conversations: system !== undefined ? [{ from: "system", value: system }, ...turns] : turns,
    };
    if (tools) value.tools = tools;
    return { ok: true, values: [value], notes };
  },
};
