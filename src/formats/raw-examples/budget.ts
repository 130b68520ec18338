import type { Rng } from "../../core/rng.js";
import { countTokens } from "../../quality/tokens.js";
import type { RawExample, RawMessage } from "./types.js";

/** Counts the tokens of a text; the default is the exact o200k count. */
export type TokenCounter = (text: string) => number;

// Examples are cut again for every work item: remember each turn's count (per counter).
const memo = new WeakMap<TokenCounter, WeakMap<RawMessage, number>>();

/** Tokens one turn takes when rendered as a `role: content` line. */
export function turnTokens(m: RawMessage, count: TokenCounter = countTokens): number {
  let byMessage = memo.get(count);
  if (!byMessage) {
    byMessage = new WeakMap();
    memo.set(count, byMessage);
  }
  let n = byMessage.get(m);
  if (n === undefined) {
    n = count(`${m.role}: ${m.content}\n`);
    byMessage.set(m, n);
  }
  return n;
}

export function exampleTokens(example: RawExample, count: TokenCounter = countTokens): number {
  let n = 0;
  for (const m of example.messages) n += turnTokens(m, count);
  return n;
}

/**
 * The first whole turns of an example that fit in `maxTokens` (as `role: content` lines).
 * At least one exchange is always kept — up to the first assistant reply to a user message — so
 * the result exceeds the budget only when that exchange alone does. A cut example ends on an
 * assistant reply, not on an unanswered question.
 */
export function cutToTokenBudget(
  example: RawExample,
  maxTokens: number,
  count: TokenCounter = countTokens,
): RawExample {
  const { messages } = example;
  const minimum = firstExchangeEnd(messages);
  let used = 0;
  let keep = 0;
  for (let i = 0; i < messages.length; i++) {
    const t = turnTokens(messages[i], count);
    if (i >= minimum && used + t > maxTokens) break;
    used += t;
    keep = i + 1;
  }
  if (keep === messages.length) return example;
  if (keep > minimum && messages[keep - 1].role === "user") keep--;
  return { source: example.source, messages: messages.slice(0, keep) };
}

/** Turns up to and including the first assistant message that follows a user message. */
function firstExchangeEnd(messages: readonly RawMessage[]): number {
  let sawUser = false;
  for (let i = 0; i < messages.length; i++) {
    if (messages[i].role === "user") sawUser = true;
    else if (sawUser) return i + 1;
  }
  return messages.length;
}

/** Candidates tried per call beyond k, so a budget no example fits cannot scan a huge list. */
const EXTRA_TRIES = 32;

/**
 * k distinct examples for one work item, each cut to fit, all together within `tokenBudget`
 * tokens. Deterministic in the Rng: pass each item its own stream (e.g. `new Rng(deriveSeed(seed,
 * i))`) and items see different examples, spread evenly over the list. The budget is shared: each
 * pick may use the remaining budget divided by the picks still to make, so a short example leaves
 * room for the next. An example whose first exchange does not fit its share is passed over; with a
 * budget too small for any, fewer than k (possibly none) come back.
 */
export function pickExamples(
  examples: readonly RawExample[],
  rng: Rng,
  k: number,
  tokenBudget: number,
  count: TokenCounter = countTokens,
): RawExample[] {
  const picked: RawExample[] = [];
  if (k <= 0 || tokenBudget <= 0) return picked;
  const n = examples.length;
  const tries = Math.min(n, k + EXTRA_TRIES);
  // A lazy Fisher-Yates shuffle: only the positions drawn are materialised.
  const moved = new Map<number, number>();
  let remaining = tokenBudget;
  for (let i = 0; i < tries && picked.length < k; i++) {
    const j = rng.int(i, n - 1);
    const chosen = moved.get(j) ?? j;
    moved.set(j, moved.get(i) ?? i);
    const share = Math.floor(remaining / (k - picked.length));
    const cut = cutToTokenBudget(examples[chosen], share, count);
    const t = exampleTokens(cut, count);
    if (t > share) continue;
    picked.push(cut);
    remaining -= t;
  }
  return picked;
}
