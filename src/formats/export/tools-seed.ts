import { isObject } from "../read/messages.js";
import { toQwenTextMessages } from "../render/qwen-text-messages.js";
import { metadataWithout } from "./seed-metadata.js";
import type { Exporter } from "./types.js";

/**
 * The tools seed's preprocessed record (003): `{id, tools, uid, dates, system_prompt, messages,
 * metadata}`, the system message as `system_prompt` and tool use in Qwen's `<tool_call>` /
 * `<tool_response>` text (JSON written as Python writes it), which Qwen-style trainers read as is.
 */
export const toolsSeedExporter: Exporter = {
  target: "tools-seed",
  description:
    "the tools seed's record: {id, tools, uid, dates, system_prompt, messages} with Qwen <tool_call> XML text",
  convert(record) {
    const { id, messages, tools, metadata } = record.conversation;
    const raw = isObject(record.raw) ? record.raw : {};
    const system = messages[0]?.role === "system" ? messages[0].content : undefined;
    const value: Record<string, unknown> = {};
    if (id !== undefined) value.id = id;
    if (tools) value.tools = tools;
    const uid = metadata?.uid ?? raw.uid;
    if (uid !== undefined) value.uid = uid;
    if (metadata?.dates !== undefined) value.dates = metadata.dates;
    if (system !== undefined) value.system_prompt = system ?? "";
    value.messages = toQwenTextMessages(system !== undefined ? messages.slice(1) : messages);
    const meta = metadataWithout(metadata, ["recipe", "uid", "dates"]);
    if (meta) value.metadata = meta;
    return { ok: true, values: [value] };
  },
};
