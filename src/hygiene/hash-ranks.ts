/**
 * How often each 32-bit hash occurs, then each distinct hash's rank rarest first (ties by
 * value): an open-addressing table of typed arrays that grows as hashes arrive. Ranking the
 * words of every chunk of a manual (hundreds of thousands) this way is plain loops over
 * numbers; sorting them all and binary-searching each was most of the near-duplicate step.
 */
export class HashRanks {
  private keys = new Uint32Array(1024);
  /** Occurrences per slot; 0 is an empty slot. */
  private counts = new Uint32Array(1024);
  /** Rank per slot, once `rank()` has run. */
  private ranks = new Uint32Array(0);
  private distinct = 0;

  /** The slot holding `hash`, or the empty slot where it would go. */
  private slot(hash: number): number {
    const mask = this.keys.length - 1;
    // Fibonacci hashing spreads hashes that share low bits.
    let slot = Math.imul(hash, 0x9e3779b1) & mask;
    while (this.counts[slot] !== 0 && this.keys[slot] !== hash) slot = (slot + 1) & mask;
    return slot;
  }

  /** One more occurrence of `hash`. */
  add(hash: number): void {
    let slot = this.slot(hash);
    if (this.counts[slot] === 0) {
      if ((this.distinct + 1) * 2 > this.keys.length) {
        this.grow();
        slot = this.slot(hash);
      }
      this.keys[slot] = hash;
      this.distinct++;
    }
    this.counts[slot] = (this.counts[slot] as number) + 1;
  }

  private grow(): void {
    const { keys, counts } = this;
    this.keys = new Uint32Array(keys.length * 2);
    this.counts = new Uint32Array(keys.length * 2);
    for (let old = 0; old < keys.length; old++) {
      if (counts[old] === 0) continue;
      const slot = this.slot(keys[old] as number);
      this.keys[slot] = keys[old] as number;
      this.counts[slot] = counts[old] as number;
    }
  }

  /** Ranks every distinct hash added, rarest first, ties by value; returns how many there are. */
  rank(): number {
    // count · 2³² + hash is exact in a double and sorts by (count, hash).
    const order = new Float64Array(this.distinct);
    let next = 0;
    for (let slot = 0; slot < this.keys.length; slot++) {
      if (this.counts[slot] !== 0) order[next++] = (this.counts[slot] as number) * 0x100000000 + (this.keys[slot] as number);
    }
    order.sort();
    this.ranks = new Uint32Array(this.keys.length);
    for (let rank = 0; rank < order.length; rank++) this.ranks[this.slot((order[rank] as number) % 0x100000000)] = rank;
    return this.distinct;
  }

  /** The rank of a hash that was added, once `rank()` has run. */
  rankOf(hash: number): number {
    return this.ranks[this.slot(hash)] as number;
  }
}
