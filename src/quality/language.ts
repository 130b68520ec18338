/**
 * Script-based language identification: cheap, deterministic, and enough to tell the languages
 * our recipes write apart (a Russian dialogue that drifted into English, a Korean one into
 * Chinese). Counts letters per script; digits, punctuation and Latin brand names inside a
 * non-Latin text do not outvote it.
 */
export type Script = "cyrillic" | "latin" | "hangul" | "han" | "kana" | "arabic" | "other";

const LANGUAGE_SCRIPT: Record<string, Script> = {
  ru: "cyrillic",
  uk: "cyrillic",
  be: "cyrillic",
  bg: "cyrillic",
  kk: "cyrillic",
  en: "latin",
  de: "latin",
  fr: "latin",
  es: "latin",
  it: "latin",
  pt: "latin",
  ko: "hangul",
  zh: "han",
  ja: "kana",
  ar: "arabic",
};

export function scriptOf(code: number): Script | undefined {
  if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (code >= 0xc0 && code <= 0x24f))
    return "latin";
  if (code >= 0x400 && code <= 0x4ff) return "cyrillic";
  if (
    (code >= 0xac00 && code <= 0xd7af) ||
    (code >= 0x1100 && code <= 0x11ff) ||
    (code >= 0x3130 && code <= 0x318f)
  )
    return "hangul";
  if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)) return "han";
  if (code >= 0x3040 && code <= 0x30ff) return "kana";
  if (code >= 0x600 && code <= 0x6ff) return "arabic";
  return undefined;
}

/** Share of letters per script in `text`. */
export function scriptShares(text: string): Partial<Record<Script, number>> {
  const counts: Partial<Record<Script, number>> = {};
  let total = 0;
  for (let i = 0; i < text.length; i++) {
    const s = scriptOf(text.charCodeAt(i));
    if (!s) continue;
    counts[s] = (counts[s] ?? 0) + 1;
    total++;
  }
  if (total === 0) return {};
  for (const k of Object.keys(counts) as Script[]) counts[k] = counts[k]! / total;
  return counts;
}

/** The dominant script's language code (ru for Cyrillic, en for Latin, ...), or "unknown". */
export function detectLanguage(text: string): string {
  const shares = scriptShares(text);
  // Japanese mixes kana and Han; any real kana share means Japanese.
  if ((shares.kana ?? 0) > 0.1) return "ja";
  let best: Script | undefined;
  let bestShare = 0;
  for (const [s, share] of Object.entries(shares) as [Script, number][]) {
    if (share > bestShare) {
      best = s;
      bestShare = share;
    }
  }
  if (!best) return "unknown";
  const lang = {
    cyrillic: "ru",
    latin: "en",
    hangul: "ko",
    han: "zh",
    kana: "ja",
    arabic: "ar",
    other: "unknown",
  }[best];
  return lang;
}

/**
 * Whether `text` is written in `language` (by script): at least `minShare` of its letters are in
 * that language's script. Languages with an unknown script pass.
 */
export function isInLanguage(text: string, language: string, minShare = 0.6): boolean {
  const script = LANGUAGE_SCRIPT[language.toLowerCase().split(/[-_]/)[0]];
  if (!script) return true;
  const shares = scriptShares(text);
  if (Object.keys(shares).length === 0) return true;
  if (script === "kana") return (shares.kana ?? 0) + (shares.han ?? 0) >= minShare;
  return (shares[script] ?? 0) >= minShare;
}
