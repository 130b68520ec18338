import { type Currency, mainCurrency, numbersIn } from "./amounts.js";
import type { RolePack } from "./role-pack.js";

/** A catalogue entry as every consumer sees it (a plain-string product is a name only). */
export interface Product {
  name: string;
  kind?: string;
  price?: string;
  terms?: string;
}

export function products(pack: RolePack): Product[] {
  return pack.products.map((p) => (typeof p === "string" ? { name: p } : p));
}

/** One catalogue line: `name — price; terms`. */
export function productLine(p: Product): string {
  const details = [p.price, p.terms].filter(Boolean).join("; ");
  return details ? `${p.name} — ${details}` : p.name;
}

/** The catalogue as prompt lines, the shop's terms after the products. */
export function catalogueLines(pack: RolePack): string[] {
  return [...products(pack).map((p) => `- ${productLine(p)}`), ...(pack.terms ?? []).map((t) => `- ${t}`)];
}

/**
 * The amounts a seller may state: every number written in a price or terms (the catalogue's own
 * figures), plus the sum of two products and two or three of one (a basket), each rounded to
 * the cent. Amounts outside `band` are not prices of this shop (a deposit of 500 ₽, bitcoin at
 * $60,000) and are not checked.
 */
export interface PriceList {
  currency: Currency;
  allowed: Set<number>;
  band: { min: number; max: number };
  /** The products' own prices, ascending (for messages). */
  prices: number[];
}

/** The pack's price list, or undefined when no product has a price (nothing to check). */
export function priceList(pack: RolePack): PriceList | undefined {
  const list = products(pack);
  const texts = [...list.flatMap((p) => [p.price ?? "", p.terms ?? ""]), ...(pack.terms ?? [])];
  const currency = mainCurrency(list.map((p) => p.price ?? ""));
  if (!currency) return undefined;
  const prices = list.flatMap((p) => (p.price ? numbersIn(p.price) : [])).filter((v) => v > 0);
  const allowed = new Set<number>(texts.flatMap(numbersIn));
  const cents = (v: number) => Math.round(v * 100) / 100;
  for (let i = 0; i < prices.length; i++) {
    allowed.add(cents(prices[i] * 2));
    allowed.add(cents(prices[i] * 3));
    for (let j = i + 1; j < prices.length; j++) allowed.add(cents(prices[i] + prices[j]));
  }
  return {
    currency,
    allowed,
    band: { min: Math.min(...prices) / 2, max: Math.max(...prices) * 3 },
    prices: [...new Set(prices)].sort((a, b) => a - b),
  };
}
