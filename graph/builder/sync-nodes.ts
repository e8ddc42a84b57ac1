import type { Chunk } from '../../src/chunking/chunk.js';
import type { Document } from '../../src/documents/document.js';
import { stableStringify } from '../../src/hash.js';
import type { ChunkNode, DocumentNode } from '../model.js';
import { compareStrings } from '../order.js';
import type { GraphStore } from '../store.js';

/**
 * Stage 1, nodes: make the store hold exactly this corpus's documents and chunks.
 * Nodes no longer in the corpus are deleted (with their relationships); chunks already in
 * the store keep their extraction and embeddings (their ids are content hashes, so the
 * same id is the same text) and take the position they have now; new chunks start `pending`.
 */
export interface SyncedNodes {
  /** Ascending by id. */
  documents: DocumentNode[];
  /** Ascending by id. */
  chunks: ChunkNode[];
  /** Documents and chunks deleted because they left the corpus. */
  removed: { documents: number; chunks: number };
}

const READ_BATCH = 500;
const WRITE_BATCH = 500;

export async function syncNodes(
  store: GraphStore,
  documents: readonly Document[],
  chunks: readonly Chunk[],
): Promise<SyncedNodes> {
  const documentIds = new Set(documents.map((d) => d.id));
  const chunkIds = new Set(chunks.map((c) => c.id));
  const storedDocumentIds = await store.nodeIds({ kind: 'document' });
  const storedChunkIds = await store.nodeIds({ kind: 'chunk' });
  const staleDocuments = storedDocumentIds.filter((id) => !documentIds.has(id));
  const staleChunks = storedChunkIds.filter((id) => !chunkIds.has(id));
  if (staleDocuments.length + staleChunks.length > 0) await store.deleteNodes([...staleChunks, ...staleDocuments]);

  const kept = new Set(storedChunkIds.filter((id) => chunkIds.has(id)));
  const storedChunks = new Map<string, ChunkNode>();
  const keptIds = [...kept];
  for (let offset = 0; offset < keptIds.length; offset += READ_BATCH) {
    for (const node of await store.getNodes(keptIds.slice(offset, offset + READ_BATCH))) {
      if (node.kind === 'chunk') storedChunks.set(node.id, node);
    }
  }
  const storedDocuments = new Map<string, DocumentNode>();
  for (const node of await store.getNodes(storedDocumentIds.filter((id) => documentIds.has(id)))) {
    if (node.kind === 'document') storedDocuments.set(node.id, node);
  }

  const documentNodes = [...documents]
    .sort((a, b) => compareStrings(a.id, b.id))
    .map((document): DocumentNode => ({
      id: document.id,
      kind: 'document',
      source: document.source,
      title: document.title,
      format: document.format,
      metadata: document.metadata,
      text: document.text,
      summary: storedDocuments.get(document.id)?.summary ?? '',
    }));
  const chunkNodes = [...chunks]
    .sort((a, b) => compareStrings(a.id, b.id))
    .map((chunk) => chunkNode(chunk, storedChunks.get(chunk.id)));

  // Unchanged nodes are not rewritten: on Neo4j a rerun over the same corpus writes nothing here.
  await writeInBatches(
    store,
    documentNodes.filter((node) => !sameFields(node, storedDocuments.get(node.id), DOCUMENT_FIELDS)),
  );
  await writeInBatches(
    store,
    chunkNodes.filter((node) => !sameFields(node, storedChunks.get(node.id), CHUNK_POSITION_FIELDS)),
  );
  return {
    documents: documentNodes,
    chunks: chunkNodes,
    removed: { documents: staleDocuments.length, chunks: staleChunks.length },
  };
}

const DOCUMENT_FIELDS = ['source', 'title', 'format', 'metadata'] as const;
const CHUNK_POSITION_FIELDS = ['documentId', 'ordinal', 'start', 'end', 'tokens', 'headings'] as const;

function sameFields<T extends object>(node: T, stored: T | undefined, fields: readonly (keyof T)[]): boolean {
  return stored !== undefined && fields.every((field) => stableStringify(node[field]) === stableStringify(stored[field]));
}

function chunkNode(chunk: Chunk, stored: ChunkNode | undefined): ChunkNode {
  const position = {
    id: chunk.id,
    kind: 'chunk' as const,
    documentId: chunk.documentId,
    ordinal: chunk.ordinal,
    start: chunk.start,
    end: chunk.end,
    text: chunk.text,
    tokens: chunk.tokens,
    headings: chunk.headings,
  };
  if (stored) return { ...stored, ...position };
  return {
    ...position,
    status: 'pending',
    summary: '',
    headlines: [],
    keyphrases: [],
    entities: [],
    themes: [],
    embedding: null,
    summaryEmbedding: null,
  };
}

export async function writeInBatches(store: GraphStore, nodes: readonly (ChunkNode | DocumentNode)[]): Promise<void> {
  for (let offset = 0; offset < nodes.length; offset += WRITE_BATCH) {
    await store.upsertNodes(nodes.slice(offset, offset + WRITE_BATCH));
  }
}
