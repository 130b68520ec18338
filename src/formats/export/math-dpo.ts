import type { ChatMessage } from "../../core/conversation.js";
import { type DatasetMessage, type ReadRecord, RecordError } from "../read/types.js";

/**
 * A math correction record as a TRL preference pair: prompt = the messages up to the question,
 * rejected = the planted wrong answer (the assistant turn with weight 0), chosen = the right
 * solution of the same question, taken from the corrected turn: its reasoning from line
 * `metadata.correct_from` on (after the apology and the explanation of the mistake) and its final
 * answer, in the same answer format. Other math records (chains, follow-ups, variations, and
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
  const from = meta.correct_from;
  const corrected = messages[messages.length - 1];
  if (wrong < 1 || typeof from !== "number" || corrected.role !== "assistant") {
    const what =
      meta.mode === "correction"
        ? "a correction whose first answer was right"
        : `a ${String(meta.mode)} dialogue`;
    throw new RecordError(
      "no_preference_pair",
      `math records give a pair only for a planted wrong answer; this is ${what}`,
    );
  }
  return {
    prompt: messages.slice(0, wrong).map((m) => ({ role: m.role, content: m.content })),
    chosen: [{ role: "assistant", content: solutionFrom(corrected.content ?? "", from) }],
    rejected: [{ role: "assistant", content: messages[wrong].content }],
  };
}

/** The reply without its first `from` reasoning lines, in the reply's own format. */
function solutionFrom(content: string, from: number): string {
  const think = /^<think>\n([\s\S]*)\n<\/think>\n(<answer>[\s\S]*<\/answer>)$/.exec(content);
  if (think) return `<think>\n${think[1].split("\n").slice(from).join("\n")}\n</think>\n${think[2]}`;
  return content.split("\n").slice(from).join("\n");
}
