import type { ChatMessage } from "../../core/conversation.js";
import { normaliseMessages } from "./messages.js";
import { type Preference, RecordError } from "./types.js";

/** A TRL preference record (`prompt`?, `chosen`, `rejected`; conversational or plain strings). */
export function readPreference(v: Record<string, unknown>): Preference {
  const chosenAll = side(v.chosen, "chosen");
  const rejectedAll = side(v.rejected, "rejected");
  let prompt: ChatMessage[];
  let chosen = chosenAll;
  let rejected = rejectedAll;
  if (v.prompt === undefined || v.prompt === null) {
    // Implicit prompt: the shared prefix of both conversations.
    let n = 0;
    while (n < chosenAll.length - 1 && n < rejectedAll.length - 1 && same(chosenAll[n], rejectedAll[n])) n++;
    prompt = chosenAll.slice(0, n);
    chosen = chosenAll.slice(n);
    rejected = rejectedAll.slice(n);
  } else if (typeof v.prompt === "string") {
    prompt = [{ role: "user", content: v.prompt }];
  } else {
    prompt = normaliseMessages(v.prompt);
  }
  if (chosen.length === 0 || rejected.length === 0) {
    throw new RecordError("bad_preference", "chosen or rejected is empty");
  }
  return { prompt, chosen, rejected };
}

function side(value: unknown, name: string): ChatMessage[] {
  if (typeof value === "string") return [{ role: "assistant", content: value }];
  if (Array.isArray(value)) return normaliseMessages(value);
  throw new RecordError("bad_preference", `${name} is neither a string nor a message list`);
}

function same(a: ChatMessage, b: ChatMessage): boolean {
  return (
    a.role === b.role &&
    a.content === b.content &&
    JSON.stringify(a.tool_calls) === JSON.stringify(b.tool_calls)
  );
}
