import * as zlib from "node:zlib";
import {
  asyncBufferFromFile,
  type Compressors,
  parquetMetadataAsync,
  parquetReadObjects,
  parquetSchema,
} from "hyparquet";
import { InputError } from "../../core/errors.js";
import type { RowOrSkip } from "./read-jsonl.js";

/** Codecs beyond hyparquet's built-in Snappy, from node:zlib (ZSTD only where Node has it). */
function compressors(): Compressors {
  const z = zlib as typeof zlib & { zstdDecompressSync?: (b: Uint8Array) => Buffer };
  const out: Compressors = {
    GZIP: (input) => new Uint8Array(zlib.gunzipSync(input)),
    BROTLI: (input) => new Uint8Array(zlib.brotliDecompressSync(input)),
  };
  if (typeof z.zstdDecompressSync === "function") {
    const zstd = z.zstdDecompressSync;
    out.ZSTD = (input) => new Uint8Array(zstd(input));
  }
  return out;
}

/**
 * Parquet (Hugging Face datasets ship as Parquet), read with hyparquet one row group at a time and
 * only the needed columns, so memory stays at one row group. `checkColumns` sees the top-level
 * columns first.
 */
export async function* readParquetRows(
  path: string,
  columns: string[] | undefined,
  checkColumns?: (columns: string[]) => void,
): AsyncGenerator<RowOrSkip> {
  let file: Awaited<ReturnType<typeof asyncBufferFromFile>>;
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  try {
    file = await asyncBufferFromFile(path);
    metadata = await parquetMetadataAsync(file);
  } catch (e) {
    throw new InputError(`${path}: not a readable Parquet file (${(e as Error).message}); check the file`);
  }
  const names = parquetSchema(metadata).children.map((c) => c.element.name);
  checkColumns?.(names);
  const wanted = columns?.filter((c) => names.includes(c));
  let row = 0;
  let start = 0;
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows);
    let rows: Record<string, unknown>[];
    try {
      rows = await parquetReadObjects({
        file,
        metadata,
        rowStart: start,
        rowEnd: end,
        columns: wanted,
        compressors: compressors(),
      });
    } catch (e) {
      const message = (e as Error).message;
      const codec = /unsupported compression codec: (\w+)/.exec(message)?.[1];
      if (codec) {
        throw new InputError(
          `${path}: Parquet compressed with ${codec}, which this Node.js cannot read; re-save it with Snappy or gzip compression`,
        );
      }
      throw new InputError(
        `${path}: damaged Parquet data in rows ${start + 1}-${end} (${message}); check the file`,
      );
    }
    for (const value of rows) {
      row++;
      yield { row, value };
    }
    start = end;
  }
}
