import type { LlmClient } from '../../src/llm/types.js';
import type { ChunkNode } from '../model.js';

/** The vector type the graph model stores (a Float32Array over a plain ArrayBuffer). */
type Vector = NonNullable<ChunkNode['embedding']>;

/**
 * Embeddings for chunk texts and chunk summaries. The client batches to the endpoint's
 * `maxBatch`, caches and counts; this stage decides what is embedded and hands results
 * back a slice at a time so the caller can store them as it goes (an interrupted build
 * keeps what it paid for).
 */
export interface EmbeddableChunk {
  id: string;
  text: string;
  /** Empty for chunks whose extraction failed: they get no summary embedding. */
  summary: string;
}

/** `null` where the chunk has no summary, or its embedding request still failed after its retries. */
export interface ChunkEmbeddings {
  id: string;
  embedding: Vector | null;
  summaryEmbedding: Vector | null;
}

export interface EmbedChunksOptions {
  /**
   * Every chunk text of the graph (in id order), not only the chunks embedded now: a
   * corpus-fitted embedder must learn the same vocabulary whichever chunks a run re-embeds.
   */
  corpus: readonly string[];
  /** Chunks per slice handed to `onSlice`. */
  sliceSize?: number;
  onSlice?: (embeddings: ChunkEmbeddings[]) => Promise<void>;
  /** Checked between slices. */
  signal?: AbortSignal;
}

export async function embedChunks(
  llm: LlmClient,
  chunks: readonly EmbeddableChunk[],
  options: EmbedChunksOptions,
): Promise<ChunkEmbeddings[]> {
  llm.fitEmbeddings(options.corpus);
  const sliceSize = options.sliceSize ?? 256;
  const results: ChunkEmbeddings[] = [];
  for (let offset = 0; offset < chunks.length; offset += sliceSize) {
    options.signal?.throwIfAborted();
    const slice = await embedSlice(llm, chunks.slice(offset, offset + sliceSize));
    await options.onSlice?.(slice);
    results.push(...slice);
  }
  return results;
}

async function embedSlice(llm: LlmClient, chunks: readonly EmbeddableChunk[]): Promise<ChunkEmbeddings[]> {
  const withSummary = chunks.filter((chunk) => chunk.summary.length > 0);
  const texts = [...chunks.map((chunk) => chunk.text), ...withSummary.map((chunk) => chunk.summary)];
  // A batch that still fails leaves its chunks unembedded (failed items of the stage, retried by the next build).
  const vectors = await llm.embedEach({ stage: 'embed', texts });
  if (vectors.length !== texts.length) {
    throw new Error(`embed returned ${vectors.length} vectors for ${texts.length} texts`);
  }
  const summaryVectors = new Map(withSummary.map((chunk, i) => [chunk.id, (vectors[chunks.length + i] ?? null) as Vector | null]));
  return chunks.map((chunk, i) => ({
    id: chunk.id,
    embedding: (vectors[i] ?? null) as Vector | null,
    summaryEmbedding: summaryVectors.get(chunk.id) ?? null,
  }));
}
