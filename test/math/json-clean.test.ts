import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { composeDialogue } from "../../src/recipes/math/dialogue.js";
import { DatasetGenerator } from "../../src/recipes/math/generator.js";
import { PlanCursor } from "../../src/recipes/math/stream.js";
import { TASKS } from "../../src/recipes/math/tasks/index.js";

/**
 * The runner writes a math dialogue's reasoning steps, answers and check fields into its JSON line
 * unescaped, and of a user turn escapes only its line breaks (render.ts messagesJson): scanning
 * every dialogue for characters JSON must escape cost a tenth of the generator's time. That is sound only while no text the recipe can build holds
 * one, which these tests prove from the sources and check on a large sample.
 */

const HERE = fileURLToPath(new URL(".", import.meta.url));
const ROOT = join(HERE, "../../src/recipes/math");
/** Characters JSON.stringify escapes (a quote, a backslash, controls, surrogates). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
/** The same but for the line break, which a question (a user turn, its breaks escaped) may hold. */
const NEEDS_ESCAPE_BUT_NEWLINE = /["\\\u0000-\u0009\u000b-\u001f\ud800-\udfff]/;
/** The modules that write JSON syntax themselves (their literals are quotes and escapes). */
const JSON_WRITERS = new Set(["render.ts", "dialogue.ts"]);
/**
 * The sources of the multiline task types (TaskType.multiline): only their questions may hold a
 * line break, and only their dialogues' user turns are searched for one as a line is written.
 */
const MULTILINE_SOURCES = new Set(["tasks/linear-system.ts"]);

function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* sources(path);
    else if (e.name.endsWith(".ts")) yield path;
  }
}

/** The declaration or property a literal sits in, by name (`ASK`, `ask`, ...), innermost first. */
function owners(node: ts.Node): string[] {
  const names: string[] = [];
  for (let n: ts.Node | undefined = node; n; n = n.parent)
    if ((ts.isVariableDeclaration(n) || ts.isPropertyAssignment(n)) && ts.isIdentifier(n.name))
      names.push(n.name.text);
  return names;
}

/**
 * Each string literal and template chunk of a source file that a character rule rejects; with
 * `multiline`, a line break in a question's text is allowed.
 */
function offending(path: string, multiline: boolean): string[] {
  const file = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      // A question may be laid out on lines: a user turn's line breaks are escaped as it is written.
      const question = multiline && owners(node).some((name) => name.toLowerCase() === "ask");
      if ((question ? NEEDS_ESCAPE_BUT_NEWLINE : NEEDS_ESCAPE).test(node.text)) {
        const { line } = file.getLineAndCharacterOfPosition(node.getStart());
        found.push(`${relative(ROOT, path)}:${line + 1}: ${JSON.stringify(node.text)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe("math texts need no JSON escaping", () => {
  it("no string literal of the recipe holds a quote, backslash, control character or surrogate", () => {
    const found: string[] = [];
    for (const path of sources(ROOT))
      if (!JSON_WRITERS.has(relative(ROOT, path)))
        found.push(...offending(path, MULTILINE_SOURCES.has(relative(ROOT, path))));
    // A hit here: write typographic quotes (“ ” « ») and keep line breaks to the questions of a
    // multiline task (TaskType.multiline; its source in MULTILINE_SOURCES).
    expect(found).toEqual([]);
  });

  it("the source rule sees what it must (a quote, a newline outside a multiline task's question)", () => {
    const probe = join(HERE, "../fixtures/json-clean-probe.ts");
    const lines = (multiline: boolean) =>
      offending(probe, multiline).map((f) => f.replace(/^.*probe\.ts:/, ""));
    expect(lines(true)).toEqual(['2: "say \\"hi\\""', '3: "line\\nbreak "']);
    expect(lines(false)).toEqual([
      '2: "say \\"hi\\""',
      '3: "line\\nbreak "',
      '4: "a question\\non two lines"',
    ]);
  });

  it("the multiline task types are those whose sources may break a question's line, and only their user turns hold a break", () => {
    expect(TASKS.filter((t) => t.multiline).map((t) => t.id)).toEqual(["linear_system"]);
    const base = new DatasetGenerator({ seed: 5 }).plan({ numSamples: 0 });
    const cursor = new PlanCursor({ ...base, languages: ["ru", "en"], turns: 4 });
    const broken = new Set<string>();
    for (let i = 0; i < 4000; i++) {
      const spec = cursor.spec(i);
      for (const ex of composeDialogue(spec).exchanges) if (ex.user.includes("\n")) broken.add(spec.taskType);
    }
    expect([...broken]).toEqual(["linear_system"]);
  });

  it("no step, answer or check of a large sample holds one, and every line is JSON.stringify of its record", () => {
    const base = new DatasetGenerator({ seed: 31 }).plan({ numSamples: 0 });
    const cursor = new PlanCursor({ ...base, languages: ["ru", "en"], reasoningMode: false, turns: 4 });
    for (let i = 0; i < 6000; i++) {
      const result = composeDialogue(cursor.spec(i));
      for (const ex of result.exchanges) {
        const r = ex.reply;
        const texts = [r.answer, ...r.steps];
        for (const c of r.checks)
          texts.push(c.kind, c.expr, c.var ?? "", c.expect ?? "", ...[c.answer].flat());
        for (const t of texts) expect(NEEDS_ESCAPE.test(t), t).toBe(false);
      }
      expect(cursor.line(i)).toBe(JSON.stringify(cursor.record(i)));
    }
  });
});
