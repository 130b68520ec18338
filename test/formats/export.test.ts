import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve as resolvePath } from "node:path";
import { describe, expect, it } from "vitest";
import { stringifyExactJson } from "../../src/core/exact-json.js";
import { convertRecord, exportDataset, getExporter } from "../../src/formats/export/index.js";
import { parseRecord } from "../../src/formats/read/index.js";
import { IssueCollector } from "../../src/formats/validate/issues.js";
import { checkMessagesExample } from "../../src/formats/validate/message-checks.js";
import { checkShareGptExample } from "../../src/formats/validate/sharegpt-checks.js";
import { tempDir } from "../support/tmp.js";
import {
  dpoRecord,
  llamaFactoryAccepts,
  math,
  openaiTools,
  roleplay,
  roundsHistory,
  roundsSingle,
  sharegpt,
  toolsRecord,
  trlMessages,
  writeJsonl,
} from "./fixtures.js";

const dir = tempDir();
const readOut = (path: string) =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));

const convert = (target: string, value: unknown) => {
  const item = parseRecord(value, 1);
  if (!item.ok) throw new Error(item.skipped.reason);
  return convertRecord(getExporter(target), item.record);
};
const values = (target: string, value: unknown) => {
  const r = convert(target, value);
  if (!r.ok) throw new Error(`${r.reason}: ${r.detail}`);
  return r.values as Record<string, unknown>[];
};

/** Errors the validator finds in one example (empty when clean). */
function errorsOf(value: unknown, as: "openai" | "trl" | "sharegpt"): string[] {
  const issues = new IssueCollector();
  issues.begin(1);
  if (as === "sharegpt") checkShareGptExample(value, issues);
  else checkMessagesExample(value, issues, as);
  return Object.keys(issues.errors);
}

const ALL = [
  roleplay,
  math,
  roundsHistory,
  roundsSingle,
  toolsRecord,
  openaiTools,
  sharegpt,
  trlMessages,
  dpoRecord,
];

describe("openai", () => {
  it("every shape exports to lines that pass OpenAI's checks (extended to tools)", () => {
    for (const rec of ALL) {
      for (const v of values("openai", rec))
        expect(errorsOf(v, "openai"), JSON.stringify(rec).slice(0, 60)).toEqual([]);
    }
  });

  it("tools text form becomes tool_calls with JSON-string arguments and tool_call_id", () => {
    const [v] = values("openai", toolsRecord);
    const messages = v.messages as Record<string, unknown>[];
    expect(messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "tool", "tool", "assistant"]);
    expect(messages[2]).toEqual({
      role: "assistant",
      content: null,
      tool_calls: [
        {
          id: "call_1",
          type: "function",
          function: { name: "get_weather", arguments: '{"city":"Paris","n":21.0}' },
        },
        { id: "call_2", type: "function", function: { name: "get_weather", arguments: '{"city":"Rome"}' } },
      ],
    });
    expect(messages[3]).toEqual({ role: "tool", tool_call_id: "call_1", content: '{"temp_c": 18}' });
    expect(v.tools).toEqual(toolsRecord.tools);
  });

  it("keeps weight on assistant messages and rejects what OpenAI would refuse", () => {
    const [v] = values("openai", openaiTools);
    expect((v.messages as Record<string, unknown>[])[4]).toEqual({
      role: "assistant",
      content: "3°C.",
      weight: 1,
    });
    const noAssistant = convert("openai", { messages: [{ role: "user", content: "hi" }] });
    expect(!noAssistant.ok && noAssistant.reason).toBe("no_assistant_message");
    const unanswered = convert("openai", {
      messages: [
        { role: "user", content: "x" },
        {
          role: "assistant",
          tool_calls: [{ id: "a", type: "function", function: { name: "f", arguments: "{}" } }],
        },
        { role: "assistant", content: "done" },
      ],
    });
    expect(!unanswered.ok && unanswered.reason).toBe("unanswered_tool_call");
  });
});

