import { createRequire } from "node:module";

export type TokenizerName = "o200k" | "cl100k";

interface BpeEncoding {
  countTokens(text: string, options?: { disallowedSpecial?: Set<string> }): number;
  encode(text: string, options?: { disallowedSpecial?: Set<string> }): number[];
  decode(tokens: number[]): string;
}

// The BPE tables cost 40-60 MB of memory each; load one only when it is first used (a run that
// never counts tokens exactly never pays for them). The CommonJS build allows a synchronous load.
const require = createRequire(import.meta.url);
const loaded: Partial<Record<TokenizerName, BpeEncoding>> = {};

/** The gpt-tokenizer encoding, loaded on first use. */
export function bpeEncoding(name: TokenizerName = "o200k"): BpeEncoding {
  loaded[name] ??= require(
    name === "cl100k" ? "gpt-tokenizer/encoding/cl100k_base" : "gpt-tokenizer/encoding/o200k_base",
  ) as BpeEncoding;
  return loaded[name];
}

/** Special-token strings inside data (`<|endoftext|>`) are plain text, never an error. */
const AS_TEXT = { disallowedSpecial: new Set<string>() };

/**
 * Token count of a text with an OpenAI BPE (o200k: GPT-4o family; cl100k: GPT-4/3.5), in time
 * linear in its length (see countInPieces).
 */
export function countTokens(text: string, tokenizer: TokenizerName = "o200k"): number {
  const bpe = bpeEncoding(tokenizer);
  return countInPieces(text, (piece) => bpe.countTokens(piece, AS_TEXT));
}

/** Runs of letters, of symbols or of spaces longer than this are counted in pieces this long. */
export const LONG_RUN = 512;
const LONG_RUNS = new RegExp(
  `[\\p{L}\\p{M}\\p{N}]{${LONG_RUN + 1},}|[^\\s\\p{L}\\p{M}\\p{N}]{${LONG_RUN + 1},}|\\s{${LONG_RUN + 1},}`,
  "gu",
);

/**
 * A BPE tokenizer first splits text into words and then merges each word's bytes pair by pair,
 * which takes time quadratic in the word's length: 100k identical letters took 21 s, 300k took
 * 105 s. Text is therefore counted as it is, exactly, unless it holds a run of more than
 * LONG_RUN letters (or symbols, or spaces) without a break; such a run is counted in pieces of
 * LONG_RUN, each piece exactly, the whole within about a token per piece. Linear either way.
 */
export function countInPieces(text: string, count: (piece: string) => number): number {
  if (text.length <= LONG_RUN) return count(text);
  let total = 0;
  let at = 0;
  for (const run of text.matchAll(LONG_RUNS)) {
    if (run.index > at) total += count(text.slice(at, run.index));
    for (let i = 0; i < run[0].length; i += LONG_RUN) total += count(run[0].slice(i, i + LONG_RUN));
    at = run.index + run[0].length;
  }
  return at === 0 ? count(text) : at < text.length ? total + count(text.slice(at)) : total;
}

/** Token ids of a text, special-token strings encoded as text. */
export function encodeTokens(text: string, tokenizer: TokenizerName = "o200k"): number[] {
  return bpeEncoding(tokenizer).encode(text, AS_TEXT);
}

export function decodeTokens(tokens: number[], tokenizer: TokenizerName = "o200k"): string {
  return bpeEncoding(tokenizer).decode(tokens);
}

/** A cheap estimate (about 4 characters a token for Latin, fewer for CJK) where exactness does not matter. */
export function estimateTokens(text: string): number {
  let cjk = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x3000 && c <= 0xd7ff) cjk++;
  }
  return Math.ceil((text.length - cjk) / 3.5 + cjk * 0.9);
}
