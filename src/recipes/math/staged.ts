import { Rng } from "../../core/rng.js";
import { secondStage } from "./chain.js";
import { type Tr, tr } from "./lang.js";
import type { Exact } from "./num/exact.js";
import { withRoundingNote } from "./render.js";
import type {
  Carry,
  ChainStep,
  Ctx,
  Exchange,
  FollowupKind,
  Mistake,
  Param,
  Problem,
  Reply,
} from "./types.js";

/** Difficulty from which a problem asks for a second stage built on its first result. */
export const STAGED_FROM = 8;

/**
 * Levels 8-10: the problem has two stages. The second asks for a further quantity computed from
 * the first result (the kind of step a chain would take next), so the solution carries one result
 * into the next computation within a single answer. The second stage draws its numbers from its
 * own random stream, so a variation of the first stage (`with`) asks the very same second
 * question and recomputes both.
 */
export function staged(p: Problem, ctx: Ctx): Problem {
  const seed = ctx.rng.int(1, 0x7fffffff);
  const second = followOn(p, ctx, seed);
  return second ? new StagedProblem(p, ctx, seed, second) : p;
}

function followOn(p: Problem, ctx: Ctx, seed: number): ChainStep | null {
  const carry = p.carry();
  // No result to build on (a quadratic without real roots): no second stage.
  if (carry.value === undefined) return null;
  const sub: Ctx = { rng: new Rng(seed), d: ctx.d, ru: ctx.ru };
  return secondStage(sub, carry);
}

const PART: Tr<(a: string) => string> = {
  ru: (a) => `Первая часть: ${a}.`,
  en: (a) => `First part: ${a}.`,
};

const ABOUT_FIRST: Tr<string> = {
  ru: "По первой части:",
  en: "About the first part:",
};

/**
 * "Why does …?" as a clause after a colon: a capitalised first word is lowercased (ru "А можно…"
 * too); a symbol ("R₃", "Δt", "ν") or the pronoun "I" is left as written.
 */
function asClause(question: string): string {
  return /^(?:[A-Z][a-z]|[А-ЯЁ][а-яё ])/.test(question) && !/^I\b/.test(question)
    ? question[0].toLowerCase() + question.slice(1)
    : question;
}

const LETTER = /\p{L}/u;

/** The symbol a reply's answer names ("v" of "v ≈ 1.90 m/s", "Δt", "p₂"), or undefined for a bare value. */
function answerSymbol(answer: string): string | undefined {
  // A letter, after an optional Δ (itself a letter: "Δ = 5" names Δ), then subscript digits.
  let end = answer.charCodeAt(0) === 0x394 && letterAt(answer, 1) > 0 ? 1 : 0; // Δ
  const width = letterAt(answer, end);
  if (width === 0) return undefined;
  end += width;
  while (answer.charCodeAt(end) >= 0x2080 && answer.charCodeAt(end) <= 0x2089) end++; // ₀-₉
  return relationAt(answer, end) ? answer.slice(0, end) : undefined;
}

/** Whether " = " or " ≈ " stands at `i`: a symbol there is being given its value. */
function relationAt(text: string, i: number): boolean {
  const rel = text.charCodeAt(i + 1);
  return text.charCodeAt(i) === 32 && (rel === 61 || rel === 0x2248) && text.charCodeAt(i + 2) === 32;
}

/** The UTF-16 length of the letter at `i` (a surrogate pair is one), or 0 for none. */
function letterAt(text: string, i: number): number {
  const c = text.codePointAt(i);
  if (c === undefined) return 0;
  const ch = String.fromCodePoint(c);
  return LETTER.test(ch) ? ch.length : 0;
}

/**
 * A character that continues a symbol: a letter, a digit, a subscript digit, ′, ² or ³. (By UTF-16
 * unit: the recipe's texts hold nothing beyond the Basic Multilingual Plane.)
 */
function symbolChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (Number.isNaN(c)) return false; // past either end
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
  if (c < 128) return false;
  if ((c >= 0x2080 && c <= 0x2089) || c === 0x2032 || c === 0xb2 || c === 0xb3) return true;
  return LETTER.test(text[i]);
}

/** `=`, `≈`, `·`, `/`, `+`, `-` (and `×` where `withTimes`): the operators a formula spaces. */
function operator(c: number, withTimes: boolean): boolean {
  return (
    c === 61 || c === 0x2248 || c === 0xb7 || c === 47 || c === 43 || c === 45 || (withTimes && c === 0xd7)
  );
}

/** Whether the first stage gives `sym` a value: "v = …" or "v ≈ …", not inside a longer symbol. */
function gives(text: string, sym: string): boolean {
  for (let at = text.indexOf(sym); at >= 0; at = text.indexOf(sym, at + 1))
    if (relationAt(text, at + sym.length) && !symbolChar(text, at - 1)) return true;
  return false;
}

