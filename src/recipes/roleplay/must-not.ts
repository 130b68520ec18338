import { matchesOf, nextMatch } from "../../quality/regex-matches.js";
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
  /** Its matches in a message do not depend on the text around it (see mustNotScreen). */
  screenable: boolean;
}

const WORD_START = String.raw`(?<!\p{L})`;
// With the patterns' own flags: under /iu a few non-letters case-fold to letters.
const LETTER_AT_END = /\p{L}$/iu;

function notAfterLetter(text: string, index: number): boolean {
  return index === 0 || !LETTER_AT_END.test(text.slice(Math.max(0, index - 2), index));
}

/** The characters of a pattern's syntax (outside escapes and [classes]), with their group depth. */
function* syntaxOf(source: string): Generator<{ c: string; at: number; depth: number }> {
  let depth = 0;
  let inClass = false;
  for (let at = 0; at < source.length; at++) {
    const c = source[at]!;
    if (c === "\\") at++;
    else if (inClass) inClass = c !== "]";
    else if (c === "[") inClass = true;
    else {
      if (c === ")") depth--;
      yield { c, at, depth };
      if (c === "(") depth++;
    }
  }
}

/** Whether `source` has a `|` outside every group: then a head look-behind binds only its first branch. */
function hasTopLevelAlternative(source: string): boolean {
  for (const { c, depth } of syntaxOf(source)) if (c === "|" && depth === 0) return true;
  return false;
}

export function compilePattern(source: string): CompiledPattern {
  const rest = source.startsWith(WORD_START) ? source.slice(WORD_START.length) : "";
  if (rest !== "" && !hasTopLevelAlternative(rest)) {
    try {
      return { regex: new RegExp(rest, "giu"), atWordStart: true, screenable: contextFree(rest) };
    } catch {
      // Not a pattern alone: match it as written.
    }
  }
  return { regex: new RegExp(source, "giu"), atWordStart: false, screenable: contextFree(source) };
}

// Assertions that hold alike at a message's edge and next to the "\n" joining it to the next.
const EDGE_SAFE_LOOKAROUND = /^\(\?<?!(?:\\p\{L\}|\\d)\)/;

/**
 * Whether a match of `source` in a message is also a match in the messages joined by "\n": true
 * when its only assertions are \b, \B and "not a letter / digit" look-arounds, which treat the
 * "\n" as they treat the end of a text. ^, $ or another look-around could see past the message.
 */
function contextFree(source: string): boolean {
  for (const { c, at } of syntaxOf(source)) {
    if (c === "^" || c === "$") return false;
    const rest = source.slice(at, at + 12);
    if (c === "(" && /^\(\?<?[=!]/.test(rest) && !EDGE_SAFE_LOOKAROUND.test(rest)) return false;
  }
  return true;
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
    for (const { regex, atWordStart } of rule.patterns) {
      const startsHere = atWordStart ? notAfterLetter : undefined;
      regex.lastIndex = 0;
      for (let m = nextMatch(regex, text, startsHere); m !== null; m = nextMatch(regex, text, startsHere)) {
        if (!negated(text, m.index, m.index + m[0].length)) {
          regex.lastIndex = 0;
          return { rule, match: m[0] };
        }
      }
    }
  }
  return undefined;
}

const NOTHING_TO_CHECK: readonly CompiledRule[] = [];

/**
 * The rules worth checking on each message of a dialogue: one scan of all the messages joined by
 * "\n" per pattern finds where a pattern matches at all, so findMustNot then runs its patterns on
 * the few messages they match in (starting a regex 18 times per dialogue instead of 18 times per
 * message: in a long run, starting one costs more than scanning a message). A pattern that is
 * not context-free (contextFree) is kept for every message. Returns the rules for message `i`.
 */
export function mustNotScreen(
  texts: readonly string[],
  rules: readonly CompiledRule[],
): (i: number) => readonly CompiledRule[] {
  const joined = texts.join("\n");
  const starts: number[] = [];
  for (let i = 0, at = 0; i < texts.length; at += texts[i]!.length + 1, i++) starts.push(at);
  const messageAt = (pos: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const found = new Map<number, Set<CompiledPattern>>();
  let unscreened = false;
  for (const rule of rules)
    for (const pattern of rule.patterns) {
      if (!pattern.screenable) {
        unscreened = true;
        continue;
      }
      const { regex, atWordStart } = pattern;
      const startsHere = atWordStart ? notAfterLetter : undefined;
      regex.lastIndex = 0;
      for (
        let m = nextMatch(regex, joined, startsHere);
        m !== null;
        m = nextMatch(regex, joined, startsHere)
      ) {
        const last = messageAt(m.index + Math.max(1, m[0].length) - 1);
        for (let k = messageAt(m.index); k <= last; k++) {
          const set = found.get(k) ?? new Set<CompiledPattern>();
          found.set(k, set.add(pattern));
        }
      }
    }
  return (i) => {
    const hits = found.get(i);
    if (!hits && !unscreened) return NOTHING_TO_CHECK;
    return rules
      .map((r) => ({ ...r, patterns: r.patterns.filter((p) => !p.screenable || hits?.has(p)) }))
      .filter((r) => r.patterns.length > 0);
  };
}

/** The rules as prompt lines. */
export function mustNotLines(pack: RolePack): string[] {
  return (pack.must_not ?? []).map((r) => `- ${r.rule}`);
}
