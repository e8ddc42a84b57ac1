import type { Chunk } from '../chunking/chunk.js';
import { candidatePairs, jaccard, minhash, wordSet } from './shingles.js';

/**
 * Near-duplicate chunks: the same passage in two documents (a copied page, a PDF beside its
 * HTML) with small differences, so their content ids differ. Pairs are found with MinHash
 * LSH (never all pairs) and confirmed on the exact word sets; the later chunk of a pair
 * whose word overlap (Jaccard) reaches `minJaccard` is merged into the earlier one.
 */

export interface MergedChunk {
  chunkId: string;
  /** The chunk kept in its place. */
  keptId: string;
  jaccard: number;
}

export function mergeNearDuplicateChunks(chunks: readonly Chunk[], minJaccard: number): { chunks: Chunk[]; merged: MergedChunk[] } {
  const sets = chunks.map((chunk) => wordSet(chunk.text));
  const signatures = sets.map(minhash);
  const droppedBy = new Map<number, { kept: number; jaccard: number }>();
  for (const [i, j] of candidatePairs(signatures)) {
    if (droppedBy.has(i) || droppedBy.has(j)) continue;
    const overlap = jaccard(sets[i] as Uint32Array, sets[j] as Uint32Array);
    if (overlap >= minJaccard) droppedBy.set(j, { kept: i, jaccard: overlap });
  }
  const merged = [...droppedBy.entries()]
    .sort(([a], [b]) => a - b)
    .map(([dropped, { kept, jaccard: overlap }]) => ({
      chunkId: (chunks[dropped] as Chunk).id,
      keptId: (chunks[kept] as Chunk).id,
      jaccard: overlap,
    }));
  return { chunks: chunks.filter((_, i) => !droppedBy.has(i)), merged };
}
