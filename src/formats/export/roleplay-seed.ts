import { RecordError } from "../read/types.js";
import { metadataWithout } from "./seed-metadata.js";
import type { Exporter } from "./types.js";

type Labels = { user?: unknown; assistant?: unknown };

/**
 * The roleplay seed's record (000): `{id, prompt, completion, messages, metadata}` with `prompt`
 * every message but the last, one per line after its speaker label (the pack's own labels when
 * the record names them in metadata.speaker_labels), `completion` the last message, and each
 * message numbered by `order`. The inverse of reading such a record.
 */
export const roleplaySeedExporter: Exporter = {
  target: "roleplay-seed",
  description:
    "the roleplay seed's record: {id, prompt, completion, messages with order, metadata} (dataset.jsonl of 0.2.0)",
  convert(record) {
    const { id, messages, metadata } = record.conversation;
    if (messages.length === 0) throw new RecordError("no_messages", "the record has no messages");
    if (messages.some((m) => m.role === "tool" || (m.tool_calls?.length ?? 0) > 0))
      throw new RecordError(
        "tool_calls_unsupported",
        "roleplay-seed has no place for tool calls; export to openai or tools-seed",
      );
    const labels = (metadata?.speaker_labels ?? {}) as Labels;
    const label = (role: string): string => {
      const own = role === "user" ? labels.user : role === "assistant" ? labels.assistant : undefined;
      return typeof own === "string" ? own : role;
    };
    let prompt = "";
    for (let i = 0; i < messages.length - 1; i++)
      prompt += `${i > 0 ? "\n" : ""}${label(messages[i].role)}: ${messages[i].content ?? ""}`;
    const value: Record<string, unknown> = {};
    if (id !== undefined) value.id = id;
    value.prompt = prompt;
    value.completion = messages[messages.length - 1].content ?? "";
    value.messages = messages.map((m, order) => ({ role: m.role, content: m.content ?? "", order }));
    const meta = metadataWithout(metadata, ["recipe", "speaker_labels"]);
    if (meta) value.metadata = meta;
    return { ok: true, values: [value] };
  },
};
