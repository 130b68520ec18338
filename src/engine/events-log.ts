import { closeSync, fstatSync, openSync } from "node:fs";
import { appendWhole } from "../core/append-whole.js";
import { writeFailure } from "../core/fs-errors.js";
import { repairJsonlTail } from "../core/jsonl.js";
import { redactSecrets } from "../core/secrets.js";

/**
 * events.jsonl: one structured event a line, timestamped, scrubbed of secrets, each written at
 * once. Events are written from inside requests, where an exception would throw a paid-for
 * answer away: a failed write (a full disk) is kept instead, logging stops, and the engine raises
 * it at its next commit (throwIfFailed), where stopping the run loses nothing.
 */
export class EventsLog {
  private fd: number | undefined;
  private size = 0;
  private failure: unknown;

  constructor(private readonly path: string | undefined) {
    if (!path) return;
    // The log is also the request ledger (see request-ledger.ts): appends start on a line boundary.
    repairJsonlTail(path);
    try {
      this.fd = openSync(path, "a");
    } catch (e) {
      throw writeFailure(e, path);
    }
    this.size = fstatSync(this.fd).size;
  }

  write(event: Record<string, unknown>): void {
    if (this.fd === undefined || this.failure !== undefined) return;
    const line = `${redactSecrets(JSON.stringify({ t: new Date().toISOString(), ...event }))}\n`;
    try {
      this.size = appendWhole(this.fd, line, this.size, this.path!);
    } catch (e) {
      this.failure = e;
    }
  }

  /** Raises the error of a write that failed (see the class comment). */
  throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
