import { once } from "node:events";
import { createWriteStream, existsSync, renameSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../../core/errors.js";
import { readJsonl } from "../../core/jsonl.js";
import { readLinesWithOffsets, sha256File } from "./lines.js";
import { type BatchResultLine, RESULTS_FILE } from "./results.js";
import { type BatchRound, type BatchStatusFile, writeBatchStatus } from "./status.js";

/** The ids results.jsonl lists as failed or expired (not the ones still pending). */
export async function failedIds(dir: string): Promise<Set<string>> {
  const path = join(dir, RESULTS_FILE);
  if (!existsSync(path)) throw new InputError(`${path} not found: run dialogsmith batch retrieve first`);
  const ids = new Set<string>();
  for await (const { value } of readJsonl<BatchResultLine>(path)) {
    if (!value.ok && value.error.code !== "pending") ids.add(value.custom_id);
  }
  return ids;
}

/**
 * Adds a round that resubmits only the failed and expired requests: their original lines, copied
 * from the round-0 input into `retry_<n>_input.jsonl`. Returns undefined when nothing failed.
 * Re-running after an interruption rewrites the same file and adds the round once.
 */
export async function addRetryRound(dir: string, status: BatchStatusFile): Promise<BatchRound | undefined> {
  const failed = await failedIds(dir);
  if (failed.size === 0) return undefined;
  const n = status.rounds.length;
  const rel = `retry_${n}_input.jsonl`;
  const path = join(dir, rel);
  const tmp = `${path}.tmp-${process.pid}`;
  const out = createWriteStream(tmp);
  let requests = 0;
  for await (const line of readLinesWithOffsets(join(dir, status.rounds[0].input))) {
    const id = (JSON.parse(line.text) as { custom_id?: string }).custom_id;
    if (!id || !failed.has(id)) continue;
    if (!out.write(`${line.text}\n`)) await once(out, "drain");
    requests++;
  }
  out.end();
  await once(out, "finish");
  renameSync(tmp, path);
  const round: BatchRound = {
    round: n,
    input: rel,
    input_sha256: await sha256File(path),
    requests,
    parts: [],
  };
  status.rounds.push(round);
  writeBatchStatus(dir, status);
  return round;
}
