import { stableHash } from '../../src/hash.js';
import type { LlmClient } from '../../src/llm/types.js';
import type { OnProgress } from '../../src/progress.js';
import type { ChunkNode } from '../model.js';
import type { GraphStore } from '../store.js';
import type { Checkpoint } from './checkpoint.js';
import { embedChunks } from './embed.js';

/**
 * Stage 4, embed: chunk texts and summaries. Vectors in the store stay valid while the
 * embedding model and the set of chunks are the same (a corpus-fitted embedder learns from
 * all chunk texts, so any corpus change re-embeds everything; the response cache keeps that
 * free for remote models). The state is kept in graph meta under `embedding`.
 */
export const EMBEDDING_META_KEY = 'embedding';

export interface EmbeddingState {
  model: string;
  corpus: string;
}

export interface EmbedStageInput {
  store: GraphStore;
  llm: LlmClient;
  /** Every chunk of the graph, ascending by id. */
  chunks: readonly ChunkNode[];
  sliceSize: number;
  checkpoint?: Checkpoint;
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

export interface EmbedStageResult {
  chunks: ChunkNode[];
  /** Chunks embedded by this run. */
  embedded: number;
}

export async function runEmbedStage(input: EmbedStageInput): Promise<EmbedStageResult> {
  const { store, llm, chunks } = input;
  const state: EmbeddingState = {
    model: llm.embeddingModelId,
    corpus: stableHash(chunks.map((chunk) => chunk.id)),
  };
  const stored = await store.getMeta<EmbeddingState>(EMBEDDING_META_KEY);
  const unchanged = stored?.model === state.model && stored.corpus === state.corpus;
  const todo = chunks.filter(
    (chunk) => !unchanged || chunk.embedding === null || (chunk.summary !== '' && chunk.summaryEmbedding === null),
  );
  const byId = new Map(chunks.map((chunk) => [chunk.id, chunk]));
  let done = 0;
  input.onProgress?.({ stage: 'embed', done, total: todo.length });
  try {
    await embedChunks(llm, todo, {
      corpus: chunks.map((chunk) => chunk.text),
      sliceSize: input.sliceSize,
      signal: input.signal,
      onSlice: async (slice) => {
        const nodes = slice.map(({ id, embedding, summaryEmbedding }) => ({
          ...(byId.get(id) as ChunkNode),
          embedding,
          summaryEmbedding,
        }));
        for (const node of nodes) byId.set(node.id, node);
        await store.upsertNodes(nodes);
        await input.checkpoint?.();
        done += slice.length;
        input.onProgress?.({ stage: 'embed', done, total: todo.length });
      },
    });
  } catch (error) {
    if (done > 0) await input.checkpoint?.({ force: true });
    throw error;
  }
  if (!unchanged || todo.length > 0) await store.setMeta(EMBEDDING_META_KEY, state);
  return { chunks: chunks.map((chunk) => byId.get(chunk.id) as ChunkNode), embedded: todo.length };
}