/**
 * Whether `sym` at `at` stands in a formula: after a spaced operator or a bracket, or before one.
 * A word ("a rectangle") or a unit ("m/s²", "kg·m/s") does not.
 */
function inFormula(text: string, at: number, end: number): boolean {
  const before = text.charCodeAt(at - 1);
  if (
    (before === 40 || (before === 32 && operator(text.charCodeAt(at - 2), true))) && // "(" or "= "
    !symbolChar(text, end)
  )
    return true;
  if (symbolChar(text, at - 1) || before === 47 || before === 0xb7) return false;
  const after = text.charCodeAt(end);
  return (
    (after === 32 && operator(text.charCodeAt(end + 1), false)) ||
    after === 41 ||
    after === 0xb2 ||
    after === 0xb3
  );
}

/** `text` with `sym` primed (`sym′`) wherever it stands in a formula. */
function primeIn(text: string, sym: string): string {
  let out = "";
  let from = 0;
  for (let at = text.indexOf(sym); at >= 0; ) {
    const end = at + sym.length;
    if (inFormula(text, at, end)) {
      out += `${text.slice(from, end)}′`;
      from = end;
      at = text.indexOf(sym, end);
    } else at = text.indexOf(sym, at + 1);
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * The second stage names its result as the first stage names another value (a = 6.98 m/s² for the
 * blocks, then a = 0.921 m/s² for a new body; the given v = 37 m/s, then a runner's v = 1.90 m/s):
 * one symbol would stand for two values, so the second stage's is primed (a′, v′) in its working
 * and answer. (Plain scans, not regexes: this runs on every level 8-10 solution.)
 */
function primed(a: Reply, first: Problem, b: Reply): Reply {
  const sym = answerSymbol(b.answer);
  if (!sym) return b;
  // The parameters last: building them costs more than reading the first stage's lines.
  const taken =
    gives(a.answer, sym) || a.steps.some((l) => gives(l, sym)) || first.params().some((p) => p.sym === sym);
  if (!taken) return b;
  return { steps: b.steps.map((l) => primeIn(l, sym)), answer: primeIn(b.answer, sym), checks: b.checks };
}

class StagedProblem implements Problem {
  private solved: Reply | undefined;

  constructor(
    private readonly first: Problem,
    private readonly ctx: Ctx,
    private readonly seed: number,
    private readonly second: ChainStep,
  ) {}

  ask(): string {
    const first = this.first.ask();
    const last = first.charCodeAt(first.length - 1);
    const end = last === 46 || last === 63 || last === 33 ? "" : "."; // . ? !
    const next = this.second.user;
    // "Затем тело тормозит …" already says it comes next; otherwise mark the second stage.
    if (next.startsWith("Затем ") || next.startsWith("Then ")) return `${first}${end} ${next}`;
    return `${first}${end} ${this.ctx.ru ? "Далее:" : "Next:"} ${next}`;
  }

  solve(): Reply {
    if (this.solved) return this.solved;
    const ru = this.ctx.ru;
    const a = this.first.solve();
    const b = primed(a, this.first, this.second.reply);
    const noted = withRoundingNote(a, ru);
    const firstAnswer = noted.endsWith(".") ? noted.slice(0, -1) : noted;
    this.solved = {
      steps: [...a.steps, tr(this.ctx, PART)(firstAnswer), ...b.steps],
      answer: `${firstAnswer}; ${withRoundingNote(b, ru)}`,
      checks: [...a.checks, ...b.checks],
    };
    return this.solved;
  }

  carry(): Carry {
    return this.second.carry;
  }

  /** Follow-ups answer for the first stage (its reasoning, check, another way, edge case). */
  followup(kind: FollowupKind): Exchange {
    return this.first.followup(kind);
  }

  /** …so the question says which part it is about: the answer gave two results. */
  aboutPart(question: string): string {
    return `${tr(this.ctx, ABOUT_FIRST)} ${asClause(question)}`;
  }

  params(): Param[] {
    return this.first.params();
  }

  with(key: string, value: Exact): Problem | null {
    const p = this.first.with(key, value);
    if (!p) return null;
    const second = followOn(p, this.ctx, this.seed);
    // The same second question, or the variation would answer something not asked.
    if (!second || second.user !== this.second.user) return null;
    return new StagedProblem(p, this.ctx, this.seed, second);
  }

  /** A generalisation speaks of the first stage alone: not offered for two-stage problems. */
  general(_key: string): Exchange | null {
    return null;
  }

  mistake(): Mistake {
    return this.first.mistake();
  }
}
