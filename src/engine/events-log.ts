import { closeSync, openSync, writeSync } from "node:fs";
import { redactSecrets } from "../core/secrets.js";

/** events.jsonl: one structured event a line, timestamped, scrubbed of secrets. */
export class EventsLog {
  private fd: number | undefined;
  constructor(path: string | undefined) {
    if (path) this.fd = openSync(path, "a");
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
