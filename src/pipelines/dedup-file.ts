import { renameSync, rmSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { Conversation } from "../core/conversation.js";
import { UsageError } from "../core/errors.js";
import { JsonlWriter } from "../core/jsonl.js";
import { parseJsonLine, readLines } from "../formats/read/lines.js";
import { parseRecord } from "../formats/read/parse-record.js";
import type { SkippedLine } from "../formats/read/types.js";
import { resolveInput } from "../formats/resolve-input.js";
import { conversationKeys } from "../quality/conversation-keys.js";
import { HashSet64 } from "../quality/hash-set64.js";
import type { MinHashOptions } from "../quality/minhash.js";
import { NearDuplicateDetector } from "../quality/near-duplicates.js";

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
  const path = dedupSource(input, options.out);
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
      const item = parseRecord(parseJsonLine(text, path, line), line, path);
      if (!item.ok) {
        result.unreadable++;
        options.onUnreadable?.(item.skipped);
      } else {
        const drop = findDuplicate(item.record.conversation, line, exact, detector);
        if (drop) {
          if (drop.kind === "exact") result.exactDuplicates++;
          else result.nearDuplicates++;
          dropped?.write(drop);
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

/** The one file to deduplicate, refused when the output would overwrite it. */
function dedupSource(input: string, out: string): string {
  const { files } = resolveInput(input);
  if (files.length !== 1)
    throw new UsageError(
      `${input} holds ${files.length} files (${files.map((f) => f.path).join(", ")}); dedup one file at a time`,
    );
  const path = files[0]!.path;
  if (resolve(path) === resolve(out)) throw new UsageError(`--out ${out} is the input file; write elsewhere`);
  return path;
}

/** A line of dropped.jsonl: which earlier line this one repeats. */
type DroppedLine =
  | { line: number; kind: "exact"; duplicate_of_line: number }
  | { line: number; kind: "near"; duplicate_of_line: number; similarity: number };

/**
 * The earlier line this conversation duplicates (exact first, then near), or undefined for a new
 * one, which is then remembered.
 */
function findDuplicate(
  conversation: Conversation,
  line: number,
  exact: HashSet64,
  detector: NearDuplicateDetector<number> | undefined,
): DroppedLine | undefined {
  const keys = conversationKeys(conversation);
  const [hi, lo] = keys.exact;
  const first = exact.addOrGet(hi, lo, line);
  if (first >= 0) return { line, kind: "exact", duplicate_of_line: first };
  if (!detector) return undefined;
  const sig = detector.hasher.signatureOfNormalized(keys.near);
  const hit = detector.checkSignature(sig);
  if (hit.duplicateOf === undefined) {
    detector.addSignature(line, sig);
    return undefined;
  }
  return {
    line,
    kind: "near",
    duplicate_of_line: hit.duplicateOf,
    similarity: Math.round(hit.similarity * 1000) / 1000,
  };
}
