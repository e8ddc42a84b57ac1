import type { Document } from '../documents/document.js';
import type { OnProgress } from '../progress.js';
import type { Chunk } from './chunk.js';
import { chunkDocument } from './chunk-document.js';
import { ChunkOptions, type ChunkOptionsInput } from './options.js';

export type ChunkDocumentsOptions = ChunkOptionsInput & { onProgress?: OnProgress };

/**
 * Chunks documents in the order given. Identical chunk texts (same id) are kept once, the
 * first occurrence winning; `duplicates` counts the rest. Chunks keep their ordinal within
 * their document, so a dropped duplicate leaves a gap.
 */
export function chunkDocuments(
  documents: readonly Document[],
  options: ChunkDocumentsOptions = {},
): { chunks: Chunk[]; duplicates: number } {
  const { onProgress, ...input } = options;
  const resolved = ChunkOptions.parse(input);
  const seen = new Set<string>();
  const chunks: Chunk[] = [];
  let duplicates = 0;
  documents.forEach((document, i) => {
    for (const chunk of chunkDocument(document, resolved)) {
      if (seen.has(chunk.id)) {
        duplicates++;
        continue;
      }
      seen.add(chunk.id);
      chunks.push(chunk);
    }
    onProgress?.({ stage: 'chunk', done: i + 1, total: documents.length });
  });
  return { chunks, duplicates };
}
