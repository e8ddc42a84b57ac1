import { z } from 'zod';
import type { Chunk } from '../../src/chunking/chunk.js';
import type { Document, SkippedInput } from '../../src/documents/document.js';
import { UsageError } from '../../src/errors.js';
import type { LlmClient, UsageReport } from '../../src/llm/types.js';
import type { OnProgress } from '../../src/progress.js';
import type { ChunkNode, DocumentNode } from '../model.js';
import { type GraphStore, bulkLoad } from '../store.js';
import { throttledCheckpoint } from './checkpoint.js';
import { documentSummary } from './document-summary.js';
import { runEmbedStage } from './embed-stage.js';
import { runExtractStage } from './extract-stage.js';
import { EXTRACT_PROMPT_HASH } from './extract.js';
import { BUILD_META_KEY, ENTITIES_META_KEY, entityFacts, type BuildMeta } from './meta.js';
import { BuildOptions, defaultSimilarMinScore, type BuildOptionsInput } from './options.js';
import { relateChunks, type RelationshipCounts } from './relate.js';
import { createTermFilter, type TermRule } from '../../src/hygiene/terms.js';
import { resolveChunkEntities } from './resolve-entities.js';
import { syncNodes, writeInBatches } from './sync-nodes.js';

/**
 * buildGraph: documents and chunks → a knowledge graph in any GraphStore, as visible stages:
 * nodes → extract (1 LLM call per new chunk) → entities → document summaries (no LLM call)
 * → embed → relate. Rerunning on the same corpus costs nothing; a changed corpus costs only
 * its new chunks; an interrupted build continues where it stopped.
 */
export { BuildOptions, type BuildOptionsInput } from './options.js';
export type { RelationshipCounts } from './relate.js';

export interface BuildGraphInput {
  documents: readonly Document[];
  chunks: readonly Chunk[];
  store: GraphStore;
  llm: LlmClient;
  options?: BuildOptionsInput;
  /** Saves what the store holds (the memory store writes its graph file); called during long stages. */
  checkpoint?: () => Promise<void>;
  onProgress?: OnProgress;
  /** Stops the build after the work in flight is stored; rerun to continue. */
  signal?: AbortSignal;
  /** Files the loader skipped; passed through to the report. */
  skipped?: readonly SkippedInput[];
}

export const FailedChunk = z.object({
  chunkId: z.string(),
  documentId: z.string(),
  source: z.string(),
  ordinal: z.number().int(),
  reason: z.string(),
});
export type FailedChunk = z.infer<typeof FailedChunk>;

export interface BuildReport {
  documents: number;
  chunks: number;
  /** Chunks extracted by this run. */
  extracted: number;
  /** Chunks that were already extracted in the store. */
  reused: number;
  /** Chunks whose extraction failed (in this run or, still failing, before); they stay in the graph without entities. */
  failed: FailedChunk[];
  /** Documents and chunks removed because they left the corpus. */
  removed: { documents: number; chunks: number };
  /** Chunks embedded by this run. */
  embedded: number;
  /**
   * Chunks whose embedding request still failed after its retries: kept, without `similar`
   * edges (or, when only the summary failed, matched on their text), and embedded by the next build.
   */
  notEmbedded: FailedChunk[];
  /** Files the loader skipped, passed through from the caller. */
  skipped: SkippedInput[];
  relationships: RelationshipCounts;
  entities: number;
  /** Entities kept from joining chunks (shares_entities), by rule: not content, navigation words, in too many chunks. */
  bridgeEntitiesRemoved: Record<TermRule, number>;
  /** Entity keys joined into another one as name variants of the same entity (graph/builder/resolve-entities.ts). */
  entityVariantsJoined: number;
  usage: UsageReport;
}

