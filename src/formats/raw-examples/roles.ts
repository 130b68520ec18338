import { labelMeaning, normaliseName } from "./labels.js";
import type { ParsedChat, RawExample, RawMessage, RawRole } from "./types.js";

/** How the speakers of one chat were mapped to roles, for the loader's warnings. */
export interface RoleAssignment {
  /** Undefined when the chat has no two-sided dialogue (one participant, or only one side left). */
  example?: RawExample;
  /** Participants (as first spelled in the file) mapped to `assistant`. */
  assistants: string[];
  /** Set when neither assistant names nor labels decided: the heuristic's pick. */
  guessed?: string;
  /** Assistant names were given but none is a participant of this chat. */
  assistantNameMissing: boolean;
  /** Distinct participants (system/tool entries excluded). */
  participants: number;
}

interface Speaker {
  name: string;
  chars: number;
  first: number;
  label: ReturnType<typeof labelMeaning>;
}

/**
 * Maps each speaker of a chat to `user` or `assistant`, merges consecutive messages of one role
 * (joined with `\n`) and drops system/tool entries. In order:
 * 1. a participant matching `assistantNames` (normalised with `normaliseName`) is the assistant,
 *    everyone else the user;
 * 2. generic labels (`assistant`, `gpt`, `продавец`, `user`, `клиент`, ...) map directly; if one
 *    side is labelled and a single participant is not, that participant is the other side;
 * 3. otherwise a guess: the participant who wrote the most text (characters) is the assistant —
 *    a seller explains, a customer asks; on a tie, the one who did not write first. The guess is
 *    returned in `guessed` so the loader can warn.
 */
export function assignRoles(chat: ParsedChat, assistantNames: ReadonlySet<string>): RoleAssignment {
  const speakers = new Map<string, Speaker>();
  // A chat has few speakers and many messages: normalise each spelling once.
  const keyOf = new Map<string, string | null>();
  const lines: { key: string; text: string }[] = [];
  for (const m of chat.messages) {
    const text = m.text.replace(/\r\n?/g, "\n").trim();
    if (text === "") continue;
    let key = keyOf.get(m.speaker);
    if (key === undefined) {
      const name = m.speaker.replace(/\s+/g, " ").trim();
      key = name === "" || labelMeaning(name) === "drop" ? null : normaliseName(name);
      keyOf.set(m.speaker, key);
      if (key !== null && !speakers.has(key)) {
        speakers.set(key, { name, chars: 0, first: lines.length, label: labelMeaning(name) });
      }
    }
    if (key === null) continue;
    const s = speakers.get(key)!;
    s.chars += text.length;
    lines.push({ key, text });
  }

  const all = [...speakers.entries()];
  const roles = new Map<string, RawRole>();
  let guessed: string | undefined;
  const matched = all.filter(([key]) => assistantNames.has(key));
  const assistantNameMissing = assistantNames.size > 0 && matched.length === 0;
  if (matched.length > 0) {
    for (const [key] of all) roles.set(key, assistantNames.has(key) ? "assistant" : "user");
  } else if (all.length >= 2) {
    const unlabelled = all.filter(([, s]) => s.label === undefined);
    for (const [key, s] of all) if (s.label) roles.set(key, s.label as RawRole);
    const hasAssistant = all.some(([, s]) => s.label === "assistant");
    const hasUser = all.some(([, s]) => s.label === "user");
    if (hasAssistant) {
      for (const [key] of unlabelled) roles.set(key, "user");
    } else if (unlabelled.length > 0) {
      const pick = hasUser && unlabelled.length === 1 ? unlabelled[0] : mostTalkative(unlabelled);
      if (!(hasUser && unlabelled.length === 1)) guessed = pick[1].name;
      for (const [key] of unlabelled) roles.set(key, key === pick[0] ? "assistant" : "user");
    }
  }

  const messages: RawMessage[] = [];
  for (const { key, text } of lines) {
    const role = roles.get(key);
    if (!role) continue;
    const last = messages[messages.length - 1];
    if (last && last.role === role) last.content += `\n${text}`;
    else messages.push({ role, content: text });
  }
  const twoSided = messages.some((m) => m.role === "user") && messages.some((m) => m.role === "assistant");
  return {
    example: twoSided ? { source: chat.source, messages } : undefined,
    assistants: all.filter(([key]) => roles.get(key) === "assistant").map(([, s]) => s.name),
    guessed: twoSided ? guessed : undefined,
    assistantNameMissing,
    participants: all.length,
  };
}

/** Most characters written; on a tie the later first message (the one who answers); then file order. */
function mostTalkative(candidates: [string, Speaker][]): [string, Speaker] {
  let best = candidates[0];
  for (const c of candidates.slice(1)) {
    if (c[1].chars > best[1].chars || (c[1].chars === best[1].chars && c[1].first > best[1].first)) best = c;
  }
  return best;
}
