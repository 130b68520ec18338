import type { DialogueTurn } from "./dialogue.js";

/**
 * The first call to a tool of `confirmBefore` made without asking: the turn before the call must
 * be the user's answer and the one before that a plain assistant message (the question). Whether
 * the user said yes is for the writer; chaining the call straight after a tool result or in the
 * same turn as the question is what this catches.
 */
export function findUnconfirmedCall(
  turns: readonly DialogueTurn[],
  confirmBefore: readonly string[],
): { message: number; tool: string } | undefined {
  if (confirmBefore.length === 0) return undefined;
  for (let i = 0; i < turns.length; i++) {
    const t = turns[i];
    if (t.role !== "assistant") continue;
    const call = t.calls.find((c) => confirmBefore.includes(c.name));
    if (!call) continue;
    const answer = turns[i - 1];
    const question = turns[i - 2];
    const asked = question?.role === "assistant" && question.calls.length === 0;
    if (answer?.role !== "user" || !asked) return { message: i + 1, tool: call.name };
  }
  return undefined;
}
