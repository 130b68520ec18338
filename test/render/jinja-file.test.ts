import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Conversation } from "../../src/core/conversation.js";
import { ConfigError, InputError, UsageError } from "../../src/core/errors.js";
import { JinjaChatRenderer } from "../../src/formats/render/jinja.js";
import { parseJsonLossless } from "../../src/formats/render/lossless.js";
import { resolveRenderer } from "../../src/formats/render/registry.js";
import { tempDir } from "../support/tmp.js";

const hi: Conversation = { messages: [{ role: "user", content: "hi" }] };

describe("chat templates from files", () => {
  const dir = tempDir();
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, text);
    return path;
  };

  it("reads tokenizer_config.json: chat_template and special tokens (AddedToken objects too)", () => {
    const path = write(
      "a/tokenizer_config.json",
      JSON.stringify({
        chat_template:
          "{{ bos_token }}{% for m in messages %}[{{ m.role }}]{{ m.content }}{{ eos_token }}{% endfor %}",
        bos_token: { content: "<s>", lstrip: false, __type: "AddedToken" },
        eos_token: "</s>",
        additional_special_tokens: ["<x>", { content: "<y>" }],
      }),
    );
    expect(JinjaChatRenderer.fromFile(path).render(hi)).toBe("<s>[user]hi</s>");
    // A model directory works as well.
    expect(JinjaChatRenderer.fromFile(join(dir, "a")).render(hi)).toBe("<s>[user]hi</s>");
  });

  it("picks from a named template list as transformers does", () => {
    const path = write(
      "b/tokenizer_config.json",
      JSON.stringify({
        chat_template: [
          { name: "default", template: "default:{{ messages|length }}" },
          { name: "tool_use", template: "tools:{{ tools|length }}" },
        ],
      }),
    );
    const renderer = JinjaChatRenderer.fromFile(path);
    expect(renderer.render(hi)).toBe("default:1");
    const tools = [{ type: "function" as const, function: { name: "f" } }];
    expect(renderer.render({ ...hi, tools })).toBe("tools:1");
    expect(JinjaChatRenderer.fromFile(path, { templateName: "tool_use" }).render({ ...hi, tools })).toBe(
      "tools:1",
    );
    expect(() => JinjaChatRenderer.fromFile(path, { templateName: "rag" })).toThrow(
      /no chat template named "rag"; it has: default, tool_use/,
    );
  });

  it("gives a .jinja file the special tokens of the tokenizer_config.json beside it", () => {
    write("c/tokenizer_config.json", JSON.stringify({ bos_token: "<|begin_of_text|>" }));
    const path = write("c/chat_template.jinja", "{{ bos_token }}{{ messages[0].content }}\n");
    // Like Jinja, a single trailing newline of the template is dropped.
    expect(JinjaChatRenderer.fromFile(path).render(hi)).toBe("<|begin_of_text|>hi");
    expect(JinjaChatRenderer.fromFile(join(dir, "c")).render(hi)).toBe("<|begin_of_text|>hi");
  });

  it("names the file when a template does not parse, or a config has none", () => {
    const bad = write("d/broken.jinja", "{% for m in messages %}{{ m.content }");
    expect(() => JinjaChatRenderer.fromFile(bad)).toThrow(ConfigError);
    expect(() => JinjaChatRenderer.fromFile(bad)).toThrow(
      /cannot parse the chat template in .*broken\.jinja/,
    );
    const none = write("e/tokenizer_config.json", JSON.stringify({ bos_token: "<s>" }));
    expect(() => JinjaChatRenderer.fromFile(none)).toThrow(/has no chat_template/);
  });

  it("lists the built-ins for an unknown template name", () => {
    expect(() => resolveRenderer("qwen9")).toThrow(UsageError);
    expect(() => resolveRenderer("qwen9")).toThrow(/qwen2\.5, qwen3, chatml, llama3/);
    expect(resolveRenderer("Qwen2.5").name).toBe("qwen2.5");
  });

  it("turns raise_exception into an error carrying the template's message", () => {
    const path = write(
      "f.jinja",
      "{% if messages[0].role != 'system' %}{{ raise_exception('System message required') }}{% endif %}",
    );
    const renderer = JinjaChatRenderer.fromFile(path);
    expect(() => renderer.render(hi)).toThrow(InputError);
    expect(() => renderer.render(hi)).toThrow(/f\.jinja failed: System message required/);
  });

  it("provides strftime_now like transformers (glibc's %-d included)", () => {
    const path = write("g.jinja", "{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%-d %B %y, %H:%M') }}");
    const renderer = JinjaChatRenderer.fromFile(path, { now: () => new Date(2024, 6, 5, 9, 3) });
    expect(renderer.render(hi)).toBe("05 Jul 2024|5 July 24, 09:03");
  });

  it("writes tojson like Python's json.dumps, arguments and all", () => {
    const path = write(
      "h.jinja",
      "{{ v | tojson }}|{{ v | tojson(indent=2) }}|{{ v | tojson(sort_keys=true) }}|{{ v | tojson(ensure_ascii=true) }}|{{ 1.0 | tojson }}",
    );
    const v = parseJsonLossless('{"z": 21.0, "a": ["é", 7]}');
    expect(JinjaChatRenderer.fromFile(path).render(hi, { variables: { v } })).toBe(
      '{"z": 21.0, "a": ["é", 7]}|{\n  "z": 21.0,\n  "a": [\n    "é",\n    7\n  ]\n}|{"a": ["é", 7], "z": 21.0}|{"z": 21.0, "a": ["\\u00e9", 7]}|1.0',
    );
  });

  it("uses Python's strip semantics for trim and str.strip(chars)", () => {
    const path = write(
      "i.jinja",
      "[{{ v | trim }}][{{ v.strip() }}][{{ v.lstrip('\\n') }}][{{ v.rstrip(' \\n') }}][{{ v | trim('\\n') }}]",
    );
    expect(JinjaChatRenderer.fromFile(path).render(hi, { variables: { v: "\n \ufeffx \n" } })).toBe(
      "[\ufeffx][\ufeffx][ \ufeffx \n][\n \ufeffx][ \ufeffx ]",
    );
  });
});
