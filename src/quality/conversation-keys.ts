import type { Conversation } from "../core/conversation.js";
import { stableStringify } from "../core/hash.js";
import { Hash64Builder } from "./exact-hash.js";

/**
 * What dedup compares, from one pass over a conversation's messages. Text is NFC-normalised
 * and lower-cased once. Exact: every message (role, content, tool calls) and the tools, with
 * whitespace runs collapsed and trimmed, so copies differing only in case or spacing count as
 * the same. Near: the dialogue text without system messages, which the records of one dataset
 * often share word for word (a shared system prompt would make every pair look similar).
 */
export interface ConversationKeys {
  /** The 64-bit exact key as two unsigned 32-bit halves. */
  exact: [number, number];
  /** Already normalised: give it to MinHasher.signatureOfNormalized. */
  near: string;
}

const hasher = new Hash64Builder();

export function conversationKeys(conversation: Conversation): ConversationKeys {
  const exact = hasher.reset();
  const near: string[] = [];
  for (const m of conversation.messages) {
    const text = m.content ? m.content.normalize("NFC").toLowerCase() : "";
    exact.text(m.role).collapsed(text);
    if (m.role !== "system" && text) near.push(text);
    for (const call of m.tool_calls ?? []) {
      exact.text(call.function.name);
      addArguments(exact, call.function.arguments);
      near.push(`${call.function.name} ${call.function.arguments}`.normalize("NFC").toLowerCase());
    }
  }
  if (conversation.tools?.length) exact.text(stableStringify(conversation.tools));
  return { exact: exact.digest(), near: near.join("\n") };
}

/** Arguments compared as JSON values (key order and spacing ignored); as text if not JSON. */
function addArguments(exact: Hash64Builder, args: string): void {
  let canonical: string;
  try {
    canonical = stableStringify(JSON.parse(args));
  } catch {
    exact.collapsed(args.normalize("NFC").toLowerCase());
    return;
  }
  exact.text(canonical);
}
