import { FNV_OFFSET, FNV_PRIME, fnv1a } from '../hash.js';
import { wordHashes } from './words.js';

/** Word-level fingerprints for near-duplicate detection, from word hashes (words.ts). */

/** Sorts `values` in place and returns its distinct values, ascending, as a new array. */
function distinctSorted(values: Int32Array): Int32Array {
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

/** Distinct word hashes as int32s, ascending: the set whose Jaccard index is "word overlap". */
export function wordSet(text: string): Int32Array {
  const hashes = wordHashes(text);
  return distinctSorted(new Int32Array(hashes.buffer, hashes.byteOffset, hashes.length));
}

/**
 * |x[a, aEnd) ∩ y[b, bEnd)| of two ascending runs, or -1 as soon as it can no longer reach
 * `needed` (a Jaccard index ≥ t needs |x ∩ y| ≥ t/(1+t)·(|x| + |y|), so most pairs stop after a
 * few steps). Runs by offset, so near-duplicate chunks compare runs of one buffer without a
 * view per candidate pair; Int32Arrays only, so the loop sees one element type.
 */
export function sharedAtLeast(x: Int32Array, a: number, aEnd: number, y: Int32Array, b: number, bEnd: number, needed: number): number {
  let shared = 0;
  while (a < aEnd && b < bEnd) {
    if (shared + Math.min(aEnd - a, bEnd - b) < needed) return -1;
    const u = x[a] as number;
    const v = y[b] as number;
    if (u === v) {
      shared++;
      a++;
      b++;
    } else if (u < v) a++;
    else b++;
  }
  return shared >= needed ? shared : -1;
}

/** |a ∩ b| / |a ∪ b| of two ascending sets (`wordSet`). */
export function jaccard(a: Int32Array, b: Int32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  const shared = sharedAtLeast(a, 0, a.length, b, 0, b.length, 0);
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
export function minhash(set: Int32Array): Uint32Array {
  const signature = new Uint32Array(PERMUTATIONS).fill(0xffffffff);
  for (const value of set) {
    for (let p = 0; p < PERMUTATIONS; p++) {
      const permuted = (Math.imul(value, MULTIPLIERS[p] as number) + (OFFSETS[p] as number)) >>> 0;
      if (permuted < (signature[p] as number)) signature[p] = permuted;
    }
  }
  return signature;
}
