import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runCli } from "../../src/cli/program.js";
import { qwen2_5Renderer } from "../../src/formats/render/qwen2_5.js";
import { fixturePath } from "../support/fixtures.js";
import { tempDir } from "../support/tmp.js";

const fixture = (name: string) => fixturePath(`chat-templates/${name}`);

const TOOLS =
  '[{"type": "function", "function": {"name": "get_weather", "description": "날씨", "parameters": {"type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "number", "minimum": 1.0}}}}}]';

// Line 1: the tools recipe's text form. Line 2: TRL-style object arguments with a float.
// Line 3: plain OpenAI messages. Line 4: nothing we can read. Line 5 is blank. Line 7: roleplay.
const LINES = [
  `{"tools": ${TOOLS}, "uid": "u1", "dates": "2025-01-15", "system_prompt": "상담원입니다.", "messages": [{"role": "user", "content": "서울 날씨?"}, {"role": "assistant", "content": "<tool_call>\\n{\\"name\\": \\"get_weather\\", \\"arguments\\": {\\"city\\": \\"서울\\", \\"days\\": 21.0}}\\n</tool_call>"}, {"role": "user", "content": "<tool_response>\\n{\\"temp_c\\": 3.0}\\n</tool_response>"}, {"role": "assistant", "content": "3도예요."}]}`,
  `{"tools": ${TOOLS}, "messages": [{"role": "user", "content": "Paris?"}, {"role": "assistant", "tool_calls": [{"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Paris", "days": 2.0}}}]}, {"role": "tool", "content": "sunny"}, {"role": "assistant", "content": "Sunny."}]}`,
  `{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}`,
  `{"what": "is this"}`,
  "",
  `{"messages": [{"role": "user", "content": "last"}]}`,
  // The roleplay recipe's shape: messages sorted by their numeric `order`.
  `{"prompt": "x", "id": 7, "messages": [{"role": "assistant", "content": "second", "order": 2.0}, {"role": "user", "content": "first", "order": 1}]}`,
];

describe("dialogsmith render", () => {
  const dir = tempDir();
  const stderr: string[] = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
  afterEach(() => {
    stderr.length = 0;
    process.exitCode = undefined;
  });
  const file = join(dir, "run", "dataset.jsonl");
  mkdirSync(join(dir, "run"));
  writeFileSync(file, `${LINES.join("\n")}\n`);

  it("writes one sample per record, in file order, beside the file by default", async () => {
    const code = await runCli(["node", "dialogsmith", "render", file, "--template", "qwen2.5"]);
    expect(code).toBe(1); // line 4 could not be read: reported, not silently dropped
    const samples = join(dir, "run", "samples");
    expect(readdirSync(samples).sort()).toEqual([
      "sample_0001.txt",
      "sample_0002.txt",
      "sample_0003.txt",
      "sample_0005.txt",
      "sample_0006.txt",
    ]);
    expect(stderr.join("")).toMatch(/dataset\.jsonl:4: not rendered \(unrecognised_shape\)/);
    expect(readFileSync(join(samples, "sample_0006.txt"), "utf8")).toMatch(
      /user\nfirst<\|im_end\|>\n<\|im_start\|>assistant\nsecond/,
    );

    const first = readFileSync(join(samples, "sample_0001.txt"), "utf8");
    // The text form renders exactly as written: the system prompt first, floats as in the source.
    expect(first).toBe(
      qwen2_5Renderer
        .render({
          tools: JSON.parse(TOOLS),
          messages: [
            { role: "system", content: "상담원입니다." },
            { role: "user", content: "서울 날씨?" },
            {
              role: "assistant",
              content:
                '<tool_call>\n{"name": "get_weather", "arguments": {"city": "서울", "days": 21.0}}\n</tool_call>',
            },
            { role: "user", content: '<tool_response>\n{"temp_c": 3.0}\n</tool_response>' },
            { role: "assistant", content: "3도예요." },
          ],
        })
        .replace('"minimum": 1}', '"minimum": 1.0}'),
    );
    expect(first).toContain('"minimum": 1.0}');
    expect(readFileSync(join(samples, "sample_0002.txt"), "utf8")).toContain(
      '{"name": "get_weather", "arguments": {"city": "Paris", "days": 2.0}}',
    );
    expect(readFileSync(join(samples, "sample_0005.txt"), "utf8")).toBe(
      "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\nlast<|im_end|>\n",
    );
  });

  it("renders the same bytes through the official template file, and replaces old samples", async () => {
    const out = join(dir, "jinja-out");
    mkdirSync(out);
    writeFileSync(join(out, "sample_0099.txt"), "stale");
    writeFileSync(join(out, "notes.txt"), "kept");
    await runCli([
      "node",
      "dialogsmith",
      "render",
      file,
      "--template",
      fixture("qwen2_5.jinja"),
      "--out",
      out,
    ]);
    expect(existsSync(join(out, "sample_0099.txt"))).toBe(false);
    expect(existsSync(join(out, "notes.txt"))).toBe(true);
    for (const name of ["sample_0001.txt", "sample_0002.txt", "sample_0003.txt", "sample_0005.txt"]) {
      expect(readFileSync(join(out, name), "utf8")).toBe(
        readFileSync(join(dir, "run", "samples", name), "utf8"),
      );
    }
  });

  it("adds the generation prompt on request", async () => {
    const out = join(dir, "gen");
    await runCli([
      "node",
      "dialogsmith",
      "render",
      file,
      "--template",
      "qwen3",
      "--out",
      out,
      "--add-generation-prompt",
      "--no-enable-thinking",
    ]);
    expect(readFileSync(join(out, "sample_0005.txt"), "utf8")).toBe(
      "<|im_start|>user\nlast<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n",
    );
  });

  it("refuses an unknown template, listing the built-ins", async () => {
    const code = await runCli(["node", "dialogsmith", "render", file, "--template", "mistral"]);
    expect(code).toBe(2);
    expect(stderr.join("")).toMatch(
      /unknown template 'mistral': use a built-in \(qwen2\.5, qwen3, chatml, llama3\)/,
    );
  });
});
