import type { ChatRole } from "../../core/conversation.js";
import { isBlankAscii, trimStartAscii } from "./ascii.js";
import { isObject } from "./messages.js";
import type { DatasetMessage } from "./types.js";

/** Role markers of the roleplay `prompt` text: `user: ...\nassistant: ...`. */
const MARKERS: ReadonlyArray<[string, ChatRole]> = [
  ["user:", "user"],
  ["assistant:", "assistant"],
  ["system:", "system"],
  ["tool:", "tool"],
];

function markerAt(line: string): [number, ChatRole] | undefined {
  for (const [marker, role] of MARKERS) {
    if (line.length >= marker.length && line.slice(0, marker.length).toLowerCase() === marker) {
      return [marker.length, role];
    }
  }
  return undefined;
}

export function startsWithRoleMarker(text: string): boolean {
  return markerAt(trimStartAscii(text)) !== undefined;
}

/**
 * Parses `user: ...\nassistant: ...` back into messages. A line without a marker continues the
 * previous message (multi-line replies); text before the first marker is a user message.
 */
export function parseRoleText(text: string): DatasetMessage[] {
  const out: DatasetMessage[] = [];
  for (const line of text.split("\n")) {
    const m = markerAt(line);
    if (m) {
      out.push({ role: m[1], content: line.slice(m[0]).replace(/^ /, "") });
    } else if (out.length > 0) {
      out[out.length - 1].content += `\n${line}`;
    } else if (!isBlankAscii(line)) {
      out.push({ role: "user", content: line });
    }
  }
  return out;
}

/** The roleplay recipe's messages carry `order`; sort by it when every message has one. */
export function sortByOrder(messages: unknown[]): unknown[] {
  // Usually already in order: one pass to check, no copy.
  let sorted = true;
  let prev = -Infinity;
  for (const m of messages) {
    if (!isObject(m) || typeof m.order !== "number") return messages;
    if (m.order < prev) sorted = false;
    prev = m.order;
  }
  if (sorted) return messages;
  return messages
    .map((m, i) => ({ m: m as { order: number }, i }))
    .sort((a, b) => a.m.order - b.m.order || a.i - b.i)
    .map((x) => x.m);
}

/** Writes messages as the roleplay prompt text (the inverse of parseRoleText for plain messages). */
export function formatRoleText(messages: ReadonlyArray<{ role: string; content: string | null }>): string {
  return messages.map((m) => `${m.role}: ${m.content ?? ""}`).join("\n");
}
