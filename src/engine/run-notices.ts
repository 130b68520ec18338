import type { NamedModelConfig } from "../config/model-config.js";
import type { EventsLog } from "./events-log.js";

/** What a run tells its caller besides progress: the library prints nothing itself. */
export interface RunNotices {
  /** Called once the models are resolved and the run directory is open, before any request. */
  onStart?: (models: Record<string, NamedModelConfig>) => void;
  /** Something the user should know that does not stop the run (a cache that cannot be written). */
  warn?: (message: string) => void;
}

/**
 * A warning passed on (and logged in events.jsonl as `type`) the first time only: the same
 * failure repeated a thousand times is one message.
 */
export function warnOnce(
  events: EventsLog,
  type: string,
  warn: ((message: string) => void) | undefined,
): (message: string) => void {
  let said = false;
  return (message) => {
    if (said) return;
    said = true;
    events.write({ type, message });
    warn?.(message);
  };
}
