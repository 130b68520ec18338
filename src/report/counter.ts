/**
 * Counts of string keys with a cap on distinct keys: once full, new keys go to `overflow`, so a
 * field with one value per record (an id, a seed) cannot grow memory without bound.
 */
export class CappedCounter {
  private readonly counts = new Map<string, number>();
  overflow = 0;

  constructor(readonly maxKeys = 50) {}

  add(key: string, n = 1): void {
    const current = this.counts.get(key);
    if (current !== undefined) this.counts.set(key, current + n);
    else if (this.counts.size < this.maxKeys) this.counts.set(key, n);
    else this.overflow += n;
  }

  get size(): number {
    return this.counts.size;
  }

  /** Keys by count, largest first (ties by key, so output is stable). */
  entries(): [string, number][] {
    return [...this.counts.entries()].sort((a, b) => b[1] - a[1] || compareKeys(a[0], b[0]));
  }

  toObject(): Record<string, number> {
    return Object.fromEntries(this.entries());
  }
}

/** Numeric keys ("2" < "10") in number order, others alphabetically. */
export function compareKeys(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (a !== "" && b !== "" && Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}
