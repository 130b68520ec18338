import type { ChatRequestBody } from "./types.js";

/** One entry of a failed batch's `errors.data`. */
export interface BatchError {
  code: string;
  message: string;
  param: string | null;
  line: number | null;
}

export interface BatchInputLine {
  /** 1-based line number in the input file. */
  line: number;
  customId: string;
  body: ChatRequestBody;
}

export interface BatchLimits {
  maxRequests: number;
  maxBytes: number;
}

const MAX_ERRORS = 1000;

/**
 * Validates a Batch API input file the way the real service does while a batch is `validating`:
 * every line a JSON object with custom_id, method POST, the batch's url and a body; custom_ids
 * unique; one model in the whole file; at most maxRequests lines and maxBytes bytes.
 */
export function validateBatchInput(
  data: Buffer,
  endpoint: string,
  limits: BatchLimits,
): { ok: true; lines: BatchInputLine[]; model: string } | { ok: false; errors: BatchError[] } {
  const errors: BatchError[] = [];
  const fail = (code: string, message: string, line: number | null = null, param: string | null = null) => {
    if (errors.length < MAX_ERRORS) errors.push({ code, message, param, line });
  };
  if (data.length > limits.maxBytes) {
    fail(
      "file_too_large",
      `The input file is ${data.length} bytes; a batch input file may hold at most ${limits.maxBytes} bytes.`,
    );
    return { ok: false, errors };
  }
  const texts = data.toString("utf8").split("\n");
  const lines: BatchInputLine[] = [];
  const seen = new Set<string>();
  let model: string | undefined;
  let count = 0;
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i].trim();
    if (text === "") continue;
    count++;
    const lineNo = i + 1;
    const request = parseRequestLine(text, endpoint);
    if ("code" in request) {
      fail(request.code, request.message, lineNo, request.param);
      continue;
    }
    const { customId, body } = request;
    if (seen.has(customId)) {
      fail(
        "duplicate_custom_id",
        "The custom_id for this request is a duplicate of another request's custom_id.",
        lineNo,
        "custom_id",
      );
      continue;
    }
    seen.add(customId);
    if (model === undefined) model = body.model;
    else if (body.model !== model) {
      fail(
        "model_mismatch",
        "The provided model for this request does not match other requests in the batch.",
        lineNo,
        "body.model",
      );
      continue;
    }
    lines.push({ line: lineNo, customId, body });
  }
  if (count === 0) fail("empty_file", "The input file is empty.");
  if (count > limits.maxRequests)
    fail(
      "too_many_tasks",
      `The input file has ${count} requests; a batch may hold at most ${limits.maxRequests}.`,
    );
  if (errors.length > 0 || model === undefined) return { ok: false, errors };
  return { ok: true, lines, model };
}

type LineError = { code: string; message: string; param: string | null };

/** One input line on its own: a JSON object with custom_id, method POST, the batch's url and body.model. */
function parseRequestLine(
  text: string,
  endpoint: string,
): { customId: string; body: ChatRequestBody } | LineError {
  const error = (code: string, message: string, param: string | null = null) => ({ code, message, param });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return error("invalid_json_line", "This line is not parseable as valid JSON.");
  }
  if (!value || typeof value !== "object" || Array.isArray(value))
    return error("invalid_request", "Each line must be a JSON object.");
  const v = value as Record<string, unknown>;
  if (typeof v.custom_id !== "string" || v.custom_id === "")
    return error("invalid_request", "Missing required parameter: 'custom_id'.", "custom_id");
  if (v.method !== "POST")
    return error("invalid_request", "The 'method' of each request must be 'POST'.", "method");
  if (v.url !== endpoint)
    return error(
      "url_mismatch",
      "The provided URL for this request does not match the endpoint of the batch.",
      "url",
    );
  const body = v.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== "object" || typeof body.model !== "string")
    return error("invalid_request", "Missing required parameter: 'body.model'.", "body.model");
  return { customId: v.custom_id, body: body as ChatRequestBody };
}
