/**
 * A set of 64-bit keys (given as two 32-bit halves) with a 32-bit value each, in typed arrays:
 * open addressing, linear probing, at most 70% full, so 12 bytes a slot and 17-34 bytes a key.
 * The all-zero key marks an empty slot, so it is stored as (0, 1).
 */
export class HashSet64 {
  private capacity = 1 << 12;
  private hi = new Uint32Array(this.capacity);
  private lo = new Uint32Array(this.capacity);
  private values = new Int32Array(this.capacity);
  private count = 0;

  get size(): number {
    return this.count;
  }

  get memoryBytes(): number {
    return this.capacity * 12;
  }

  /**
   * Adds the key with `value` unless present. Returns -1 when it was added, else the value
   * stored with the key the first time.
   */
  addOrGet(hi: number, lo: number, value: number): number {
    hi >>>= 0;
    lo >>>= 0;
    if (hi === 0 && lo === 0) lo = 1;
    if ((this.count + 1) * 10 > this.capacity * 7) this.grow();
    const mask = this.capacity - 1;
    for (let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask; ; i = (i + 1) & mask) {
      const h = this.hi[i]!;
      const l = this.lo[i]!;
      if (h === 0 && l === 0) {
        this.hi[i] = hi;
        this.lo[i] = lo;
        this.values[i] = value;
        this.count++;
        return -1;
      }
      if (h === hi && l === lo) return this.values[i]!;
    }
  }

  private grow(): void {
    const { hi, lo, values } = this;
    this.capacity *= 2;
    this.hi = new Uint32Array(this.capacity);
    this.lo = new Uint32Array(this.capacity);
    this.values = new Int32Array(this.capacity);
    this.count = 0;
    for (let i = 0; i < hi.length; i++)
      if (hi[i] !== 0 || lo[i] !== 0) this.addOrGet(hi[i]!, lo[i]!, values[i]!);
  }
}
