import { readFileSync } from "node:fs";
import { Template } from "@huggingface/jinja";
import { isLosslessNumber } from "lossless-json";
import { describe, expect, it } from "vitest";
import type { Conversation } from "../../src/core/conversation.js";
import { JinjaChatRenderer } from "../../src/formats/render/jinja.js";
import { qwen2_5Renderer } from "../../src/formats/render/qwen2_5.js";
import { qwen3Renderer } from "../../src/formats/render/qwen3.js";
import { toTemplateMessages } from "../../src/formats/render/template-messages.js";
import { fixturePath } from "../support/fixtures.js";
import { makeCorpus } from "./corpus.js";

// Third-party templates, read in place (never copied into the project).
const fixture = (name: string) => fixturePath(`chat-templates/${name}`);

const official = {
  "qwen2.5": JinjaChatRenderer.fromFile(fixture("qwen2_5.jinja")),
  qwen3: JinjaChatRenderer.fromFile(fixture("qwen3.jinja")),
};
const builtIn = { "qwen2.5": qwen2_5Renderer, qwen3: qwen3Renderer };

const corpus = makeCorpus(400, 20240611);

describe.each(["qwen2.5", "qwen3"] as const)("built-in %s renderer", (name) => {
  it("is byte-identical to the official template on 400 generated conversations", () => {
    let withTools = 0;
    let parallel = 0;
    for (const { conversation, options } of corpus) {
      const expected = official[name].render(conversation, options);
      const actual = builtIn[name].render(conversation, options);
      if (actual !== expected) {
        // Show the first difference, not two 2 KB strings.
        const at = [...expected].findIndex((c, i) => actual[i] !== c);
        expect({ at, actual: actual.slice(at - 80, at + 80) }).toEqual({
          at,
          actual: expected.slice(at - 80, at + 80),
        });
      }
      if (conversation.tools) withTools++;
      if (conversation.messages.some((m) => (m.tool_calls?.length ?? 0) > 1)) parallel++;
    }
    // The corpus really covers what it claims to.
    expect(withTools).toBeGreaterThan(150);
    expect(parallel).toBeGreaterThan(50);
  });
});

describe("our Jinja runtime", () => {
  // Where the library already agrees with Python (no floats, no big ints, no strip(chars)),
  // our runtime must give exactly what the library alone gives.
  it("matches @huggingface/jinja's own rendering where the library is already Python-exact", () => {
    const plain = corpus.filter(({ conversation }) => {
      const json = JSON.stringify(conversation);
      // (Qwen3 lstrips '\n' from the final reply: content starting with a space shows the strip bug.)
      return !/\d\.\d|\de|\d{16}|think>|reasoning_content|"( |\\t)/i.test(json);
    });
    expect(plain.length).toBeGreaterThan(20);
    const unlossless = (_key: string, v: unknown) => (isLosslessNumber(v) ? Number(v.value) : v);
    for (const which of ["qwen2_5.jinja", "qwen3.jinja"]) {
      const template = new Template(readFileSync(fixture(which), "utf8"));
      const ours = JinjaChatRenderer.fromFile(fixture(which));
      for (const { conversation, options } of plain) {
        const context = {
          messages: toTemplateMessages(conversation),
          tools: conversation.tools ?? null,
          add_generation_prompt: options.addGenerationPrompt ?? false,
          ...(options.enableThinking === undefined ? {} : { enable_thinking: options.enableThinking }),
        };
        expect(ours.render(conversation, options)).toBe(
          template.render(JSON.parse(JSON.stringify(context, unlossless))),
        );
      }
    }
  });

  it("fixes the library where it differs from Python: strip(chars) and floats", () => {
    const conversation: Conversation = {
      messages: [
        { role: "user", content: "q" },
        { role: "assistant", content: "<think>\nr\n</think> \n answer" },
      ],
    };
    // Python: ' \n answer'.lstrip('\n') keeps the space; the library strips all whitespace.
    expect(official.qwen3.render(conversation)).toContain("</think>\n\n \n answer<|im_end|>");
    expect(qwen3Renderer.render(conversation)).toContain("</think>\n\n \n answer<|im_end|>");
  });
});

describe("qwen2_5.render-example.txt", () => {
  // The file holds three renders (print()ed, so each ends with an extra newline) under ===== headers.
  const text = readFileSync(fixture("qwen2_5.render-example.txt"), "utf8");
  const parts = text.split(/\n=====[^=\n]+=====\n/);
  const samples = [...parts.slice(0, -1), parts.at(-1)!.slice(0, -1)];
  const weatherTool = {
    type: "function" as const,
    function: {
      name: "get_weather",
      description: "Get weather",
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    },
  };
  const cases: { conversation: Conversation; addGenerationPrompt: boolean }[] = [
    {
      conversation: {
        tools: [weatherTool],
        messages: [
          { role: "system", content: "You are a travel assistant." },
          { role: "user", content: "Weather in Paris and Rome?" },
          {
            role: "assistant",
            content: null,
            tool_calls: [
              {
                id: "call_1",
                type: "function",
                function: { name: "get_weather", arguments: '{"city":"Paris"}' },
              },
              {
                id: "call_2",
                type: "function",
                function: { name: "get_weather", arguments: '{"city": "Rome"}' },
              },
            ],
          },
          { role: "tool", tool_call_id: "call_1", content: '{"temp_c": 18}' },
          { role: "tool", tool_call_id: "call_2", content: '{"temp_c": 24}' },
          { role: "assistant", content: "Paris is 18°C, Rome 24°C." },
        ],
      },
      addGenerationPrompt: false,
    },
    { conversation: { messages: [{ role: "user", content: "hi" }] }, addGenerationPrompt: true },
    {
      // The arguments are a JSON string whose value is itself a string: the template encodes it again.
      conversation: {
        tools: [weatherTool],
        messages: [
          { role: "user", content: "hi" },
          {
            role: "assistant",
            content: null,
            tool_calls: [
              { id: "c", type: "function", function: { name: "f", arguments: JSON.stringify('{"a": 1}') } },
            ],
          },
        ],
      },
      addGenerationPrompt: false,
    },
  ];

  it("has the three renders we expect", () => {
    expect(samples).toHaveLength(3);
  });

  it.each([0, 1, 2])("render %i is reproduced byte for byte by the built-in and the Jinja path", (i) => {
    const { conversation, addGenerationPrompt } = cases[i]!;
    expect(qwen2_5Renderer.render(conversation, { addGenerationPrompt })).toBe(samples[i]);
    expect(official["qwen2.5"].render(conversation, { addGenerationPrompt })).toBe(samples[i]);
  });
});
