/**
 * In how many units (documents, PDF pages) each template key occurs, counting a unit once:
 * an open-addressing table of typed arrays over the keys' two int32 halves (template-lines.ts),
 * sized up front for the lines it will be given so it never grows. A `Map` of boxed 53-bit
 * numbers, and then float `%` on them, cost more than scanning the lines did.
 */
export class UnitCounts {
  private readonly high: Int32Array;
  private readonly low: Int32Array;
  /** Units per slot; 0 is an empty slot. */
  private readonly counts: Int32Array;
  /** The last unit that counted each slot. */
  private readonly lastUnit: Int32Array;
  private readonly mask: number;

  /** A table for at most `keys` distinct keys. */
  constructor(keys: number) {
    const size = 2 ** Math.ceil(Math.log2(Math.max(2, keys * 2)));
    this.high = new Int32Array(size);
    this.low = new Int32Array(size);
    this.counts = new Int32Array(size);
    this.lastUnit = new Int32Array(size);
    this.mask = size - 1;
  }

  /** `(high, low)` occurs in `unit`; units come in ascending order, each with all its keys. Returns the key's slot. */
  add(high: number, low: number, unit: number): number {
    const { mask, counts } = this;
    let slot = Math.imul(high ^ Math.imul(low, 0x85ebca6b), 0x9e3779b1) & mask;
    while (counts[slot] !== 0 && (this.high[slot] !== high || this.low[slot] !== low)) slot = (slot + 1) & mask;
    if (counts[slot] === 0) {
      this.high[slot] = high;
      this.low[slot] = low;
      this.lastUnit[slot] = -1;
    }
    if (this.lastUnit[slot] !== unit) {
      this.lastUnit[slot] = unit;
      counts[slot] = (counts[slot] as number) + 1;
    }
    return slot;
  }

  /** Adds the first `length` keys of the columns, each with its unit (see `add`); returns their slots. */
  addAll(high: Int32Array, low: Int32Array, unit: Int32Array, length: number): Int32Array {
    const slots = new Int32Array(length);
    for (let k = 0; k < length; k++) slots[k] = this.add(high[k] as number, low[k] as number, unit[k] as number);
    return slots;
  }

  /** How many units hold the key at `slot` (from `add`). */
  countAt(slot: number): number {
    return this.counts[slot] as number;
  }
}
