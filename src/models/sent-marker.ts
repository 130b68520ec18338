/**
 * Marks the moment a request's bytes are about to be written to the socket, so a request is
 * counted (and written to the ledger) as sent when the server can have received it. Counting at
 * the answer under-counts requests a kill caught in flight; counting after the write (undici's
 * `bodySent`) under-counts too, since writing to a local socket wakes the server and the writer
 * is often paused right there. Counting just before the write can over-count only if the process
 * dies in the few synchronous steps between (building the header, one `writev`).
 *
 * Node's fetch takes an undici `dispatcher` in its init. This one passes each request to the
 * global dispatcher with the handler's `onConnect` wrapped: undici calls it when the request has a
 * socket, right before writing it. `isMockActive` makes fetch hand undici the body as it was given
 * (our JSON string) instead of a stream, so the write follows `onConnect` in the same synchronous
 * step (a stream body would be written after a few more turns of the microtask queue).
 *
 * With a fetch that ignores the dispatcher (a custom one), nothing is marked here, and the caller
 * marks the request when its answer or failure arrives (`take` still returns the callback then).
 */
const GLOBAL_DISPATCHER = Symbol.for("undici.globalDispatcher.1");

interface UndiciHandler {
  onConnect?: (abort: (err?: Error) => void) => unknown;
}

interface UndiciDispatcher {
  isMockActive?: boolean;
  dispatch(options: unknown, handler: UndiciHandler): boolean;
}

export interface SentWatch {
  /** Passed to fetch (through the SDK's per-request `fetchOptions`). */
  fetchOptions: { dispatcher: UndiciDispatcher };
  /** The callback if it has not run yet (and forgets it either way). */
  take(): (() => void) | undefined;
}

export function watchSent(onSent: () => void): SentWatch {
  let pending: (() => void) | undefined = onSent;
  const take = () => {
    const callback = pending;
    pending = undefined;
    return callback;
  };
  const dispatcher: UndiciDispatcher = {
    isMockActive: true,
    dispatch(options, handler) {
      const global = (globalThis as Record<symbol, UndiciDispatcher | undefined>)[GLOBAL_DISPATCHER];
      if (!global) throw new Error("no global HTTP dispatcher (fetch is not Node's own)");
      const original = handler.onConnect;
      handler.onConnect = function (this: unknown, abort) {
        try {
          take()?.();
        } catch {
          // Never throw into the HTTP client's write path.
        }
        return original?.call(this, abort);
      };
      return global.dispatch(options, handler);
    },
  };
  return { fetchOptions: { dispatcher }, take };
}
