import { FNV_OFFSET, FNV_PRIME, fnv1a } from '../hash.js';
import { wordHashes } from './words.js';

/** Word-level fingerprints for near-duplicate detection, from word hashes (words.ts). */

/** Sorts `values` in place and returns its distinct values, ascending, as a new array. */
function distinctSorted(values: Uint32Array): Uint32Array {
  values.sort();
  let distinct = 0;
  for (let i = 0; i < values.length; i++) {
    if (distinct === 0 || values[i] !== values[distinct - 1]) values[distinct++] = values[i] as number;
  }
  return values.slice(0, distinct);
}

/**
 * The hashes of every `size` consecutive words (fewer words: one shingle of them all), in
 * order, repeats kept, combined from the words' hashes so no shingle string is built. Only
 * hashes divisible by `sampleMod`, a power of two, are kept (e.g. one in four: Broder's mod-k
 * sketch); the test is a bit mask, and the hashes are int32s, so V8 never makes them doubles.
 */
export function shingleHashes(words: Uint32Array, size: number, sampleMod = 1): Int32Array {
  const mask = sampleMod - 1;
  if (sampleMod < 1 || (sampleMod & mask) !== 0) throw new RangeError(`shingleHashes: sampleMod ${sampleMod} is not a power of two`);
  const count = Math.max(words.length - size + 1, words.length > 0 ? 1 : 0);
  const hashes = new Int32Array(count);
  let kept = 0;
  for (let i = 0; i < count; i++) {
    const end = Math.min(i + size, words.length);
    let hash = FNV_OFFSET;
    for (let j = i; j < end; j++) hash = Math.imul(hash ^ (words[j] as number), FNV_PRIME);
    if ((hash & mask) === 0) hashes[kept++] = hash;
  }
  return hashes.subarray(0, kept);
}

/** Distinct word hashes, ascending: the set whose Jaccard index is "word overlap". */
export function wordSet(text: string): Uint32Array {
  return distinctSorted(wordHashes(text));
}

/**
 * |a ∩ b| of two ascending sets, or -1 as soon as it can no longer reach `needed` (a Jaccard
 * index ≥ t needs |a ∩ b| ≥ t/(1+t)·(|a| + |b|), so most pairs stop after a few steps).
 */
export function overlapAtLeast(a: Uint32Array, b: Uint32Array, needed = 0): number {
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (shared + Math.min(a.length - i, b.length - j) < needed) return -1;
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared >= needed ? shared : -1;
}

/** |a ∩ b| / |a ∪ b| of two ascending hash sets. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  const shared = overlapAtLeast(a, b);
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
