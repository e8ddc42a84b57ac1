import { HashRanks } from './hash-ranks.js';
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

/**
 * Ranks of the elements, rarest first (ties by value), applied to each set and sorted; and how
 * many distinct elements there are.
 */
function rankedSets(sets: readonly Uint32Array[]): { ranked: Uint32Array[]; distinct: number } {
  const ranks = new HashRanks();
  for (const set of sets) for (let k = 0; k < set.length; k++) ranks.add(set[k] as number);
  const distinct = ranks.rank();
  const ranked = sets.map((set) => {
    const out = new Uint32Array(set.length);
    for (let k = 0; k < set.length; k++) out[k] = ranks.rankOf(set[k] as number);
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
