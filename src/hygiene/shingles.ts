import { fnv1a } from '../hash.js';

/**
 * Word-level fingerprints for near-duplicate detection. Words are NFKC-folded and lower-cased
 * runs of letters and digits, so a PDF's ligatures, line breaks and punctuation do not hide
 * that its text is the HTML page's text.
 */

const WORD = /[\p{L}\p{N}]+/gu;

export function normalisedWords(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(WORD) ?? [];
}

/** Distinct hashes of every `size` consecutive words (fewer words: one shingle of them all). */
export function shingleHashes(words: readonly string[], size: number): Uint32Array {
  const hashes = new Set<number>();
  if (words.length > 0 && words.length < size) hashes.add(fnv1a(words.join(' ')));
  for (let i = 0; i + size <= words.length; i++) hashes.add(fnv1a(words.slice(i, i + size).join(' ')));
  return Uint32Array.from(hashes).sort();
}

/** Distinct word hashes, ascending: the set whose Jaccard index is "word overlap". */
export function wordSet(text: string): Uint32Array {
  return Uint32Array.from(new Set(normalisedWords(text).map(fnv1a))).sort();
}

/** |a ∩ b| / |a ∪ b| of two ascending hash sets. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  let shared = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

/** Fixed odd multipliers and offsets of the MinHash permutations (seeded constants, so runs agree). */
const PERMUTATIONS = 64;
const MULTIPLIERS = Uint32Array.from({ length: PERMUTATIONS }, (_, i) => (fnv1a(`minhash-a-${i}`) | 1) >>> 0);
const OFFSETS = Uint32Array.from({ length: PERMUTATIONS }, (_, i) => fnv1a(`minhash-b-${i}`));

/**
 * MinHash signature of a hash set: per permutation `h ↦ a·h + b (mod 2³²)`, the least value.
 * Two sets agree on a signature position with probability equal to their Jaccard index.
 */
export function minhash(set: Uint32Array): Uint32Array {
  const signature = new Uint32Array(PERMUTATIONS).fill(0xffffffff);
  for (const value of set) {
    for (let p = 0; p < PERMUTATIONS; p++) {
      const permuted = (Math.imul(value, MULTIPLIERS[p] as number) + (OFFSETS[p] as number)) >>> 0;
      if (permuted < (signature[p] as number)) signature[p] = permuted;
    }
  }
  return signature;
}

/**
 * Locality-sensitive hashing over MinHash signatures: 16 bands of 4 rows make pairs above
 * a Jaccard index of about 0.5 share a band (at 0.8, with probability > 0.999), so only
 * those pairs are compared. Returns candidate pairs `[i, j]`, `i < j`, each once, sorted.
 */
export function candidatePairs(signatures: readonly Uint32Array[]): [number, number][] {
  const BANDS = 16;
  const ROWS = PERMUTATIONS / BANDS;
  const pairs = new Set<number>();
  const n = signatures.length;
  for (let band = 0; band < BANDS; band++) {
    const buckets = new Map<string, number[]>();
    signatures.forEach((signature, i) => {
      const key = signature.subarray(band * ROWS, band * ROWS + ROWS).join(',');
      const bucket = buckets.get(key);
      if (bucket) bucket.push(i);
      else buckets.set(key, [i]);
    });
    for (const bucket of buckets.values()) {
      for (let x = 0; x < bucket.length; x++) {
        for (let y = x + 1; y < bucket.length; y++) pairs.add((bucket[x] as number) * n + (bucket[y] as number));
      }
    }
  }
  return [...pairs].sort((a, b) => a - b).map((pair) => [Math.floor(pair / n), pair % n]);
}
