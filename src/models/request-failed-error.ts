import { DialogsmithError } from "../core/errors.js";

/**
 * One request failed for good (a 400, or a transient failure that outlived its retries). The item
 * fails with `reason`; the run goes on. Not shown to the user as a fatal error.
 */
export class RequestFailedError extends DialogsmithError {
  constructor(
    message: string,
    /** Named reason for rejected.jsonl and the report: "http_400", "retries_exhausted", "timeout"... */
    readonly reason: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, 1, options);
    this.name = "RequestFailedError";
  }
}
