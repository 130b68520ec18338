import ranks from "gpt-tokenizer/bpeRanks/cl100k_base";
import { countTokens } from "gpt-tokenizer/encoding/cl100k_base";
import { describe, expect, it } from "vitest";
import { bytesToByteLevel, HfBpeTokenizer, toJsRegex } from "../../src/formats/validate/hf-tokenizer.js";

/**
 * There is no Hugging Face tokenizer offline to compare with, so the implementation is checked
 * against tiktoken's cl100k (via gpt-tokenizer) converted to a tokenizer.json exactly as
 * transformers' TikTokenConverter does (the conversion Llama 3's tokenizer.json came from):
 * vocab = byte-level strings of the ranks, merges = every split of a token into two tokens,
 * ordered by the rank of the result; the pre-tokeniser is the cl100k pattern + ByteLevel.
 */
function cl100kAsTokenizerJson(): unknown {
  const list = ranks as unknown as (string | number[])[];
  const enc = new TextEncoder();
  const bytesOf = list.map((t) => (typeof t === "string" ? enc.encode(t) : Uint8Array.from(t)));
  const key = (b: Uint8Array) => Buffer.from(b).toString("latin1");
  const rankOf = new Map<string, number>();
  bytesOf.forEach((b, r) => {
    rankOf.set(key(b), r);
  });
  const vocab: Record<string, number> = {};
  const merges: [string, string, number, number, number][] = [];
  bytesOf.forEach((b, r) => {
    vocab[bytesToByteLevel(b)] = r;
    for (let i = 1; i < b.length; i++) {
      const l = rankOf.get(key(b.subarray(0, i)));
      const rr = rankOf.get(key(b.subarray(i)));
      if (l !== undefined && rr !== undefined) {
        merges.push([bytesToByteLevel(b.subarray(0, i)), bytesToByteLevel(b.subarray(i)), r, l, rr]);
      }
    }
  });
  merges.sort((a, b) => a[2] - b[2] || a[3] - b[3] || a[4] - b[4]);
  return {
    added_tokens: [{ id: 100257, content: "<|endoftext|>", special: true }],
    normalizer: null,
    pre_tokenizer: {
      type: "Sequence",
      pretokenizers: [
        {
          type: "Split",
          pattern: {
            Regex:
              "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
          },
          behavior: "Isolated",
          invert: false,
        },
        { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    model: { type: "BPE", ignore_merges: true, vocab, merges: merges.map((m) => `${m[0]} ${m[1]}`) },
  };
}

const TEXTS = [
  "Hello, world! It's a test: don't, won't, I'LL, we've.",
  "Привет! Сколько стоит доставка на завтра? Оплата картой, 3-5 дней.",
  "안녕하세요, 짜장면 맛있는 집 좀 찾아주세요. 배달 시간은 얼마나 걸리나요?",
  "价格是多少？我们明天可以发货。",
  'def f(x):\n    return {"a": 21.0, "b": [1, 2, 3]}  # comment\n\n\n  trailing   spaces  ',
  "Numbers 1234567 and 3.14159, dates 2026-02-14, emoji 🚀🔥 and tabs\tend",
  "<think>2+2=4</think><answer>4</answer>",
  "a\r\nb\n\n \n  \t x  ",
  "I'M HERE, IT'S 12345678901!!! ...   ",
  "    indented\n\tcode();\n",
  "Ünïcödé naïve café — “quotes” «ёлки» ½ ², ³ ٣ ",
];

describe("Hugging Face byte-level BPE tokenizer.json", () => {
  const tok = HfBpeTokenizer.fromJson(cl100kAsTokenizerJson());

  it("counts exactly as tiktoken's cl100k on English, Russian, Korean, Chinese, code, numbers, emoji", () => {
    for (const text of TEXTS) expect(tok.count(text), text).toBe(countTokens(text));
  });

  it("splits added tokens out first, one token each", () => {
    const a = "<answer>4</answer> ";
    expect(tok.count(`${a}<|endoftext|> after`)).toBe(tok.count(a) + 1 + tok.count(" after"));
  });

  it("refuses tokenizers outside the byte-level BPE family by name", () => {
    expect(() => HfBpeTokenizer.fromJson({ model: { type: "Unigram", vocab: [] } })).toThrow(
      /model type "Unigram" is not supported/,
    );
    expect(() =>
      HfBpeTokenizer.fromJson({
        pre_tokenizer: { type: "Metaspace" },
        model: { type: "BPE", vocab: {}, merges: [], byte_fallback: true },
      }),
    ).toThrow(/byte_fallback/);
  });

  it("rewrites Oniguruma's scoped case-insensitive group for JavaScript", () => {
    expect(toJsRegex("(?i:'s|'ll)|x")).toBe("(?:'[sS]|'[lL][lL])|x");
  });
});
