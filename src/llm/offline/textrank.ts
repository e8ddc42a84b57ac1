import type { Sentence } from './sentences.js';
import { wordTokens } from './tokenize.js';

/**
 * TextRank for sentences (Mihalcea & Tarau, "TextRank: Bringing Order into Texts", 2004):
 * sentences are nodes, edges weigh the cosine similarity of their content-word counts,
 * and weighted PageRank finds the most central ones. Ties go to the earlier sentence.
 */

const DAMPING = 0.85;
const ITERATIONS = 50;

export type TermCounts = Map<string, number>;

export function termCounts(text: string, stopwords: ReadonlySet<string>): TermCounts {
  const counts: TermCounts = new Map();
  for (const token of wordTokens(text)) {
    if (!stopwords.has(token.norm)) counts.set(token.norm, (counts.get(token.norm) ?? 0) + 1);
  }
  return counts;
}

export function cosine(a: TermCounts, b: TermCounts): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (const [term, count] of a) {
    normA += count * count;
    dot += count * (b.get(term) ?? 0);
  }
  for (const count of b.values()) normB += count * count;
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

/** Centrality score per sentence, in input order. */
export function textRankScores(sentences: readonly Sentence[], stopwords: ReadonlySet<string>): number[] {
  const n = sentences.length;
  if (n === 0) return [];
  const vectors = sentences.map((sentence) => termCounts(sentence.text, stopwords));
  const weights = vectors.map((a, i) => vectors.map((b, j) => (i === j ? 0 : cosine(a, b))));
  const outSums = weights.map((row) => row.reduce((sum, w) => sum + w, 0));
  let scores = new Array<number>(n).fill(1 / n);
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    scores = scores.map((_, i) => {
      let incoming = 0;
      for (let j = 0; j < n; j++) {
        const outSum = outSums[j] ?? 0;
        if (outSum > 0) incoming += ((weights[j]?.[i] ?? 0) / outSum) * (scores[j] ?? 0);
      }
      return (1 - DAMPING) / n + DAMPING * incoming;
    });
  }
  return scores;
}

/** The `count` most central sentences, back in document order. */
export function centralSentences(sentences: readonly Sentence[], stopwords: ReadonlySet<string>, count: number): Sentence[] {
  const scores = textRankScores(sentences, stopwords);
  return sentences
    .map((sentence, index) => ({ sentence, index, score: scores[index] ?? 0 }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, count)
    .sort((a, b) => a.index - b.index)
    .map((entry) => entry.sentence);
}
