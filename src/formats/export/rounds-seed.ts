import { isObject } from "../read/messages.js";
import { RecordError } from "../read/types.js";
import type { Exporter } from "./types.js";

/**
 * The rounds seed's history line (002, `round{k}_history.jsonl`): `{id, rounds: [{question,
 * answer, correction}, ...]}`, every round of the conversation as the record holds it (a generated
 * round keeps its `answer_style`).
 */
export const roundsSeedExporter: Exporter = {
  target: "rounds-seed",
  description: "the rounds seed's history line: {id, rounds: [{question, answer, correction}]}",
  convert(record) {
    if (!record.rounds)
      throw new RecordError(
        "not_rounds",
        `rounds-seed needs a rounds record (question/answer/correction); this is a ${record.shape} record`,
      );
    const value: Record<string, unknown> = {};
    if (record.conversation.id !== undefined) value.id = record.conversation.id;
    const raw = isObject(record.raw) ? record.raw : {};
    const held = isObject(raw.metadata) ? raw.metadata.rounds : raw.rounds;
    value.rounds = Array.isArray(held) ? held : record.rounds;
    return { ok: true, values: [value] };
  },
};
