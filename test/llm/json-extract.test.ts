import { describe, expect, it } from "vitest";
import { extractJson } from "../../src/models/json-extract.js";

describe("extractJson", () => {
  it("reads plain JSON", () => {
    expect(extractJson('{"messages": []}')).toEqual({ messages: [] });
  });
  it("reads JSON inside code fences with prose around", () => {
    const text =
      'Конечно! Вот диалог:\n```json\n{"messages": [{"role": "user", "content": "Привет {скобка}"}]}\n```\nНадеюсь, подойдёт.';
    expect(extractJson(text)).toEqual({ messages: [{ role: "user", content: "Привет {скобка}" }] });
  });
  it("reads JSON after prose without fences and tolerates trailing commas", () => {
    expect(extractJson('Here: {"a": [1, 2, ], "b": {"c": "x,]"},} thanks')).toEqual({
      a: [1, 2],
      b: { c: "x,]" },
    });
  });
  it("names truncation and emptiness", () => {
    expect(() => extractJson('{"messages": [{"role": "user", "content": "hi"')).toThrow(/truncated/);
    expect(() => extractJson("   ")).toThrow(/empty/);
    expect(() => extractJson("no json here")).toThrow(/no JSON object/);
  });
});
