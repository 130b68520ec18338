import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../../core/errors.js";
import { countInPieces, countTokens } from "../../quality/tokens.js";
import { HfBpeTokenizer } from "./hf-tokenizer.js";

export interface TokenDistribution {
  tokenizer: string;
  examples: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  max: number;
  maxTokens?: number;
  /** Examples longer than maxTokens (OpenAI truncates them from the end). */
  overLimit?: number;
  overLimitLines?: number[];
}

/** A way to count tokens and its name for the report. */
export interface Tokenizer {
  name: string;
  count(text: string): number;
}

/**
 * Resolves --tokenizer: OpenAI's o200k (default) or cl100k, counted exactly with gpt-tokenizer,
 * or a Hugging Face tokenizer.json of the byte-level BPE family (see HfBpeTokenizer), which is
 * refused with a clear message when it is of another kind.
 */
export function resolveTokenizer(name: string | undefined): Tokenizer {
  // quality/tokens counts special-token text (`<|endoftext|>`) in the data as plain text.
  if (name === undefined || name === "o200k" || name === "o200k_base") {
    return { name: "o200k", count: (t) => countTokens(t, "o200k") };
  }
  if (name === "cl100k" || name === "cl100k_base")
    return { name: "cl100k", count: (t) => countTokens(t, "cl100k") };
  let path = name;
  if (existsSync(path) && statSync(path).isDirectory()) path = join(path, "tokenizer.json");
  if (!existsSync(path)) {
    throw new UsageError(
      `--tokenizer ${name}: use o200k, cl100k or the path of a Hugging Face tokenizer.json`,
    );
  }
  const hf = HfBpeTokenizer.fromFile(path);
  // Its BPE is quadratic in a word's length, like every BPE: long runs are counted in pieces.
  return { name: path, count: (t) => countInPieces(t, (piece) => hf.count(piece)) };
}

/** Streaming collector of per-example token counts (4 bytes an example). */
export class TokenCounter {
  private counts = new Uint32Array(1024);
  private n = 0;
  private sum = 0;
  private over = 0;
  private overLines: number[] = [];
  constructor(
    readonly tokenizer: Tokenizer,
    readonly maxTokens?: number,
  ) {}

  count(text: string): number {
    return text ? this.tokenizer.count(text) : 0;
  }

  add(tokens: number, line: number): void {
    if (this.n === this.counts.length) {
      const bigger = new Uint32Array(this.counts.length * 2);
      bigger.set(this.counts);
      this.counts = bigger;
    }
    this.counts[this.n++] = tokens;
    this.sum += tokens;
    if (this.maxTokens !== undefined && tokens > this.maxTokens) {
      this.over++;
      if (this.overLines.length < 5) this.overLines.push(line);
    }
  }

  result(): TokenDistribution | undefined {
    if (this.n === 0) return undefined;
    const sorted = this.counts.slice(0, this.n).sort();
    const q = (p: number) => sorted[Math.min(this.n - 1, Math.ceil(p * this.n) - 1)];
    const d: TokenDistribution = {
      tokenizer: this.tokenizer.name,
      examples: this.n,
      min: sorted[0],
      mean: Math.round((this.sum / this.n) * 10) / 10,
      p50: q(0.5),
      p90: q(0.9),
      p95: q(0.95),
      max: sorted[this.n - 1],
    };
    if (this.maxTokens !== undefined) {
      d.maxTokens = this.maxTokens;
      d.overLimit = this.over;
      d.overLimitLines = this.overLines;
    }
    return d;
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** OpenAI's estimate: ~3 tokens a message, ~3 a conversation, plus every text the model reads. */
export function messagesTokens(messages: unknown[], counter: TokenCounter): number {
  let n = 3;
  for (const m of messages) {
    if (!isObj(m)) continue;
    n += 3;
    if (typeof m.content === "string") n += counter.count(m.content);
    else if (Array.isArray(m.content)) {
      for (const p of m.content) if (isObj(p) && typeof p.text === "string") n += counter.count(p.text);
    }
    if (typeof m.name === "string") n += counter.count(m.name) + 1;
    if (Array.isArray(m.tool_calls)) {
      for (const c of m.tool_calls) {
        const fn = isObj(c) && isObj(c.function) ? c.function : undefined;
        if (!fn) continue;
        n += counter.count(String(fn.name ?? ""));
        n += counter.count(
          typeof fn.arguments === "string" ? fn.arguments : JSON.stringify(fn.arguments ?? {}),
        );
      }
    }
  }
  return n;
}

/** Tokens of one example of any validated shape (tool schemas included: the model reads them). */
export function exampleTokens(value: unknown, counter: TokenCounter): number {
  if (!isObj(value)) return 0;
  let n = 0;
  if (value.tools !== undefined)
    n += counter.count(typeof value.tools === "string" ? value.tools : JSON.stringify(value.tools));
  if (Array.isArray(value.messages)) return n + messagesTokens(value.messages, counter);
  if (Array.isArray(value.conversations)) {
    n += 3;
    if (typeof value.system === "string") n += 3 + counter.count(value.system);
    for (const t of value.conversations)
      if (isObj(t) && typeof t.value === "string") n += 3 + counter.count(t.value);
    return n;
  }
  const side = (v: unknown) =>
    Array.isArray(v) ? messagesTokens(v, counter) - 3 : typeof v === "string" ? counter.count(v) : 0;
  n += 3 + side(value.prompt);
  if (value.chosen !== undefined) return n + Math.max(side(value.chosen), side(value.rejected));
  return n + side(value.completion);
}
