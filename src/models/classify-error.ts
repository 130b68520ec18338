import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { redactSecrets } from "../core/secrets.js";
import { kindForStatus, ModelError } from "./model-error.js";
import { retryAfterMs } from "./retry-policy.js";

/** Thrown through by an attempt the caller aborted (not a model failure). */
export const ABORTED = Symbol("aborted");

/** A timeout of one attempt (its deadline passed, headers or body). */
export function timeoutError(seconds: number): ModelError {
  return new ModelError({
    kind: "timeout",
    label: "timeout",
    message: `no complete answer within ${seconds}s`,
  });
}

/** An SDK or fetch error of one attempt as a ModelError, or ABORTED when the caller aborted. */
export function classifyAttemptError(error: unknown, signal?: AbortSignal): ModelError | typeof ABORTED {
  if (signal?.aborted || error instanceof APIUserAbortError) return ABORTED;
  if (error instanceof ModelError) return error;
  if (error instanceof APIConnectionTimeoutError)
    return new ModelError({
      kind: "timeout",
      label: "timeout",
      message: "the request timed out",
      cause: error,
    });
  if (error instanceof APIConnectionError) {
    const message = rootMessage(error);
    // Nothing will ever answer there: refused, unknown host, or a port fetch will not use.
    const refused =
      causeCodes(error).some((c) => c === "ECONNREFUSED" || c === "ENOTFOUND" || c === "EAI_AGAIN") ||
      message === "bad port";
    return new ModelError({ kind: "connection", label: "connection_error", refused, message, cause: error });
  }
  if (error instanceof APIError && typeof error.status === "number") {
    const body = error.error as { message?: string; code?: string } | undefined;
    return new ModelError({
      kind: kindForStatus(error.status),
      status: error.status,
      label: String(error.status),
      message: redactSecrets(body?.message ?? error.message),
      code: typeof body?.code === "string" ? body.code : undefined,
      retryAfterMs: retryAfterMs(error.headers as Headers | undefined),
      cause: error,
    });
  }
  const err = error as Error;
  if (err?.name === "AbortError") return ABORTED;
  // A 200 whose body is not JSON (malformed or cut short) surfaces as a parse or stream error.
  return new ModelError({
    kind: "content",
    label: "malformed_response",
    message: redactSecrets(rootMessage(err)),
    cause: error,
  });
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

/** What came back, for the message that ends the run. */
export function describeAnswer(error: ModelError): string {
  if (error.status !== undefined && !error.notChatCompletion)
    return `HTTP ${error.status}: ${error.message.split("\n")[0].slice(0, 120)}`;
  return error.notChatCompletion ? error.message : error.label;
}
