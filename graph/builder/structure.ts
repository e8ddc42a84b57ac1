import type { ChunkNode, RelationshipOf } from '../model.js';
import { compareStrings } from '../order.js';

/** The document's own structure as relationships: which chunks it has, and their reading order. */

/** document → chunk, for every chunk. */
export function childRelationships(chunks: readonly ChunkNode[]): RelationshipOf<'child'>[] {
  return chunks
    .map((chunk) => ({ kind: 'child' as const, source: chunk.documentId, target: chunk.id }))
    .sort((a, b) => compareStrings(a.source, b.source) || compareStrings(a.target, b.target));
}

/** chunk → the following chunk of the same document, by ordinal. */
export function nextRelationships(chunks: readonly ChunkNode[]): RelationshipOf<'next'>[] {
  const byDocument = new Map<string, ChunkNode[]>();
  for (const chunk of chunks) {
    const list = byDocument.get(chunk.documentId) ?? [];
    list.push(chunk);
    byDocument.set(chunk.documentId, list);
  }
  const relationships: RelationshipOf<'next'>[] = [];
  for (const list of byDocument.values()) {
    list.sort((a, b) => a.ordinal - b.ordinal || compareStrings(a.id, b.id));
    for (let i = 1; i < list.length; i++) {
      relationships.push({ kind: 'next', source: (list[i - 1] as ChunkNode).id, target: (list[i] as ChunkNode).id });
    }
  }
  return relationships.sort((a, b) => compareStrings(a.source, b.source) || compareStrings(a.target, b.target));
}
