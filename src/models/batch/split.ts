import { once } from "node:events";
import { createWriteStream, mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { InputError, UsageError } from "../../core/errors.js";
import { readLinesWithOffsets } from "./lines.js";

/** What one batch may hold. OpenAI: 50,000 requests and 200 MB per input file. */
export interface BatchLimits {
  maxRequests: number;
  maxBytes: number;
}

export const OPENAI_BATCH_LIMITS: BatchLimits = { maxRequests: 50_000, maxBytes: 200 * 1024 * 1024 };

export interface PlannedPart {
  part: number;
  file: string;
  requests: number;
  bytes: number;
}

interface Boundary {
  requests: number;
  bytes: number;
}

/**
 * Splits a round's input into parts within the limits, in line order. One part uses the input file
 * itself; several are written to `parts/` (deterministically: the same input splits the same way
 * on a re-run). Checks what the server would reject later: JSON lines, unique custom_ids, one model.
 */
export async function splitInput(
  dir: string,
  inputRel: string,
  round: number,
  limits: BatchLimits,
): Promise<PlannedPart[]> {
  const inputPath = join(dir, inputRel);
  const bounds: Boundary[] = [];
  let current: Boundary = { requests: 0, bytes: 0 };
  const ids = new Set<string>();
  let model: string | undefined;
  let lineNo = 0;
  for await (const line of readLinesWithOffsets(inputPath)) {
    lineNo++;
    const bytes = line.length + 1;
    let value: { custom_id?: unknown; body?: { model?: unknown } };
    try {
      value = JSON.parse(line.text);
    } catch {
      throw new InputError(`${inputRel}:${lineNo}: not valid JSON; prepare the input again`);
    }
    const id = value.custom_id;
    if (typeof id !== "string" || id === "") throw new InputError(`${inputRel}:${lineNo}: no custom_id`);
    if (ids.has(id))
      throw new InputError(
        `${inputRel}:${lineNo}: custom_id '${id}' appears twice; custom_ids must be unique`,
      );
    ids.add(id);
    const m = typeof value.body?.model === "string" ? value.body.model : undefined;
    if (model !== undefined && m !== model)
      throw new InputError(
        `${inputRel}:${lineNo}: model '${m}' differs from '${model}'; a batch input holds one model`,
      );
    model = m;
    if (bytes > limits.maxBytes)
      throw new UsageError(
        `${inputRel}:${lineNo}: one request is ${bytes} bytes, above the ${limits.maxBytes}-byte batch limit`,
      );
    if (current.requests + 1 > limits.maxRequests || current.bytes + bytes > limits.maxBytes) {
      bounds.push(current);
      current = { requests: 0, bytes: 0 };
    }
    current.requests++;
    current.bytes += bytes;
  }
  if (current.requests > 0) bounds.push(current);
  if (bounds.length === 0) throw new InputError(`${inputRel} holds no requests`);
  if (bounds.length === 1)
    return [{ part: 1, file: inputRel, requests: bounds[0].requests, bytes: bounds[0].bytes }];

  mkdirSync(join(dir, "parts"), { recursive: true });
  const parts: PlannedPart[] = bounds.map((b, i) => ({
    part: i + 1,
    file: join("parts", `r${round}-part${String(i + 1).padStart(3, "0")}.jsonl`),
    requests: b.requests,
    bytes: b.bytes,
  }));
  let index = 0;
  let written = 0;
  let out = openPart(dir, parts[0].file);
  for await (const line of readLinesWithOffsets(inputPath)) {
    if (written === parts[index].requests) {
      await out.finish();
      index++;
      written = 0;
      out = openPart(dir, parts[index].file);
    }
    await out.write(`${line.text}\n`);
    written++;
  }
  await out.finish();
  return parts;
}

/** A part file written beside its final name and renamed when complete. */
function openPart(dir: string, rel: string) {
  const path = join(dir, rel);
  const tmp = `${path}.tmp-${process.pid}`;
  const stream = createWriteStream(tmp);
  return {
    async write(text: string) {
      if (!stream.write(text)) await once(stream, "drain");
    },
    async finish() {
      stream.end();
      await once(stream, "finish");
      renameSync(tmp, path);
    },
  };
}
