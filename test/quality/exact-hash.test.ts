import { describe, expect, it } from "vitest";
import { Hash64Builder, isSpace } from "../../src/quality/exact-hash.js";

const h = new Hash64Builder();
const key = (...parts: string[]) => {
  h.reset();
  for (const p of parts) h.text(p);
  return h.digest().join(":");
};

describe("Hash64Builder", () => {
  it("collapsed() hashes exactly what replace(/\\s+/g, ' ').trim() would give", () => {
    for (const s of ["  a \t b\n\nc  ", "\u3000안녕\u00a0 하세요\ufeff", "x", "", "   ", "a\u2028b"]) {
      const collapsed = h.reset().collapsed(s).digest();
      const expected = h.reset().text(s.replace(/\s+/g, " ").trim()).digest();
      expect(collapsed).toEqual(expected);
    }
  });

  it("separates fields and has no collisions among 150,000 similar keys", () => {
    expect(key("ab", "c")).not.toBe(key("a", "bc"));
    expect(key("ab")).not.toBe(key("ab", ""));
    const seen = new Set<string>();
    for (let i = 0; i < 50_000; i++) {
      seen.add(key(`user`, `message ${i}`));
      seen.add(key(`user`, `message ${i} `));
      seen.add(key(`assistant`, `message ${i}`));
    }
    expect(seen.size).toBe(150_000);
  });

  it("agrees with JavaScript's \\s", () => {
    // Every UTF-16 unit in one string, one regex pass: the code units JavaScript calls space.
    let all = "";
    for (let c = 0; c < 0x10000; c += 4096)
      all += String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => c + i));
    const spaces = [...all.matchAll(/\s/g)].map((m) => m.index);
    const ours: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (isSpace(c)) ours.push(c);
    expect(ours).toEqual(spaces);
  });
});
