// Summaries of repeated measurements.

/** The median (the mean of the middle two for an even count). */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * A bootstrap interval for the median of `xs`: the `level` (0.9: 5th to 95th percentile) range of
 * the medians of 4,000 resamples. Seeded, so the same samples print the same interval. With 8-16
 * pairs it says whether a ratio's median is clearly on one side of a line or within the noise.
 */
export function medianInterval(xs, level = 0.9) {
  let state = 0x2545f491;
  // xorshift32: any fixed sequence will do, this one needs no dependency.
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const medians = [];
  for (let k = 0; k < 4000; k++) medians.push(median(xs.map(() => xs[Math.floor(next() * xs.length)])));
  medians.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return [medians[Math.floor(tail * medians.length)], medians[Math.ceil((1 - tail) * medians.length) - 1]];
}
