import { EMBEDDING_META_KEY, type EmbeddingState } from '../../graph/builder/embed-stage.js';
import type { GraphStore } from '../../graph/store.js';
import { UsageError } from '../../src/errors.js';
import type { LlmClient } from '../../src/llm/types.js';
import type { Difficulty, Retrieval } from '../../src/testset/sample.js';
import { createBm25Index } from './bm25.js';
import { difficultyOf, lexicalOverlap, type RetrievalSettings } from './difficulty.js';
import { distinctiveTerms } from './distinctive.js';
import { createDenseIndex, rankOf, topK } from './rank.js';

/**
 * Ranks samples' reference chunks among every chunk of the graph. Built once per run from
 * the chunk texts (BM25) and the graph's own text embeddings (dense); questions are
 * embedded in batches (stage `embed_questions`: the questions of every `rank` call made in
 * the same turn share a request), with the model that embedded the chunks. No chat call.
 */

const BATCH_SIZE = 64;
const BATCH_WINDOW_MS = 20;

export interface RankedQuestion {
  question: string;
  chunkIds: readonly string[];
  contexts: readonly string[];
}

export interface RankedFacts {
  retrieval: Retrieval;
  difficulty: Difficulty;
}

/** A chunk near a question: where it ranks under each retriever. */
export interface NearChunk {
  chunkId: string;
  bm25Rank: number;
  denseRank: number;
}

export interface RetrievalRanker {
  /** Facts per item, in order. Calls made close together share one embedding request. */
  rank(items: readonly RankedQuestion[]): Promise<RankedFacts[]>;
  /**
   * The chunks in the top `k` under BM25 or under dense cosine for `question` (a chunk with
   * no query term, or no embedding, is not retrieved by that retriever), best rank first.
   */
  nearest(question: string, k: number): Promise<NearChunk[]>;
  /** Per chunk, its `steerTerms` terms BM25 weighs most (distinctive.ts): what a question names to be easy, avoids to be hard. */
  distinctiveTerms(chunkIds: readonly string[]): string[][];
}

export async function createRetrievalRanker(store: GraphStore, llm: LlmClient, settings: RetrievalSettings): Promise<RetrievalRanker> {
  const state = await store.getMeta<EmbeddingState>(EMBEDDING_META_KEY);
  if (state && state.model !== llm.embeddingModelId) {
    throw new UsageError(
      `the graph was embedded with ${state.model}, this run embeds with ${llm.embeddingModelId}: dense ranks would compare different spaces`,
      `pass --embedding-model ${state.model}, or rebuild the graph`,
    );
  }
  const ids: string[] = [];
  const texts: string[] = [];
  const vectors: (Float32Array | null)[] = [];
  for await (const batch of store.scanNodes({ kind: 'chunk' })) {
    for (const node of batch) {
      if (node.kind !== 'chunk') continue;
      ids.push(node.id);
      texts.push(node.text);
      vectors.push(node.embedding);
    }
  }
  // The build fits a corpus-fitted embedder on every chunk text in id order; questions must be embedded with the same fit.
  llm.fitEmbeddings(texts);
  const position = new Map(ids.map((id, i) => [id, i]));
  const bm25 = createBm25Index(texts, settings.bm25);
  const dense = createDenseIndex(vectors);
  const numberOf = (id: string) => {
    const at = position.get(id);
    if (at === undefined) throw new Error(`reference chunk ${id} is not in the graph`);
    return at;
  };

  // Questions arrive one at a time from concurrent calls; those arriving within
  // BATCH_WINDOW_MS of the first (up to BATCH_SIZE) share one embedding request. Vectors are
  // cached per text, so the grouping changes the number of requests, never a rank.
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waiting: { question: string; resolve: (vector: Float32Array) => void; reject: (error: unknown) => void }[] = [];
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const batch = waiting;
    waiting = [];
    llm.embed({ stage: 'embed_questions', texts: batch.map((entry) => entry.question) }).then(
      (vectors) => batch.forEach((entry, i) => entry.resolve(vectors[i] as Float32Array)),
      (error: unknown) => batch.forEach((entry) => entry.reject(error)),
    );
  };
  const embedQuestion = (question: string) =>
    new Promise<Float32Array>((resolve, reject) => {
      waiting.push({ question, resolve, reject });
      if (waiting.length >= BATCH_SIZE) flush();
      else timer ??= setTimeout(flush, BATCH_WINDOW_MS);
    });

  const rankOne = async (item: RankedQuestion): Promise<RankedFacts> => {
    const embedding = await embedQuestion(item.question);
    const bm25Scores = bm25.scores(item.question);
    const denseScores = dense.scores(embedding);
    const chunks = item.chunkIds.map(numberOf);
    const retrieval: Retrieval = {
      bm25_ranks: chunks.map((chunk) => rankOf(bm25Scores, chunk)),
      dense_ranks: chunks.map((chunk) => rankOf(denseScores, chunk)),
      lexical_overlap: lexicalOverlap(item.question, item.contexts),
    };
    return { retrieval, difficulty: difficultyOf(retrieval, settings) };
  };

  return {
    rank: (items) => Promise.all(items.map(rankOne)),
    async nearest(question, k) {
      const embedding = await embedQuestion(question);
      const bm25Scores = bm25.scores(question);
      const denseScores = dense.scores(embedding);
      const found = [...new Set([...topK(bm25Scores, k, 0), ...topK(denseScores, k, Number.NEGATIVE_INFINITY)])];
      return found
        .map((chunk) => ({ chunk, bm25Rank: rankOf(bm25Scores, chunk), denseRank: rankOf(denseScores, chunk) }))
        .sort((a, b) => Math.min(a.bm25Rank, a.denseRank) - Math.min(b.bm25Rank, b.denseRank) || a.chunk - b.chunk)
        .map(({ chunk, bm25Rank, denseRank }) => ({ chunkId: ids[chunk] as string, bm25Rank, denseRank }));
    },
    distinctiveTerms: (chunkIds) => chunkIds.map((id) => distinctiveTerms(texts[numberOf(id)] as string, bm25.idf, settings.steerTerms)),
  };
}
