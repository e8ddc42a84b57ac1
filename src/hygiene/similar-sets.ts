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

/** Ranks of the elements, rarest first (ties by value), applied to each set and sorted. */
function rankedSets(sets: readonly Uint32Array[]): Uint32Array[] {
  const frequency = new Map<number, number>();
  for (const set of sets) for (const value of set) frequency.set(value, (frequency.get(value) ?? 0) + 1);
  const order = [...frequency.keys()].sort((a, b) => (frequency.get(a) as number) - (frequency.get(b) as number) || a - b);
  const rank = new Map<number, number>();
  order.forEach((value, r) => rank.set(value, r));
  return sets.map((set) => Uint32Array.from(set, (value) => rank.get(value) as number).sort());
}

/** Ascending ranked sets with no element are left out: callers decide what empty sets are. */
export function similarSetPairs(sets: readonly Uint32Array[], minJaccard: number): SimilarPair[] {
  const ranked = rankedSets(sets);
  // A tiny epsilon keeps ⌈t·s⌉ from rounding up on a product like 0.8 × 5 = 4.000000000000001.
  const prefixLength = (size: number) => size - Math.ceil(minJaccard * size - 1e-9) + 1;
  // Per prefix element, the sets holding it and its position there, interleaved: [set, position, …].
  const postings = new Map<number, number[]>();
  ranked.forEach((set, i) => {
    for (let p = 0; p < Math.min(prefixLength(set.length), set.length); p++) {
      const list = postings.get(set[p] as number);
      if (list) list.push(i, p);
      else postings.set(set[p] as number, [i, p]);
    }
  });
  const pairs: SimilarPair[] = [];
  const seenBy = new Int32Array(ranked.length).fill(-1);
  ranked.forEach((a, i) => {
    const found: SimilarPair[] = [];
    for (let p = 0; p < Math.min(prefixLength(a.length), a.length); p++) {
      const list = postings.get(a[p] as number) as number[];
      for (let k = 0; k < list.length; k += 2) {
        const j = list[k] as number;
        if (j <= i || seenBy[j] === i) continue;
        // The first element a and b share (both ascending) is at p in a and q in b: nothing before either counts.
        seenBy[j] = i;
        const b = ranked[j] as Uint32Array;
        if (Math.min(a.length, b.length) < minJaccard * Math.max(a.length, b.length)) continue;
        const needed = Math.ceil((minJaccard / (1 + minJaccard)) * (a.length + b.length) - 1e-9);
        const q = list[k + 1] as number;
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
