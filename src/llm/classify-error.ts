import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";

/** What went wrong with one HTTP attempt, in the terms the retry loop needs. */
export type AttemptFailure =
  | { kind: "aborted" }
  | { kind: "http"; status: number; message: string; headers?: Headers; code?: string }
  | { kind: "timeout" }
  | { kind: "connection"; refused: boolean; message: string }
  | { kind: "malformed"; message: string }
  /** A 2xx answer that is not an OpenAI chat completion at all (HTML, text, invalid JSON, no choices). */
  | { kind: "not_completion"; status: number; what: string }
  /** The body passed max_response_bytes (not downloaded further). */
  | { kind: "too_large"; limit: number };

export function classifyAttemptError(error: unknown, signal?: AbortSignal): AttemptFailure {
  if (signal?.aborted || error instanceof APIUserAbortError) return { kind: "aborted" };
  if (error instanceof APIConnectionTimeoutError) return { kind: "timeout" };
  if (error instanceof APIConnectionError) {
    const message = rootMessage(error);
    // Nothing will ever answer there: refused, unknown host, or a port fetch will not use.
    const refused =
      causeCodes(error).some((c) => c === "ECONNREFUSED" || c === "ENOTFOUND" || c === "EAI_AGAIN") ||
      message === "bad port";
    return { kind: "connection", refused, message };
  }
  if (error instanceof APIError && typeof error.status === "number") {
    const body = error.error as { message?: string; code?: string } | undefined;
    return {
      kind: "http",
      status: error.status,
      message: body?.message ?? error.message,
      headers: error.headers as Headers | undefined,
      code: typeof body?.code === "string" ? body.code : undefined,
    };
  }
  // A 200 whose body is not JSON (malformed or cut short) surfaces as a parse or stream error.
  const err = error as Error;
  if (err?.name === "AbortError") return { kind: "aborted" };
  return { kind: "malformed", message: rootMessage(err) };
}

function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
    const errors = (current as { errors?: unknown[] }).errors;
    if (Array.isArray(errors)) for (const e of errors) codes.push(...causeCodes(e));
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

function rootMessage(error: unknown): string {
  let current = error as { message?: string; cause?: unknown } | undefined;
  let message = current?.message ?? String(error);
  for (let depth = 0; current?.cause && depth < 6; depth++) {
    current = current.cause as { message?: string; cause?: unknown };
    if (current?.message) message = current.message;
  }
  return message;
}

/** The label used in report.json `requests.by_status` for a failed attempt. */
export function statusLabel(failure: AttemptFailure): string {
  switch (failure.kind) {
    case "http":
      return String(failure.status);
    case "timeout":
      return "timeout";
    case "connection":
      return "connection_error";
    case "malformed":
      return "malformed_response";
    case "not_completion":
      return "not_chat_completion";
    case "too_large":
      return "response_too_large";
    case "aborted":
      return "aborted";
  }
}

/**
 * An answer that says the URL is not a working chat completions API: not a chat completion at
 * all, or a server error that gives no Retry-After (a server asking to come back later is only
 * busy). Before any real answer, a few of these in a row end the run (see ModelClient).
 */
export function isBrokenEndpointAnswer(failure: AttemptFailure): boolean {
  if (failure.kind === "not_completion") return true;
  if (failure.kind !== "http" || failure.status < 500) return false;
  const h = failure.headers;
  return !h?.get("retry-after") && !h?.get("retry-after-ms");
}

/** What came back, for the message that ends the run. */
export function describeAnswer(failure: AttemptFailure): string {
  if (failure.kind === "not_completion") return failure.what;
  if (failure.kind === "http")
    return `HTTP ${failure.status}: ${failure.message.split("\n")[0].slice(0, 120)}`;
  return statusLabel(failure);
}
