import { z } from 'zod';
import { ALL_STOPWORDS } from '../../src/llm/offline/stopwords.js';
import { words } from '../../src/llm/offline/tokenize.js';
import type { Difficulty, Retrieval } from '../../src/testset/sample.js';
import { Bm25Options } from './bm25.js';

/**
 * Retrieval difficulty of a sample, from where its reference chunks rank for its question
 * among every chunk of the graph, under BM25 and under dense cosine:
 * - easy: every reference chunk is in the top `easyRank` of both rankings (any retriever finds it);
 * - hard: some reference chunk is outside the top `hardRank` of both rankings (neither finds it
 *   at a usual top-k);
 * - medium: everything in between.
 * The defaults (3 and 20) are measured on the PostgreSQL manual in docs/difficulty.md.
 */
export const RetrievalSettings = z.object({
  easyRank: z.number().int().min(1).default(3),
  hardRank: z.number().int().min(1).default(20),
  steerTerms: z
    .number()
    .int()
    .min(0)
    .max(20)
    .default(8)
    .describe('per context, its terms BM25 weighs most that the prompt of an easy slot asks to use and that of a hard slot to avoid (0: no term lists)'),
  bm25: Bm25Options.prefault({}),
}).refine((s) => s.easyRank <= s.hardRank, { message: 'easyRank must not exceed hardRank', path: ['easyRank'] });
export type RetrievalSettings = z.output<typeof RetrievalSettings>;

export function difficultyOf(retrieval: Pick<Retrieval, 'bm25_ranks' | 'dense_ranks'>, settings: Pick<RetrievalSettings, 'easyRank' | 'hardRank'>): Difficulty {
  const pairs = retrieval.bm25_ranks.map((bm25, i) => [bm25, retrieval.dense_ranks[i] as number] as const);
  if (pairs.some(([bm25, dense]) => bm25 > settings.hardRank && dense > settings.hardRank)) return 'hard';
  if (pairs.every(([bm25, dense]) => bm25 <= settings.easyRank && dense <= settings.easyRank)) return 'easy';
  return 'medium';
}

/** Words that carry content: stopwords of every listed language left out. */
function contentWords(text: string): Set<string> {
  return new Set(words(text).filter((word) => !ALL_STOPWORDS.has(word)));
}

/**
 * Share of the question's distinct content words that occur in its contexts (0–1, four
 * decimals): 1 means the question copies the passage's words, low values mean it paraphrases.
 */
export function lexicalOverlap(question: string, contexts: readonly string[]): number {
  const asked = contentWords(question);
  if (asked.size === 0) return 0;
  const found = new Set(contexts.flatMap((context) => [...contentWords(context)]));
  let shared = 0;
  for (const word of asked) if (found.has(word)) shared++;
  return Math.round((shared / asked.size) * 1e4) / 1e4;
}
