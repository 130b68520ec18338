import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import { extname } from "node:path";
import { CsvError, parse } from "csv-parse";
import { InputError } from "../../core/errors.js";
import type { RowOrSkip } from "./read-jsonl.js";

/** Tab-separated when the extension says so, or when the header line has tabs and no comma. */
function detectDelimiter(path: string): string {
  if (extname(path).toLowerCase() === ".tsv") return "\t";
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(64 * 1024);
    const firstLine = head
      .subarray(0, readSync(fd, head, 0, head.length, 0))
      .toString("utf8")
      .split("\n", 1)[0];
    return firstLine.includes("\t") && !firstLine.includes(",") ? "\t" : ",";
  } finally {
    closeSync(fd);
  }
}

/** csv-parse's error as one line naming the line of the file and the fix. */
function describeCsvError(path: string, e: CsvError, recordEndLine: number): InputError {
  if (e.code === "CSV_QUOTE_NOT_CLOSED")
    return new InputError(
      `${path}:${recordEndLine + 1}: a quoted field opened here never closes; fix the quoting`,
    );
  const line = (e as CsvError & { lines?: number }).lines;
  const what =
    e.code === "CSV_INVALID_CLOSING_QUOTE"
      ? `text follows a closing quote (${e.message.match(/got "[^"]*"/)?.[0] ?? "a character"})`
      : e.message.replace(/ at line \d+/, "");
  return new InputError(
    `${path}:${line}: not valid CSV: ${what}; quote the whole field and write a quote inside it as ""`,
  );
}

/**
 * CSV (or TSV) with a header row, streamed through csv-parse (RFC 4180: quoted fields, "" for a
 * quote, newlines inside quotes, CRLF or LF, BOM); each data row becomes an object keyed by the
 * header. A row with more or fewer fields than the header is skipped as `bad_csv_row`; broken
 * quoting stops with the line. `checkColumns` sees the header first (to fail at once when a needed
 * column is absent).
 */
export async function* readCsvRows(
  path: string,
  checkColumns?: (columns: string[]) => void,
): AsyncGenerator<RowOrSkip> {
  let recordEndLine = 0;
  const parser = createReadStream(path, { highWaterMark: 1 << 20 }).pipe(
    parse({
      delimiter: detectDelimiter(path),
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (record: string[], context) => {
        recordEndLine = context.lines;
        return record;
      },
    }),
  );
  let header: string[] | undefined;
  let row = 0;
  try {
    for await (const rec of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = rec.map((h) => h.trim());
        checkColumns?.(header);
        continue;
      }
      row++;
      if (rec.length !== header.length) {
        yield { row, skip: "bad_csv_row" };
        continue;
      }
      const value: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) value[header[i]] = rec[i];
      yield { row, value };
    }
  } catch (e) {
    if (e instanceof CsvError) throw describeCsvError(path, e, recordEndLine);
    throw e;
  } finally {
    parser.destroy();
  }
  if (!header) throw new InputError(`${path}: the file is empty; expected a header row and data rows`);
}
