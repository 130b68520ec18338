import type { Dirent } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { basename, dirname, extname, join, posix } from "node:path";
import { ChatTextParser } from "./chat-text.js";
import { parseHtmlPages } from "./html-pages.js";
import { JsonlCollector, parseJsonText } from "./json-file.js";
import { normaliseName } from "./labels.js";
import {
  DEFAULT_MAX_FILE_BYTES,
  formatBytes,
  readLines,
  readWholeText,
  sniffText,
  tooLarge,
} from "./read-text.js";
import { type RoleContext, toExamples } from "./to-examples.js";
import type { LoadRawExamplesOptions, LoadRawExamplesResult, ParseResult, RawExample } from "./types.js";

type Kind = "json" | "jsonl" | "text" | "markdown" | "html";

const KINDS: Record<string, Kind> = {
  ".json": "json",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".txt": "text",
  ".md": "markdown",
  ".markdown": "markdown",
  ".html": "html",
  ".htm": "html",
};
const READABLE = ".json .jsonl .html .txt .md";
/** Telegram's HTML export pages: messages.html, messages2.html, ... */
const TELEGRAM_PAGE = /^messages(\d*)\.html?$/i;

/** One thing to parse: a file, or the pages of one Telegram HTML export. */
interface Unit {
  kind: Kind;
  /** Paths relative to the loaded directory, `/`-separated; several only for Telegram pages. */
  files: string[];
}

interface Context extends RoleContext {
  /** The path to open for a relative one. */
  abs: (rel: string) => string;
  maxBytes: number;
}

/**
 * Reads every few-shot example under `dir` (recursively; a single file works too). Nothing here
 * throws for bad input: a missing directory, an unreadable, binary, oversized or unparseable file,
 * an unsupported extension, a role guess — each is a warning naming the file, and the rest loads.
 * Examples come back in a stable order (sorted paths, file order within a file), so picking them
 * by seed is reproducible.
 */
