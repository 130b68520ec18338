/**
 * How much longer the chosen side of preference pairs is than the rejected side. DPO learns
 * whatever separates the two sides; when that is mostly length, the model learns to be verbose.
 */

/** Above this ratio of mean lengths (chosen / rejected), a DPO export warns. */
export const LENGTH_RATIO_WARNING = 1.5;

/** Sums of characters (code points) on each side; plain data, so workers can return it. */
export interface PreferenceLengths {
  pairs: number;
  chosen: number;
  rejected: number;
}

export function emptyLengths(): PreferenceLengths {
  return { pairs: 0, chosen: 0, rejected: 0 };
}

/**
 * Code points of a string. `utf8Bytes`: the string holds UTF-8 bytes one per char (the export's
 * fast path), where a code point is every byte but the continuation bytes 0x80-0xBF.
 */
export function codePoints(s: string, utf8Bytes = false): number {
  let n = 0;
  if (utf8Bytes) {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80 || c > 0xbf) n++;
    }
    return n;
  }
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++; // a low surrogate completes the pair already counted
  }
  return n;
}

export function addPair(into: PreferenceLengths, chosen: number, rejected: number): void {
  into.pairs++;
  into.chosen += chosen;
  into.rejected += rejected;
}

export function mergeLengths(into: PreferenceLengths, from: PreferenceLengths): void {
  into.pairs += from.pairs;
  into.chosen += from.chosen;
  into.rejected += from.rejected;
}

/** Mean chosen length over mean rejected length (undefined without pairs or rejected text). */
export function lengthRatio(l: PreferenceLengths): number | undefined {
  return l.pairs > 0 && l.rejected > 0 ? l.chosen / l.rejected : undefined;
}

/** The figures as reports show them. */
export function lengthSummary(l: PreferenceLengths): {
  pairs: number;
  chosen_chars_mean: number;
  rejected_chars_mean: number;
  length_ratio: number | null;
} {
  const mean = (n: number) => (l.pairs > 0 ? Math.round((n / l.pairs) * 10) / 10 : 0);
  const ratio = lengthRatio(l);
  return {
    pairs: l.pairs,
    chosen_chars_mean: mean(l.chosen),
    rejected_chars_mean: mean(l.rejected),
    length_ratio: ratio === undefined ? null : Math.round(ratio * 100) / 100,
  };
}

/** The warning for a ratio above LENGTH_RATIO_WARNING, or undefined. */
export function lengthRatioWarning(l: PreferenceLengths): string | undefined {
  const ratio = lengthRatio(l);
  if (ratio === undefined || ratio <= LENGTH_RATIO_WARNING) return undefined;
  return `chosen replies are ${ratio.toFixed(2)}x as long as rejected ones on average (over ${LENGTH_RATIO_WARNING}): DPO may learn that longer is better; balance the lengths (e.g. rounds answer styles that are wrong at full length) or filter the pairs`;
}
