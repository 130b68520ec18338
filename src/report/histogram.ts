/**
 * A bounded histogram of non-negative integers (messages per dialogue, tokens, characters).
 * Fixed number of equal-width bins starting at 0; when a value falls past the last bin the width
 * doubles and neighbouring bins merge, so memory stays flat however many values arrive.
 * Quantiles are exact while the width is 1 and interpolated within a bin after that.
 */
export interface HistogramBin {
  /** Inclusive lower edge. */
  from: number;
  /** Exclusive upper edge. */
  to: number;
  count: number;
}

export interface NumericSummary {
  count: number;
  sum: number;
  min: number;
  max: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  /** Non-empty range of bins from the first to the last occupied one. */
  bins: HistogramBin[];
}

export class BoundedHistogram {
  private counts: number[];
  private width = 1;
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;

  constructor(readonly binCount = 64) {
    if (binCount < 2 || binCount % 2 !== 0) throw new Error("binCount must be an even number >= 2");
    this.counts = new Array(binCount).fill(0);
  }

  add(value: number): void {
    const v = Math.max(0, Math.round(value));
    while (v >= this.width * this.binCount) this.widen();
    this.counts[Math.floor(v / this.width)]++;
    this.count++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }

  private widen(): void {
    const next = new Array(this.binCount).fill(0);
    for (let i = 0; i < this.binCount; i++) next[i >> 1] += this.counts[i];
    this.counts = next;
    this.width *= 2;
  }

  /** The value below which a fraction q of the values fall (0 <= q <= 1). */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const target = q * this.count;
    let seen = 0;
    for (let i = 0; i < this.binCount; i++) {
      const c = this.counts[i];
      if (c === 0) continue;
      if (seen + c >= target) {
        if (this.width === 1) return i;
        const within = c === 0 ? 0 : (target - seen) / c;
        const value = i * this.width + within * this.width;
        return Math.min(this.max, Math.max(this.min, Math.round(value)));
      }
      seen += c;
    }
    return this.max;
  }

  summary(): NumericSummary {
    const empty = this.count === 0;
    let first = -1;
    let last = -1;
    for (let i = 0; i < this.binCount; i++) {
      if (this.counts[i] === 0) continue;
      if (first < 0) first = i;
      last = i;
    }
    const bins: HistogramBin[] = [];
    if (!empty) {
      for (let i = first; i <= last; i++)
        bins.push({ from: i * this.width, to: (i + 1) * this.width, count: this.counts[i] });
    }
    return {
      count: this.count,
      sum: this.sum,
      min: empty ? 0 : this.min,
      max: empty ? 0 : this.max,
      mean: empty ? 0 : this.sum / this.count,
      p50: this.quantile(0.5),
      p90: this.quantile(0.9),
      p95: this.quantile(0.95),
      p99: this.quantile(0.99),
      bins,
    };
  }
}
