import { renameSync, rmSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { InputError, UsageError } from "../core/errors.js";
import { JsonlWriter } from "../core/jsonl.js";
import { readLines } from "../formats/read/lines.js";
import { parseRecord } from "../formats/read/parse-record.js";
import type { SkippedLine } from "../formats/read/types.js";
import { resolveInput } from "../formats/resolve-input.js";
import { conversationKeys } from "./conversation-keys.js";
import { HashSet64 } from "./hash-set64.js";
import type { MinHashOptions } from "./minhash.js";
import { NearDuplicateDetector } from "./near-duplicates.js";

export interface DedupOptions {
  /** Output JSONL of the kept lines, byte for byte as in the input. */
  out: string;
  /** Near-duplicate Jaccard threshold; 0 or undefined: exact duplicates only. */
  near?: number;
  /** MinHash settings of near dedup (default 128 slots, 3-word shingles). */
  minhash?: MinHashOptions;
  /** A JSONL of what was dropped: `{line, kind, duplicate_of_line, similarity?}`. */
  droppedOut?: string;
  /** Told about lines that are JSON but no dialogue record: they are kept, not deduplicated. */
  onUnreadable?: (skipped: SkippedLine) => void;
  /** Replace invalid UTF-8 with U+FFFD instead of failing on it (--lossy). */
  lossy?: boolean;
}

export interface DedupResult {
  input: string;
  out: string;
  records: number;
  kept: number;
  exactDuplicates: number;
  nearDuplicates: number;
  /** Lines kept as they are because no reader understood them. */
  unreadable: number;
  inputBytes: number;
  /** Bytes of the typed arrays holding hashes and sketches at the end. */
  indexBytes: number;
}

/**
 * Streams a JSONL dataset and keeps the first occurrence of each conversation: exact duplicates
 * by a 64-bit hash of the normalised messages (see conversationKeys), then near duplicates by MinHash + LSH over the
 * dialogue text. Memory holds only hashes and sketches of kept records (no text, no records).
 */
export async function dedupFile(input: string, options: DedupOptions): Promise<DedupResult> {
  const { files } = resolveInput(input);
  if (files.length !== 1)
    throw new UsageError(
      `${input} holds ${files.length} files (${files.map((f) => f.path).join(", ")}); dedup one file at a time`,
    );
  const path = files[0]!.path;
  if (resolve(path) === resolve(options.out))
    throw new UsageError(`--out ${options.out} is the input file; write elsewhere`);
  const near = options.near ?? 0;
  if (!(near >= 0 && near <= 1)) throw new UsageError(`--near must be from 0 to 1, got ${near}`);

  const exact = new HashSet64();
  const detector =
    near > 0 ? new NearDuplicateDetector<number>({ ...options.minhash, threshold: near }) : undefined;
  const tmp = `${options.out}.tmp-${process.pid}`;
  const writer = new JsonlWriter(tmp, 1 << 20, "truncate");
  const dropped = options.droppedOut ? new JsonlWriter(options.droppedOut, 1 << 16, "truncate") : undefined;
  const result: DedupResult = {
    input: path,
    out: options.out,
    records: 0,
    kept: 0,
    exactDuplicates: 0,
    nearDuplicates: 0,
    unreadable: 0,
    inputBytes: statSync(path).size,
    indexBytes: 0,
  };
  try {
    for await (const { line, text } of readLines(path, { lossy: options.lossy })) {
      result.records++;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        throw new InputError(
          `${path}:${line}: not valid JSON (${(e as Error).message}); fix or remove that line`,
        );
      }
      const item = parseRecord(value, line, path);
      if (!item.ok) {
        result.unreadable++;
        options.onUnreadable?.(item.skipped);
        writer.writeLine(text);
        result.kept++;
        continue;
      }
      const keys = conversationKeys(item.record.conversation);
      const [hi, lo] = keys.exact;
      const first = exact.addOrGet(hi, lo, line);
      if (first >= 0) {
        result.exactDuplicates++;
        dropped?.write({ line, kind: "exact", duplicate_of_line: first });
        continue;
      }
      if (detector) {
        const sig = detector.hasher.signatureOfNormalized(keys.near);
        const hit = detector.checkSignature(sig);
        if (hit.duplicateOf === undefined) detector.addSignature(line, sig);
        if (hit.duplicateOf !== undefined) {
          result.nearDuplicates++;
          dropped?.write({
            line,
            kind: "near",
            duplicate_of_line: hit.duplicateOf,
            similarity: Math.round(hit.similarity * 1000) / 1000,
          });
          continue;
        }
      }
      writer.writeLine(text);
      result.kept++;
    }
    writer.close();
    renameSync(tmp, options.out);
  } catch (e) {
    writer.close();
    rmSync(tmp, { force: true });
    throw e;
  } finally {
    dropped?.close();
  }
  result.indexBytes = exact.memoryBytes + (detector?.memoryBytes ?? 0);
  return result;
}
