import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import { resolveModel } from "../../src/config/resolve-model.js";
import { tempDir } from "../support/tmp.js";

describe("config", () => {
  const dir = tempDir();

  it("loads dialogsmith.yaml from the working directory with defaults filled in", () => {
    writeFileSync(
      join(dir, "dialogsmith.yaml"),
      "models:\n  writer:\n    base_url: http://localhost:8080/v1\n    model: Qwen/Qwen2.5-32B-Instruct\n    api_key_env: GONKA_API_KEY\nroleplay:\n  model: writer\n",
    );
    const { config, path } = loadConfig(undefined, dir);
    expect(path).toBe(join(dir, "dialogsmith.yaml"));
    expect(config.models.writer.concurrency).toBe(16);
    expect(config.models.writer.structured_output).toBe("json_schema");
  });

  it("names the path in the file and what was expected", () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "models:\n  writer:\n    model: m\n    temperature: hot\n");
    expect(() => loadConfig(bad, dir)).toThrow(/bad\.yaml: models\.writer\.temperature: .*number/);
  });

  it("rejects unknown keys by name", () => {
    const bad = join(dir, "bad2.yaml");
    writeFileSync(bad, "models:\n  writer:\n    model: m\n    temprature: 0.5\n");
    expect(() => loadConfig(bad, dir)).toThrow(/unknown key\(s\) 'temprature'/);
  });

  it("reports YAML syntax errors in one line", () => {
    const bad = join(dir, "bad3.yaml");
    writeFileSync(bad, "models: [\n");
    expect(() => loadConfig(bad, dir)).toThrow(/bad3\.yaml:\d+:\d+: not valid YAML/);
  });

  it("names the file, line and column of a YAML syntax error, and shows the line", () => {
    const bad = join(dir, "indent.yaml");
    writeFileSync(bad, "models:\n  writer:\n    model: m\n  tags: [a, b\nroleplay: {}\n");
    const message = errorOf(() => loadConfig(bad, dir));
    expect(message).toBe(
      `${bad}:5:1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] (line 5: "roleplay: {}")`,
    );
    const dup = join(dir, "dup.yaml");
    writeFileSync(dup, "roleplay:\n  count: 3\n  count: 4\n");
    expect(errorOf(() => loadConfig(dup, dir))).toBe(
      `${dup}:3:3: not valid YAML: Map keys must be unique (line 3: "  count: 4")`,
    );
    const open = join(dir, "open.yaml");
    writeFileSync(open, 'roleplay:\n  role: "it_sales\n');
    expect(errorOf(() => loadConfig(open, dir))).toMatch(
      /open\.yaml:3:1: not valid YAML: .*\(line 3 is blank\)$/,
    );
  });

  it("names the line and column of a JSON syntax error", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, '{\n  "roleplay": {\n    count: 3\n  }\n}\n');
    const message = errorOf(() => loadConfig(bad, dir));
    expect(message.startsWith(`${bad}:3:5: not valid JSON: `)).toBe(true);
    expect(message).toMatch(/property name.*\(line 3: " {4}count: 3"\)$/);
  });

  it("lets flags override the file and falls back to OPENAI_* env with neither", () => {
    const { config } = loadConfig(undefined, dir);
    const m = resolveModel(config, "writer", { concurrency: 4, baseUrl: "http://127.0.0.1:9/v1" });
    expect(m).toMatchObject({
      name: "writer",
      concurrency: 4,
      base_url: "http://127.0.0.1:9/v1",
      api_key_env: "GONKA_API_KEY",
    });
    const bare = resolveModel(
      { models: {} },
      undefined,
      { model: "gpt-4o-mini" },
      {
        OPENAI_BASE_URL: "http://proxy/v1",
        OPENAI_API_KEY: "x",
      },
    );
    expect(bare).toMatchObject({
      base_url: "http://proxy/v1",
      api_key_env: "OPENAI_API_KEY",
      model: "gpt-4o-mini",
    });
    expect(() => resolveModel({ models: {} }, undefined, {}, {})).toThrow(/no model configured/);
  });

  it("reads a value that names a models: entry as that entry, for every role and flag", () => {
    const config = {
      models: {
        gemini: {
          base_url: "https://g.example/v1",
          model: "gemini-2.0-flash",
          concurrency: 16,
          timeout_s: 120,
          structured_output: "json_schema" as const,
        },
        llama: {
          base_url: "http://l.example/v1",
          model: "llama-3",
          concurrency: 16,
          timeout_s: 120,
          structured_output: "json_schema" as const,
        },
      },
    };
    // --questioner gemini (a role flag) wins over --model llama, which wins over the config's choice.
    expect(resolveModel(config, { flag: "gemini", config: "llama" }, { model: "llama" }, {})).toMatchObject({
      name: "gemini",
      model: "gemini-2.0-flash",
    });
    expect(resolveModel(config, { config: "gemini" }, { model: "llama" }, {})).toMatchObject({
      name: "llama",
      model: "llama-3",
      base_url: "http://l.example/v1",
    });
    // A --model that names no entry is a model id on top of the chosen entry.
    expect(resolveModel(config, "gemini", { model: "gemini-2.5-pro" }, {})).toMatchObject({
      name: "gemini",
      model: "gemini-2.5-pro",
    });
    // The only entry is the default; flags describing a model on the command line opt out of it.
    const one = { models: { writer: config.models.llama } };
    expect(resolveModel(one, undefined, {}, {})).toMatchObject({ name: "writer", model: "llama-3" });
    expect(resolveModel(one, undefined, { model: "m", baseUrl: "http://x/v1" }, {})).toMatchObject({
      name: "default",
      model: "m",
    });
    expect(() => resolveModel(config, undefined, {}, {})).toThrow(
      /several models are defined under models: \(gemini, llama\) and none is chosen/,
    );
  });
});

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected an error");
}
