import { cleanText, unifyQuotes } from "../../quality/normalize-text.js";
import type { RolePack } from "./role-pack.js";

export interface Turn {
  role: "user" | "assistant";
  content: string;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Compiled patterns by the pack's two labels: a dialogue is normalised without compiling one. */
const markerPatterns = new Map<string, RegExp>();

/** Speaker markers a model may leak at the start of a turn: `user:`, `**Клиент:**`, `[assistant]`, ... */
export function speakerMarkerPattern(pack: RolePack): RegExp {
  const key = `${pack.speaker_labels.user}\u0000${pack.speaker_labels.assistant}`;
  let pattern = markerPatterns.get(key);
  if (!pattern) {
    pattern = compileSpeakerMarker(pack.speaker_labels);
    if (markerPatterns.size >= 64) markerPatterns.clear(); // a run has a handful of packs
    markerPatterns.set(key, pattern);
  }
  return pattern;
}

function compileSpeakerMarker(speakerLabels: RolePack["speaker_labels"]): RegExp {
  const labels = [
    "user",
    "assistant",
    "customer",
    "client",
    "seller",
    "agent",
    "клиент",
    "продавец",
    "менеджер",
    "ассистент",
    "покупатель",
    "пользователь",
    speakerLabels.user,
    speakerLabels.assistant,
  ];
  const alt = [...new Set(labels.map((l) => escapeRegex(l.toLowerCase())))].join("|");
  return new RegExp(
    `^\\s*(?:\\*\\*|__)?\\[?(?:${alt})\\]?(?:\\*\\*|__)?\\s*[:：]\\s*(?:\\*\\*|__)?\\s*`,
    "iu",
  );
}

/** Cleans each turn: NFC, invisible characters, spaces, quotes per language, leaked speaker markers. */
export function normalizeTurns(turns: Turn[], pack: RolePack): Turn[] {
  const marker = speakerMarkerPattern(pack);
  return turns.map((t) => {
    let content = cleanText(t.content);
    // Trim a leaked marker once or twice (`**User:** user: ...`).
    for (let i = 0; i < 2 && marker.test(content); i++) content = content.replace(marker, "").trim();
    return { role: t.role, content: unifyQuotes(content, pack.language) };
  });
}
