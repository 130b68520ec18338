/**
 * Money amounts in chat text: "19 900 ₽", "19900 руб.", "20 тыс. рублей", "$199", "1,5k €".
 * Only amounts with a currency mark count as stated prices; bare numbers are durations, sizes,
 * counts.
 */

export type Currency = "rub" | "usd" | "eur" | "gbp" | "krw" | "uah";

export interface Amount {
  value: number;
  currency: Currency;
  /** The amount as written. */
  text: string;
}

// Thousands may be grouped by spaces (also no-break and narrow ones), dots or commas.
const NUMBER = String.raw`(?<!\d)(\d{1,3}(?:[ \u00A0\u202F.,]\d{3})+(?!\d)|\d+)(?:[.,](\d{1,2})(?!\d))?`;
const MULTIPLIER = String.raw`(?:\s?(тыс(?:яч[аи]?)?\.?|млн\.?|k(?!\p{L})|к(?!\p{L})))?`;
const CURRENCY_AFTER = String.raw`\s?(₽|руб(?:л\p{L}*)?\.?|р\.|rub(?!\p{L})|\$|usd(?!\p{L})|долл\p{L}*|€|eur(?!\p{L})|евро(?!\p{L})|£|₩|원|грн\.?|₴)`;
const AFTER = new RegExp(`${NUMBER}${MULTIPLIER}${CURRENCY_AFTER}`, "giu");
const BEFORE = new RegExp(`(\\$|€|£|₩)\\s?${NUMBER}${MULTIPLIER}`, "giu");
const ANY_NUMBER = new RegExp(`${NUMBER}${MULTIPLIER}`, "giu");

function currencyOf(mark: string): Currency {
  const m = mark.toLowerCase();
  if (m === "$" || m.startsWith("usd") || m.startsWith("долл")) return "usd";
  if (m === "€" || m.startsWith("eur") || m.startsWith("евро")) return "eur";
  if (m === "£") return "gbp";
  if (m === "₩" || m === "원") return "krw";
  if (m === "₴" || m.startsWith("грн")) return "uah";
  return "rub";
}

function amountValue(integer: string, fraction: string | undefined, multiplier: string | undefined): number {
  let v = Number(integer.replace(/[^\d]/g, ""));
  if (fraction) v += Number(`0.${fraction}`);
  const m = (multiplier ?? "").toLowerCase();
  if (m.startsWith("млн")) v *= 1_000_000;
  else if (m !== "") v *= 1000;
  return Math.round(v * 100) / 100;
}

/** Every amount with a currency mark, in order of appearance. */
export function amountsIn(text: string): Amount[] {
  const found: (Amount & { at: number })[] = [];
  for (const m of text.matchAll(AFTER))
    found.push({ value: amountValue(m[1], m[2], m[3]), currency: currencyOf(m[4]), text: m[0], at: m.index });
  for (const m of text.matchAll(BEFORE))
    found.push({ value: amountValue(m[2], m[3], m[4]), currency: currencyOf(m[1]), text: m[0], at: m.index });
  return found.sort((a, b) => a.at - b.at).map(({ at: _at, ...a }) => a);
}

/** Every number in a text (with "тыс"/"k" applied), currency or not: what a catalogue line allows. */
export function numbersIn(text: string): number[] {
  return [...text.matchAll(ANY_NUMBER)].map((m) => amountValue(m[1], m[2], m[3]));
}

/** The currency most amounts of these texts are in (undefined when none has one). */
export function mainCurrency(texts: readonly string[]): Currency | undefined {
  const counts = new Map<Currency, number>();
  for (const t of texts)
    for (const a of amountsIn(t)) counts.set(a.currency, (counts.get(a.currency) ?? 0) + 1);
  let best: Currency | undefined;
  for (const [c, n] of counts) if (best === undefined || n > (counts.get(best) ?? 0)) best = c;
  return best;
}

/** 19900 → "19 900" (how amounts are shown in rejection details). */
export function formatAmount(value: number): string {
  return value.toLocaleString("ru-RU").replace(/\u00A0/g, " ");
}
