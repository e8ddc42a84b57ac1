import { overlapAtLeast } from './shingles.js';

/**
 * Every pair of sets whose Jaccard index reaches `minJaccard`, found exactly (none missed,
 * none guessed) with the prefix filter of AllPairs (Bayardo, Ma and Srikant, 2007): elements
 * are ranked rarest first, and a set of size s keeps its s − ⌈t·s⌉ + 1 rarest elements as its
 * prefix. Two sets with J ≥ t always share a prefix element, so only sets that do (and whose
 * sizes allow J ≥ t) are compared. The prefixes hold the rare words, so few sets share one:
 * far cheaper than MinHash signatures of every set, and exact.
 */

export interface SimilarPair {
  /** i < j, indexes into the input. */
  i: number;
  j: number;
  jaccard: number;
}

/** Index of `value` in the ascending `values[0, length)`, which holds it. */
function indexOf(values: Uint32Array, length: number, value: number): number {
  let low = 0;
  let high = length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Ranks of the elements, rarest first (ties by value), applied to each set and sorted; and how
 * many distinct elements there are. Typed arrays throughout: the distinct values come from
 * sorting all elements once, their order by (frequency, value) from a counting sort.
 */
function rankedSets(sets: readonly Uint32Array[]): { ranked: Uint32Array[]; distinct: number } {
  let total = 0;
  for (const set of sets) total += set.length;
  const sorted = new Uint32Array(total);
  let offset = 0;
  for (const set of sets) {
    sorted.set(set, offset);
    offset += set.length;
  }
  sorted.sort();
  // Distinct values, ascending, and their frequencies, written over the front of two arrays.
  const values = sorted;
  const frequency = new Uint32Array(total);
  let distinct = 0;
  for (let k = 0; k < total; k++) {
    const value = sorted[k] as number;
    if (distinct > 0 && value === values[distinct - 1]) {
      frequency[distinct - 1] = (frequency[distinct - 1] as number) + 1;
    } else {
      values[distinct] = value;
      frequency[distinct++] = 1;
    }
  }
  // Stable counting sort by frequency keeps ascending values within a frequency: the (frequency, value) order.
  let most = 0;
  for (let k = 0; k < distinct; k++) most = Math.max(most, frequency[k] as number);
  const firstRank = new Uint32Array(most + 2);
  for (let k = 0; k < distinct; k++) firstRank[(frequency[k] as number) + 1] = (firstRank[(frequency[k] as number) + 1] as number) + 1;
  for (let f = 1; f < firstRank.length; f++) firstRank[f] = (firstRank[f] as number) + (firstRank[f - 1] as number);
  const rank = new Uint32Array(distinct);
  for (let k = 0; k < distinct; k++) {
    const f = frequency[k] as number;
    rank[k] = firstRank[f] as number;
    firstRank[f] = (firstRank[f] as number) + 1;
  }
  const ranked = sets.map((set) => {
    const out = new Uint32Array(set.length);
    for (let k = 0; k < set.length; k++) out[k] = rank[indexOf(values, distinct, set[k] as number)] as number;
    return out.sort();
  });
  return { ranked, distinct };
}

/** Ascending ranked sets with no element are left out: callers decide what empty sets are. */
export function similarSetPairs(sets: readonly Uint32Array[], minJaccard: number): SimilarPair[] {
  const { ranked, distinct } = rankedSets(sets);
  // A tiny epsilon keeps ⌈t·s⌉ from rounding up on a product like 0.8 × 5 = 4.000000000000001.
  const prefixLength = (size: number) => Math.min(size - Math.ceil(minJaccard * size - 1e-9) + 1, size);
  // Per prefix element (a rank), the sets holding it, ascending, and its position there: compressed rows.
  const start = new Uint32Array(distinct + 1);
  for (const set of ranked) {
    for (let p = 0; p < prefixLength(set.length); p++) start[(set[p] as number) + 1] = (start[(set[p] as number) + 1] as number) + 1;
  }
  for (let r = 1; r <= distinct; r++) start[r] = (start[r] as number) + (start[r - 1] as number);
  const fill = start.slice(0, distinct);
  const holder = new Uint32Array(start[distinct] as number);
  const position = new Uint32Array(start[distinct] as number);
  ranked.forEach((set, i) => {
    for (let p = 0; p < prefixLength(set.length); p++) {
      const slot = fill[set[p] as number] as number;
      fill[set[p] as number] = slot + 1;
      holder[slot] = i;
      position[slot] = p;
    }
  });
  // Per row, the first entry of a set after the one being compared: rows are ascending, so it only moves on.
  const after = start.slice(0, distinct);
  const pairs: SimilarPair[] = [];
  const seenBy = new Int32Array(ranked.length).fill(-1);
  ranked.forEach((a, i) => {
    const found: SimilarPair[] = [];
    for (let p = 0; p < prefixLength(a.length); p++) {
      const row = a[p] as number;
      const end = start[row + 1] as number;
      let k = after[row] as number;
      while (k < end && (holder[k] as number) <= i) k++;
      after[row] = k;
      for (; k < end; k++) {
        const j = holder[k] as number;
        if (seenBy[j] === i) continue;
        // The first element a and b share (both ascending) is at p in a and q in b: nothing before either counts.
        seenBy[j] = i;
        const b = ranked[j] as Uint32Array;
        if (Math.min(a.length, b.length) < minJaccard * Math.max(a.length, b.length)) continue;
        const needed = Math.ceil((minJaccard / (1 + minJaccard)) * (a.length + b.length) - 1e-9);
        const q = position[k] as number;
        if (1 + Math.min(a.length - p - 1, b.length - q - 1) < needed) continue;
        const shared = overlapAtLeast(a.subarray(p), b.subarray(q), needed);
        if (shared >= 0) {
          const similarity = shared / (a.length + b.length - shared);
          if (similarity >= minJaccard) found.push({ i, j, jaccard: similarity });
        }
      }
    }
    pairs.push(...found.sort((x, y) => x.j - y.j));
  });
  return pairs;
}