describe("sharegpt / llama-factory (strict)", () => {
  it("every convertible shape satisfies the alternation rules", () => {
    for (const target of ["sharegpt", "llama-factory"]) {
      for (const rec of ALL) {
        for (const v of values(target, rec)) {
          expect(llamaFactoryAccepts(v as never), `${target} ${JSON.stringify(v).slice(0, 80)}`).toBe(true);
          expect(errorsOf(v, "sharegpt")).toEqual([]);
        }
      }
    }
  });

  it("parallel results merge into ONE observation; tools become a JSON string", () => {
    const [v] = values("llama-factory", toolsRecord);
    expect(v.system).toBe("You are a travel assistant.");
    expect(typeof v.tools).toBe("string");
    expect(JSON.parse(v.tools as string)).toEqual(toolsRecord.tools);
    expect(v.conversations).toEqual([
      { from: "human", value: "Weather in Paris and Rome?" },
      {
        from: "function_call",
        value:
          '[{"name":"get_weather","arguments":{"city":"Paris","n":21.0}},{"name":"get_weather","arguments":{"city":"Rome"}}]',
      },
      { from: "observation", value: '{"temp_c": 18}\n</tool_response>\n<tool_response>\n{"temp_c": 24}' },
      { from: "gpt", value: "Paris is 18°C, Rome 24°C." },
    ]);
    const [s] = values("sharegpt", toolsRecord);
    expect((s.conversations as unknown[])[0]).toEqual({
      from: "system",
      value: "You are a travel assistant.",
    });
    expect(s.system).toBeUndefined();
  });

  it("what cannot convert is rejected with a reason, never silently dropped", () => {
    const cases: [unknown, string][] = [
      [
        {
          messages: [
            { role: "user", content: "a" },
            { role: "user", content: "b" },
            { role: "assistant", content: "c" },
          ],
        },
        "roles_not_alternating",
      ],
      [
        {
          messages: [
            { role: "user", content: "a" },
            { role: "assistant", content: "b" },
            { role: "user", content: "c" },
          ],
        },
        "odd_message_count",
      ],
      [
        {
          messages: [
            { role: "user", content: "a" },
            { role: "system", content: "s" },
            { role: "assistant", content: "b" },
          ],
        },
        "system_not_first",
      ],
      [
        {
          messages: [
            { role: "user", content: "a" },
            {
              role: "assistant",
              content: "checking",
              tool_calls: [{ id: "1", type: "function", function: { name: "f", arguments: "{}" } }],
            },
            { role: "tool", tool_call_id: "1", content: "r" },
            { role: "assistant", content: "b" },
          ],
        },
        "tool_call_with_text",
      ],
    ];
    for (const [rec, reason] of cases) {
      const r = convert("llama-factory", rec);
      expect(r.ok ? "ok" : r.reason).toBe(reason);
    }
  });

  it("round trip openai -> sharegpt -> openai keeps the content", () => {
    for (const rec of [openaiTools, toolsRecord, math]) {
      const [oa] = values("openai", rec);
      const [sg] = values("sharegpt", oa);
      const [back] = values("openai", sg);
      const strip = (ms: Record<string, unknown>[]) =>
        ms.map((m) => ({
          role: m.role,
          content: m.content,
          calls: (m.tool_calls as { function: unknown }[] | undefined)?.map((c) => c.function),
        }));
      expect(strip(back.messages as never)).toEqual(strip(oa.messages as never));
      expect(back.tools).toEqual(oa.tools);
    }
  });
});

