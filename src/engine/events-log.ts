import { closeSync, openSync, writeSync } from "node:fs";
import { repairJsonlTail } from "../core/jsonl.js";
import { redactSecrets } from "../core/secrets.js";

/** events.jsonl: one structured event a line, timestamped, scrubbed of secrets, each written at once. */
export class EventsLog {
  private fd: number | undefined;
  constructor(path: string | undefined) {
    if (!path) return;
    // The log is also the request ledger (see request-ledger.ts): appends start on a line boundary.
    repairJsonlTail(path);
    this.fd = openSync(path, "a");
  }
  write(event: Record<string, unknown>): void {
    if (this.fd === undefined) return;
    writeSync(this.fd, `${redactSecrets(JSON.stringify({ t: new Date().toISOString(), ...event }))}\n`);
  }
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
