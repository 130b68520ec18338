import { Rng } from "../core/rng.js";

/**
 * Uniform random sample of k items from a stream of unknown length (Algorithm R), seeded so the
 * same file and seed give the same examples. Holds at most k items.
 */
export class Reservoir<T> {
  private readonly items: T[] = [];
  private seen = 0;
  private readonly rng: Rng;

  constructor(
    readonly capacity: number,
    seed: number,
  ) {
    this.rng = new Rng(seed);
  }

  /** Offers an item; `make` is called only when the item is kept (so callers can copy lazily). */
  offer(make: () => T): void {
    this.seen++;
    if (this.capacity <= 0) return;
    if (this.items.length < this.capacity) {
      this.items.push(make());
      return;
    }
    const j = this.rng.int(0, this.seen - 1);
    if (j < this.capacity) this.items[j] = make();
  }

  values(): T[] {
    return this.items.slice();
  }
}
