import { isInLanguage } from "../../quality/language.js";
import type { Turn } from "./dialogue-normalizer.js";

export interface ValidationFailure {
  reason:
    | "too_short"
    | "too_long"
    | "empty_turn"
    | "wrong_first_role"
    | "wrong_last_role"
    | "roles_not_alternating"
    | "speaker_marker_leak"
    | "wrong_language";
  detail: string;
}

export interface ValidationRules {
  minMessages: number;
  maxMessages: number;
  language: string;
  /** Matches a speaker label at the start of a line. */
  speakerMarker: RegExp;
}

/** Whether a line of `text` matches `pattern` (anchored at the start with `^`, not global). */
function startsALineWith(text: string, pattern: RegExp): boolean {
  if (!text.includes("\n")) return pattern.test(text);
  return text.split("\n").some((line) => pattern.test(line));
}

/** Structural and language checks on a normalised dialogue; the first failure wins. */
export function validateDialogue(turns: Turn[], rules: ValidationRules): ValidationFailure | undefined {
  if (turns.length < rules.minMessages)
    return {
      reason: "too_short",
      detail: `${turns.length} messages, at least ${rules.minMessages} required`,
    };
  if (turns.length > rules.maxMessages)
    return { reason: "too_long", detail: `${turns.length} messages, at most ${rules.maxMessages} allowed` };
  const empty = turns.findIndex((t) => t.content.trim() === "");
  if (empty >= 0) return { reason: "empty_turn", detail: `message ${empty} is empty` };
  if (turns[0].role !== "user")
    return {
      reason: "wrong_first_role",
      detail: `the first message is from '${turns[0].role}', expected the customer (user)`,
    };
  const last = turns[turns.length - 1];
  if (last.role !== "assistant")
    return {
      reason: "wrong_last_role",
      detail: `the last message is from '${last.role}', expected an assistant reply`,
    };
  for (let i = 1; i < turns.length; i++) {
    if (turns[i].role === turns[i - 1].role)
      return {
        reason: "roles_not_alternating",
        detail: `messages ${i - 1} and ${i} are both '${turns[i].role}'`,
      };
  }
  for (let i = 0; i < turns.length; i++) {
    // A marker at the start of an inner line means several turns were collapsed into one.
    if (startsALineWith(turns[i].content, rules.speakerMarker))
      return { reason: "speaker_marker_leak", detail: `message ${i} contains a speaker label` };
  }
  const text = turns.map((t) => t.content).join("\n");
  if (!isInLanguage(text, rules.language))
    return { reason: "wrong_language", detail: `the dialogue is not written in '${rules.language}'` };
  return undefined;
}