describe("trl and prompt/completion", () => {
  it("trl: arguments as objects, tool messages with name", () => {
    const [v] = values("trl", toolsRecord);
    const messages = v.messages as Record<string, unknown>[];
    expect(JSON.parse(JSON.stringify(messages[2]))).toEqual({
      role: "assistant",
      tool_calls: [
        { type: "function", function: { name: "get_weather", arguments: { city: "Paris", n: 21 } } },
        { type: "function", function: { name: "get_weather", arguments: { city: "Rome" } } },
      ],
    });
    // Written with the numbers as the arguments spell them: 21.0 stays a float for Python.
    expect(stringifyExactJson(messages[2])).toContain('"arguments":{"city":"Paris","n":21.0}');
    expect(messages[3]).toEqual({ role: "tool", name: "get_weather", content: '{"temp_c": 18}' });
    expect(errorsOf(v, "trl")).toEqual([]);
  });

  it("trl-prompt-completion: completion is the last assistant turn", () => {
    const [v] = values("trl-prompt-completion", math);
    expect(v.completion).toEqual([{ role: "assistant", content: "Addition." }]);
    expect((v.prompt as unknown[]).length).toBe(4);
    const r = convert("trl-prompt-completion", {
      messages: [
        { role: "assistant", content: "a" },
        { role: "user", content: "b" },
      ],
    });
    expect(!r.ok && r.reason).toBe("last_message_not_assistant");
  });

  it("prompt-completion writes the roleplay shape and reads back to the same conversation", () => {
    const [v] = values("prompt-completion", roleplay);
    expect(v).toEqual({ prompt: roleplay.prompt, completion: roleplay.completion });
    const [again] = values("prompt-completion", v);
    expect(again).toEqual(v);
  });
});

describe("rounds exports: dpo, sft, aligner", () => {
  it("dpo: a pair per round, prompt = history + question, chosen = correction, rejected = answer", () => {
    const pairs = values("dpo", roundsHistory);
    expect(pairs).toEqual([
      {
        prompt: [{ role: "user", content: "What is 2+2?" }],
        chosen: [{ role: "assistant", content: "4" }],
        rejected: [{ role: "assistant", content: "5" }],
      },
      {
        prompt: [
          { role: "user", content: "What is 2+2?" },
          { role: "assistant", content: "4" },
          { role: "user", content: "And times 3?" },
        ],
        chosen: [{ role: "assistant", content: "12" }],
        rejected: [{ role: "assistant", content: "13" }],
      },
    ]);
    const item = parseRecord(roundsHistory, 1);
    if (!item.ok) throw new Error();
    const last = getExporter("dpo").convert(item.record, { rounds: "last" });
    expect(last.ok && last.values).toHaveLength(1);
    expect(values("dpo", dpoRecord)).toEqual([dpoRecord]);
    const notPref = convert("dpo", math);
    expect(!notPref.ok && notPref.reason).toBe("no_preference_pair");
    const same = convert("dpo", { id: "x", question: "q", answer: "same", correction: "same" });
    expect(!same.ok && same.reason).toBe("identical_chosen_rejected");
  });

  it("sft: user = question, assistant = correction, with history", () => {
    expect(values("sft", roundsHistory)).toEqual([
      {
        messages: [
          { role: "user", content: "What is 2+2?" },
          { role: "assistant", content: "4" },
          { role: "user", content: "And times 3?" },
          { role: "assistant", content: "12" },
        ],
      },
    ]);
  });

  it("aligner: question + answer -> correction per round, with history", () => {
    const rows = values("aligner", roundsHistory);
    expect(rows[1]).toEqual({
      id: "r1-000001-2",
      round: 2,
      question: "And times 3?",
      answer: "13",
      correction: "12",
      history: [
        { role: "user", content: "What is 2+2?" },
        { role: "assistant", content: "4" },
      ],
    });
    expect(values("aligner", roundsSingle)[0]).toMatchObject({ question: "Capital of France?", history: [] });
  });
});