export async function loadRawExamples(
  dir: string,
  options: LoadRawExamplesOptions = {},
): Promise<LoadRawExamplesResult> {
  const warnings: string[] = [];
  const examples: RawExample[] = [];
  const assistantList = (
    typeof options.assistantName === "string" ? [options.assistantName] : [...(options.assistantName ?? [])]
  ).filter((n) => n.trim() !== "");

  let rootIsFile: boolean;
  try {
    rootIsFile = (await stat(dir)).isFile();
  } catch (e) {
    const why =
      (e as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : `cannot be read (${describe(e)})`;
    warnings.push(`${dir}: the raw examples directory ${why}; no examples loaded`);
    return { examples, warnings };
  }
  const base = rootIsFile ? dirname(dir) : dir;
  const ctx: Context = {
    display: (rel) =>
      rootIsFile && rel.startsWith(basename(dir)) ? dir + rel.slice(basename(dir).length) : join(dir, rel),
    abs: (rel) => join(base, rel),
    maxBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    assistantNames: new Set(assistantList.map(normaliseName)),
    assistantList,
  };

  const files = rootIsFile ? [basename(dir)] : await listFiles(dir, warnings);
  const { units, unsupported } = plan(files);
  for (const unit of units) {
    let result: ParseResult;
    try {
      result = await parseUnit(unit, ctx);
    } catch (e) {
      warnings.push(`${ctx.display(unit.files[0])}: could not read (${describe(e)})`);
      continue;
    }
    for (const w of result.warnings) warnings.push(`${ctx.display(unit.files[0])}: ${w}`);
    examples.push(...toExamples(unit.files[0], result.chats, ctx, warnings));
  }
  for (const [ext, list] of unsupported) {
    const what =
      list.length === 1
        ? ctx.display(list[0])
        : `${list.length} ${ext || "extensionless"} files (e.g. ${ctx.display(list[0])})`;
    warnings.push(
      `${what}: ignored, unsupported extension ${ext ? `"${ext}"` : "(none)"}; readable: ${READABLE}`,
    );
  }
  if (examples.length === 0) warnings.push(`${dir}: no usable raw examples found`);
  return { examples, warnings };
}

/** Relative paths of all files under `dir`, sorted; hidden entries (`.git`, `.DS_Store`) skipped. */
async function listFiles(dir: string, warnings: string[]): Promise<string[]> {
  const out: string[] = [];
  const visit = async (rel: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(join(dir, rel), { withFileTypes: true });
    } catch (e) {
      warnings.push(`${join(dir, rel)}: could not list the directory (${describe(e)})`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const child = rel === "" ? entry.name : posix.join(rel, entry.name);
      if (entry.isDirectory()) await visit(child);
      else if (entry.isFile()) out.push(child);
      // A symlink is followed to a file only: a linked directory could loop.
      else if (entry.isSymbolicLink() && (await stat(join(dir, child)).catch(() => undefined))?.isFile()) {
        out.push(child);
      }
    }
  };
  await visit("");
  return out;
}

/** Groups Telegram HTML pages by folder and sorts out unsupported files. */
function plan(files: string[]): { units: Unit[]; unsupported: Map<string, string[]> } {
  const units: Unit[] = [];
  const unsupported = new Map<string, string[]>();
  const pages = new Map<string, Unit>();
  for (const file of files) {
    const ext = extname(file).toLowerCase();
    const kind = KINDS[ext];
    if (!kind) {
      const list = unsupported.get(ext);
      if (list) list.push(file);
      else unsupported.set(ext, [file]);
      continue;
    }
    if (kind === "html" && TELEGRAM_PAGE.test(posix.basename(file))) {
      const folder = posix.dirname(file);
      const unit = pages.get(folder);
      if (unit) unit.files.push(file);
      else {
        const created: Unit = { kind, files: [file] };
        pages.set(folder, created);
        units.push(created);
      }
      continue;
    }
    units.push({ kind, files: [file] });
  }
  for (const unit of pages.values()) unit.files.sort((a, b) => pageNumber(a) - pageNumber(b));
  return { units, unsupported };
}

function pageNumber(file: string): number {
  return Number(TELEGRAM_PAGE.exec(posix.basename(file))?.[1] || 1);
}

async function parseUnit(unit: Unit, ctx: Context): Promise<ParseResult> {
  if (unit.kind === "html") return parseHtmlPages(unit.files, ctx.abs, ctx.maxBytes, ctx.assistantNames);
  const rel = unit.files[0];
  const path = ctx.abs(rel);
  const sniffed = await sniffText(path);
  if (!sniffed.ok) return skipped(sniffed.reason);
  if (unit.kind === "json") {
    if (sniffed.size > ctx.maxBytes) return skipped(tooLarge(sniffed.size, ctx.maxBytes));
    return parseJsonText(await readWholeText(path, sniffed.encoding), rel, ctx.assistantNames);
  }
  // Line formats are streamed and read up to the size cap.
  const parser =
    unit.kind === "jsonl"
      ? new JsonlCollector(rel, ctx.assistantNames)
      : new ChatTextParser(rel, { markdown: unit.kind === "markdown", knownSpeakers: ctx.assistantNames });
  const { truncated } = await readLines(path, sniffed.encoding, ctx.maxBytes, (line, n) =>
    parser.push(line, n),
  );
  const result = parser.finish();
  if (truncated) {
    result.warnings.unshift(
      `${formatBytes(sniffed.size)} is over the ${formatBytes(ctx.maxBytes)} limit; read the first ${formatBytes(ctx.maxBytes)} only`,
    );
  }
  return result;
}

function skipped(reason: string): ParseResult {
  return { chats: [], warnings: [reason] };
}

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOENT":
      return "it disappeared while loading";
    case "EISDIR":
      return "it is a directory";
    default:
      return err.message ?? String(e);
  }
}
