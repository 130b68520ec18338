import { describe, expect, it } from "vitest";
import { claimHolds, finalAnswer, showsValue, toDisplay, verifyRecord } from "./support/verify.js";

/** The verifier must itself catch wrong claims, or the correctness gate proves nothing. */
describe("the mathjs verifier", () => {
  const ev = (expr: string, answer: string, tolerance?: number) => ({
    message: 2,
    kind: "evaluate" as const,
    expr,
    answer,
    tolerance,
  });
  const sv = (expr: string, answer: string[]) => ({
    message: 2,
    kind: "solve" as const,
    expr,
    var: "x",
    answer,
  });

  it("accepts exact rational, radical and rounded answers and rejects off-by-a-little ones", () => {
    expect(claimHolds(ev("3 + 5*5", "28"))).toBe(true);
    expect(claimHolds(ev("3 + 5*5", "29"))).toBe(false);
    expect(claimHolds(ev("(7/3) - 2.5", "-1/6"))).toBe(true);
    expect(claimHolds(ev("1/3", "0.3333"))).toBe(false);
    expect(claimHolds(ev("sqrt(72)", "6*sqrt(2)"))).toBe(true);
    expect(claimHolds(ev("sqrt(72)", "6*sqrt(3)"))).toBe(false);
    expect(claimHolds(ev("50/15.3", "3.27", 0.005))).toBe(true);
    expect(claimHolds(ev("50/15.3", "3.28", 0.005))).toBe(false);
  });

  it("checks that solve answers are roots and that no real root is missing", () => {
    expect(claimHolds(sv("2*x^2 - 3*x + 1 = 0", ["1/2", "1"]))).toBe(true);
    expect(claimHolds(sv("2*x^2 - 3*x + 1 = 0", ["1"]))).toBe(false);
    expect(claimHolds(sv("2*x^2 - 3*x + 1 = 0", ["1/2", "2"]))).toBe(false);
    expect(claimHolds(sv("x^2 - 3*x + 1 = 0", ["(3 - sqrt(5))/2", "(3 + sqrt(5))/2"]))).toBe(true);
    expect(claimHolds(sv("x^2 + 1 = 0", []))).toBe(true);
    expect(claimHolds(sv("x^2 - 1 = 0", []))).toBe(false);
    expect(claimHolds(sv("4^x = 8", ["3/2"]))).toBe(true);
    expect(claimHolds(sv("4^x = 8", ["2"]))).toBe(false);
  });

  it("reads the final answer in both formats and matches values as whole tokens", () => {
    expect(finalAnswer("<think>\na\n</think>\n<answer>x = 7/3</answer>", true)).toBe("x = 7/3");
    expect(finalAnswer("step\nОтвет: x = 4", false)).toBe("x = 4");
    expect(toDisplay("(1 + sqrt(5))/2")).toBe("(1 + √5)/2");
    expect(toDisplay("3*sqrt(2)")).toBe("3√2");
    expect(showsValue("x = 28.", "28")).toBe(true);
    expect(showsValue("x = 280", "28")).toBe(false);
    expect(showsValue("x = 1/2", "1")).toBe(false);
    expect(showsValue("x₁ = 3√2 ≈ 4.24", "3*sqrt(2)")).toBe(true);
  });

  it("flags a record whose answer is wrong, unshown, or unchecked", () => {
    const rec = (content: string, answer: string) => ({
      messages: [
        { role: "user", content: "Compute 3 + 5 · 5." },
        { role: "assistant", content: "unused" },
        { role: "assistant", content },
      ],
      metadata: { checks: [ev("3 + 5*5", answer)], reasoning_mode: true, mode: "chain" },
    });
    expect(verifyRecord(rec("<think>\n5 · 5 = 25\n</think>\n<answer>28</answer>", "28"))).toEqual([
      "assistant message 1 has no check",
    ]);
    expect(verifyRecord(rec("<think>\nx\n</think>\n<answer>29</answer>", "29")).join()).toMatch(
      /wrong answer/,
    );
    expect(verifyRecord(rec("<think>\nx\n</think>\n<answer>27</answer>", "28")).join()).toMatch(
      /does not show 28/,
    );
  });
});
