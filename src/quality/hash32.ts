/**
 * 32-bit hashing for sketches: Math.imul arithmetic only (no BigInt, no allocation), so it runs
 * at a few nanoseconds per step in V8.
 */

/** MurmurHash3's finaliser: a full-avalanche bijection on 32-bit integers. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** One MurmurHash3 block step: folds a 32-bit value into a running hash. */
export function mix32(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** MurmurHash3-style hash of a string's UTF-16 code units (two units per block). */
export function hashString32(s: string, seed = 0): number {
  let h = seed | 0;
  const n = s.length;
  let i = 0;
  for (; i + 1 < n; i += 2) h = mix32(h, s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
  if (i < n) h = mix32(h, s.charCodeAt(i));
  return fmix32(h ^ n);
}

/** Hash of `count` values of a typed array from `start` (LSH bands). */
export function hashRange32(values: Uint32Array, start: number, count: number, seed: number): number {
  let h = seed | 0;
  for (let i = start; i < start + count; i++) h = mix32(h, values[i]!);
  return fmix32(h ^ count);
}
