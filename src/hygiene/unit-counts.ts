/**
 * In how many units (documents, PDF pages) each template key occurs, counting a unit once:
 * an open-addressing table of typed arrays over the 53-bit keys of template-lines.ts, fed the
 * lines unit by unit. A `Map` and a `Set` per unit of boxed 53-bit numbers cost more than
 * scanning the lines did.
 */
export class UnitCounts {
  private keys = new Float64Array(1024);
  /** Units per slot; 0 is an empty slot. */
  private counts = new Uint32Array(1024);
  /** The last unit that counted each slot. */
  private lastUnit = new Int32Array(1024);
  private size = 0;

  private slot(key: number): number {
    const mask = this.keys.length - 1;
    // Fold the high bits into the low 32 and spread them (Fibonacci hashing).
    let slot = (Math.imul((key % 0x100000000) ^ Math.floor(key / 0x100000000), 0x9e3779b1) >>> 0) & mask;
    while (this.counts[slot] !== 0 && this.keys[slot] !== key) slot = (slot + 1) & mask;
    return slot;
  }

  /** `key` occurs in `unit`; units come in ascending order, each with all its keys. */
  add(key: number, unit: number): void {
    let slot = this.slot(key);
    if (this.counts[slot] === 0) {
      if ((this.size + 1) * 2 > this.keys.length) {
        this.grow();
        slot = this.slot(key);
      }
      this.size++;
      this.keys[slot] = key;
      this.lastUnit[slot] = -1;
    }
    if (this.lastUnit[slot] === unit) return;
    this.lastUnit[slot] = unit;
    this.counts[slot] = (this.counts[slot] as number) + 1;
  }

  /** How many units hold `key`. */
  count(key: number): number {
    return this.counts[this.slot(key)] as number;
  }

  private grow(): void {
    const { keys, counts, lastUnit } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.counts = new Uint32Array(keys.length * 2);
    this.lastUnit = new Int32Array(keys.length * 2);
    for (let old = 0; old < keys.length; old++) {
      if (counts[old] === 0) continue;
      const slot = this.slot(keys[old] as number);
      this.keys[slot] = keys[old] as number;
      this.counts[slot] = counts[old] as number;
      this.lastUnit[slot] = lastUnit[old] as number;
    }
  }
}
