import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { JinjaChatRenderer } from "../../src/formats/render/jinja.js";
import { stringifyJsonLossless } from "../../src/formats/render/lossless.js";
import { qwen2_5Renderer } from "../../src/formats/render/qwen2_5.js";
import { qwen3Renderer } from "../../src/formats/render/qwen3.js";
import { fixturePath } from "../support/fixtures.js";
import { makeCorpus } from "./corpus.js";

/**
 * The ground truth is transformers, i.e. Python Jinja2. Where python3 with jinja2 is installed,
 * render the official templates exactly as transformers sets Jinja up and compare; elsewhere the
 * test is skipped (the @huggingface/jinja comparison still runs).
 */
const PYTHON = `
import json, sys
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.ext import loopcontrols
from jinja2.exceptions import TemplateError

def raise_exception(message):
    raise TemplateError(message)

def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
env.filters["tojson"] = tojson
env.globals["raise_exception"] = raise_exception
job = json.loads(sys.stdin.read())
out = {}
for path in job["templates"]:
    template = env.from_string(open(path, encoding="utf-8").read())
    rendered = []
    for case in job["cases"]:
        messages = json.loads(case["messages"])
        for m in messages:
            for call in m.get("tool_calls") or []:
                try:
                    call["function"]["arguments"] = json.loads(call["function"]["arguments"])
                except ValueError:
                    pass
        kwargs = dict(case["kwargs"])
        tools = json.loads(case["tools"]) if case["tools"] is not None else None
        rendered.append(template.render(messages=messages, tools=tools, documents=None, **kwargs))
    out[path] = rendered
sys.stdout.write(json.dumps(out, ensure_ascii=True))
`;

const hasJinja2 = spawnSync("python3", ["-c", "import jinja2"], { stdio: "ignore" }).status === 0;
const fixture = (name: string) => fixturePath(`chat-templates/${name}`);

describe.skipIf(!hasJinja2)("against Python Jinja2 set up as transformers does", () => {
  it("built-in and Jinja renderers equal transformers' output for qwen2.5 and qwen3 on 400 conversations", () => {
    const corpus = makeCorpus(400, 777);
    const cases = corpus.map(({ conversation, options }) => ({
      messages: JSON.stringify(conversation.messages),
      tools: conversation.tools ? stringifyJsonLossless(conversation.tools) : null,
      kwargs: {
        add_generation_prompt: options.addGenerationPrompt ?? false,
        ...(options.enableThinking === undefined ? {} : { enable_thinking: options.enableThinking }),
      },
    }));
    const templates = { "qwen2.5": fixture("qwen2_5.jinja"), qwen3: fixture("qwen3.jinja") };
    const run = spawnSync("python3", ["-c", PYTHON], {
      input: JSON.stringify({ templates: Object.values(templates), cases }),
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    });
    expect(run.stderr).toBe("");
    const python = JSON.parse(run.stdout) as Record<string, string[]>;
    const renderers = {
      "qwen2.5": [qwen2_5Renderer, JinjaChatRenderer.fromFile(templates["qwen2.5"])],
      qwen3: [qwen3Renderer, JinjaChatRenderer.fromFile(templates.qwen3)],
    };
    for (const [name, path] of Object.entries(templates)) {
      const expected = python[path]!;
      for (const renderer of renderers[name as keyof typeof renderers]) {
        corpus.forEach(({ conversation, options }, i) => {
          expect(renderer.render(conversation, options), `${renderer.name} case ${i}`).toBe(expected[i]);
        });
      }
    }
  });
});
