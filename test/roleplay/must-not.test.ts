// must_not patterns that open with (?<!\p{L}) are matched without it, the look-behind checked by
// hand (issue 11: CPU per dialogue). The hits must be those of the patterns as written.
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/core/rng.js";
import {
  compileMustNot,
  compilePattern,
  findMustNot,
  mustNotScreen,
} from "../../src/recipes/roleplay/must-not.js";
import * as presets from "../../src/recipes/roleplay/must-not-presets.js";
import type { MustNotRule } from "../../src/recipes/roleplay/role-pack.js";

const RULES = Object.values(presets) as MustNotRule[];

/** Texts built from the patterns' own words, glued to letters, digits, spaces and emoji. */
function texts(seed: number, count: number): string[] {
  const rng = new Rng(seed);
  const stems = [
    "гарантирую",
    "доход",
    "прибыль",
    "20%",
    "отправил",
    "фото",
    "скину",
    "ссылку",
    "вот",
    "держите",
    "только",
    "сегодня",
    "осталось",
    "3",
    "места",
    "цена",
    "вырастет",
    "без",
    "риска",
    "окупится",
    "за",
    "не",
    "[фото]",
    "📷",
    "I'll send",
    "photo",
    "today only",
    "price",
    "goes up",
  ];
  const glue = [" ", " ", " ", "", "а", "Ж", "x", "😀", ", ", ". ", "\n", "1"];
  return Array.from({ length: count }, () =>
    Array.from(
      { length: rng.int(1, 14) },
      () => `${glue[rng.int(0, glue.length - 1)]}${stems[rng.int(0, stems.length - 1)]}`,
    ).join(""),
  );
}

describe("must_not patterns with a head look-behind", () => {
  it("only a pattern that opens with (?<!\\p{L}) and has no top-level | is split", () => {
    expect(compilePattern(String.raw`(?<!\p{L})только\s+сегодня`)).toMatchObject({ atWordStart: true });
    expect(compilePattern(String.raw`(?<!\p{L})a|b`)).toMatchObject({ atWordStart: false });
    expect(compilePattern(String.raw`(?<!\p{L})(?:a|b)[|]\|`)).toMatchObject({ atWordStart: true });
    expect(compilePattern("[📷📸📎]")).toMatchObject({ atWordStart: false });
  });

  it("finds the same first affirmative match as each preset pattern as written", () => {
    const corpus = texts(11, 400);
    for (const rule of RULES)
      for (const source of rule.patterns) {
        const one = { ...rule, patterns: [source] };
        const compiled = compileMustNot([one]);
        for (const text of corpus) {
          const hit = findMustNot(text, compiled);
          expect(hit && [hit.rule.id, hit.match], `${source} on ${JSON.stringify(text)}`).toEqual(
            plainFindMustNot(text, [one]),
          );
        }
      }
  });
});

describe("findMustNot", () => {
  const rules = compileMustNot(RULES);

  it("gives the first affirmative match, rule by rule, as the plain loop does", () => {
    for (const text of texts(12, 800)) {
      const hit = findMustNot(text, rules);
      const expected = plainFindMustNot(text, RULES);
      expect(hit && [hit.rule.id, hit.match], JSON.stringify(text)).toEqual(expected);
    }
  });

  it("a letter right before the stem is no word start; a negation in the clause clears it", () => {
    const pressure = compileMustNot([presets.RU_PRESSURE]);
    expect(findMustNot("Только сегодня скидка", pressure)?.match).toBe("Только сегодня");
    expect(findMustNot("Нетолько сегодня", pressure)).toBeUndefined();
    expect(findMustNot("Это не только сегодня", pressure)).toBeUndefined();
    expect(findMustNot("😀только сегодня", pressure)?.match).toBe("только сегодня");
  });
});

describe("mustNotScreen (one scan of a dialogue's seller messages per pattern)", () => {
  it("only patterns whose matches cannot see past a message are screened", () => {
    const screenable = (s: string) => compilePattern(s).screenable;
    expect(screenable(String.raw`(?<!\p{L})только\s+сегодня`)).toBe(true);
    expect(screenable(String.raw`кп(?!\p{L})\s+\bx\B(?<!\d)`)).toBe(true);
    expect(screenable(String.raw`[$^]\$`)).toBe(true);
    expect(screenable("^привет")).toBe(false);
    expect(screenable("пока$")).toBe(false);
    expect(screenable(String.raw`цена(?=\s)`)).toBe(false);
    expect(screenable("цена(?![^x])")).toBe(false);
  });

  it("leaves every message the rules findMustNot would find something with", () => {
    // The presets, plus patterns the screen must not be fooled by: edges, crossing "\n", empty.
    const extra: MustNotRule = {
      id: "edges",
      rule: "edge cases",
      patterns: [
        "^цена",
        "риска$",
        String.raw`фото(?!\s)`,
        String.raw`за\s+сегодня`,
        "x*",
        String.raw`\bвот\b`,
      ],
    };
    const rules = compileMustNot([...RULES, extra]);
    const corpus = texts(13, 1200);
    for (let d = 0; d + 6 <= corpus.length; d += 6) {
      const messages = corpus.slice(d, d + 6);
      const screen = mustNotScreen(messages, rules);
      messages.forEach((text, i) => {
        const all = findMustNot(text, rules);
        const screened = findMustNot(text, screen(i));
        expect(screened && [screened.rule.id, screened.match], JSON.stringify(messages)).toEqual(
          all && [all.rule.id, all.match],
        );
      });
    }
  });
});

// The plain version: each pattern as written, through matchAll, with the same negation rule.
const NEGATION =
  /(?<!\p{L})(?:не|ни|нет|нельзя|никто|никогда|никак|невозможно|not|no|never|cannot|can't|won't|don't|nobody|nothing)(?!\p{L})/iu;
const CLAUSE_END = /[.,;:!?\n—–]|(?<!\p{L})(?:но|а|but)(?!\p{L})/giu;
function plainNegated(text: string, at: number, end: number): boolean {
  const head = text.slice(0, at);
  let start = 0;
  for (const m of head.matchAll(CLAUSE_END)) start = m.index + m[0].length;
  const tail = text.slice(end, end + 40);
  const stop = tail.search(/[.;!?\n]/);
  return NEGATION.test(head.slice(start)) || NEGATION.test(stop < 0 ? tail : tail.slice(0, stop));
}
function plainFindMustNot(text: string, rules: readonly MustNotRule[]): [string, string] | undefined {
  for (const rule of rules)
    for (const source of rule.patterns)
      for (const m of text.matchAll(new RegExp(source, "giu")))
        if (!plainNegated(text, m.index, m.index + m[0].length)) return [rule.id, m[0]];
  return undefined;
}
