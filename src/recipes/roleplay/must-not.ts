import type { MustNotRule, RolePack } from "./role-pack.js";

export interface CompiledRule {
  id: string;
  rule: string;
  patterns: RegExp[];
}

export interface MustNotHit {
  rule: CompiledRule;
  /** The words that matched. */
  match: string;
}

export function compileMustNot(rules: readonly MustNotRule[] | undefined): CompiledRule[] {
  return (rules ?? []).map((r) => ({
    id: r.id,
    rule: r.rule,
    patterns: r.patterns.map((p) => new RegExp(p, "giu")),
  }));
}

// A negation in the same clause before a match ("не могу гарантировать доход") or right after it
// ("гарантировать доход нельзя") turns a forbidden claim into the honest opposite.
const NEGATION =
  /(?<!\p{L})(?:не|ни|нет|нельзя|никто|никогда|никак|невозможно|not|no|never|cannot|can't|won't|don't|nobody|nothing)(?!\p{L})/iu;
const CLAUSE_END = /[.,;:!?\n—–]|(?<!\p{L})(?:но|а|but)(?!\p{L})/giu;

function clauseBefore(text: string, at: number): string {
  const head = text.slice(0, at);
  let start = 0;
  for (const m of head.matchAll(CLAUSE_END)) start = m.index + m[0].length;
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
      for (const m of text.matchAll(pattern)) {
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
