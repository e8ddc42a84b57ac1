import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../graph/stores/memory.js';
import { createLlmClient } from '../../../src/llm/client.js';
import type { EmbeddingModel } from '../../../src/llm/types.js';
import { createOfflineChatModel } from '../../../src/llm/offline/index.js';
import { Retrieval } from '../../../src/testset/sample.js';
import { bm25Tokens, createBm25Index } from '../../../synthesizers/retrieval/bm25.js';
import { difficultyOf, lexicalOverlap, RetrievalSettings } from '../../../synthesizers/retrieval/difficulty.js';
import { createRetrievalRanker } from '../../../synthesizers/retrieval/ranker.js';
import { hashedVector } from '../../support/fake-openai/vectors.js';
import { handGraph } from '../hand-graph.js';

/** Ranks on the hand-made graph against a brute-force computation written out here. */

const graph = handGraph();
const texts = graph.chunks.map((chunk) => chunk.text);

/** Okapi BM25 straight from the formula, one text at a time. */
function bruteBm25(query: string, k1 = 1.2, b = 0.75): number[] {
  const docs = texts.map(bm25Tokens);
  const avg = docs.reduce((sum, d) => sum + d.length, 0) / docs.length;
  const terms = [...new Set(bm25Tokens(query))];
  return docs.map((doc) =>
    terms.reduce((score, term) => {
      const df = docs.filter((d) => d.includes(term)).length;
      if (df === 0) return score;
      const tf = doc.filter((t) => t === term).length;
      const idf = Math.log(1 + (docs.length - df + 0.5) / (df + 0.5));
      return score + (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * doc.length) / avg));
    }, 0),
  );
}

/** Position in a full sort, ties placed before the chunk (pessimistic). */
function bruteRank(scores: number[], target: number): number {
  const order = scores.map((score, i) => ({ score, i })).sort((x, y) => y.score - x.score || Number(x.i === target) - Number(y.i === target));
  return order.findIndex(({ i }) => i === target) + 1;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    dot += x * (b[i] as number);
    na += x * x;
    nb += (b[i] as number) ** 2;
  });
  return dot / Math.sqrt(na * nb);
}

/** The fake server's embedding, in process: questions and chunks in one space. */
const embedding: EmbeddingModel = {
  provider: 'test',
  modelId: 'hashed-256',
  maxBatch: 64,
  doEmbed: async (batch) => ({ vectors: batch.map((text) => hashedVector(text, 256)), tokens: 0 }),
};

const QUESTIONS = [
  'Where was the decree on the Rosetta Stone issued?',
  'Who reported the find of the stone near Rashid?',
  'What did Champollion explain about hieroglyphs?',
  'granodiorite',
  'What is the capital of Peru?',
];

describe('retrieval ranks', () => {
  it('BM25 scores equal the formula computed by brute force', () => {
    const index = createBm25Index(texts);
    for (const question of QUESTIONS) {
      const scores = index.scores(question);
      bruteBm25(question).forEach((expected, i) => expect(scores[i]).toBeCloseTo(expected, 10));
    }
  });

  it('BM25 and dense ranks of every reference chunk equal a brute-force sort over all chunks', async () => {
    const store = createMemoryStore();
    await store.upsertNodes([...graph.documents, ...graph.chunks]);
    const llm = createLlmClient({ chat: createOfflineChatModel(), embedding });
    const ranker = await createRetrievalRanker(store, llm, RetrievalSettings.parse({ easyRank: 1, hardRank: 3 }));
    // Store order is id order: brute force works on the same chunks, sorted by id.
    const chunks = [...graph.chunks].sort((a, b) => (a.id < b.id ? -1 : 1));
    const items = QUESTIONS.flatMap((question) =>
      [[0], [1, 4], [2, 3, 5]].map((picks) => ({
        question,
        chunkIds: picks.map((i) => (chunks[i] as (typeof chunks)[number]).id),
        contexts: picks.map((i) => (chunks[i] as (typeof chunks)[number]).text),
      })),
    );
    const ranked = await ranker.rank(items);
    expect(llm.usage().stages.embed_questions?.calls).toBe(1);
    ranked.forEach(({ retrieval, difficulty }, n) => {
      const item = items[n] as (typeof items)[number];
      const sortedTexts = chunks.map((c) => c.text);
      const bm25 = (() => {
        const byText = new Map(texts.map((text, i) => [text, bruteBm25(item.question)[i] as number]));
        return sortedTexts.map((text) => byText.get(text) as number);
      })();
      const q = hashedVector(item.question, 256);
      const dense = chunks.map((c) => cosine(q, c.embedding as Float32Array));
      const positions = item.chunkIds.map((id) => chunks.findIndex((c) => c.id === id));
      expect(retrieval.bm25_ranks).toEqual(positions.map((p) => bruteRank(bm25, p)));
      expect(retrieval.dense_ranks).toEqual(positions.map((p) => bruteRank(dense, p)));
      expect(Retrieval.parse(retrieval)).toEqual(retrieval);
      expect(difficulty).toBe(difficultyOf(retrieval, { easyRank: 1, hardRank: 3 }));
    });
    // A question about nothing in the graph: every chunk scores 0 under BM25, so each ranks last.
    const peru = ranked[QUESTIONS.indexOf('What is the capital of Peru?') * 3] as (typeof ranked)[number];
    expect(peru.retrieval.bm25_ranks).toEqual([chunks.length]);
  });

  it('labels difficulty by the thresholds: easy in the top of both, hard outside both for some chunk', () => {
    const t = { easyRank: 3, hardRank: 20 };
    const label = (bm25: number[], dense: number[]) => difficultyOf({ bm25_ranks: bm25, dense_ranks: dense }, t);
    expect(label([1], [3])).toBe('easy');
    expect(label([1, 2], [2, 3])).toBe('easy');
    expect(label([4], [1])).toBe('medium');
    expect(label([21], [5])).toBe('medium');
    expect(label([21], [20])).toBe('medium');
    expect(label([21], [21])).toBe('hard');
    expect(label([1, 40], [1, 25])).toBe('hard');
    expect(difficultyOf({ bm25_ranks: [4], dense_ranks: [4] }, { easyRank: 5, hardRank: 10 })).toBe('easy');
    expect(RetrievalSettings.safeParse({ easyRank: 30, hardRank: 20 }).success).toBe(false);
  });

  it('measures lexical overlap on content words', () => {
    expect(lexicalOverlap('Where is the Rosetta Stone?', ['The Rosetta Stone is in London.'])).toBe(1);
    expect(lexicalOverlap('Which granite slab carries three scripts?', ['The Rosetta Stone is in London.'])).toBe(0);
    expect(lexicalOverlap('Who found the stone in Rashid?', ['found near Rashid'])).toBeCloseTo(2 / 3, 4);
  });
});
