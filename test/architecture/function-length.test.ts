import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { tempDir } from "../support/tmp.js";

/**
 * Functions stay short enough to read in one screen: none outside the math generator (whose task
 * builders are long tables of phrasing) is over 80 lines.
 */
const SRC = fileURLToPath(new URL("../../src", import.meta.url));
const LIMIT = 80;
const EXEMPT = ["recipes/math/"];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** Every function-like node longer than the limit, as `file:line name (n lines)`. */
function longFunctions(path: string, limit = LIMIT): string[] {
  const text = readFileSync(path, "utf8");
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = end - start + 1;
      if (lines > limit) {
        const name = node.name?.getText() ?? "(anonymous)";
        found.push(`${relative(SRC, path)}:${start + 1} ${name} (${lines} lines)`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("function length", () => {
  const scratch = tempDir("dialogsmith-function-length-");

  it(`no function outside ${EXEMPT.join(", ")} is over ${LIMIT} lines`, () => {
    const long = files(SRC)
      .filter((f) => !EXEMPT.some((e) => relative(SRC, f).startsWith(e)))
      .flatMap((f) => longFunctions(f));
    expect(long).toEqual([]);
  });

  it("finds a long one", () => {
    const body = Array.from({ length: 90 }, (_, i) => `  const v${i} = ${i};`).join("\n");
    const path = join(scratch, "big.ts");
    writeFileSync(path, `function big() {\n${body}\n}\nfunction small() {\n  return 1;\n}\n`);
    expect(longFunctions(path)).toEqual([expect.stringMatching(/ big \(92 lines\)$/)]);
  });
});
