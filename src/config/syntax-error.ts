import { YAMLParseError } from "yaml";

/** Where a YAML or JSON syntax error is (1-based) and what it says, without the parser's layout. */
interface SyntaxErrorAt {
  line?: number;
  column?: number;
  message: string;
}

const MAX_SHOWN = 100;

function locate(text: string, error: unknown): SyntaxErrorAt {
  if (error instanceof YAMLParseError) {
    // The yaml package appends " at line N, column M:" and a code frame; keep the sentence only.
    const message = error.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "") ?? "";
    const at = error.linePos?.[0] ?? lineColumn(text, error.pos[0]);
    return { line: at.line, column: at.col, message };
  }
  const message = ((error as Error)?.message || String(error)).split("\n")[0] ?? "";
  // V8's JSON.parse: "... in JSON at position N" (Node 20), sometimes "(line L column C)" too.
  const position = /at position (\d+)/.exec(message);
  const at = position ? lineColumn(text, Number(position[1])) : undefined;
  return {
    line: at?.line,
    column: at?.col,
    message: message.replace(/ in JSON at position \d+.*$/, "").replace(/ \(line \d+ column \d+\)$/, ""),
  };
}

function lineColumn(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
}

/** The line as the user sees it, quoted and shortened; a blank one is called what it is. */
function showLine(text: string, line: number): string {
  const content = text.split("\n")[line - 1]?.replace(/\r$/, "");
  if (content === undefined) return "at the end of the file";
  if (!content.trim()) return `line ${line} is blank`;
  const shown = content.length > MAX_SHOWN ? `${content.slice(0, MAX_SHOWN)}…` : content;
  return `line ${line}: ${JSON.stringify(shown)}`;
}

/**
 * One line for a syntax error in a YAML or JSON file:
 * `cfg.yaml:5:1: not valid YAML: <what the parser says> (line 5: "foo: bar")`.
 */
export function describeSyntaxError(
  path: string,
  text: string,
  format: "YAML" | "JSON",
  error: unknown,
): string {
  const at = locate(text, error);
  if (at.line === undefined) return `${path}: not valid ${format}: ${at.message}`;
  return `${path}:${at.line}:${at.column}: not valid ${format}: ${at.message} (${showLine(text, at.line)})`;
}
