/**
 * Which item first claimed each 32-bit hash: an open-addressing table of typed arrays sized
 * once for every hash it may hold, so claiming and looking up the sampled shingles of a whole
 * manual (hundreds of thousands) is plain loops over numbers, not a `Map` of boxed entries.
 */
export class HashOwners {
  private readonly keys: Uint32Array;
  /** Owner per slot; −1 is an empty slot. */
  private readonly owners: Int32Array;
  private readonly mask: number;

  /** `capacity`: at most this many distinct hashes will be claimed (the table stays at most half full). */
  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.keys = new Uint32Array(size);
    this.owners = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  /** The slot holding `hash`, or the empty slot where it would go. */
  private slot(hash: number): number {
    // Fibonacci hashing spreads hashes that share low bits (sampled shingles are all ≡ 0 mod 4).
    let slot = Math.imul(hash, 0x9e3779b1) & this.mask;
    while (this.owners[slot] !== -1 && this.keys[slot] !== hash) slot = (slot + 1) & this.mask;
    return slot;
  }

  /** The item that claimed `hash`, or −1. */
  owner(hash: number): number {
    return this.owners[this.slot(hash)] as number;
  }

  /** `owner` claims `hash` unless an item already has. */
  claim(hash: number, owner: number): void {
    const slot = this.slot(hash);
    if (this.owners[slot] !== -1) return;
    this.keys[slot] = hash;
    this.owners[slot] = owner;
  }
}
