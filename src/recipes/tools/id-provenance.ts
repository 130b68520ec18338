import type { DialogueTurn } from "./dialogue.js";

/** An argument that carries an id: `restaurant_id`, `order_id`, `option_ids`, `id`. */
export function isIdArgument(name: string): boolean {
  return /(?:^|_)ids?$/i.test(name);
}

/** Every id value of a call's arguments (top level; a list of ids gives each). */
function idValues(args: unknown): { name: string; value: string }[] {
  if (typeof args !== "object" || args === null || Array.isArray(args)) return [];
  const out: { name: string; value: string }[] = [];
  for (const [name, v] of Object.entries(args)) {
    if (!isIdArgument(name)) continue;
    for (const item of Array.isArray(v) ? v : [v])
      if (typeof item === "string" || typeof item === "number") out.push({ name, value: String(item) });
  }
  return out;
}

/** Every string and number inside a tool result. */
function collectValues(value: unknown, into: Set<string>): void {
  if (typeof value === "string" || typeof value === "number") into.add(String(value));
  else if (Array.isArray(value)) for (const v of value) collectValues(v, into);
  else if (typeof value === "object" && value !== null)
    for (const v of Object.values(value)) collectValues(v, into);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `id` written in `text` as a whole token ("ORD-1" in "주문번호 ORD-1이요", not inside "ORD-12"). */
function mentions(text: string, id: string): boolean {
  return new RegExp(`(?<![A-Za-z0-9_-])${escapeRegex(id)}(?![A-Za-z0-9_-])`, "i").test(text);
}

export interface InventedId {
  /** 1-based message number of the call. */
  message: number;
  tool: string;
  argument: string;
  value: string;
}

/**
 * The first id an assistant passes to a tool that it cannot know: not in the assistant's system
 * prompt (the signed-in user), not in any user message so far, not in any earlier tool result.
 * Calls of one turn cannot use each other's results.
 */
export function findInventedId(turns: readonly DialogueTurn[], systemPrompt: string): InventedId | undefined {
  const texts = [systemPrompt];
  const resultValues = new Set<string>();
  for (let i = 0; i < turns.length; i++) {
    const t = turns[i];
    if (t.role === "user") texts.push(t.content);
    else if (t.role === "tool") {
      if (typeof t.result === "string") texts.push(t.result);
      else collectValues(t.result, resultValues);
    } else {
      for (const call of t.calls)
        for (const { name, value } of idValues(call.arguments)) {
          if (resultValues.has(value) || texts.some((text) => mentions(text, value))) continue;
          return { message: i + 1, tool: call.name, argument: name, value };
        }
    }
  }
  return undefined;
}
