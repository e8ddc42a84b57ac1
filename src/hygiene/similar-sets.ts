import { HashRanks } from './hash-ranks.js';
import { overlapAtLeast } from './shingles.js';

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
 */

export interface SimilarPair {
  /** i < j, indexes into the input. */
  i: number;
  j: number;
  jaccard: number;
}

/**
 * Each input (its values in any order, repeats allowed) as the ascending, distinct ranks of its
 * values; ranks order values rarest first (by occurrences), ties by value. Any one order gives
 * the same pairs: rarest first only keeps the prefixes rare. No set is sorted: the (rank, set)
 * pairs are bucketed by rank, and reading the buckets in rank order fills every set in order.
 */
function rankedSets(values: readonly Uint32Array[]): Uint32Array[] {
  const ranks = new HashRanks();
  let total = 0;
  for (const set of values) {
    for (let k = 0; k < set.length; k++) ranks.add(set[k] as number);
    total += set.length;
  }
  const distinct = ranks.rank();
  // Per rank, its occurrences' sets (a counting sort: buckets in rank order, sets ascending in each).
  const rankOf = new Uint32Array(total);
  const bucketStart = new Uint32Array(distinct + 1);
  let at = 0;
  for (const set of values) {
    for (let k = 0; k < set.length; k++) {
      const rank = ranks.rankOf(set[k] as number);
      rankOf[at++] = rank;
      bucketStart[rank + 1] = (bucketStart[rank + 1] as number) + 1;
    }
  }
  for (let r = 1; r <= distinct; r++) bucketStart[r] = (bucketStart[r] as number) + (bucketStart[r - 1] as number);
  const bucketFill = bucketStart.slice(0, distinct);
  const inBucket = new Uint32Array(total);
  at = 0;
  values.forEach((set, i) => {
    for (let k = 0; k < set.length; k++) {
      const rank = rankOf[at++] as number;
      inBucket[bucketFill[rank] as number] = i;
      bucketFill[rank] = (bucketFill[rank] as number) + 1;
    }
  });
  // Every set's distinct ranks, ascending, written into one buffer at the set's offset.
  const offsets = new Uint32Array(values.length + 1);
  values.forEach((set, i) => (offsets[i + 1] = (offsets[i] as number) + set.length));
  const buffer = rankOf;
  const sizes = new Uint32Array(values.length);
  const lastRank = new Int32Array(values.length).fill(-1);
  for (let rank = 0; rank < distinct; rank++) {
    for (let k = bucketStart[rank] as number; k < (bucketStart[rank + 1] as number); k++) {
      const i = inBucket[k] as number;
      if (lastRank[i] === rank) continue;
      lastRank[i] = rank;
      buffer[(offsets[i] as number) + (sizes[i] as number)] = rank;
      sizes[i] = (sizes[i] as number) + 1;
    }
  }
  return values.map((_, i) => buffer.subarray(offsets[i] as number, (offsets[i] as number) + (sizes[i] as number)));
}

/**
 * `sets`: each the values of one set, in any order, repeats allowed. Empty sets are left out:
 * callers decide what they are. Pairs come in (i, j) order.
 */
export function similarSetPairs(sets: readonly Uint32Array[], minJaccard: number): SimilarPair[] {
  const ranked = rankedSets(sets);
  // A tiny epsilon keeps ⌈t·s⌉ from rounding up on a product like 0.8 × 5 = 4.000000000000001
  // (a longer prefix, or a smaller lower bound, only costs a comparison; a shorter one would miss a pair).
  const atLeast = (share: number, size: number) => Math.ceil(share * size - 1e-9);
  const probeLength = (size: number) => Math.min(size - atLeast(minJaccard, size) + 1, size);
  const indexLength = (size: number) => Math.min(size - atLeast((2 * minJaccard) / (1 + minJaccard), size) + 1, size);
  const order = ranked.map((_, i) => i).sort((a, b) => (ranked[a] as Uint32Array).length - (ranked[b] as Uint32Array).length || a - b);
  // Per element (a rank), the sets indexed by it in the order they were, and its position there: compressed rows.
  let distinct = 0;
  for (const set of ranked) if (set.length > 0) distinct = Math.max(distinct, (set[set.length - 1] as number) + 1);
  const start = new Uint32Array(distinct + 1);
  for (const set of ranked) for (let q = 0; q < indexLength(set.length); q++) start[(set[q] as number) + 1] = (start[(set[q] as number) + 1] as number) + 1;
  for (let r = 1; r <= distinct; r++) start[r] = (start[r] as number) + (start[r - 1] as number);
  const holder = new Uint32Array(start[distinct] as number);
  const position = new Uint32Array(start[distinct] as number);
  /** Per row, where the next indexed set goes, and its first set still large enough to matter. */
  const fill = start.slice(0, distinct);
  const front = start.slice(0, distinct);
  const seenBy = new Int32Array(ranked.length).fill(-1);
  const pairs: SimilarPair[] = [];
  for (const x of order) {
    const a = ranked[x] as Uint32Array;
    const smallest = minJaccard * a.length - 1e-9;
    for (let p = 0; p < probeLength(a.length); p++) {
      const row = a[p] as number;
      const end = fill[row] as number;
      let k = front[row] as number;
      while (k < end && (ranked[holder[k] as number] as Uint32Array).length < smallest) k++;
      front[row] = k;
      for (; k < end; k++) {
        const y = holder[k] as number;
        // The first row where y turns up is the rarest element x and y share: nothing before p and q counts.
        if (seenBy[y] === x) continue;
        seenBy[y] = x;
        const b = ranked[y] as Uint32Array;
        const needed = atLeast(minJaccard / (1 + minJaccard), a.length + b.length);
        const q = position[k] as number;
        if (1 + Math.min(a.length - p - 1, b.length - q - 1) < needed) continue;
        const shared = overlapAtLeast(a.subarray(p), b.subarray(q), needed);
        if (shared < 0) continue;
        const similarity = shared / (a.length + b.length - shared);
        if (similarity >= minJaccard) pairs.push({ i: Math.min(x, y), j: Math.max(x, y), jaccard: similarity });
      }
    }
    for (let q = 0; q < indexLength(a.length); q++) {
      const row = a[q] as number;
      const slot = fill[row] as number;
      fill[row] = slot + 1;
      holder[slot] = x;
      position[slot] = q;
    }
  }
  return pairs.sort((u, v) => u.i - v.i || u.j - v.j);
}
