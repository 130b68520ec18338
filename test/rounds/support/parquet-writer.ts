import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

/**
 * A minimal Parquet writer for test fixtures only (hyparquet reads but cannot write, and no
 * writer is installed): string columns (BYTE_ARRAY, UTF8), REQUIRED or OPTIONAL (nulls), one
 * PLAIN data page (v1) per column per row group, uncompressed or gzip. Enough to produce real
 * files the way pyarrow lays them out: PAR1, column chunks, Thrift-compact FileMetaData, PAR1.
 */

class Compact {
  readonly bytes: number[] = [];
  private lastField: number[] = [0];

  private varint(n: bigint): void {
    let v = n;
    while (v >= 0x80n) {
      this.bytes.push(Number((v & 0x7fn) | 0x80n));
      v >>= 7n;
    }
    this.bytes.push(Number(v));
  }
  private zigzag(n: bigint): void {
    this.varint(n >= 0n ? n << 1n : (-n << 1n) - 1n);
  }
  private fieldHeader(id: number, type: number): void {
    const last = this.lastField[this.lastField.length - 1];
    const delta = id - last;
    if (delta > 0 && delta <= 15) this.bytes.push((delta << 4) | type);
    else {
      this.bytes.push(type);
      this.zigzag(BigInt(id));
    }
    this.lastField[this.lastField.length - 1] = id;
  }
  i32(id: number, v: number): this {
    this.fieldHeader(id, 5);
    this.zigzag(BigInt(v));
    return this;
  }
  i64(id: number, v: number): this {
    this.fieldHeader(id, 6);
    this.zigzag(BigInt(v));
    return this;
  }
  string(id: number, s: string): this {
    this.fieldHeader(id, 8);
    const b = Buffer.from(s, "utf8");
    this.varint(BigInt(b.length));
    this.bytes.push(...b);
    return this;
  }
  struct(id: number, body: (w: Compact) => void): this {
    this.fieldHeader(id, 12);
    this.structBody(body);
    return this;
  }
  private structBody(body: (w: Compact) => void): void {
    this.lastField.push(0);
    body(this);
    this.bytes.push(0);
    this.lastField.pop();
  }
  private listHeader(size: number, elemType: number): void {
    if (size < 15) this.bytes.push((size << 4) | elemType);
    else {
      this.bytes.push(0xf0 | elemType);
      this.varint(BigInt(size));
    }
  }
  listI32(id: number, values: number[]): this {
    this.fieldHeader(id, 9);
    this.listHeader(values.length, 5);
    for (const v of values) this.zigzag(BigInt(v));
    return this;
  }
  listString(id: number, values: string[]): this {
    this.fieldHeader(id, 9);
    this.listHeader(values.length, 8);
    for (const s of values) {
      const b = Buffer.from(s, "utf8");
      this.varint(BigInt(b.length));
      this.bytes.push(...b);
    }
    return this;
  }
  listStruct(id: number, items: ((w: Compact) => void)[]): this {
    this.fieldHeader(id, 9);
    this.listHeader(items.length, 12);
    for (const item of items) this.structBody(item);
    return this;
  }
  end(): Buffer {
    this.bytes.push(0);
    return Buffer.from(this.bytes);
  }
}

/** RLE/bit-packing hybrid, RLE runs only, bit width 1 (definition levels of a flat OPTIONAL column). */
function definitionLevels(present: boolean[]): Buffer {
  const out: number[] = [];
  let i = 0;
  while (i < present.length) {
    let j = i;
    while (j < present.length && present[j] === present[i]) j++;
    let run = (j - i) << 1;
    while (run >= 0x80) {
      out.push((run & 0x7f) | 0x80);
      run >>>= 7;
    }
    out.push(run);
    out.push(present[i] ? 1 : 0);
    i = j;
  }
  const len = Buffer.alloc(4);
  len.writeUInt32LE(out.length);
  return Buffer.concat([len, Buffer.from(out)]);
}

export interface ParquetColumn {
  name: string;
  /** null: a missing value (the column is then OPTIONAL). */
  values: (string | null)[];
}

export function writeParquet(
  path: string,
  columns: ParquetColumn[],
  options: { rowGroupSize?: number; gzip?: boolean } = {},
): void {
  const rows = columns[0]?.values.length ?? 0;
  const groupSize = options.rowGroupSize ?? Math.max(1, rows);
  const codec = options.gzip ? 2 : 0;
  const optional = columns.map((c) => c.values.some((v) => v === null));
  const parts: Buffer[] = [Buffer.from("PAR1")];
  let offset = 4;
  const groups: ((w: Compact) => void)[] = [];
  for (let start = 0; start < rows; start += groupSize) {
    const end = Math.min(rows, start + groupSize);
    const chunks: ((w: Compact) => void)[] = [];
    let groupBytes = 0;
    columns.forEach((col, ci) => {
      const slice = col.values.slice(start, end);
      const values = Buffer.concat(
        slice
          .filter((v): v is string => v !== null)
          .map((v) => {
            const b = Buffer.from(v, "utf8");
            const len = Buffer.alloc(4);
            len.writeUInt32LE(b.length);
            return Buffer.concat([len, b]);
          }),
      );
      const raw = optional[ci]
        ? Buffer.concat([definitionLevels(slice.map((v) => v !== null)), values])
        : values;
      const data = options.gzip ? gzipSync(raw) : raw;
      const header = new Compact()
        .i32(1, 0)
        .i32(2, raw.length)
        .i32(3, data.length)
        .struct(5, (w) => {
          w.i32(1, slice.length).i32(2, 0).i32(3, 3).i32(4, 3);
        })
        .end();
      const pageOffset = offset;
      parts.push(header, data);
      offset += header.length + data.length;
      const total = header.length + data.length;
      const uncompressed = header.length + raw.length;
      groupBytes += total;
      chunks.push((w) => {
        w.i64(2, pageOffset).struct(3, (m) => {
          m.i32(1, 6)
            .listI32(2, [0, 3])
            .listString(3, [col.name])
            .i32(4, codec)
            .i64(5, slice.length)
            .i64(6, uncompressed)
            .i64(7, total)
            .i64(9, pageOffset);
        });
      });
    });
    const n = end - start;
    groups.push((w) => {
      w.listStruct(1, chunks).i64(2, groupBytes).i64(3, n);
    });
  }
  const schema: ((w: Compact) => void)[] = [
    (w) => {
      w.string(4, "schema").i32(5, columns.length);
    },
    ...columns.map((col, ci) => (w: Compact) => {
      w.i32(1, 6)
        .i32(3, optional[ci] ? 1 : 0)
        .string(4, col.name)
        .i32(6, 0);
    }),
  ];
  const meta = new Compact()
    .i32(1, 1)
    .listStruct(2, schema)
    .i64(3, rows)
    .listStruct(4, groups)
    .string(6, "dialogsmith test writer")
    .end();
  const len = Buffer.alloc(4);
  len.writeUInt32LE(meta.length);
  parts.push(meta, len, Buffer.from("PAR1"));
  writeFileSync(path, Buffer.concat(parts));
}
