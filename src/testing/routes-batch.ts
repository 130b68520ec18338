import type { BatchStore } from "./batch-store.js";
import { FILE_PURPOSES, FileStore } from "./file-store.js";
import { errorReply, type HttpReply, jsonReply } from "./http-io.js";
import { multipartBoundary, parseMultipart } from "./multipart.js";
import type { BatchOptions, FakeServerStats, LoggedRequest } from "./types.js";

export interface RouteContext {
  files: FileStore;
  batches: BatchStore;
  batchOptions: BatchOptions;
  stats: FakeServerStats;
  entry: LoggedRequest;
}

const BATCH_ENDPOINTS = ["/v1/chat/completions"];

/** The Files API: upload (multipart), list, retrieve, content, delete. Undefined for other routes. */
export function handleFileRoute(
  ctx: RouteContext,
  route: string,
  id: string,
  contentType: string | undefined,
  raw: Buffer,
  query: URLSearchParams,
): HttpReply | undefined {
  switch (route) {
    case "POST /v1/files":
      return upload(ctx, contentType, raw);
    case "GET /v1/files": {
      const purpose = query.get("purpose") ?? undefined;
      const data = ctx.files.list(purpose).map(FileStore.describe);
      return jsonReply(200, {
        object: "list",
        data,
        has_more: false,
        first_id: data[0]?.id ?? null,
        last_id: data.at(-1)?.id ?? null,
      });
    }
    case "GET /v1/files/{id}": {
      const file = ctx.files.get(id);
      return file ? jsonReply(200, FileStore.describe(file)) : noSuchFile(id);
    }
    case "GET /v1/files/{id}/content": {
      const file = ctx.files.get(id);
      return file
        ? { status: 200, raw: { data: file.data, contentType: "application/octet-stream" } }
        : noSuchFile(id);
    }
    case "DELETE /v1/files/{id}":
      return ctx.files.delete(id) ? jsonReply(200, { id, object: "file", deleted: true }) : noSuchFile(id);
    default:
      return undefined;
  }
}

function noSuchFile(id: string): HttpReply {
  return errorReply(404, `No such File object: ${id}`, "invalid_request_error", null, "id");
}

function upload(ctx: RouteContext, contentType: string | undefined, raw: Buffer): HttpReply {
  const boundary = multipartBoundary(contentType);
  const parts = boundary ? parseMultipart(raw, boundary) : undefined;
  if (!parts) return errorReply(400, "Expected a multipart/form-data body with 'file' and 'purpose' fields.");
  const purpose = parts.find((p) => p.name === "purpose")?.data.toString("utf8");
  const file = parts.find((p) => p.name === "file");
  ctx.entry.body = { purpose, filename: file?.filename, bytes: file?.data.length };
  if (!purpose || !FILE_PURPOSES.includes(purpose) || purpose === "batch_output")
    return errorReply(
      400,
      `Invalid value for 'purpose': ${purpose ?? "(missing)"}.`,
      "invalid_request_error",
      null,
      "purpose",
    );
  if (!file)
    return errorReply(400, "Missing required parameter: 'file'.", "invalid_request_error", null, "file");
  const filename = file.filename ?? "upload";
  if (purpose === "batch") {
    if (!filename.endsWith(".jsonl"))
      return errorReply(
        400,
        "Invalid file format for Batch API. Must be .jsonl",
        "invalid_request_error",
        null,
        "file",
      );
    if (file.data.length > ctx.batchOptions.maxBytes)
      return errorReply(
        400,
        `File is too large: ${file.data.length} bytes; Batch API input files may hold at most ${ctx.batchOptions.maxBytes} bytes.`,
        "invalid_request_error",
        "file_too_large",
        "file",
      );
  }
  // Copy: the part is a view into the request buffer.
  const stored = ctx.files.add(Buffer.from(file.data), filename, purpose);
  ctx.stats.batch.filesUploaded++;
  return jsonReply(200, FileStore.describe(stored));
}

