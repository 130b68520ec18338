/**
 * Text clean-up shared by recipes: Unicode NFC, invisible characters out, spaces collapsed inside
 * lines, paragraph breaks kept as `\n`, quotes unified per language.
 */

// Zero-width and bidi controls, BOM, soft hyphen; C0/C1 controls except \n and \t.
const INVISIBLE =
  /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF\u00AD]|[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

// Any character the steps below change, or two spaces: without one, cleaning is trimming.
const NEEDS_CLEANING =
  /[\u0000-\u001F\u007F-\u00A0\u00AD\u2000-\u200F\u202A-\u202F\u205F-\u2064\u3000\uFEFF]| {2}/;

export function cleanText(text: string): string {
  const nfc = text.normalize("NFC");
  if (!NEEDS_CLEANING.test(nfc)) return nfc.trim();
  let s = nfc.replace(/\r\n?/g, "\n").replace(INVISIBLE, "");
  s = s.replace(/[\t \u00A0\u2000-\u200A\u202F\u205F\u3000]+/g, " ");
  s = s
    .split("\n")
    .map((line) => line.trim())
    .join("\n");
  return s.replace(/\n{3,}/g, "\n\n").trim();
}

const DOUBLE_QUOTE = /["“”„‟]/;

/**
 * Unifies double quotes: Russian uses «ёлочки», other languages straight ASCII quotes. Pairs are
 * matched left to right; an unpaired quote is left as written.
 */
export function unifyQuotes(text: string, language: string): string {
  const lang = language.toLowerCase();
  if (lang === "ru" || lang === "uk" || lang === "be") {
    if (!DOUBLE_QUOTE.test(text)) return text;
    const normalized = text.replace(/[“”„‟]/g, '"');
    let open = true;
    const count = (normalized.match(/"/g) ?? []).length;
    if (count % 2 !== 0) return text.normalize("NFC");
    return normalized.replace(/"/g, () => {
      const q = open ? "«" : "»";
      open = !open;
      return q;
    });
  }
  if (lang === "en") return text.replace(/[“”„‟«»]/g, '"').replace(/[‘’‚‛]/g, "'");
  return text;
}
