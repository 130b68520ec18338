import { amountsIn, formatAmount, numbersIn } from "./amounts.js";
import { type PriceList, priceList } from "./catalogue.js";
import type { Turn } from "./dialogue-normalizer.js";
import { type CompiledRule, compileMustNot, findMustNot } from "./must-not.js";
import type { RolePack } from "./role-pack.js";

/** What a seller's messages are checked against, compiled once per run. */
export interface SellerRules {
  prices?: PriceList;
  mustNot: CompiledRule[];
}

export interface SellerFailure {
  reason: "price_not_in_catalogue" | `must_not_${string}`;
  detail: string;
}

export function sellerRules(pack: RolePack): SellerRules {
  return { prices: priceList(pack), mustNot: compileMustNot(pack.must_not) };
}

function offPrice(text: string, prices: PriceList, customerNumbers: ReadonlySet<number>) {
  for (const a of amountsIn(text)) {
    if (a.currency !== prices.currency) continue;
    if (a.value < prices.band.min || a.value > prices.band.max) continue;
    if (!prices.allowed.has(a.value) && !customerNumbers.has(a.value)) return a;
  }
  return undefined;
}

/**
 * One seller message: a price in the catalogue's currency and range that is neither in the
 * catalogue (nor derived from it: two products, two or three of one) nor quoted by the customer
 * earlier; or an affirmative match of a must_not rule. `n` is the message's 1-based number.
 */
export function checkSellerMessage(
  text: string,
  n: number,
  customerNumbers: ReadonlySet<number>,
  rules: SellerRules,
): SellerFailure | undefined {
  const hit = findMustNot(text, rules.mustNot);
  if (hit)
    return {
      reason: `must_not_${hit.rule.id}`,
      detail: `message ${n}: «${hit.match}» breaks the rule: ${hit.rule.rule}`,
    };
  const prices = rules.prices;
  const off = prices && offPrice(text, prices, customerNumbers);
  if (off && prices)
    return {
      reason: "price_not_in_catalogue",
      detail: `message ${n}: «${off.text}» is in no catalogue price or term (prices: ${prices.prices.map(formatAmount).join(", ")})`,
    };
  return undefined;
}

/** Numbers the customer wrote in these turns: the seller may repeat them ("you saw it for 12 000?"). */
export function customerNumbers(turns: readonly Turn[]): Set<number> {
  return new Set(turns.flatMap((t) => (t.role === "user" ? numbersIn(t.content) : [])));
}

/** Every seller message of a dialogue, in order; the first failure wins. */
export function checkSellerTurns(turns: readonly Turn[], rules: SellerRules): SellerFailure | undefined {
  const quoted = new Set<number>();
  for (let i = 0; i < turns.length; i++) {
    const t = turns[i];
    if (t.role === "user") {
      for (const v of numbersIn(t.content)) quoted.add(v);
      continue;
    }
    const failure = checkSellerMessage(t.content, i + 1, quoted, rules);
    if (failure) return failure;
  }
  return undefined;
}