/** The Batch API: create, list, retrieve (which may move the batch on), cancel. */
export async function handleBatchRoute(
  ctx: RouteContext,
  route: string,
  id: string,
  body: unknown,
  query: URLSearchParams,
): Promise<HttpReply | undefined> {
  switch (route) {
    case "POST /v1/batches":
      return create(ctx, body);
    case "GET /v1/batches": {
      const limit = Math.min(100, Math.max(1, Number(query.get("limit") ?? 20) || 20));
      let all = ctx.batches.list();
      const after = query.get("after");
      if (after) {
        const at = all.findIndex((b) => b.id === after);
        all = at < 0 ? [] : all.slice(at + 1);
      }
      const data = all.slice(0, limit);
      return jsonReply(200, {
        object: "list",
        data,
        first_id: data[0]?.id ?? null,
        last_id: data.at(-1)?.id ?? null,
        has_more: all.length > limit,
      });
    }
    case "GET /v1/batches/{id}": {
      const batch = await ctx.batches.onRead(id);
      return batch ? jsonReply(200, batch) : noSuchBatch(id);
    }
    case "POST /v1/batches/{id}/cancel": {
      const existing = ctx.batches.get(id);
      if (!existing) return noSuchBatch(id);
      const batch = ctx.batches.cancel(id);
      return batch
        ? jsonReply(200, batch)
        : errorReply(
            400,
            `Cannot cancel a batch with status '${existing.status}'.`,
            "invalid_request_error",
            "batch_not_cancellable",
          );
    }
    default:
      return undefined;
  }
}

function noSuchBatch(id: string): HttpReply {
  return errorReply(404, `No batch found with id '${id}'.`, "invalid_request_error", null, "batch_id");
}

function create(ctx: RouteContext, body: unknown): HttpReply {
  const b = (body ?? {}) as Record<string, unknown>;
  const fileId = b.input_file_id;
  if (typeof fileId !== "string")
    return errorReply(
      400,
      "Missing required parameter: 'input_file_id'.",
      "invalid_request_error",
      null,
      "input_file_id",
    );
  const file = ctx.files.get(fileId);
  if (!file)
    return errorReply(
      400,
      `Invalid 'input_file_id': '${fileId}'. File with that id does not exist.`,
      "invalid_request_error",
      null,
      "input_file_id",
    );
  if (file.purpose !== "batch")
    return errorReply(
      400,
      `The input file must have purpose 'batch' (it has '${file.purpose}').`,
      "invalid_request_error",
      null,
      "input_file_id",
    );
  if (typeof b.endpoint !== "string" || !BATCH_ENDPOINTS.includes(b.endpoint))
    return errorReply(
      400,
      `Invalid value for 'endpoint': this server runs batches for ${BATCH_ENDPOINTS.join(", ")}.`,
      "invalid_request_error",
      null,
      "endpoint",
    );
  if (b.completion_window !== "24h")
    return errorReply(
      400,
      "Invalid value for 'completion_window': only '24h' is supported.",
      "invalid_request_error",
      null,
      "completion_window",
    );
  const metadata = b.metadata;
  if (metadata !== undefined && metadata !== null) {
    const bad = metadataProblem(metadata);
    if (bad) return errorReply(400, bad, "invalid_request_error", null, "metadata");
  }
  if (!ctx.batches.admit())
    return errorReply(
      429,
      `Batch creation limit reached: at most ${ctx.batchOptions.maxBatchesPerHour} batches an hour.`,
      "requests",
      "rate_limit_exceeded",
    );
  ctx.stats.batch.batchesCreated++;
  return jsonReply(
    200,
    ctx.batches.create({
      input_file_id: fileId,
      endpoint: b.endpoint,
      completion_window: b.completion_window,
      metadata: metadata as Record<string, string> | null | undefined,
    }),
  );
}

/** At most 16 pairs, keys up to 64 characters, string values up to 512. */
function metadataProblem(metadata: unknown): string | undefined {
  if (typeof metadata !== "object" || Array.isArray(metadata))
    return "'metadata' must be an object of strings.";
  const entries = Object.entries(metadata as Record<string, unknown>);
  if (entries.length > 16) return `'metadata' may have at most 16 pairs (got ${entries.length}).`;
  for (const [k, v] of entries) {
    if (k.length > 64) return `'metadata' keys may have at most 64 characters ('${k.slice(0, 20)}...').`;
    if (typeof v !== "string") return `'metadata.${k}' must be a string.`;
    if (v.length > 512) return `'metadata.${k}' may have at most 512 characters.`;
  }
  return undefined;
}
