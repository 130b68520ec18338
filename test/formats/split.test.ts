import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { splitDataset } from "../../src/formats/split.js";
import { tempDir } from "../support/tmp.js";
import { writeJsonl } from "./fixtures.js";

const dir = tempDir();
const modes = ["chain", "followup", "variations", "correction"];
// 1,000 records, 4 unequal strata (700/200/70/30), one without the field.
const records = Array.from({ length: 1000 }, (_, i) => {
  const mode = i < 700 ? modes[0] : i < 900 ? modes[1] : i < 970 ? modes[2] : modes[3];
  return i === 999
    ? { id: `x-${i}`, messages: [] }
    : { id: `x-${i}`, messages: [{ role: "user", content: `q${i}` }], metadata: { mode } };
});
const input = writeJsonl(dir, "dataset.jsonl", records);
const lines = (p: string) => readFileSync(p, "utf8").split("\n").filter(Boolean);

describe("split", () => {
  it("exact per-stratum ratios, deterministic, lines copied byte for byte", async () => {
    const out = join(dir, "a");
    const s = await splitDataset({ input, evalRatio: 0.1, seed: 42, stratify: "metadata.mode", outDir: out });
    expect(s).toMatchObject({ total: 1000, train: 900, eval: 100 });
    expect(Object.fromEntries(s.strata.map((x) => [x.key, [x.total, x.eval]]))).toEqual({
      chain: [700, 70],
      followup: [200, 20],
      variations: [70, 7],
      correction: [29, 3],
      "(missing)": [1, 0],
    });
    const train = lines(s.trainPath);
    const evalLines = lines(s.evalPath);
    expect(train.length + evalLines.length).toBe(1000);
    const original = new Set(lines(input));
    for (const l of [...train, ...evalLines]) expect(original.has(l)).toBe(true);

    const again = await splitDataset({
      input,
      evalRatio: 0.1,
      seed: 42,
      stratify: "metadata.mode",
      outDir: join(dir, "b"),
    });
    expect(lines(again.evalPath)).toEqual(evalLines);
    const other = await splitDataset({
      input,
      evalRatio: 0.1,
      seed: 7,
      stratify: "metadata.mode",
      outDir: join(dir, "c"),
    });
    expect(lines(other.evalPath)).not.toEqual(evalLines);
    expect(lines(other.evalPath)).toHaveLength(100);
  });

  it("without --stratify: round(ratio x n) eval lines, spread over the file", async () => {
    const s = await splitDataset({ input, evalRatio: 0.25, seed: 1, outDir: join(dir, "d") });
    expect([s.train, s.eval]).toEqual([750, 250]);
    const ids = lines(s.evalPath).map((l) => Number(JSON.parse(l).id.slice(2)));
    expect(ids.some((i) => i < 500) && ids.some((i) => i >= 500)).toBe(true);
  });

  it("refuses to overwrite its input and a bad ratio", async () => {
    const train = writeJsonl(dir, "train.jsonl", records.slice(0, 5));
    await expect(splitDataset({ input: train, evalRatio: 0.1, seed: 1 })).rejects.toThrow(
      /overwrite the input/,
    );
    await expect(splitDataset({ input, evalRatio: 1.5, seed: 1 })).rejects.toThrow(/between 0 and 1/);
  });
});
