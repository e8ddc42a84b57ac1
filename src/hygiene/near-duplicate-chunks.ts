import type { Chunk } from '../chunking/chunk.js';
import { similarSetPairs } from './similar-sets.js';
import { wordHashes, type WordIndex } from './words.js';

/**
 * Near-duplicate chunks: the same passage in two documents (a copied page, a PDF beside its
 * HTML) with small differences, so their content ids differ. Pairs whose word overlap
 * (Jaccard) reaches `minJaccard` are found exactly without comparing all pairs
 * (similar-sets.ts); the later chunk of a pair is merged into the earlier one. Chunks without
 * a word (a rule of dashes) are all one, the first kept. With the `words` of the chunks'
 * documents (hashed once for near-duplicate documents), no chunk's text is hashed again.
 */

export interface MergedChunk {
  chunkId: string;
  /** The chunk kept in its place. */
  keptId: string;
  jaccard: number;
}

export function mergeNearDuplicateChunks(chunks: readonly Chunk[], minJaccard: number, words?: WordIndex): { chunks: Chunk[]; merged: MergedChunk[] } {
  const sets = chunks.map((chunk) => (words ? words.span(chunk.documentId, chunk.start, chunk.end) : wordHashes(chunk.text)));
  const droppedBy = new Map<number, { kept: number; jaccard: number }>();
  const empty = sets.flatMap((set, i) => (set.length === 0 ? [i] : []));
  for (const i of empty.slice(1)) droppedBy.set(i, { kept: empty[0] as number, jaccard: 1 });
  for (const { i, j, jaccard } of similarSetPairs(sets, minJaccard)) {
    if (!droppedBy.has(i) && !droppedBy.has(j)) droppedBy.set(j, { kept: i, jaccard });
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
