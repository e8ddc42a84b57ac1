/**
 * A dense id per distinct 32-bit hash (0, 1, 2, … in the order hashes are first seen): an
 * open-addressing table of typed arrays that grows as hashes arrive, so interning the words of
 * every chunk of a manual (a million occurrences) is one probe each into a table sized by the
 * distinct words (tens of thousands), with no boxed `Map` entries.
 */
export class HashIds {
  private keys: Int32Array;
  /** Id + 1 per slot; 0 is an empty slot. */
  private ids: Int32Array;
  /** 32 − log2(slots): Fibonacci hashing keeps the product's high bits, which depend on every bit of the hash. */
  private shift: number;
  /** How many distinct hashes have an id. */
  size = 0;

  /**
   * `expected`: about how many distinct hashes will come (0: unknown). The table starts at twice
   * that many slots, so it rarely grows (each growth rehashes every slot, mostly before V8 has
   * optimized the loop).
   */
  constructor(expected = 0) {
    let slots = 1024;
    // An integer shift (not 32 − Math.log2, a double): a double field made every probe 2x slower.
    let shift = 22;
    for (; slots < 2 * expected; shift--) slots *= 2;
    this.keys = new Int32Array(slots);
    this.ids = new Int32Array(slots);
    this.shift = shift;
  }

  /** The id of `hash` (as an int32: keeping hashes int32 keeps V8 off doubles), a new one if it is new. */
  idOf(hash: number): number {
    const mask = this.ids.length - 1;
    let slot = Math.imul(hash, 0x9e3779b1) >>> this.shift;
    for (let id = this.ids[slot] as number; id !== 0; id = this.ids[slot] as number) {
      if (this.keys[slot] === hash) return id - 1;
      slot = (slot + 1) & mask;
    }
    if ((this.size + 1) * 2 > this.ids.length) {
      this.grow();
      slot = this.emptySlot(hash);
    }
    this.keys[slot] = hash;
    this.ids[slot] = ++this.size;
    return this.size - 1;
  }

  /** The empty slot where a hash not in the table goes. */
  private emptySlot(hash: number): number {
    const mask = this.ids.length - 1;
    let slot = Math.imul(hash, 0x9e3779b1) >>> this.shift;
    while (this.ids[slot] !== 0) slot = (slot + 1) & mask;
    return slot;
  }

  /** Twice the slots; every hash keeps its id. */
  private grow(): void {
    const { keys, ids } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.ids = new Int32Array(keys.length * 2);
    this.shift--;
    for (let old = 0; old < keys.length; old++) {
      if (ids[old] === 0) continue;
      const slot = this.emptySlot(keys[old] as number);
      this.keys[slot] = keys[old] as number;
      this.ids[slot] = ids[old] as number;
    }
  }
}
