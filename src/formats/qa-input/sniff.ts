import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import { extname } from "node:path";
import { InputError } from "../../core/errors.js";
import type { InputFormat } from "./types.js";

const BY_EXTENSION: Record<string, InputFormat> = {
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".json": "json",
  ".csv": "csv",
  ".tsv": "csv",
  ".parquet": "parquet",
  ".pq": "parquet",
};

/** The first bytes of a file (fewer if it is shorter). */
export function headBytes(path: string, n = 4096): Buffer {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(n);
    const read = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

export function isParquetMagic(head: Buffer): boolean {
  return head.length >= 4 && head.toString("latin1", 0, 4) === "PAR1";
}

/** What the content looks like, whatever the name says. */
export function sniffContent(head: Buffer): InputFormat | "binary" | undefined {
  if (isParquetMagic(head)) return "parquet";
  const text = head.toString("utf8").replace(/^\uFEFF/, "");
  if (head.includes(0)) return "binary";
  const first = text.trimStart()[0];
  if (first === "[") return "json";
  if (first === "{") return "jsonl";
  return undefined;
}

/**
 * The input's format: from its extension, checked against its first bytes so that a file that is
 * not what its name claims fails with one clear line (a Parquet file named .jsonl, a binary .csv).
 */
export function detectFormat(path: string): InputFormat {
  if (!existsSync(path)) throw new InputError(`${path}: no such file; check --input`);
  if (statSync(path).isDirectory())
    throw new InputError(`${path} is a directory; pass the data file itself with --input`);
  const head = headBytes(path);
  const sniffed = sniffContent(head);
  const claimed = BY_EXTENSION[extname(path).toLowerCase()];
  if (!claimed) {
    if (sniffed && sniffed !== "binary") return sniffed;
    throw new InputError(`${path}: unknown input format; use a .jsonl, .json, .csv or .parquet file`);
  }
  if (claimed === "parquet") {
    if (!isParquetMagic(head))
      throw new InputError(
        `${path}: not a Parquet file (it does not start with PAR1); check the file or its extension`,
      );
    return claimed;
  }
  if (sniffed === "parquet") {
    throw new InputError(
      `${path}: this is a Parquet file, not ${claimed.toUpperCase()}; rename it to .parquet`,
    );
  }
  if (sniffed === "binary")
    throw new InputError(`${path}: binary data, not ${claimed.toUpperCase()} text; check the file`);
  return claimed;
}
