import type { DomainPack } from "./domain-pack.js";
import type { ToolsScenario } from "./scenario.js";

/** Placeholders of a pack's system prompt, filled in per dialogue. */
export const SYSTEM_PROMPT_FIELDS = { user_id: "{{user_id}}", date: "{{date}}" } as const;

/**
 * The assistant's system prompt for one dialogue: the signed-in user's id and today's date filled
 * in. What the assistant may legitimately know comes from here, the user and tool results, so a
 * tool taking the user's id gets it from this text, never from thin air.
 */
export function assistantSystemPrompt(pack: DomainPack, scenario: ToolsScenario): string {
  return pack.system_prompt
    .replaceAll(SYSTEM_PROMPT_FIELDS.user_id, scenario.user_id)
    .replaceAll(SYSTEM_PROMPT_FIELDS.date, scenario.dates);
}
