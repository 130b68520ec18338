/** Transient HTTP statuses worth another try. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

export const DEFAULT_MAX_TRIES = 8;

/**
 * Exponential backoff with full jitter (AWS architecture blog): a uniform delay in
 * [0, min(cap, base * 2^attempt)], which spreads retries from many clients apart.
 */
export function backoffDelayMs(
  attempt: number,
  random: () => number = Math.random,
  baseMs = 500,
  capMs = 30_000,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/**
 * The delay a server asked for, from `retry-after-ms`, or `retry-after` as seconds or an HTTP date.
 * Returns undefined when absent or unparsable. Capped so a broken header cannot stall a run forever.
 */
export function retryAfterMs(
  headers: { get(name: string): string | null } | undefined,
  now = Date.now(),
  capMs = 300_000,
): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.min(capMs, Number(ms));
  const value = headers.get("retry-after");
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.min(capMs, Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.min(capMs, Math.max(0, date - now));
}
