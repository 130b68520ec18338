/**
 * The signal of one HTTP attempt: aborts when the run stops (`parent`) or when `timeoutMs` has
 * passed since the attempt began, whichever comes first. The SDK's own timeout ends when the
 * headers arrive; this one also bounds the body, so a server that sends headers and then one
 * byte a second times out like one that sends nothing.
 */
export interface AttemptDeadline {
  signal: AbortSignal;
  /** True once the deadline (not the parent) aborted the attempt. */
  readonly timedOut: boolean;
  /** Clears the timer and unlinks from the parent (whose listeners must not pile up). */
  dispose(): void;
}

export function attemptDeadline(parent: AbortSignal | undefined, timeoutMs: number): AttemptDeadline {
  const controller = new AbortController();
  let timedOut = false;
  const forward = () => controller.abort(parent?.reason);
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener("abort", forward, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`request timed out after ${timeoutMs / 1000}s`));
  }, timeoutMs);
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    dispose() {
      clearTimeout(timer);
      parent?.removeEventListener("abort", forward);
    },
  };
}
