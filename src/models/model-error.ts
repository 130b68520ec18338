import { DialogsmithError } from "../core/errors.js";

/** What went wrong with a model call, in the terms callers act on. */
export type ModelErrorKind =
  | "auth"
  | "not_found"
  | "rate_limit"
  | "server"
  | "timeout"
  | "connection"
  | "bad_request"
  | "content";

export interface ModelErrorInit {
  kind: ModelErrorKind;
  message: string;
  /** HTTP status, when the server answered. */
  status?: number;
  /** The delay the server asked for (Retry-After), in milliseconds. */
  retryAfterMs?: number;
  /** The server's error code (`model_not_found`, ...). */
  code?: string;
  /**
   * The label in report.json `requests.by_status` ("429", "timeout", "connection_error",
   * "not_chat_completion", ...) and, prefixed, the item's failure reason.
   */
  label: string;
  /** Connection refused / unknown host: nothing will ever answer there. */
  refused?: boolean;
  /** An answer that is not a chat completion at all (HTML, text, invalid JSON, no choices). */
  notChatCompletion?: boolean;
  /** The answer passed max_response_bytes: retrying would only buy it again. */
  tooLarge?: boolean;
  cause?: unknown;
}

/**
 * The one error a model call ends with (see ChatModel). `isRetryable` is computed from the kind
 * and status (408, 409, 429, 5xx, timeouts, dropped connections, broken answers); `stopsRun`
 * marks the failures after which no request of the run can succeed; `reason` names the item's
 * failure in rejected.jsonl and the report.
 */
export class ModelError extends DialogsmithError {
  readonly kind: ModelErrorKind;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly code?: string;
  readonly label: string;
  readonly refused: boolean;
  readonly notChatCompletion: boolean;
  readonly tooLarge: boolean;
  /** Named reason: "http_400", "retries_exhausted", "response_too_large", ... */
  reason: string;
  stopsRun: boolean;

  constructor(init: ModelErrorInit, options: { reason?: string; stopsRun?: boolean } = {}) {
    const stopsRun = options.stopsRun ?? (init.kind === "auth" || init.kind === "not_found");
    super(init.message, stopsRun ? 3 : 1, { cause: init.cause });
    this.name = "ModelError";
    this.kind = init.kind;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
    this.code = init.code;
    this.label = init.label;
    this.refused = init.refused ?? false;
    this.notChatCompletion = init.notChatCompletion ?? false;
    this.tooLarge = init.tooLarge ?? false;
    this.stopsRun = stopsRun;
    this.reason = options.reason ?? (init.status !== undefined ? `http_${init.status}` : init.label);
  }

  get isRetryable(): boolean {
    if (this.stopsRun || this.tooLarge) return false;
    switch (this.kind) {
      case "rate_limit":
      case "server":
      case "timeout":
      case "connection":
        return true;
      case "content":
        return true; // an answer that is not a chat completion, or one cut short: ask again
      default:
        return false;
    }
  }

  /** The same failure, final for this request (after retries), with the reason it fails its item. */
  final(message: string, reason: string): ModelError {
    const error = new ModelError({ ...this.init(), message }, { reason, stopsRun: this.stopsRun });
    return error;
  }

  /** The same failure, now stopping the run. */
  stopping(message: string): ModelError {
    return new ModelError({ ...this.init(), message }, { reason: this.reason, stopsRun: true });
  }

  private init(): ModelErrorInit {
    return {
      kind: this.kind,
      message: this.message,
      status: this.status,
      retryAfterMs: this.retryAfterMs,
      code: this.code,
      label: this.label,
      refused: this.refused,
      notChatCompletion: this.notChatCompletion,
      tooLarge: this.tooLarge,
      cause: this.cause,
    };
  }
}

/** The kind for an HTTP status. */
export function kindForStatus(status: number): ModelErrorKind {
  if (status === 401 || status === 403) return "auth";
  if (status === 404) return "not_found";
  if (status === 429) return "rate_limit";
  if (status === 408) return "timeout";
  if (status === 409 || status >= 500) return "server";
  return "bad_request";
}

/**
 * An answer that says the URL is not a working chat completions API: not a chat completion at
 * all, or a server error that gives no Retry-After (a server asking to come back later is only
 * busy). Before any real answer, a few of these in a row end the run.
 */
export function isBrokenEndpointAnswer(error: ModelError): boolean {
  if (error.notChatCompletion) return true;
  return error.kind === "server" && (error.status ?? 0) >= 500 && error.retryAfterMs === undefined;
}
