import type { ChatMessage } from "../../llm/types.js";
import { type DatasetMessage, type ReadRecord, RecordError } from "../read/types.js";

/**
 * A math correction record as a TRL preference pair: prompt = the messages up to the question,
 * chosen = the correct answer to it (`metadata.correct_reply`), rejected = the planted wrong answer
 * (the assistant turn with weight 0). Other math records (chains, follow-ups, variations, and
 * corrections whose first answer was right and defended) hold no pair and are skipped with a reason.
 */
export function mathPreference(record: ReadRecord): {
  prompt: ChatMessage[];
  chosen: ChatMessage[];
  rejected: ChatMessage[];
} {
  const messages = record.conversation.messages;
  const meta = record.conversation.metadata ?? {};
  const wrong = messages.findIndex((m) => (m as DatasetMessage).weight === 0);
  const chosen = meta.correct_reply;
  if (wrong < 1 || typeof chosen !== "string") {
    const what =
      meta.mode === "correction" ? "a correction whose first answer was right" : `a ${meta.mode} dialogue`;
    throw new RecordError(
      "no_preference_pair",
      `math records give a pair only for a planted wrong answer; this is ${what}`,
    );
  }
  return {
    prompt: messages.slice(0, wrong).map((m) => ({ role: m.role, content: m.content })),
    chosen: [{ role: "assistant", content: chosen }],
    rejected: [{ role: "assistant", content: messages[wrong].content }],
  };
}
