/**
 * A cheap language guess from the Unicode scripts of a text: good enough to tell a Russian
 * dataset from a Korean one in a report, not a real language identifier. Latin text is reported
 * as "en" because nothing cheaper can tell English from German; records that carry
 * `metadata.language` are trusted over this guess.
 */
export type Script =
  | "latin"
  | "cyrillic"
  | "greek"
  | "arabic"
  | "hebrew"
  | "devanagari"
  | "thai"
  | "hangul"
  | "kana"
  | "han"
  | "other";

/** ISO 639-1 code most likely meant by each script (the dataset card's `language:` list). */
export const SCRIPT_LANGUAGE: Record<Exclude<Script, "other">, string> = {
  latin: "en",
  cyrillic: "ru",
  greek: "el",
  arabic: "ar",
  hebrew: "he",
  devanagari: "hi",
  thai: "th",
  hangul: "ko",
  kana: "ja",
  han: "zh",
};

export function scriptOf(code: number): Script | undefined {
  if (code < 0x41) return undefined;
  if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) return "latin";
  if (code < 0xc0) return undefined;
  if (code <= 0x24f) return code === 0xd7 || code === 0xf7 ? undefined : "latin";
  if (code >= 0x370 && code <= 0x3ff) return "greek";
  if (code >= 0x400 && code <= 0x52f) return "cyrillic";
  if (code >= 0x590 && code <= 0x5ff) return "hebrew";
  if (code >= 0x600 && code <= 0x6ff) return "arabic";
  if (code >= 0x900 && code <= 0x97f) return "devanagari";
  if (code >= 0xe00 && code <= 0xe7f) return "thai";
  if ((code >= 0x1100 && code <= 0x11ff) || (code >= 0x3130 && code <= 0x318f)) return "hangul";
  if (code >= 0xac00 && code <= 0xd7af) return "hangul";
  if (code >= 0x3040 && code <= 0x30ff) return "kana";
  if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)) return "han";
  if (code >= 0x1e00 && code <= 0x1eff) return "latin";
  if (code >= 0x1f00 && code <= 0x1fff) return "greek";
  if (code >= 0xff21 && code <= 0xff5a) return "latin";
  return "other";
}

/** Letters per script in a text (digits, punctuation and spaces are not counted). */
export function countScripts(text: string, into: Map<Script, number> = new Map()): Map<Script, number> {
  for (const ch of text) {
    const s = scriptOf(ch.codePointAt(0)!);
    if (s) into.set(s, (into.get(s) ?? 0) + 1);
  }
  return into;
}

/**
 * The dominant script of a letter count. Japanese mixes kana and Han and Korean may include Han:
 * any real share of kana or Hangul decides before Han does.
 */
export function dominantScript(counts: Map<Script, number>): Script | undefined {
  let total = 0;
  for (const n of counts.values()) total += n;
  if (total === 0) return undefined;
  const kana = counts.get("kana") ?? 0;
  const hangul = counts.get("hangul") ?? 0;
  const han = counts.get("han") ?? 0;
  if (kana > 0 && kana >= 0.1 * (kana + han)) {
    if (kana + han >= 0.3 * total) return "kana";
  }
  if (hangul >= 0.3 * total || (hangul > 0 && hangul >= han && hangul + han >= 0.3 * total)) return "hangul";
  let best: Script | undefined;
  let bestN = -1;
  for (const [s, n] of counts) {
    if (s === "other") continue;
    if (n > bestN) {
      best = s;
      bestN = n;
    }
  }
  // Latin runs (code, tool names, JSON keys) are common inside non-Latin dialogues: a non-Latin
  // script with a fair share wins over Latin.
  if (best === "latin") {
    for (const [s, n] of counts) {
      if (s !== "latin" && s !== "other" && n >= 0.25 * total) return s;
    }
  }
  return best ?? "other";
}

/** Language code guessed from a text, or undefined for text with no letters. */
export function guessLanguage(text: string): string | undefined {
  const s = dominantScript(countScripts(text));
  if (!s) return undefined;
  return s === "other" ? "other" : SCRIPT_LANGUAGE[s];
}
