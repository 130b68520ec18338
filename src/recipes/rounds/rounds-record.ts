import type { ChatMessage } from "../../core/conversation.js";
import { type CanonicalRecord, canonicalRecord } from "../../core/record.js";
import type { Round } from "./types.js";

/** The file of a rounds run holding one canonical record per conversation (with two rounds or more). */
export const ROUNDS_DATASET = "dataset.jsonl";

/**
 * A rounds conversation as a canonical record: the chat a trainer learns from (user = question,
 * assistant = correction, round after round) and every round with its rejected answer in
 * `metadata.rounds`, which the dpo and aligner exports pair up.
 */
export function buildRoundsRecord(id: string, rounds: readonly Round[], language: string): CanonicalRecord {
  const messages: ChatMessage[] = [];
  for (const r of rounds) {
    messages.push({ role: "user", content: r.question });
    messages.push({ role: "assistant", content: r.correction });
  }
  return canonicalRecord(id, messages, {
    recipe: "rounds",
    language,
    num_rounds: rounds.length,
    rounds: rounds.slice(),
  });
}
