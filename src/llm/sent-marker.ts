import { subscribe } from "node:diagnostics_channel";

/**
 * Marks the moment a request's body has been handed to the socket, so that a request is counted
 * (and journaled) as sent exactly when the server can have received it: counting earlier
 * over-counts requests a kill stopped before they left, counting at the answer under-counts those
 * in flight at the kill. Node's fetch (undici) publishes `undici:request:bodySent` right after
 * writing a body; each attempt carries a tag header that finds its callback.
 *
 * With a fetch that publishes nothing (a custom one), the caller marks the request when its
 * answer or failure arrives instead (`take` still returns the callback then).
 */
export const SENT_TAG_HEADER = "x-dialogsmith-attempt";

const waiting = new Map<string, () => void>();
let sequence = 0;
let subscribed = false;

function tagOf(headers: unknown): string | undefined {
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2)
      if (String(headers[i]).toLowerCase() === SENT_TAG_HEADER) return String(headers[i + 1]);
    return undefined;
  }
  if (typeof headers === "string") {
    const m = new RegExp(`^${SENT_TAG_HEADER}:\\s*(\\S+)`, "im").exec(headers);
    return m?.[1];
  }
  return undefined;
}

function onBodySent(message: unknown): void {
  const tag = tagOf((message as { request?: { headers?: unknown } })?.request?.headers);
  if (tag === undefined) return;
  const callback = waiting.get(tag);
  if (!callback) return;
  waiting.delete(tag);
  try {
    callback();
  } catch {
    // Never throw into the HTTP client's write path.
  }
}

/** Registers `onSent` for one attempt; returns the header value to send and a fallback. */
export function watchSent(onSent: () => void): { tag: string; take: () => (() => void) | undefined } {
  if (!subscribed) {
    subscribe("undici:request:bodySent", onBodySent);
    subscribed = true;
  }
  const tag = `${process.pid}-${++sequence}`;
  waiting.set(tag, onSent);
  return {
    tag,
    /** The callback if it has not run yet (and forgets it either way). */
    take: () => {
      const callback = waiting.get(tag);
      waiting.delete(tag);
      return callback;
    },
  };
}
