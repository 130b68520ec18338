import { describe, expect, it } from "vitest";
import { utf8Scratch } from "../../src/core/utf8-scratch.js";

describe("utf8Scratch", () => {
  it("gives the bytes Buffer.from gives, lone surrogates included, at any length", () => {
    const pieces = ["a", "я", "€", "😀", "\uD800", "\uDC00", "\n", '"'];
    for (const n of [0, 1, 7, 1000, 40_000, 300_000]) {
      let s = "";
      for (let i = 0; i < n; i++) s += pieces[(i * 7 + (i >> 3)) % pieces.length];
      expect(Buffer.compare(utf8Scratch(s), Buffer.from(s, "utf8")), `length ${n}`).toBe(0);
    }
  });

  it("a very long string gets a buffer of its own", () => {
    const long = "я".repeat(2_000_000);
    const bytes = utf8Scratch(long);
    utf8Scratch("short");
    expect(bytes.length).toBe(4_000_000);
    expect(bytes.subarray(0, 2).toString("utf8")).toBe("я");
  });
});
