import { createReadStream } from "node:fs";
import { extname } from "node:path";
import { InputError } from "../../core/errors.js";
import type { RowOrSkip } from "./read-jsonl.js";

/**
 * Splits CSV text into records (RFC 4180: quoted fields with "" for a quote, newlines inside
 * quotes, CRLF or LF), fed chunk by chunk so a large file streams.
 */
class CsvSplitter {
  private field = "";
  private record: string[] = [];
  private inQuotes = false;
  /** A quote just closed: the next char must be a delimiter, a newline or another quote. */
  private afterQuote = false;
  private fieldStarted = false;
  line = 1;
  /** Line where the open quoted field started (for the error message). */
  quoteLine = 0;

  constructor(private readonly delimiter: string) {}

  feed(text: string, out: string[][]): void {
    const d = this.delimiter;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (this.inQuotes) {
        if (ch === '"') {
          this.inQuotes = false;
          this.afterQuote = true;
        } else {
          if (ch === "\n") this.line++;
          this.field += ch;
        }
        continue;
      }
      if (ch === '"') {
        if (this.afterQuote) {
          // "" inside a quoted field: a literal quote.
          this.field += '"';
          this.inQuotes = true;
          this.afterQuote = false;
        } else if (!this.fieldStarted) {
          this.inQuotes = true;
          this.fieldStarted = true;
          this.quoteLine = this.line;
        } else this.field += ch;
        continue;
      }
      this.afterQuote = false;
      if (ch === d) {
        this.record.push(this.field);
        this.field = "";
        this.fieldStarted = false;
      } else if (ch === "\n") {
        this.line++;
        this.endRecord(out);
      } else if (ch === "\r") {
        // Dropped: CRLF ends a line at the \n.
      } else {
        this.field += ch;
        this.fieldStarted = true;
      }
    }
  }

  private endRecord(out: string[][]): void {
    this.record.push(this.field);
    this.field = "";
    this.fieldStarted = false;
    const rec = this.record;
    this.record = [];
    if (rec.length === 1 && rec[0] === "") return; // blank line
    out.push(rec);
  }

  end(out: string[][]): void {
    if (this.inQuotes) throw new Error(`unclosed quote`);
    if (this.fieldStarted || this.record.length > 0 || this.field !== "") this.endRecord(out);
  }
}

/**
 * CSV (or TSV) with a header row; each data row becomes an object keyed by the header. A row with
 * more or fewer fields than the header is skipped as `bad_csv_row`. `checkColumns` sees the header
 * first (to fail at once when a needed column is absent).
 */
export async function* readCsvRows(
  path: string,
  checkColumns?: (columns: string[]) => void,
): AsyncGenerator<RowOrSkip> {
  const tsv = extname(path).toLowerCase() === ".tsv";
  let splitter: CsvSplitter | undefined;
  let header: string[] | undefined;
  let row = 0;
  const pending: string[][] = [];
  const stream = createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 });
  let first = true;
  const drain = function* (): Generator<RowOrSkip> {
    for (const rec of pending) {
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
    pending.length = 0;
  };
  for await (const chunk of stream as AsyncIterable<string>) {
    let text = chunk;
    if (first) {
      first = false;
      text = text.replace(/^\uFEFF/, "");
      const firstLine = text.split("\n", 1)[0];
      const delimiter = tsv || (firstLine.includes("\t") && !firstLine.includes(",")) ? "\t" : ",";
      splitter = new CsvSplitter(delimiter);
    }
    splitter!.feed(text, pending);
    yield* drain();
  }
  if (!splitter) throw new InputError(`${path}: the file is empty; expected a header row and data rows`);
  try {
    splitter.end(pending);
  } catch {
    throw new InputError(
      `${path}:${splitter.quoteLine}: a quoted field opened here never closes; fix the quoting`,
    );
  }
  yield* drain();
  if (!header) throw new InputError(`${path}: the file is empty; expected a header row and data rows`);
}
