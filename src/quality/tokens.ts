import { countTokens as countCl100k } from "gpt-tokenizer/encoding/cl100k_base";
import { countTokens as countO200k } from "gpt-tokenizer/encoding/o200k_base";

export type TokenizerName = "o200k" | "cl100k";

/** Special-token strings inside data (`<|endoftext|>`) are counted as plain text, never an error. */
const AS_TEXT = { disallowedSpecial: new Set<string>() };

/** Token count of a text with an OpenAI BPE (o200k: GPT-4o family; cl100k: GPT-4/3.5). */
export function countTokens(text: string, tokenizer: TokenizerName = "o200k"): number {
  return tokenizer === "cl100k" ? countCl100k(text, AS_TEXT) : countO200k(text, AS_TEXT);
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
