import { describe, expect, it } from "vitest";
import { parseJsonLossless } from "../../src/formats/render/lossless.js";
import { pyFloatRepr, pyJsonDumps } from "../../src/formats/render/py-json.js";

// Expected values are what CPython 3.11 prints for json.dumps(json.loads(literal)).
const PYTHON_NUMBERS: [string, string][] = [
  ["21.0", "21.0"],
  ["0.5", "0.5"],
  ["1e-7", "1e-07"],
  ["1E5", "100000.0"],
  ["-0.0", "-0.0"],
  ["12345678901234567890", "12345678901234567890"],
  ["3.14159", "3.14159"],
  ["1e16", "1e+16"],
  ["1e15", "1000000000000000.0"],
  ["100.0", "100.0"],
  ["-2.50", "-2.5"],
  ["0.0001", "0.0001"],
  ["0.00001", "1e-05"],
  ["123456789012345678.0", "1.2345678901234568e+17"],
  ["1.7976931348623157e308", "1.7976931348623157e+308"],
  ["5e-324", "5e-324"],
  ["0.1", "0.1"],
  ["1e22", "1e+22"],
  ["1.5e300", "1.5e+300"],
  ["-1e-5", "-1e-05"],
  ["2.5e-5", "2.5e-05"],
  ["9999999999999998.0", "9999999999999998.0"],
  ["0.30000000000000004", "0.30000000000000004"],
  ["-0", "0"],
  ["1e400", "Infinity"],
];

describe("pyJsonDumps", () => {
  it.each(PYTHON_NUMBERS)("writes the JSON number %s as Python does (%s)", (literal, python) => {
    expect(pyJsonDumps(parseJsonLossless(literal))).toBe(python);
  });

  it("prints plain JS floats with Python's repr", () => {
    expect(pyFloatRepr(21)).toBe("21.0");
    expect(pyFloatRepr(1e-7)).toBe("1e-07");
    expect(pyJsonDumps({ a: 1, b: 2.5, c: 1e21 })).toBe('{"a": 1, "b": 2.5, "c": 1000000000000000000000}');
  });

  it("keeps key order, non-ASCII and Python's separators", () => {
    const value = parseJsonLossless(
      '{"도시": "서울", "b": [1, 2.0, {"x": null}], "a": true, "q": "say \\"hi\\"\\n"}',
    );
    expect(pyJsonDumps(value)).toBe(
      '{"도시": "서울", "b": [1, 2.0, {"x": null}], "a": true, "q": "say \\"hi\\"\\n"}',
    );
  });

  it("supports indent (including 0), sort_keys, separators and ensure_ascii like json.dumps", () => {
    const value = { b: 1, a: [1, { c: "é" }], d: {}, e: [] };
    expect(pyJsonDumps(value, { indent: 2, sortKeys: true })).toBe(
      '{\n  "a": [\n    1,\n    {\n      "c": "é"\n    }\n  ],\n  "b": 1,\n  "d": {},\n  "e": []\n}',
    );
    expect(pyJsonDumps({ k: [1, [2]], e: {} }, { indent: 0 })).toBe('{\n"k": [\n1,\n[\n2\n]\n],\n"e": {}\n}');
    expect(pyJsonDumps({ k: [1, 2] }, { separators: [",", ":"] })).toBe('{"k":[1,2]}');
    expect(pyJsonDumps({ k: "é\u007f\n😀", x: [1, 2] }, { ensureAscii: true })).toBe(
      '{"k": "\\u00e9\\u007f\\n\\ud83d\\ude00", "x": [1, 2]}',
    );
  });
});
