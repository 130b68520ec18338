/**
 * A record's metadata without the keys a seed shape keeps elsewhere (or not at all), in its order;
 * undefined when nothing is left. Never changes the record's own object.
 */
export function metadataWithout(
  metadata: Record<string, unknown> | undefined,
  keys: readonly string[],
): Record<string, unknown> | undefined {
  if (!metadata) return undefined;
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const [k, v] of Object.entries(metadata)) {
    if (keys.includes(k)) continue;
    out[k] = v;
    n++;
  }
  return n > 0 ? out : undefined;
}
