import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JsonlWriter, readJsonl, repairJsonlTail } from "../../src/core/jsonl.js";
import { tempDir } from "../support/tmp.js";

describe("jsonl", () => {
  const dir = tempDir();

  it("appends whole lines and streams them back in order", async () => {
    const path = join(dir, "a.jsonl");
    const w = new JsonlWriter(path, 100);
    for (let i = 0; i < 50; i++) w.write({ i, text: "привет\nмир" });
    w.close();
    const seen: number[] = [];
    for await (const { value, line } of readJsonl<{ i: number }>(path)) {
      expect(line).toBe(value.i + 1);
      seen.push(value.i);
    }
    expect(seen).toHaveLength(50);
  });

  it("repairs a partial last line left by a crash, keeping every complete line", () => {
    const path = join(dir, "b.jsonl");
    writeFileSync(path, '{"a":1}\n{"a":2}\n');
    appendFileSync(path, '{"a":3,"tru');
    expect(repairJsonlTail(path)).toBe(11);
    expect(readFileSync(path, "utf8")).toBe('{"a":1}\n{"a":2}\n');
    expect(repairJsonlTail(path)).toBe(0);
  });

  it("reports a bad line with file and line number", async () => {
    const path = join(dir, "c.jsonl");
    writeFileSync(path, '{"a":1}\nnot json\n');
    const read = async () => {
      for await (const _ of readJsonl(path)) {
        /* drain */
      }
    };
    await expect(read()).rejects.toThrow(/c\.jsonl:2: not valid JSON/);
  });
});
