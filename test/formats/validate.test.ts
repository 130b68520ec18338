import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateFile } from "../../src/formats/validate/index.js";
import { tempDir } from "../support/tmp.js";
import { openaiTools, roleplay, sharegpt, trlMessages, WEATHER_TOOL, writeJsonl } from "./fixtures.js";

const dir = tempDir();
const chat = (u: string, a: string) => ({
  messages: [
    { role: "user", content: u },
    { role: "assistant", content: a },
  ],
});
const ten = Array.from({ length: 10 }, (_, i) => chat(`question ${i}`, `answer ${i}`));

describe("validate --as openai", () => {
  it("a clean file with tools passes, with a token distribution", async () => {
    const file = writeJsonl(dir, "clean.jsonl", [...ten, openaiTools]);
    const r = await validateFile({ file });
    expect(r.format).toBe("openai");
    expect(r.errors).toEqual({});
    expect(r.ok).toBe(true);
    expect(r.examples).toBe(11);
    expect(r.tokens?.tokenizer).toBe("o200k");
    // "question 0" + "answer 0" are a few tokens; +3 per message, +3 per conversation.
    expect(r.tokens?.min).toBeGreaterThanOrEqual(9);
    expect(r.tokens!.p50).toBeLessThanOrEqual(r.tokens!.p90);
    expect(r.tokens!.max).toBeGreaterThan(r.tokens!.min);
  });

  it("OpenAI's checks, grouped by type with line numbers", async () => {
    const file = writeJsonl(dir, "bad.jsonl", [
      ...ten,
      [1, 2], // 11 data_type
      { prompt: "x" }, // 12 missing_messages_list
      { messages: [{ content: "no role" }, { role: "assistant", content: "a" }] }, // 13 message_missing_key
      {
        messages: [
          { role: "user", content: "x", extra: 1 },
          { role: "assistant", content: "a" },
        ],
      }, // 14 unrecognized key
      {
        messages: [
          { role: "robot", content: "x" },
          { role: "assistant", content: "a" },
        ],
      }, // 15 unrecognized role
      {
        messages: [
          { role: "user", content: "" },
          { role: "assistant", content: "a" },
        ],
      }, // 16 missing content
      { messages: [{ role: "user", content: "only user" }] }, // 17 no assistant
      {
        messages: [
          { role: "user", content: "x", weight: 1 },
          { role: "assistant", content: "a", weight: 2 },
        ],
      }, // 18 weight
      "{broken", // 19
    ]);
    const r = await validateFile({ file, as: "openai" });
    expect(r.ok).toBe(false);
    const lines = (t: string) => r.errors[t]?.lines;
    expect(lines("data_type")).toEqual([11]);
    expect(lines("missing_messages_list")).toEqual([12]);
    expect(lines("message_missing_key")).toEqual([13]);
    expect(lines("message_unrecognized_key")).toEqual([14]);
    expect(lines("unrecognized_role")).toEqual([15]);
    expect(lines("missing_content")).toEqual([16]);
    expect(lines("example_missing_assistant_message")).toEqual([17]);
    expect(lines("weight_not_on_assistant")).toEqual([18]);
    expect(lines("invalid_weight")).toEqual([18]);
    expect(lines("invalid_json")).toEqual([19]);
    expect(r.invalidExamples).toBe(9);
  });

  it("tools: null content beside calls is fine; unanswered calls and bad arguments are errors", async () => {
    const call = (args: unknown) => ({
      role: "assistant",
      content: null,
      tool_calls: [{ id: "c1", type: "function", function: { name: "get_weather", arguments: args } }],
    });
    const file = writeJsonl(dir, "tools.jsonl", [
      ...ten,
      {
        messages: [
          { role: "user", content: "x" },
          call('{"city":"Oslo"}'),
          { role: "assistant", content: "?" },
        ],
        tools: [WEATHER_TOOL],
      },
      {
        messages: [
          { role: "user", content: "x" },
          call("{oops"),
          { role: "tool", tool_call_id: "c1", content: "1" },
          { role: "assistant", content: "a" },
        ],
      },
      {
        messages: [
          { role: "user", content: "x" },
          { role: "tool", tool_call_id: "zz", content: "1" },
          { role: "assistant", content: "a" },
        ],
      },
      {
        messages: [
          { role: "user", content: "x" },
          call({ city: "Oslo" }),
          { role: "tool", tool_call_id: "c1", content: "1" },
          { role: "assistant", content: "a" },
        ],
      },
    ]);
    const r = await validateFile({ file, as: "openai" });
    expect(Object.keys(r.errors).sort()).toEqual([
      "tool_call_arguments_not_json",
      "tool_call_arguments_not_string",
      "tool_result_without_call",
      "unanswered_tool_call",
    ]);
    expect(r.errors.unanswered_tool_call.lines).toEqual([11]);
  });

  it("fewer than 10 examples is a warning, not an error; --max-tokens counts long examples", async () => {
    const file = writeJsonl(dir, "few.jsonl", [chat("hi", "hello"), chat("long ".repeat(200), "ok")]);
    const r = await validateFile({ file, maxTokens: 50, tokenizer: "cl100k" });
    expect(r.ok).toBe(true);
    expect(r.warnings.too_few_examples).toBeDefined();
    expect(r.tokens).toMatchObject({ tokenizer: "cl100k", maxTokens: 50, overLimit: 1, overLimitLines: [2] });
  });

  it("tokenizer.json: byte-level BPE counted, other kinds refused by name; special-token text counted as text", async () => {
    const file = writeJsonl(dir, "t.jsonl", [...ten, chat("<|endoftext|> inside", "ok")]);
    const tj = join(dir, "tokenizer.json");
    writeFileSync(
      tj,
      JSON.stringify({
        pre_tokenizer: { type: "ByteLevel", add_prefix_space: false, use_regex: true },
        model: {
          type: "BPE",
          vocab: Object.fromEntries([..."abcdefghijklmnopqrstuvwxyzĠ"].map((c, i) => [c, i])),
          merges: [],
        },
      }),
    );
    const r = await validateFile({ file, tokenizer: tj });
    expect(r.tokens?.tokenizer).toBe(tj);
    expect(r.tokens?.min).toBeGreaterThan(10);
    writeFileSync(tj, JSON.stringify({ model: { type: "WordPiece", vocab: {} } }));
    await expect(validateFile({ file, tokenizer: tj })).rejects.toThrow(/WordPiece" is not supported/);
    await expect(validateFile({ file, tokenizer: join(dir, "nope.json") })).rejects.toThrow(
      /use o200k, cl100k/,
    );
    expect((await validateFile({ file })).ok).toBe(true);
  });
});

describe("validate --as llama-factory / sharegpt / trl", () => {
  it("LLaMA-Factory alternation rules", async () => {
    const file = writeJsonl(dir, "sg.jsonl", [
      sharegpt,
      {
        conversations: [
          { from: "human", value: "a" },
          { from: "human", value: "b" },
        ],
      },
      {
        conversations: [
          { from: "human", value: "a" },
          { from: "gpt", value: "b" },
          { from: "human", value: "c" },
        ],
      },
      {
        conversations: [
          { from: "user", value: "a" },
          { from: "gpt", value: "b" },
        ],
      },
      {
        conversations: [
          { from: "human", value: "a" },
          { from: "gpt", value: "b" },
        ],
        tools: [WEATHER_TOOL],
      },
    ]);
    const r = await validateFile({ file });
    expect(r.format).toBe("llama-factory");
    expect(r.errors.invalid_role_tag.lines).toEqual([2, 4]);
    expect(r.errors.invalid_message_count.lines).toEqual([3]);
    expect(r.errors.tools_not_string.lines).toEqual([5]);
  });

  it("TRL: object arguments required, detected from the data", async () => {
    const file = writeJsonl(dir, "trl.jsonl", [
      trlMessages,
      {
        messages: [
          { role: "user", content: "x" },
          {
            role: "assistant",
            tool_calls: [{ type: "function", function: { name: "get_weather", arguments: '{"a":1}' } }],
          },
          { role: "tool", name: "get_weather", content: "1" },
          { role: "assistant", content: "a" },
        ],
      },
      { prompt: [{ role: "user", content: "q" }], completion: [{ role: "assistant", content: "a" }] },
      {
        prompt: [{ role: "user", content: "q" }],
        chosen: [{ role: "assistant", content: "a" }],
        rejected: [{ role: "assistant", content: "b" }],
      },
    ]);
    const r = await validateFile({ file });
    expect(r.format).toBe("trl");
    expect(Object.keys(r.errors)).toEqual(["tool_call_arguments_not_object"]);
    expect(r.errors.tool_call_arguments_not_object.lines).toEqual([2]);
  });
});

describe("validate on a recipe's own output", () => {
  it("warns that it is not a trainer file and names the export command", async () => {
    const file = writeJsonl(dir, "roleplay.jsonl", [roleplay]);
    const r = await validateFile({ file });
    expect(r.warnings.not_a_trainer_file.detail).toContain("dialogsmith export");
    expect(r.errors.message_unrecognized_key).toBeDefined(); // `order` is not an OpenAI key
  });
});
