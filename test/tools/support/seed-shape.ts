import { convertRecord, toolsSeedExporter } from "../../../src/formats/export/index.js";
import { parseRecord } from "../../../src/formats/read/index.js";

/** The seed's record `{id, tools, uid, dates, system_prompt, messages}` as `export --to tools-seed` writes it. */
export interface ToolsSeedLine {
  id: string;
  tools: unknown;
  uid: string;
  dates: string;
  system_prompt: string;
  messages: { role: string; content: string }[];
  metadata: Record<string, unknown>;
}

/** The seed shape's keys, in the order the exporter writes them. */
export const SEED_KEYS = ["id", "tools", "uid", "dates", "system_prompt", "messages", "metadata"];

/** A canonical tools record (as written to dataset.jsonl) in the seed's Qwen XML shape. */
export function seedShape(record: unknown): ToolsSeedLine {
  const read = parseRecord(JSON.parse(JSON.stringify(record)));
  if (!read.ok) throw new Error(read.skipped.detail);
  const out = convertRecord(toolsSeedExporter, read.record);
  if (!out.ok) throw new Error(out.detail);
  return out.values[0] as ToolsSeedLine;
}
