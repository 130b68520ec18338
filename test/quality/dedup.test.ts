import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runCli } from "../../src/cli/program.js";
import { InputError } from "../../src/core/errors.js";
import { Rng } from "../../src/core/rng.js";
import { dedupFile } from "../../src/pipelines/dedup-file.js";
import { conversationKeys } from "../../src/quality/conversation-keys.js";
import { tempDir } from "../support/tmp.js";

const rng = new Rng(77);
const sentence = () => Array.from({ length: 40 }, () => `w${rng.int(0, 30000)}`).join(" ");
const dialogue = (system = "You are a helpful assistant for a delivery app.") => ({
  messages: [
    { role: "system", content: system },
    { role: "user", content: sentence() },
    { role: "assistant", content: sentence() },
    { role: "user", content: sentence() },
    { role: "assistant", content: sentence() },
  ],
});
type Dialogue = ReturnType<typeof dialogue>;
const editOneWord = (d: Dialogue): Dialogue => ({
  messages: d.messages.map((m, i) => (i === 2 ? { ...m, content: m.content.replace(/^\S+/, "changed") } : m)),
});

describe("dedupFile", () => {
  const dir = tempDir();
  const a = dialogue();
  const b = dialogue();
  const c = dialogue();
  const shouty = {
    messages: a.messages.map((m) => ({
      ...m,
      content: `  ${m.content.toUpperCase().replace(/ /g, "   ")}\n`,
    })),
  };
  const tools = {
    tools: [{ type: "function", function: { name: "f", parameters: { type: "object" } } }],
    system_prompt: "sys",
    messages: [
      { role: "user", content: "call f" },
      { role: "assistant", content: '<tool_call>\n{"name": "f", "arguments": {"x": 1}}\n</tool_call>' },
      { role: "user", content: "<tool_response>\nok\n</tool_response>" },
      { role: "assistant", content: "done" },
    ],
  };
  // The same call with other spacing and key order is the same record.
  const toolsRespaced = {
    ...tools,
    messages: tools.messages.map((m, i) =>
      i === 1 ? { ...m, content: '<tool_call>\n{"name": "f", "arguments": {"x":1}}\n</tool_call>' } : m,
    ),
  };
  const lines = [
    JSON.stringify(a), // 1 kept
    JSON.stringify(b), // 2 kept
    JSON.stringify(shouty), // 3 exact duplicate of 1 (case and spacing)
    JSON.stringify(editOneWord(b)), // 4 near duplicate of 2
    JSON.stringify({ what: "not a dialogue" }), // 5 kept as is
    JSON.stringify(dialogue("A completely different system prompt.")), // 6 kept
    JSON.stringify(tools), // 7 kept
    JSON.stringify(toolsRespaced), // 8 exact duplicate of 7
    JSON.stringify(c), // 9 kept
    JSON.stringify({
      ...editOneWord(c),
      messages: [{ role: "system", content: "Other system." }, ...editOneWord(c).messages.slice(1)],
    }), // 10 near dup of 9: system ignored
  ];
  const input = join(dir, "data.jsonl");
  writeFileSync(input, `${lines.join("\n")}\n\n`);

  it("keeps first occurrences byte for byte and counts exact and near duplicates", async () => {
    const out = join(dir, "out.jsonl");
    const dropped = join(dir, "dropped.jsonl");
    const unreadable: number[] = [];
    const r = await dedupFile(input, {
      out,
      near: 0.85,
      droppedOut: dropped,
      onUnreadable: (s) => unreadable.push(s.line),
    });
    expect(r).toMatchObject({ records: 10, kept: 6, exactDuplicates: 2, nearDuplicates: 2, unreadable: 1 });
    expect(unreadable).toEqual([5]);
    expect(readFileSync(out, "utf8")).toBe(`${[1, 2, 5, 6, 7, 9].map((n) => lines[n - 1]).join("\n")}\n`);
    const drops = readFileSync(dropped, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(drops.map((d) => [d.line, d.kind, d.duplicate_of_line])).toEqual([
      [3, "exact", 1],
      [4, "near", 2],
      [8, "exact", 7],
      [10, "near", 9],
    ]);
    expect(drops[1].similarity).toBeGreaterThan(0.85);
  });

  it("with near 0 only removes exact duplicates", async () => {
    const out = join(dir, "exact.jsonl");
    const r = await dedupFile(input, { out, near: 0 });
    expect(r).toMatchObject({ kept: 8, exactDuplicates: 2, nearDuplicates: 0 });
  });

  it("stops on a line that is not JSON, naming it, and leaves no partial output", async () => {
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, `${lines[0]}\n{oops\n`);
    const out = join(dir, "never.jsonl");
    await expect(dedupFile(bad, { out })).rejects.toThrow(InputError);
    await expect(dedupFile(bad, { out })).rejects.toThrow(/bad\.jsonl:2: not valid JSON/);
    expect(() => readFileSync(out)).toThrow();
  });

  it("refuses to overwrite its input", async () => {
    await expect(dedupFile(input, { out: input })).rejects.toThrow(/is the input file/);
  });
});

describe("conversationKeys", () => {
  it("normalises case, spacing and Unicode form for the exact key; leaves system out of the near text", () => {
    const k1 = conversationKeys({
      messages: [
        { role: "system", content: "S" },
        { role: "user", content: "Cafe\u0301  AU\tlait " },
      ],
    });
    const k2 = conversationKeys({
      messages: [
        { role: "system", content: "s" },
        { role: "user", content: "café au lait" },
      ],
    });
    expect(k1.exact).toEqual(k2.exact);
    expect(k1.near).toBe("café  au\tlait ");
    // Role boundaries matter: the same words in another role are another conversation.
    const k3 = conversationKeys({ messages: [{ role: "assistant", content: "café au lait" }] });
    expect(k3.exact).not.toEqual(
      conversationKeys({ messages: [{ role: "user", content: "café au lait" }] }).exact,
    );
  });
});

describe("dialogsmith dedup", () => {
  const dir = tempDir();
  const stdout: string[] = [];
  const stderr: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
  afterEach(() => {
    stdout.length = 0;
    stderr.length = 0;
  });
  const a = dialogue();
  const input = join(dir, "in.jsonl");
  writeFileSync(input, `${[a, a, editOneWord(a), dialogue()].map((d) => JSON.stringify(d)).join("\n")}\n`);

  it("writes <input>.dedup.jsonl by default and prints the counts", async () => {
    expect(await runCli(["node", "dialogsmith", "dedup", input, "--json"])).toBe(0);
    expect(readFileSync(join(dir, "in.dedup.jsonl"), "utf8").trim().split("\n")).toHaveLength(2);
    expect(stderr.join("")).toMatch(
      /4 records: 1 exact duplicates, near duplicates 1 \(Jaccard >= 0\.85\), 2 kept/,
    );
    expect(JSON.parse(stdout.join(""))).toMatchObject({
      records: 4,
      kept: 2,
      exactDuplicates: 1,
      nearDuplicates: 1,
    });
  });

  it("--exact-only and --near 0 disable near duplicates", async () => {
    const out = join(dir, "x.jsonl");
    await runCli(["node", "dialogsmith", "dedup", input, "--exact-only", "--out", out]);
    expect(readFileSync(out, "utf8").trim().split("\n")).toHaveLength(3);
    expect(stderr.join("")).toMatch(/near duplicates off, 3 kept/);
    await runCli(["node", "dialogsmith", "dedup", input, "--near", "0", "--out", out]);
    expect(readFileSync(out, "utf8").trim().split("\n")).toHaveLength(3);
  });
});
