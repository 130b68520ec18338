import type { DatasetRecord } from "../recipe.js";
import type { Turn } from "./dialogue-normalizer.js";
import type { RolePack } from "./role-pack.js";

export interface RoleplayRecord extends DatasetRecord {
  prompt: string;
  completion: string;
  messages: { role: "system" | "user" | "assistant"; content: string; order: number }[];
  metadata: Record<string, unknown> & { role_type: string; generated: true; num_messages: number };
}

/**
 * The seed's record shape. The model wrote only `messages`; `prompt` (every message but the last,
 * one per line with its speaker label), `completion` (the last, an assistant reply) and `order`
 * are derived here, so the three can never disagree. `system` (the persona) comes first, in
 * `messages` and in `prompt`, so whatever a trainer reads, the model sees who it is.
 * `num_messages` counts the dialogue's turns, not the system message.
 */
export function buildRoleplayRecord(
  id: string,
  turns: Turn[],
  pack: RolePack,
  metadata: Record<string, unknown>,
  system?: string,
): RoleplayRecord {
  const label = (role: RoleplayRecord["messages"][number]["role"]) =>
    role === "user"
      ? pack.speaker_labels.user
      : role === "assistant"
        ? pack.speaker_labels.assistant
        : "system";
  const all: { role: RoleplayRecord["messages"][number]["role"]; content: string }[] = [
    ...(system ? [{ role: "system" as const, content: system }] : []),
    ...turns,
  ];
  return {
    id,
    prompt: all
      .slice(0, -1)
      .map((t) => `${label(t.role)}: ${t.content}`)
      .join("\n"),
    completion: turns[turns.length - 1].content,
    messages: all.map((t, order) => ({ role: t.role, content: t.content, order })),
    metadata: { role_type: pack.name, generated: true, ...metadata, num_messages: turns.length },
  };
}

/** The text near-duplicate detection compares: every turn's content (the shared system message aside). */
export function dialogueText(record: { messages?: { role?: unknown; content?: unknown }[] }): string {
  return (record.messages ?? [])
    .filter((m) => m.role !== "system")
    .map((m) => String(m.content ?? ""))
    .join("\n");
}
