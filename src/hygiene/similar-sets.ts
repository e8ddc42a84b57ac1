import { countingOrder } from './counting-order.js';
import { rankedSets } from './hash-ranks.js';
import { sharedAtLeast } from './shingles.js';

/**
 * Every pair of sets whose Jaccard index reaches `minJaccard` (t), found exactly (none missed,
 * none guessed) with AllPairs (Bayardo, Ma and Srikant, 2007). Elements are ranked rarest
 * first; sets are taken smallest first, each compared with the sets before it that share an
 * element of their prefixes, then indexed:
 * - a set of size s probes with its s − ⌈t·s⌉ + 1 rarest elements and is indexed by its
 *   s − ⌈2t/(1+t)·s⌉ + 1 rarest: a pair with J ≥ t shares its rarest common element there
 *   (the smaller set y holds at least 2t/(1+t)·|y| of the larger's elements);
 * - an indexed set smaller than t times the probing one can never reach J ≥ t with it nor
 *   with any later (larger) set, so it leaves the row for good;
 * - at the rarest common element, at position p of one and q of the other, the overlap is at
 *   most 1 + min(|x| − p − 1, |y| − q − 1): pairs that cannot reach J ≥ t are not counted.
 * The prefixes hold the rare words, so few sets share one: far cheaper than comparing all
 * pairs or MinHash signatures of every set, and exact.
 * All sets live in one buffer of ranks (hash-ranks.ts) and are read by offset: the loops touch
 * typed arrays only, with no per-pair view or object (the step runs once per ingest, mostly
 * before V8 has optimized it, so every allocation and pointer hop in it counts).
 */

export interface SimilarPair {
  /** i < j, indexes into the input. */
  i: number;
  j: number;
  jaccard: number;
}

/** A tiny epsilon keeps ⌈t·s⌉ from rounding up on a product like 0.8 × 5 = 4.000000000000001
 * (a longer prefix, or a smaller lower bound, only costs a comparison; a shorter one would miss a pair). */
function atLeast(share: number, size: number): number {
  return Math.ceil(share * size - 1e-9);
}

/** Per set, how many of its rarest elements a pair with J ≥ t must share one of: s − ⌈share·s⌉ + 1. */
function prefixLengths(sizes: Int32Array, share: number): Int32Array {
  const lengths = new Int32Array(sizes.length);
  for (let i = 0; i < sizes.length; i++) {
    const size = sizes[i] as number;
    lengths[i] = Math.min(size - atLeast(share, size) + 1, size);
  }
  return lengths;
}

/**
 * `sets`: each the values of one set, in any order, repeats allowed. Empty sets are left out:
 * callers decide what they are. Pairs come in (i, j) order.
 */
export function similarSetPairs(sets: readonly Uint32Array[], minJaccard: number): SimilarPair[] {
  const { ranks, starts, distinct } = rankedSets(sets);
  const sizes = new Int32Array(sets.length);
  for (let i = 0; i < sets.length; i++) sizes[i] = (starts[i + 1] as number) - (starts[i] as number);
  const probeLengths = prefixLengths(sizes, minJaccard);
  const indexLengths = prefixLengths(sizes, (2 * minJaccard) / (1 + minJaccard));
  const overlapShare = minJaccard / (1 + minJaccard);
  // Per element (a rank), the sets indexed by it in the order they were, and its position there: compressed rows.
  const rowStart = new Int32Array(distinct + 1);
  for (let i = 0; i < sets.length; i++) {
    for (let k = starts[i] as number, end = k + (indexLengths[i] as number); k < end; k++) rowStart[(ranks[k] as number) + 1] = (rowStart[(ranks[k] as number) + 1] as number) + 1;
  }
  for (let r = 1; r <= distinct; r++) rowStart[r] = (rowStart[r] as number) + (rowStart[r - 1] as number);
  const holder = new Int32Array(rowStart[distinct] as number);
  const position = new Int32Array(rowStart[distinct] as number);
  /** Per row, where the next indexed set goes, and its first set still large enough to matter. */
  const fill = rowStart.slice(0, distinct);
  const front = rowStart.slice(0, distinct);
  const seenBy = new Int32Array(sets.length).fill(-1);
  const pairs: SimilarPair[] = [];
  const order = countingOrder(sizes);
  for (let o = 0; o < order.length; o++) {
    const x = order[o] as number;
    const aStart = starts[x] as number;
    const aSize = sizes[x] as number;
    const smallest = minJaccard * aSize - 1e-9;
    for (let p = 0, probe = probeLengths[x] as number; p < probe; p++) {
      const row = ranks[aStart + p] as number;
      const end = fill[row] as number;
      let k = front[row] as number;
      while (k < end && (sizes[holder[k] as number] as number) < smallest) k++;
      front[row] = k;
      for (; k < end; k++) {
        const y = holder[k] as number;
        // The first row where y turns up is the rarest element x and y share: nothing before p and q counts.
        if (seenBy[y] === x) continue;
        seenBy[y] = x;
        const bSize = sizes[y] as number;
        const needed = atLeast(overlapShare, aSize + bSize);
        const q = position[k] as number;
        if (1 + Math.min(aSize - p - 1, bSize - q - 1) < needed) continue;
        const bStart = starts[y] as number;
        const shared = sharedAtLeast(ranks, aStart + p, aStart + aSize, ranks, bStart + q, bStart + bSize, needed);
        if (shared < 0) continue;
        const similarity = shared / (aSize + bSize - shared);
        if (similarity >= minJaccard) pairs.push({ i: Math.min(x, y), j: Math.max(x, y), jaccard: similarity });
      }
    }
    for (let q = 0, index = indexLengths[x] as number; q < index; q++) {
      const row = ranks[aStart + q] as number;
      const slot = fill[row] as number;
      fill[row] = slot + 1;
      holder[slot] = x;
      position[slot] = q;
    }
  }
  return pairs.sort((u, v) => u.i - v.i || u.j - v.j);
}
