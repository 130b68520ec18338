import { readFileSync } from "node:fs";

/**
 * Fenced code blocks of a Markdown file, with the docs-test markers written just above them:
 * `<!-- docs-test: needs-endpoint -->` (a bash block that needs a real endpoint, key or the Hub:
 * not run), `<!-- docs-test: compile-only -->` (a ts/js block that is type-checked, not run),
 * `<!-- docs-test: continues -->` (a ts/js block that goes on from the previous one in the file).
 */
export interface CodeBlock {
  /** `README.md:42`, for messages. */
  where: string;
  lang: string;
  code: string;
  markers: string[];
}

const MARKER = /^<!--\s*docs-test:\s*([\w\s,-]+?)\s*-->$/;

export function codeBlocks(path: string, name: string): CodeBlock[] {
  const lines = readFileSync(path, "utf8").split("\n");
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    let end = i + 1;
    while (end < lines.length && !lines[end].startsWith("```")) end++;
    const markers: string[] = [];
    for (let j = i - 1; j >= 0 && MARKER.test(lines[j]); j--)
      markers.push(...(MARKER.exec(lines[j])?.[1] ?? "").split(",").map((m) => m.trim()));
    blocks.push({
      where: `${name}:${i + 1}`,
      lang: open[1],
      code: lines.slice(i + 1, end).join("\n"),
      markers,
    });
    i = end;
  }
  return blocks;
}

/**
 * The dialogsmith commands of a bash block, without `npx`: continuation lines joined, comments
 * dropped, each part of an `&&` or `|` chain that starts with `dialogsmith` (or `npx dialogsmith`).
 */
export function dialogsmithCommands(code: string): string[] {
  const logical = code.replace(/\\\n\s*/g, " ").split("\n");
  const commands: string[] = [];
  for (const line of logical) {
    const withoutComment = line.replace(/(^|\s)#.*$/, "");
    for (const part of withoutComment.split(/&&|\|/)) {
      const m = /^\s*(?:npx\s+)?dialogsmith(\s.*)?$/.exec(part);
      if (m) commands.push(`dialogsmith${(m[1] ?? "").trimEnd()}`);
    }
  }
  return commands;
}
