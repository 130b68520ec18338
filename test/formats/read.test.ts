import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exportDataset } from "../../src/formats/export/index.js";
import {
  detectShape,
  formatToolCallText,
  formatToolResponseText,
  parseRecord,
  parseToolCallText,
  parseToolResponseText,
  readConversations,
  readRecords,
} from "../../src/formats/read/index.js";
import { resolveInput } from "../../src/formats/resolve-input.js";
import { tempDir } from "../support/tmp.js";
import {
  dpoRecord,
  math,
  openaiTools,
  roleplay,
  roundsHistory,
  roundsSingle,
  sharegpt,
  toolsRecord,
  trlMessages,
  trlPromptCompletion,
  writeJsonl,
} from "./fixtures.js";

const ok = (value: unknown) => {
  const item = parseRecord(value, 1);
  if (!item.ok) throw new Error(`${item.skipped.reason}: ${item.skipped.detail}`);
  return item.record;
};

describe("shape detection", () => {
  it("recognises every recipe shape and the external formats", () => {
    expect(detectShape(roleplay)).toBe("roleplay");
    expect(detectShape(math)).toBe("math");
    expect(detectShape(roundsHistory)).toBe("rounds");
    expect(detectShape(roundsSingle)).toBe("rounds-single");
    expect(detectShape(toolsRecord)).toBe("tools");
    expect(detectShape(openaiTools)).toBe("messages");
    expect(detectShape(sharegpt)).toBe("sharegpt");
    expect(detectShape(trlMessages)).toBe("messages");
    expect(detectShape(trlPromptCompletion)).toBe("trl-prompt-completion");
    expect(detectShape(dpoRecord)).toBe("preference");
    expect(detectShape({ prompt: "Translate: cat", completion: "chat" })).toBe("prompt-completion");
    expect(detectShape({ foo: 1 })).toBeUndefined();
  });

  it("counts what it cannot read with a reason instead of throwing", () => {
    const bad = parseRecord({ foo: 1 }, 7);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.skipped.reason).toBe("unrecognised_shape");
      expect(bad.skipped.line).toBe(7);
    }
    const arr = parseRecord([1, 2], 2);
    expect(!arr.ok && arr.skipped.reason).toBe("not_an_object");
    const role = parseRecord({ messages: [{ role: "robot", content: "x" }] });
    expect(!role.ok && role.skipped.reason).toBe("unknown_role");
  });
});

