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

const SCRIPTS: readonly Script[] = ["latin", "cyrillic", "hangul", "han", "kana", "arabic", "other"];
const LATIN = 0;
const CYRILLIC = 1;
const HANGUL = 2;
const HAN = 3;
const KANA = 4;
const ARABIC = 5;

/** The index in SCRIPTS of the script a UTF-16 code unit's letter is in, -1 for none. */
function scriptIndex(code: number): number {
  if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (code >= 0xc0 && code <= 0x24f))
    return LATIN;
  if (code >= 0x400 && code <= 0x4ff) return CYRILLIC;
  if (
    (code >= 0xac00 && code <= 0xd7af) ||
    (code >= 0x1100 && code <= 0x11ff) ||
    (code >= 0x3130 && code <= 0x318f)
  )
    return HANGUL;
  if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)) return HAN;
  if (code >= 0x3040 && code <= 0x30ff) return KANA;
  if (code >= 0x600 && code <= 0x6ff) return ARABIC;
  return -1;
}

export function scriptOf(code: number): Script | undefined {
  const i = scriptIndex(code);
  return i < 0 ? undefined : SCRIPTS[i];
}

/** Letters per script (indexed as SCRIPTS), the scripts in order of first appearance, the total. */
function letterCounts(text: string): { counts: Int32Array; order: number[]; total: number } {
  const counts = new Int32Array(SCRIPTS.length);
  const order: number[] = [];
  let total = 0;
  for (let i = 0; i < text.length; i++) {
    const k = scriptIndex(text.charCodeAt(i));
    if (k < 0) continue;
    if (counts[k]++ === 0) order.push(k);
    total++;
  }
  return { counts, order, total };
}

/** Share of letters per script in `text` (keys in order of first appearance). */
export function scriptShares(text: string): Partial<Record<Script, number>> {
  const { counts, order, total } = letterCounts(text);
  const shares: Partial<Record<Script, number>> = {};
  for (const k of order) shares[SCRIPTS[k]!] = counts[k]! / total;
  return shares;
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
  const { counts, total } = letterCounts(text);
  if (total === 0) return true;
  if (script === "kana") return counts[KANA]! / total + counts[HAN]! / total >= minShare;
  return counts[SCRIPTS.indexOf(script)]! / total >= minShare;
}