describe("exportDataset (files)", () => {
  it("streams a file, counts skipped lines by reason and writes them to --rejected", async () => {
    const input = writeJsonl(dir, "in.jsonl", [
      math,
      { messages: [{ role: "user", content: "hi" }] },
      { what: 1 },
      toolsRecord,
    ]);
    const out = join(dir, "out.jsonl");
    const rejected = join(dir, "rejected.jsonl");
    const s = await exportDataset({ input, target: "openai", out, rejected });
    expect(s).toMatchObject({ read: 4, converted: 2, written: 2, skippedTotal: 2 });
    expect(s.skipped).toEqual({ no_assistant_message: 1, unrecognised_shape: 1 });
    expect(s.examples.no_assistant_message[0].line).toBe(2);
    expect(readOut(out)).toHaveLength(2);
    const rej = readOut(rejected);
    expect(rej.map((r) => [r.line, r.reason])).toEqual([
      [2, "no_assistant_message"],
      [3, "unrecognised_shape"],
    ]);
    expect(rej[1].record).toEqual({ what: 1 });
  });

  it("a rounds run directory exports its last round's history", async () => {
    const run = join(dir, "rounds-run");
    const r2 = join(run, "round2");
    mkdirSync(r2, { recursive: true });
    writeJsonl(r2, "round2_history.jsonl", [roundsHistory, roundsHistory]);
    const s = await exportDataset({ input: run, target: "dpo" });
    expect(s.outputs[0].output).toBe(join(run, "export", "dpo.jsonl"));
    expect(s.written).toBe(4);
  });

  it("a bad line aborts with file:line and leaves an existing output untouched", async () => {
    const input = writeJsonl(dir, "broken.jsonl", [math, "{not json"]);
    const out = join(dir, "keep.jsonl");
    writeFileSync(out, "previous\n");
    await expect(exportDataset({ input, target: "openai", out })).rejects.toThrow(
      /broken\.jsonl:2: not valid JSON/,
    );
    expect(readFileSync(out, "utf8")).toBe("previous\n");
    expect(readFileSync(join(dir, "keep.jsonl"), "utf8")).toBe("previous\n");
  });

  it("a file with no dataset record at all is an input error; --out may not be the input", async () => {
    const input = writeJsonl(dir, "notdata.jsonl", [{ a: 1 }, { b: 2 }]);
    await expect(exportDataset({ input, target: "openai", out: join(dir, "x.jsonl") })).rejects.toThrow(
      /notdata\.jsonl:1: not a dataset record/,
    );
    expect(existsSync(join(dir, "x.jsonl"))).toBe(false);
    await expect(exportDataset({ input, target: "openai", out: input })).rejects.toThrow(/is the input file/);
  });

  it("notes changes it cannot avoid (weights the target cannot express)", async () => {
    const input = writeJsonl(dir, "w.jsonl", [openaiTools]);
    const s = await exportDataset({ input, target: "trl", out: join(dir, "w.trl.jsonl") });
    expect(s.notes).toEqual({ weight_dropped: 1 });
  });
});

describe("parallel export (worker threads, built dist/)", () => {
  it("writes byte-identical output and the same counts as the in-thread export", async () => {
    // Workers load compiled JavaScript: this test runs the built module (npm run build first).
    const dist = (await import(
      resolvePath(__dirname, "../../dist/formats/export/index.js")
    )) as typeof import("../../src/formats/export/index.js");
    const records: unknown[] = [];
    for (let i = 0; i < 300; i++) {
      records.push([roleplay, math, toolsRecord, openaiTools, sharegpt, { odd: i }, roundsHistory][i % 7]);
    }
    const input = writeJsonl(dir, "many.jsonl", records);
    const run = (workers: number, out: string) =>
      dist.exportDataset({
        input,
        target: "llama-factory",
        out,
        workers,
        chunkBytes: 4096,
        rejected: `${out}.rej`,
      });
    const one = await run(1, join(dir, "one.jsonl"));
    const two = await run(3, join(dir, "two.jsonl"));
    expect(readFileSync(join(dir, "two.jsonl"))).toEqual(readFileSync(join(dir, "one.jsonl")));
    expect(readFileSync(join(dir, "two.jsonl.rej"))).toEqual(readFileSync(join(dir, "one.jsonl.rej")));
    const counts = (s: typeof one) => ({ ...s, outputs: undefined, rejectedFile: undefined });
    expect(counts(two)).toEqual(counts(one));
    expect(one.skipped).toEqual({ unrecognised_shape: 43 });
  });
});

