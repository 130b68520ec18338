import type { CanonicalRecord, RecordMetadata } from "../../core/record.js";
import type { Turn } from "./dialogue-normalizer.js";
import type { RolePack } from "./role-pack.js";

export type RoleplayRecord = CanonicalRecord & {
  messages: { role: "system" | "user" | "assistant"; content: string }[];
  metadata: RecordMetadata & { role_type: string; generated: true; num_messages: number };
};

/**
 * The canonical record of a dialogue. The persona is the system message (when the system message
 * is on): a product sets the persona in its system prompt at inference, so the model trains on the
 * same context it will serve in, and every exporter turns it into its format's system field.
 * `num_messages` counts the dialogue's turns, not the system message. A pack's own speaker labels
 * are kept in `metadata.speaker_labels` for the roleplay-seed export's prompt text (the seed's
 * prompt/completion/order shape, which is derived from the messages there, not stored here).
 */
export function buildRoleplayRecord(
  id: string,
  turns: Turn[],
  pack: RolePack,
  metadata: Record<string, unknown>,
  system?: string,
): RoleplayRecord {
  const labels = pack.speaker_labels;
  const custom = labels.user !== "user" || labels.assistant !== "assistant";
  return {
    id,
    messages: [
      ...(system ? [{ role: "system" as const, content: system }] : []),
      ...turns.map((t) => ({ role: t.role, content: t.content })),
    ],
    metadata: {
      recipe: "roleplay",
      role_type: pack.name,
      generated: true,
      ...metadata,
      num_messages: turns.length,
      ...(custom ? { speaker_labels: { user: labels.user, assistant: labels.assistant } } : {}),
    },
  };
}

/** The text near-duplicate detection compares: every turn's content (the shared system message aside). */
export function dialogueText(record: { messages?: { role?: unknown; content?: unknown }[] }): string {
  return (record.messages ?? [])
    .filter((m) => m.role !== "system")
    .map((m) => String(m.content ?? ""))
    .join("\n");
}