export async function buildGraph(input: BuildGraphInput): Promise<BuildReport> {
  const parsed = BuildOptions.safeParse(input.options ?? {});
  if (!parsed.success) throw new UsageError(`invalid build options: ${z.prettifyError(parsed.error)}`);
  const { store, llm, onProgress, signal } = input;
  const options = { ...parsed.data, similarMinScore: parsed.data.similarMinScore ?? defaultSimilarMinScore(llm.lexicalEmbeddings) };
  const checkpoint = throttledCheckpoint(input.checkpoint, options.checkpointIntervalMs);
  checkChunksBelongToDocuments(input.documents, input.chunks);

  // Into an empty graph, one bulk load: nodes, their extraction and embeddings, then relationships.
  const { synced, extraction, resolution, entities, bridgeTerms, documents, embedding, relationships } = await bulkLoad(store, async () => {
    onProgress?.({ stage: 'nodes', done: 0, total: 1 });
    const synced = await syncNodes(store, input.documents, input.chunks);
    onProgress?.({ stage: 'nodes', done: 1, total: 1 });
    signal?.throwIfAborted();

    const extraction = await runExtractStage({
      store,
      llm,
      documents: synced.documents,
      chunks: synced.chunks,
      options,
      checkpoint,
      onProgress,
      signal,
    });

    const resolution = resolveChunkEntities(extraction.chunks);
    await writeInBatches(store, resolution.changed);
    const { weights, meta: entities } = entityFacts(resolution.chunks);
    const bridgeTerms = createTermFilter(
      resolution.chunks.filter((chunk) => chunk.status === 'extracted').map((chunk) => chunk.entities.map((entity) => entity.key)),
    );
    await store.setMeta(ENTITIES_META_KEY, entities);

    const documents = withDocumentSummaries(synced.documents, extraction.chunks);
    await writeInBatches(
      store,
      documents.filter((document, i) => document.summary !== synced.documents[i]?.summary),
    );

    const embedding = await runEmbedStage({
      store,
      llm,
      chunks: resolution.chunks,
      sliceSize: options.embedSliceSize,
      checkpoint,
      onProgress,
      signal,
    });
    signal?.throwIfAborted();

    const relationships = await relateChunks({
      store,
      chunks: embedding.chunks,
      weights,
      bridgeable: (key) => bridgeTerms.rule(key) === undefined,
      options,
      onProgress,
    });
    return { synced, extraction, resolution, entities, bridgeTerms, documents, embedding, relationships };
  });

  const failed = failedChunks(embedding.chunks, documents);
  const notEmbedded = unembeddedChunks(embedding.chunks, documents);
  const buildMeta: BuildMeta = {
    extractPrompt: EXTRACT_PROMPT_HASH,
    chatModel: llm.chatModelId,
    embeddingModel: llm.embeddingModelId,
    provider: llm.provider,
    documents: documents.length,
    chunks: embedding.chunks.length,
    extracted: embedding.chunks.length - failed.length,
    failed: failed.length,
    // Only what shapes the graph; concurrency and checkpointing do not, so the graph file stays identical.
    options: {
      similarTopK: options.similarTopK,
      similarMinScore: options.similarMinScore,
      sharedMinScore: options.sharedMinScore,
      maxSharedPerChunk: options.maxSharedPerChunk,
    },
  };
  await store.setMeta(BUILD_META_KEY, buildMeta);
  await checkpoint({ force: true });

  return {
    documents: documents.length,
    chunks: embedding.chunks.length,
    extracted: extraction.extracted,
    reused: extraction.reused,
    failed,
    removed: synced.removed,
    embedded: embedding.embedded - notEmbedded.length,
    notEmbedded,
    skipped: [...(input.skipped ?? [])],
    relationships,
    entities: entities.entities.length,
    bridgeEntitiesRemoved: bridgeTerms.removed(),
    entityVariantsJoined: resolution.joined,
    usage: llm.usage(),
  };
}

/** Each document's summary from its chunk summaries in reading order (no LLM call). */
function withDocumentSummaries(documents: readonly DocumentNode[], chunks: readonly ChunkNode[]): DocumentNode[] {
  const byDocument = new Map<string, ChunkNode[]>();
  for (const chunk of chunks) {
    const list = byDocument.get(chunk.documentId) ?? [];
    list.push(chunk);
    byDocument.set(chunk.documentId, list);
  }
  return documents.map((document) => {
    const ordered = (byDocument.get(document.id) ?? []).sort((a, b) => a.ordinal - b.ordinal);
    return { ...document, summary: documentSummary(ordered.map((chunk) => chunk.summary)) };
  });
}

function failedChunks(chunks: readonly ChunkNode[], documents: readonly DocumentNode[]): FailedChunk[] {
  return listChunks(chunks.filter((chunk) => chunk.status === 'failed'), documents, (chunk) => chunk.error ?? 'unknown');
}

function unembeddedChunks(chunks: readonly ChunkNode[], documents: readonly DocumentNode[]): FailedChunk[] {
  return listChunks(
    chunks.filter((chunk) => chunk.embedding === null || (chunk.summary !== '' && chunk.summaryEmbedding === null)),
    documents,
    (chunk) => `${chunk.embedding === null ? 'text' : 'summary'} embedding request failed after its retries`,
  );
}

function listChunks(chunks: readonly ChunkNode[], documents: readonly DocumentNode[], reason: (chunk: ChunkNode) => string): FailedChunk[] {
  const sources = new Map(documents.map((d) => [d.id, d.source]));
  return chunks
    .map((chunk) => ({
      chunkId: chunk.id,
      documentId: chunk.documentId,
      source: sources.get(chunk.documentId) ?? '',
      ordinal: chunk.ordinal,
      reason: reason(chunk),
    }))
    .sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.ordinal - b.ordinal));
}

function checkChunksBelongToDocuments(documents: readonly Document[], chunks: readonly Chunk[]): void {
  const ids = new Set(documents.map((d) => d.id));
  const orphan = chunks.find((chunk) => !ids.has(chunk.documentId));
  if (orphan) {
    throw new UsageError(
      `chunk ${orphan.id} belongs to document ${orphan.documentId}, which is not among the documents`,
      'pass the documents the chunks were made from',
    );
  }
}