describe("byte-exact text handling (the export carries UTF-8 bytes through as latin1 strings)", () => {
  // Strings ending in bytes 0xA0 ("Р" is D0 A0) or holding a no-break space must survive trimming,
  // escapes (\u00e9, surrogate pairs) must come out as the object API writes them.
  const tricky = "Р\u00a0и 🚀 é 한국어 “q” \u2028 Р";
  const asciiEscaped = (v: unknown) =>
    JSON.stringify(v).replace(
      /[\u007f-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
  const recs = [
    {
      id: "a",
      messages: [
        { role: "user", content: tricky },
        { role: "assistant", content: `${tricky}Р` },
      ],
    },
    {
      ...toolsRecord,
      messages: [
        { role: "user", content: tricky },
        {
          role: "assistant",
          content: `Смотрю, Р\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Рим"}}\n</tool_call>`,
        },
        { role: "user", content: '<tool_response>\n{"t": "тепло Р"}\n</tool_response>' },
        { role: "assistant", content: "Р" },
      ],
    },
    { prompt: `user: ${tricky}\nassistant: Р\nuser: ok Р`, completion: "Р" },
    { id: "r", rounds: [{ question: tricky, answer: "Р", correction: "Р\u00a0" }] },
  ];

  for (const target of ["openai", "llama-factory", "trl", "prompt-completion", "dpo", "aligner"]) {
    it(`${target}: same bytes from raw UTF-8 and from \\u-escaped input as the object API gives`, async () => {
      const expected: string[] = [];
      for (const rec of recs) {
        const r = convert(target, rec);
        if (r.ok) for (const v of r.values) expected.push(JSON.stringify(v));
      }
      for (const [name, enc] of [
        ["utf8", JSON.stringify],
        ["escaped", asciiEscaped],
      ] as const) {
        const input = join(dir, `tricky-${target}-${name}.jsonl`);
        writeFileSync(input, `${recs.map((r) => enc(r)).join("\n")}\n`);
        const out = join(dir, `tricky-${target}-${name}.out.jsonl`);
        await exportDataset({ input, target, out });
        expect(readFileSync(out, "utf8")).toBe(expected.length ? `${expected.join("\n")}\n` : "");
      }
    });
  }

  it("skipped lines report readable details and keep the record intact in --rejected", async () => {
    const bad = { messages: [{ role: "user", content: "только вопрос Р" }] };
    const input = writeJsonl(dir, "ru-bad.jsonl", [math, bad]);
    const rejected = join(dir, "ru-bad.rej.jsonl");
    await exportDataset({ input, target: "openai", out: join(dir, "ru.out.jsonl"), rejected });
    expect(readOut(rejected)[0].record).toEqual(bad);
    const broken = structuredClone(toolsRecord);
    broken.messages[1].content = '<tool_call>\n{"name": "f"}\n</tool_call> хвост';
    const input2 = writeJsonl(dir, "ru-bad2.jsonl", [math, broken]);
    const s = await exportDataset({ input: input2, target: "openai", out: join(dir, "ru2.out.jsonl") });
    expect(s.examples.bad_tool_call[0].detail).toContain("хвост");
  });
});

describe("split run directories", () => {
  it("exports train.jsonl and eval.jsonl into a directory, and refuses stdout", async () => {
    const run = join(dir, "split-run");
    mkdirSync(run, { recursive: true });
    writeJsonl(run, "train.jsonl", [math, math]);
    writeJsonl(run, "eval.jsonl", [math]);
    const s = await exportDataset({ input: run, target: "trl" });
    expect(s.outputs.map((o) => [o.output, o.written])).toEqual([
      [join(run, "export", "trl", "train.jsonl"), 2],
      [join(run, "export", "trl", "eval.jsonl"), 1],
    ]);
    await expect(exportDataset({ input: run, target: "trl", out: "-" })).rejects.toThrow(
      /give --out a directory/,
    );
  });
});
