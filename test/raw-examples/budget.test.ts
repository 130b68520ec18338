import { describe, expect, it } from "vitest";
import { deriveSeed, Rng } from "../../src/core/rng.js";
import {
  cutToTokenBudget,
  exampleTokens,
  pickExamples,
  type RawExample,
  type TokenCounter,
} from "../../src/formats/raw-examples/index.js";
import { assistant, user } from "./helpers.js";

// One "token" per character keeps the arithmetic visible; `user: ` + text + `\n` per turn.
const chars: TokenCounter = (t) => t.length;
const turn = (role: "user" | "assistant", text: string) => `${role}: ${text}\n`.length;

const example: RawExample = {
  source: "a.txt",
  messages: [user("q1"), assistant("a1"), user("q2"), assistant("a2"), user("q3"), assistant("a3")],
};

describe("cutToTokenBudget", () => {
  it("keeps whole turns from the start and ends on an assistant reply", () => {
    const two = turn("user", "q1") + turn("assistant", "a1");
    expect(cutToTokenBudget(example, two, chars).messages).toEqual([user("q1"), assistant("a1")]);
    // Room for q2 but not a2: the unanswered q2 is not kept.
    expect(cutToTokenBudget(example, two + turn("user", "q2") + 3, chars).messages).toEqual([
      user("q1"),
      assistant("a1"),
    ]);
    expect(cutToTokenBudget(example, 10_000, chars)).toBe(example);
  });

  it("always keeps one exchange, even over budget", () => {
    expect(cutToTokenBudget(example, 1, chars).messages).toEqual([user("q1"), assistant("a1")]);
    // Opening with the seller's greeting: the first exchange runs to the first reply to the user.
    const greeting: RawExample = {
      source: "g",
      messages: [assistant("hi"), user("q"), assistant("a"), user("x")],
    };
    expect(cutToTokenBudget(greeting, 1, chars).messages).toEqual([
      assistant("hi"),
      user("q"),
      assistant("a"),
    ]);
  });

  it("counts with the real tokenizer by default", () => {
    const cut = cutToTokenBudget(example, 12);
    expect(exampleTokens(cut)).toBeLessThanOrEqual(12);
    expect(cut.messages.length).toBeGreaterThanOrEqual(2);
  });
});

describe("pickExamples", () => {
  const many: RawExample[] = Array.from({ length: 20 }, (_, i) => ({
    source: `e${i}`,
    messages: [
      user(`question ${i}`),
      assistant(`answer ${i}`),
      user("more?"),
      assistant("yes".repeat(i + 1)),
    ],
  }));

  it("is deterministic per item seed and differs between items", () => {
    const pick = (item: number) => pickExamples(many, new Rng(deriveSeed(42, item)), 3, 10_000, chars);
    expect(pick(7)).toEqual(pick(7));
    const seen = new Set<string>();
    const sets = new Set<string>();
    for (let item = 0; item < 60; item++) {
      const picked = pick(item).map((e) => e.source);
      expect(new Set(picked).size).toBe(3);
      for (const s of picked) seen.add(s);
      sets.add(picked.join(","));
    }
    expect(seen.size).toBe(20);
    expect(sets.size).toBeGreaterThan(50);
  });

  it("keeps the picks together within the token budget, cutting each to its share", () => {
    for (let item = 0; item < 30; item++) {
      const picked = pickExamples(many, new Rng(item), 3, 150, chars);
      expect(picked.length).toBe(3);
      expect(picked.reduce((n, e) => n + exampleTokens(e, chars), 0)).toBeLessThanOrEqual(150);
    }
  });

  it("returns fewer when the list is short or the budget fits no first exchange", () => {
    expect(pickExamples(many.slice(0, 2), new Rng(1), 5, 10_000, chars)).toHaveLength(2);
    expect(pickExamples(many, new Rng(1), 3, 10, chars)).toEqual([]);
    expect(pickExamples(many, new Rng(1), 0, 10_000, chars)).toEqual([]);
    expect(pickExamples([], new Rng(1), 3, 10_000, chars)).toEqual([]);
  });
});
