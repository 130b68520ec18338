import { matchesOf } from "../../quality/regex-matches.js";
import type { MustNotRule, RolePack } from "./role-pack.js";

export interface CompiledRule {
  id: string;
  rule: string;
  patterns: CompiledPattern[];
}

/**
 * A pattern as it is matched. Most patterns open with `(?<!\p{L})` (start at a word's start):
 * V8 tests such a look-behind at every position of the text, and cannot skip ahead to where the
 * rest could match. So the rest is matched alone and the look-behind checked by hand where it
 * matched (see matchesOf): the same matches, about twice as fast.
 */
export interface CompiledPattern {
  regex: RegExp;
  atWordStart: boolean;
}

const WORD_START = String.raw`(?<!\p{L})`;
// With the patterns' own flags: under /iu a few non-letters case-fold to letters.
const LETTER_AT_END = /\p{L}$/iu;

function notAfterLetter(text: string, index: number): boolean {
  return index === 0 || !LETTER_AT_END.test(text.slice(Math.max(0, index - 2), index));
}

/** Whether `source` has a `|` outside every group: then a head look-behind binds only its first branch. */
function hasTopLevelAlternative(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") i++;
    else if (inClass) inClass = c !== "]";
    else if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) return true;
  }
  return false;
}

export function compilePattern(source: string): CompiledPattern {
  const rest = source.startsWith(WORD_START) ? source.slice(WORD_START.length) : "";
  if (rest !== "" && !hasTopLevelAlternative(rest)) {
    try {
      return { regex: new RegExp(rest, "giu"), atWordStart: true };
    } catch {
      // Not a pattern alone: match it as written.
    }
  }
  return { regex: new RegExp(source, "giu"), atWordStart: false };
}

export interface MustNotHit {
  rule: CompiledRule;
  /** The words that matched. */
  match: string;
}

export function compileMustNot(rules: readonly MustNotRule[] | undefined): CompiledRule[] {
  return (rules ?? []).map((r) => ({ id: r.id, rule: r.rule, patterns: r.patterns.map(compilePattern) }));
}

// A negation in the same clause before a match ("не могу гарантировать доход") or right after it
// ("гарантировать доход нельзя") turns a forbidden claim into the honest opposite.
const NEGATION =
  /(?<!\p{L})(?:не|ни|нет|нельзя|никто|никогда|никак|невозможно|not|no|never|cannot|can't|won't|don't|nobody|nothing)(?!\p{L})/iu;
const CLAUSE_END = /[.,;:!?\n—–]|(?<!\p{L})(?:но|а|but)(?!\p{L})/giu;

function clauseBefore(text: string, at: number): string {
  const head = text.slice(0, at);
  let start = 0;
  for (const m of matchesOf(CLAUSE_END, head)) start = m.index + m[0].length;
  return head.slice(start);
}

function clauseAfter(text: string, from: number): string {
  const tail = text.slice(from, from + 40);
  const end = tail.search(/[.;!?\n]/);
  return end < 0 ? tail : tail.slice(0, end);
}

function negated(text: string, at: number, end: number): boolean {
  return NEGATION.test(clauseBefore(text, at)) || NEGATION.test(clauseAfter(text, end));
}

/** The first rule a seller's message breaks (an affirmative match of one of its patterns). */
export function findMustNot(text: string, rules: readonly CompiledRule[]): MustNotHit | undefined {
  for (const rule of rules) {
    for (const pattern of rule.patterns) {
      for (const m of matchesOf(pattern.regex, text, pattern.atWordStart ? notAfterLetter : undefined)) {
        if (!negated(text, m.index, m.index + m[0].length)) return { rule, match: m[0] };
      }
    }
  }
  return undefined;
}

/** The rules as prompt lines. */
export function mustNotLines(pack: RolePack): string[] {
  return (pack.must_not ?? []).map((r) => `- ${r.rule}`);
}
