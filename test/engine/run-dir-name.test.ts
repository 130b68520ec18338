import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultRunDir } from "../../src/engine/run-dir.js";
import { tempDir } from "../support/tmp.js";

describe("default run directory names", () => {
  it("gives two runs started within the same second different directories", () => {
    const base = tempDir();
    const at = new Date(2026, 11, 3, 13, 33, 43);
    const first = defaultRunDir("math", undefined, base, at);
    expect(first).toBe(join(base, "math_20261203-133343"));
    mkdirSync(first);
    const second = defaultRunDir("math", undefined, base, at);
    expect(second).toBe(join(base, "math_20261203-133343-2"));
    mkdirSync(second);
    expect(defaultRunDir("math", undefined, base, at)).toBe(join(base, "math_20261203-133343-3"));
  });
});
