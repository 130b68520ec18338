import { createReadStream } from "node:fs";
import { open, readFile } from "node:fs/promises";

export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;

const SNIFF_BYTES = 8192;

export type TextEncoding = "utf8" | "utf16le";

/** A file that looks like text (and in which encoding), or why it does not. */
export type Sniffed = { ok: true; encoding: TextEncoding; size: number } | { ok: false; reason: string };

/**
 * Looks at the first bytes only, so a photo or an archive renamed to .txt is reported in a
 * sentence instead of producing garbage or a JSON parser's position error.
 */
export async function sniffText(path: string): Promise<Sniffed> {
  const fh = await open(path, "r");
  try {
    const size = (await fh.stat()).size;
    const head = Buffer.alloc(Math.min(SNIFF_BYTES, size));
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, encoding: "utf16le", size };
    if (bytes[0] === 0xfe && bytes[1] === 0xff) {
      return { ok: false, reason: "UTF-16 big-endian text is not supported; save it as UTF-8" };
    }
    if (bytes.includes(0)) return { ok: false, reason: "a binary file, not text" };
    try {
      // stream: a multi-byte character cut at the end of the sample is not an error.
      new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: true });
    } catch {
      return { ok: false, reason: "not UTF-8 text; save it as UTF-8" };
    }
    return { ok: true, encoding: "utf8", size };
  } finally {
    await fh.close();
  }
}

/** The whole file as a string, byte-order mark removed. */
export async function readWholeText(path: string, encoding: TextEncoding): Promise<string> {
  return stripBom((await readFile(path)).toString(encoding));
}

/**
 * Streams the file line by line (LF or CRLF), stopping before `maxBytes`; returns whether it
 * stopped early. Holds one chunk of the file at a time. (Splitting chunks by hand is several times
 * faster than node:readline on exports of hundreds of thousands of lines.)
 */
export async function readLines(
  path: string,
  encoding: TextEncoding,
  maxBytes: number,
  onLine: (line: string, lineNo: number) => void,
): Promise<{ truncated: boolean }> {
  // The stream decodes, so a character split across chunks arrives whole.
  const stream = createReadStream(path, { encoding, highWaterMark: 1 << 20 });
  const size = (line: string) => (encoding === "utf16le" ? line.length * 2 : Buffer.byteLength(line));
  let bytes = 0;
  let lineNo = 0;
  let rest = "";
  const emit = (raw: string): boolean => {
    bytes += size(raw) + 1;
    if (bytes > maxBytes) return false;
    lineNo++;
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    onLine(lineNo === 1 ? stripBom(line) : line, lineNo);
    return true;
  };
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      const text = rest + chunk;
      let start = 0;
      for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", start)) {
        if (!emit(text.slice(start, nl))) return { truncated: true };
        start = nl + 1;
      }
      rest = text.slice(start);
      // A "line" longer than the cap (a minified file) cannot be read within it.
      if (size(rest) > maxBytes) return { truncated: true };
    }
    if (rest !== "" && !emit(rest)) return { truncated: true };
    return { truncated: false };
  } finally {
    stream.destroy();
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Why a whole-document file over the cap is skipped. */
export function tooLarge(size: number, max: number): string {
  return (
    `${formatBytes(size)} is over the ${formatBytes(max)} limit for a whole-document format; ` +
    "skipped (export fewer chats per file, or split it)"
  );
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}
