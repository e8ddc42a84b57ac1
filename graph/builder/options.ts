import { z } from 'zod';

/**
 * Settings of `buildGraph`. Defaults live here; callers pass `z.input<typeof BuildOptions>`.
 *
 * `similarMinScore` defaults by embedder (see `defaultSimilarMinScore`). OpenAI's
 * text-embedding-3 models, the default, score low: about 0.45 for two related words, a
 * sentence against its own article about 0.4, a paragraph about 0.65; older and local models
 * (ada-002, bge, nomic) score higher. 0.5 keeps `similar` edges for passages on the same
 * subject with text-embedding-3 while top-k bounds the edges of higher-scoring models, and
 * generation draws strong links first (synthesizers/stream.ts). The offline TF-IDF embedder
 * spreads scores much lower (on the fixture corpus the best pair scores 0.24, the median
 * 0.1), so it gets 0.1.
 */
const SIMILAR_MIN_SCORE = { default: 0.5, lexical: 0.1 } as const;

export function defaultSimilarMinScore(lexicalEmbeddings: boolean): number {
  return lexicalEmbeddings ? SIMILAR_MIN_SCORE.lexical : SIMILAR_MIN_SCORE.default;
}

export const BuildOptions = z.object({
  /** Most `similar` neighbours kept per chunk. 0 disables `similar` edges. */
  similarTopK: z.number().int().min(0).max(100).default(5).describe('most similar neighbours kept per chunk, 0 for none'),
  /** Least cosine similarity for a `similar` edge; unset: `defaultSimilarMinScore(llm.lexicalEmbeddings)`. */
  similarMinScore: z
    .number()
    .min(-1)
    .max(1)
    .optional()
    .describe(`least cosine similarity for a similar edge (default ${SIMILAR_MIN_SCORE.default}; ${SIMILAR_MIN_SCORE.lexical} with lexical embeddings: offline, or local without an embedding model)`),
  /**
   * Least score for a `shares_entities` edge: the cosine of the two chunks' idf-weighted
   * entity sets (graph/builder/shared.ts). 0.1 lets one rare shared entity between chunks with
   * about ten entities each make an edge, which is what multi-hop questions bridge on.
   */
  sharedMinScore: z.number().min(0).max(1).default(0.1).describe('least weighted entity overlap, 0–1, for a shares_entities edge'),
  /** Most `shares_entities` neighbours kept per chunk, best first. */
  maxSharedPerChunk: z.number().int().min(0).max(1000).default(10).describe('most shares_entities neighbours kept per chunk'),
  /**
   * Extraction calls kept in flight by the build. The LLM client applies its own limit on
   * top; this only bounds how much work an interrupt leaves queued.
   */
  extractConcurrency: z.number().int().min(1).max(256).default(16).describe('extraction calls kept in flight by the build'),
  /** Extracted chunks written to the store at once (each write may be followed by a checkpoint). */
  checkpointEvery: z.number().int().min(1).default(25).describe('extracted chunks written to the store at once'),
  /**
   * Least time between two checkpoints (the memory store rewrites its graph file at each).
   * Answers are also in the response cache, so a lost interval costs time, not tokens.
   */
  checkpointIntervalMs: z.number().int().min(0).default(30_000).describe('least milliseconds between two checkpoints'),
  /** Chunks per embedding slice stored at once. */
  embedSliceSize: z.number().int().min(1).default(256).describe('chunks per embedding slice stored at once'),
});
export type BuildOptions = z.output<typeof BuildOptions>;
export type BuildOptionsInput = z.input<typeof BuildOptions>;
