/**
 * A child signal that aborts with `parent`, and a dispose() that unlinks it. Libraries that add a
 * listener to the signal they are given and never remove it (the openai SDK does, once per
 * request) would otherwise pile listeners, and everything they reference, onto a run-long signal.
 */
export function childSignal(parent: AbortSignal | undefined): {
  signal: AbortSignal | undefined;
  dispose: () => void;
} {
  if (!parent) return { signal: undefined, dispose: () => {} };
  const controller = new AbortController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { signal: controller.signal, dispose: () => {} };
  }
  const forward = () => controller.abort(parent.reason);
  parent.addEventListener("abort", forward, { once: true });
  return { signal: controller.signal, dispose: () => parent.removeEventListener("abort", forward) };
}
