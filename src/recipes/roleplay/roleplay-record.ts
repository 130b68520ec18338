import type { DatasetRecord } from "../recipe.js";
import type { Turn } from "./dialogue-normalizer.js";
import type { RolePack } from "./role-pack.js";

export interface RoleplayRecord extends DatasetRecord {
  prompt: string;
  completion: string;
  messages: { role: "user" | "assistant"; content: string; order: number }[];
  metadata: Record<string, unknown> & { role_type: string; generated: true; num_messages: number };
}

/**
 * The seed's record shape. The model wrote only `messages`; `prompt` (every message but the last,
 * one per line with its speaker label), `completion` (the last, an assistant reply) and `order`
 * are derived here, so the three can never disagree.
 */
export function buildRoleplayRecord(
  id: string,
  turns: Turn[],
  pack: RolePack,
  metadata: Record<string, unknown>,
): RoleplayRecord {
  const label = (role: Turn["role"]) =>
    role === "user" ? pack.speaker_labels.user : pack.speaker_labels.assistant;
  const history = turns.slice(0, -1);
  return {
    id,
    prompt: history.map((t) => `${label(t.role)}: ${t.content}`).join("\n"),
    completion: turns[turns.length - 1].content,
    messages: turns.map((t, order) => ({ role: t.role, content: t.content, order })),
    metadata: { role_type: pack.name, generated: true, ...metadata, num_messages: turns.length },
  };
}

/** The text near-duplicate detection compares: every turn's content. */
export function dialogueText(record: { messages?: { content?: unknown }[] }): string {
  return (record.messages ?? []).map((m) => String(m.content ?? "")).join("\n");
}