describe("readers", () => {
  it("roleplay: messages sorted by order, order dropped, metadata and id kept", () => {
    const r = ok(roleplay);
    expect(r.conversation.id).toBe("rp-1");
    expect(r.conversation.messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
    expect(r.conversation.messages[0]).toEqual({ role: "user", content: "Привет!" });
    expect(r.conversation.metadata).toEqual({ role_type: "crypto_seller", generated: true });
  });

  it("roleplay without messages: parses the prompt text, multi-line replies included", () => {
    const r = ok({ prompt: "user: hi\nassistant: line one\nline two\nuser: ok?", completion: "yes" });
    expect(r.conversation.messages).toEqual([
      { role: "user", content: "hi" },
      { role: "assistant", content: "line one\nline two" },
      { role: "user", content: "ok?" },
      { role: "assistant", content: "yes" },
    ]);
  });

  it("rounds: user = question, assistant = correction; answers kept for preference exports", () => {
    const r = ok(roundsHistory);
    expect(r.conversation.messages.map((m) => m.content)).toEqual([
      "What is 2+2?",
      "4",
      "And times 3?",
      "12",
    ]);
    expect(r.rounds?.[1].answer).toBe("13");
    expect(ok(roundsSingle).rounds).toHaveLength(1);
    const bad = parseRecord({ rounds: [{ question: "q", answer: "a" }] });
    expect(!bad.ok && bad.skipped.reason).toBe("bad_round");
  });

  it("tools recipe: text form back to structured calls with deterministic ids", () => {
    const r = ok(toolsRecord);
    const [sys, user, call, res1, res2, final] = r.conversation.messages;
    expect(r.conversation.id).toBe("fac75497");
    expect(r.conversation.metadata).toEqual({ dates: "2026-02-14" });
    expect(sys).toEqual({ role: "system", content: "You are a travel assistant." });
    expect(user.role).toBe("user");
    expect(call.content).toBeNull();
    expect(call.tool_calls).toEqual([
      // `21.0` keeps its spelling: the arguments text is read losslessly.
      {
        id: "call_1",
        type: "function",
        function: { name: "get_weather", arguments: '{"city":"Paris","n":21.0}' },
      },
      { id: "call_2", type: "function", function: { name: "get_weather", arguments: '{"city":"Rome"}' } },
    ]);
    expect(res1).toEqual({
      role: "tool",
      tool_call_id: "call_1",
      name: "get_weather",
      content: '{"temp_c": 18}',
    });
    expect(res2).toEqual({
      role: "tool",
      tool_call_id: "call_2",
      name: "get_weather",
      content: '{"temp_c": 24}',
    });
    expect(final.content).toBe("Paris is 18°C, Rome 24°C.");
  });

  it("tools text form: a mismatched number of responses is a counted reason", () => {
    const bad = structuredClone(toolsRecord);
    bad.messages[2].content = '<tool_response>\n{"temp_c": 18}\n</tool_response>';
    const item = parseRecord(bad);
    expect(!item.ok && item.skipped.reason).toBe("tool_response_count_mismatch");
    const broken = structuredClone(toolsRecord);
    broken.messages[1].content = "<tool_call>\n{not json}\n</tool_call>";
    const item2 = parseRecord(broken);
    expect(!item2.ok && item2.skipped.reason).toBe("bad_tool_call");
  });

  it("text form <-> structured round trip", () => {
    const text =
      'Let me check.\n<tool_call>\n{"name": "f", "arguments": {"a": 1.50}}\n</tool_call>\n<tool_call>\n{"name": "g", "arguments": {}}\n</tool_call>';
    const parsed = parseToolCallText(text);
    expect(parsed.content).toBe("Let me check.");
    expect(parsed.calls).toEqual([
      { name: "f", arguments: '{"a":1.50}' },
      { name: "g", arguments: "{}" },
    ]);
    expect(parseToolCallText(formatToolCallText(parsed.content, parsed.calls))).toEqual(parsed);
    const responses = ["r1", "multi\nline"];
    expect(parseToolResponseText(formatToolResponseText(responses))).toEqual(responses);
    expect(parseToolResponseText("just text")).toBeUndefined();
  });

  it("OpenAI with tools and weight; TRL with object arguments and named tool results", () => {
    const o = ok(openaiTools);
    expect(o.conversation.messages[2].tool_calls?.[0].id).toBe("c9");
    expect(o.conversation.messages[3]).toMatchObject({ tool_call_id: "c9", name: "get_weather" });
    expect(o.conversation.messages[4]).toMatchObject({ weight: 1 });
    const t = ok(trlMessages);
    expect(t.conversation.messages[1].tool_calls?.[0]).toEqual({
      id: "call_1",
      type: "function",
      function: { name: "get_weather", arguments: '{"city":"Oslo"}' },
    });
    expect(t.conversation.messages[2]).toMatchObject({ role: "tool", tool_call_id: "call_1" });
  });

  it("ShareGPT: system and tools columns, parallel calls, merged observation split back", () => {
    const r = ok(sharegpt);
    const m = r.conversation.messages;
    expect(m[0]).toEqual({ role: "system", content: "Be brief." });
    expect(m[2].tool_calls?.map((c) => c.function.arguments)).toEqual([
      '{"city":"Oslo"}',
      '{"city":"Bergen"}',
    ]);
    expect(m.slice(3, 5).map((x) => [x.tool_call_id, x.content])).toEqual([
      ["call_1", '{"temp_c": 3}'],
      ["call_2", '{"temp_c": 7}'],
    ]);
    expect(r.conversation.tools?.[0]).toEqual({
      type: "function",
      function: sharegpt.tools && JSON.parse(sharegpt.tools)[0],
    });
  });

  it("preference and TRL prompt/completion", () => {
    const p = ok(dpoRecord);
    expect(p.preference?.rejected[0].content).toBe("5");
    expect(p.conversation.messages.map((x) => x.content)).toEqual(["2+2?", "4"]);
    const implicit = ok({
      chosen: [
        { role: "user", content: "q" },
        { role: "assistant", content: "good" },
      ],
      rejected: [
        { role: "user", content: "q" },
        { role: "assistant", content: "bad" },
      ],
    });
    expect(implicit.preference?.prompt).toEqual([{ role: "user", content: "q" }]);
    expect(ok(trlPromptCompletion).conversation.messages).toHaveLength(2);
  });
});

describe("reading files and run directories", () => {
  const dir = tempDir();

  it("streams a mixed file, skipping unreadable lines with line numbers", async () => {
    const path = writeJsonl(dir, "mixed.jsonl", [roleplay, math, "", { nope: true }, toolsRecord, sharegpt]);
    const items = [];
    for await (const item of readRecords(path)) items.push(item);
    expect(items.map((i) => (i.ok ? i.record.shape : i.skipped.reason))).toEqual([
      "roleplay",
      "math",
      "unrecognised_shape",
      "tools",
      "sharegpt",
    ]);
    expect(items.map((i) => (i.ok ? i.record.line : i.skipped.line))).toEqual([1, 2, 4, 5, 6]);
    const skipped: number[] = [];
    let n = 0;
    for await (const _ of readConversations(path, { onSkip: (s) => skipped.push(s.line) })) n++;
    expect(n).toBe(4);
    expect(skipped).toEqual([4]);
  });

  it("names file and line of invalid JSON", async () => {
    const path = writeJsonl(dir, "bad.jsonl", [math, "{oops"]);
    await expect(async () => {
      for await (const _ of readRecords(path));
    }).rejects.toThrow(/bad\.jsonl:2: not valid JSON/);
  });

  it("resolves run directories: rounds' last history, dataset.jsonl, train/eval", () => {
    const run = join(dir, "rounds-run");
    for (const k of [1, 2, 3]) mkdirSync(join(run, `round${k}`), { recursive: true });
    writeJsonl(join(run, "round1"), "round1_history_seed.jsonl", [roundsSingle]);
    writeJsonl(join(run, "round2"), "round2_history.jsonl", [roundsHistory]);
    writeJsonl(join(run, "round3"), "round3_single_turn.jsonl", [roundsSingle]); // round 3 unfinished
    expect(resolveInput(run).files[0].path).toBe(join(run, "round2", "round2_history.jsonl"));

    const ds = join(dir, "math-run");
    mkdirSync(ds);
    writeJsonl(ds, "dataset.jsonl", [math]);
    expect(resolveInput(ds)).toMatchObject({ kind: "dataset", files: [{ path: join(ds, "dataset.jsonl") }] });

    const sp = join(dir, "split-run");
    mkdirSync(sp);
    writeJsonl(sp, "train.jsonl", [math]);
    writeJsonl(sp, "eval.jsonl", [math]);
    expect(resolveInput(sp).files.map((f) => f.split)).toEqual(["train", "eval"]);

    const empty = join(dir, "empty-run");
    mkdirSync(empty);
    expect(() => resolveInput(empty)).toThrow(/without dataset\.jsonl/);
    expect(() => resolveInput(join(dir, "missing"))).toThrow(/no such file or directory/);
  });
});

describe("byte order mark", () => {
  const dir = tempDir();
  it("a UTF-8 BOM before the first line is ignored (readers and export)", async () => {
    const path = join(dir, "bom.jsonl");
    writeFileSync(path, `\ufeff${JSON.stringify(math)}\n${JSON.stringify(math)}\n`);
    const shapes: string[] = [];
    for await (const item of readRecords(path))
      shapes.push(item.ok ? item.record.shape : item.skipped.reason);
    expect(shapes).toEqual(["math", "math"]);
    const s = await exportDataset({ input: path, target: "openai", out: join(dir, "bom.out.jsonl") });
    expect(s.converted).toBe(2);
  });
});
