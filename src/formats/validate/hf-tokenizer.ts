import { readFileSync } from "node:fs";
import { UsageError } from "../../core/errors.js";

/**
 * Token counting with a Hugging Face `tokenizer.json` of the byte-level BPE family (GPT-2, Llama 3,
 * Qwen2/2.5/3, DeepSeek, Mistral-Nemo...): added tokens split out first, the normaliser, the
 * pre-tokeniser pipeline (Split / ByteLevel / Digits in a Sequence), then BPE by merge rank (lowest
 * rank, leftmost first, as the `tokenizers` crate does). Anything outside that family (SentencePiece
 * Metaspace/Unigram/WordPiece models, byte fallback, exotic split behaviours) is refused by name
 * rather than approximated. Only counts are produced: ids and offsets are not needed here.
 */
export class HfBpeTokenizer {
  private readonly cache = new Map<string, number>();

  private constructor(
    private readonly normalize: (s: string) => string,
    private readonly preTokenize: (s: string) => string[],
    private readonly vocab: Map<string, number>,
    private readonly ranks: Map<string, number>,
    private readonly ignoreMerges: boolean,
    private readonly addedTokens: RegExp | undefined,
  ) {}

  static fromFile(path: string): HfBpeTokenizer {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, "utf8"));
    } catch (e) {
      throw new UsageError(`--tokenizer ${path}: cannot read it as JSON (${(e as Error).message})`);
    }
    return HfBpeTokenizer.fromJson(json, path);
  }

  static fromJson(json: unknown, name = "tokenizer.json"): HfBpeTokenizer {
    const unsupported = (what: string) =>
      new UsageError(
        `--tokenizer ${name}: ${what} is not supported (byte-level BPE tokenizers only, e.g. Llama 3, Qwen); use --tokenizer o200k or cl100k for an approximation`,
      );
    if (!isObj(json) || !isObj(json.model)) throw unsupported("a file without a `model`");
    const model = json.model;
    if (model.type !== "BPE") throw unsupported(`model type ${JSON.stringify(model.type)}`);
    if (model.byte_fallback === true) throw unsupported("BPE with byte_fallback (SentencePiece style)");
    if (model.continuing_subword_prefix || model.end_of_word_suffix)
      throw unsupported("subword prefixes/suffixes");
    if (!isObj(model.vocab) || !Array.isArray(model.merges))
      throw unsupported("a BPE model without vocab/merges");

    const pre = buildPreTokenizer(json.pre_tokenizer, unsupported);
    if (!pre.byteLevel) throw unsupported("a pre-tokeniser without ByteLevel");
    const vocab = new Map<string, number>(Object.entries(model.vocab as Record<string, number>));
    const ranks = new Map<string, number>();
    (model.merges as unknown[]).forEach((m, i) => {
      const [a, b] = typeof m === "string" ? splitMerge(m) : (m as [string, string]);
      const key = `${a}\u0001${b}`;
      if (!ranks.has(key)) ranks.set(key, i);
    });
    const added = Array.isArray(json.added_tokens)
      ? (json.added_tokens as { content?: unknown }[])
          .map((t) => t.content)
          .filter((c): c is string => typeof c === "string" && c !== "")
      : [];
    const addedRe =
      added.length > 0
        ? new RegExp(
            added
              .sort((a, b) => b.length - a.length)
              .map(escapeRegex)
              .join("|"),
            "gu",
          )
        : undefined;
    return new HfBpeTokenizer(
      buildNormalizer(json.normalizer, unsupported),
      pre.run,
      vocab,
      ranks,
      model.ignore_merges === true,
      addedRe,
    );
  }

  count(text: string): number {
    if (text === "") return 0;
    let n = 0;
    if (this.addedTokens) {
      let last = 0;
      for (const m of text.matchAll(this.addedTokens)) {
        n += this.countPlain(text.slice(last, m.index)) + 1;
        last = (m.index ?? 0) + m[0].length;
      }
      return n + this.countPlain(text.slice(last));
    }
    return this.countPlain(text);
  }

  private countPlain(text: string): number {
    if (text === "") return 0;
    let n = 0;
    for (const word of this.preTokenize(this.normalize(text))) n += this.countWord(word);
    return n;
  }

  private countWord(word: string): number {
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    let n: number;
    if (this.ignoreMerges && this.vocab.has(word)) n = 1;
    else n = this.bpe(word);
    if (this.cache.size > 100_000) this.cache.clear();
    this.cache.set(word, n);
    return n;
  }

  /** Merges the adjacent pair of lowest rank (leftmost on ties) until none is in the merges. */
  private bpe(word: string): number {
    const symbols = word.split("");
    while (symbols.length > 1) {
      let best = -1;
      let bestRank = Number.POSITIVE_INFINITY;
      for (let i = 0; i < symbols.length - 1; i++) {
        const r = this.ranks.get(`${symbols[i]}\u0001${symbols[i + 1]}`);
        if (r !== undefined && r < bestRank) {
          bestRank = r;
          best = i;
        }
      }
      if (best < 0) break;
      symbols.splice(best, 2, symbols[best] + symbols[best + 1]);
    }
    return symbols.length;
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function splitMerge(m: string): [string, string] {
  const i = m.indexOf(" ", 1);
  return [m.slice(0, i), m.slice(i + 1)];
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function buildNormalizer(spec: unknown, unsupported: (w: string) => Error): (s: string) => string {
  if (spec === null || spec === undefined) return (s) => s;
  if (!isObj(spec)) throw unsupported("the normaliser");
  switch (spec.type) {
    case "NFC":
    case "NFD":
    case "NFKC":
    case "NFKD": {
      const form = spec.type;
      return (s) => s.normalize(form);
    }
    case "Lowercase":
      return (s) => s.toLowerCase();
    case "Sequence": {
      const steps = (Array.isArray(spec.normalizers) ? spec.normalizers : []).map((n) =>
        buildNormalizer(n, unsupported),
      );
      return (s) => steps.reduce((acc, f) => f(acc), s);
    }
    default:
      throw unsupported(`normaliser ${JSON.stringify(spec.type)}`);
  }
}

/** GPT-2's pre-tokenisation pattern, used by ByteLevel when `use_regex` is true. */
const GPT2_PATTERN = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

function buildPreTokenizer(
  spec: unknown,
  unsupported: (w: string) => Error,
): { run: (s: string) => string[]; byteLevel: boolean } {
  const steps: ((pieces: string[]) => string[])[] = [];
  let byteLevel = false;
  const add = (p: unknown) => {
    if (!isObj(p)) throw unsupported("the pre-tokeniser");
    switch (p.type) {
      case "Sequence":
        for (const q of Array.isArray(p.pretokenizers) ? p.pretokenizers : []) add(q);
        return;
      case "Split": {
        const pattern = isObj(p.pattern) ? p.pattern : {};
        const source =
          typeof pattern.Regex === "string"
            ? toJsRegex(pattern.Regex)
            : typeof pattern.String === "string"
              ? escapeRegex(pattern.String)
              : undefined;
        if (source === undefined) throw unsupported("a Split without a pattern");
        if (p.invert === true) throw unsupported("an inverted Split");
        if (p.behavior !== "Isolated" && p.behavior !== "Removed")
          throw unsupported(`Split behaviour ${JSON.stringify(p.behavior)}`);
        const re = new RegExp(source, "gu");
        const keep = p.behavior === "Isolated";
        steps.push((pieces) => pieces.flatMap((s) => splitIsolated(s, re, keep)));
        return;
      }
      case "Digits": {
        const re = p.individual_digits === true ? /\p{N}/gu : /\p{N}+/gu;
        steps.push((pieces) => pieces.flatMap((s) => splitIsolated(s, re, true)));
        return;
      }
      case "ByteLevel": {
        byteLevel = true;
        const prefix = p.add_prefix_space === true;
        const re = p.use_regex === false ? undefined : new RegExp(GPT2_PATTERN, "gu");
        steps.push((pieces) => {
          const out: string[] = [];
          for (let s of pieces) {
            if (prefix && !s.startsWith(" ")) s = ` ${s}`;
            for (const w of re ? splitIsolated(s, re, true) : [s]) out.push(toByteLevel(w));
          }
          return out;
        });
        return;
      }
      default:
        throw unsupported(`pre-tokeniser ${JSON.stringify(p.type)}`);
    }
  };
  if (spec !== null && spec !== undefined) add(spec);
  return { run: (s) => steps.reduce((pieces, step) => step(pieces), [s]), byteLevel };
}

/** Matches become pieces, and so does the text between them (HF's "Isolated"); "Removed" drops matches. */
function splitIsolated(s: string, re: RegExp, keepMatches: boolean): string[] {
  const out: string[] = [];
  let last = 0;
  re.lastIndex = 0;
  for (const m of s.matchAll(re)) {
    const i = m.index ?? 0;
    if (m[0] === "") continue;
    if (i > last) out.push(s.slice(last, i));
    if (keepMatches) out.push(m[0]);
    last = i + m[0].length;
  }
  if (last < s.length) out.push(s.slice(last));
  return out;
}

/**
 * Oniguruma to JavaScript: the only construct these patterns use that V8 (Node 20) lacks is the
 * scoped case-insensitive group `(?i:...)`, rewritten with both cases of each ASCII letter.
 */
export function toJsRegex(pattern: string): string {
  return pattern.replace(/\(\?i:((?:[^()\\]|\\.)*)\)/g, (_, body: string) => {
    let out = "";
    for (let i = 0; i < body.length; i++) {
      const c = body[i];
      if (c === "\\") {
        out += c + body[++i];
        continue;
      }
      out += /[a-zA-Z]/.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c;
    }
    return `(?:${out})`;
  });
}

/** GPT-2's reversible byte to printable-character map. */
const BYTE_TO_CHAR: string[] = (() => {
  const table: string[] = new Array(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
    table[b] = String.fromCharCode(printable ? b : 256 + extra++);
  }
  return table;
})();

const encoder = new TextEncoder();

export function toByteLevel(s: string): string {
  let out = "";
  for (const b of encoder.encode(s)) out += BYTE_TO_CHAR[b];
  return out;
}

export function bytesToByteLevel(bytes: Iterable<number>): string {
  let out = "";
  for (const b of bytes) out += BYTE_TO_CHAR[b];
  return out;
}
