import { z } from 'zod';
import { createTermTable, normaliseForTerms, tokenBounds } from './terms.js';

/**
 * Okapi BM25 over chunk texts, scoring every chunk for a query (ranks need every score, not
 * a top-k list). Hand-written because the maintained JavaScript libraries do not fit this
 * use: MiniSearch (BM25+ with a per-query coordination boost, so not plain BM25) took 15 s to
 * index 10k synthetic chunks and 264 s to answer 1,000 queries over them, holding a Map
 * per term and an object per hit; ranking asks for the score of every chunk. Here terms get
 * integer ids as the text is scanned (terms.ts) and the index is postings by term in flat
 * typed arrays (CSR: chunk numbers and each posting's tf part), so a query reads only its
 * own terms' postings (bench/retrieval-ranks.ts).
 *
 * Scoring is Lucene's: idf = ln(1 + (N − df + 0.5) / (df + 0.5)),
 * tf part = tf·(k1 + 1) / (tf + k1·(1 − b + b·len/avglen)), summed over the query's
 * distinct terms. Tokens: terms.ts.
 */

export const Bm25Options = z.object({
  k1: z.number().min(0).default(1.2),
  b: z.number().min(0).max(1).default(0.75),
});
export type Bm25Options = z.input<typeof Bm25Options>;

export function bm25Tokens(text: string): string[] {
  const normalised = normaliseForTerms(text);
  const bounds = tokenBounds(normalised);
  const tokens: string[] = [];
  for (let i = 0; i < bounds.length; i += 2) tokens.push(normalised.slice(bounds[i], bounds[i + 1]));
  return tokens;
}

export interface Bm25Index {
  /** Number of indexed texts. */
  readonly size: number;
  /** The BM25 score of every text for `query`, by text number (0 where no query term occurs). */
  scores(query: string): Float64Array;
  /** The idf of one normalised term (terms.ts); a term no text holds gets the highest. */
  idf(term: string): number;
}

/** A growable typed array: postings are counted before the index knows how many there are. */
function growable() {
  let data = new Int32Array(1 << 16);
  let length = 0;
  return {
    push(value: number) {
      if (length === data.length) {
        const bigger = new Int32Array(data.length * 2);
        bigger.set(data);
        data = bigger;
      }
      data[length++] = value;
    },
    view: () => data.subarray(0, length),
    clear() {
      length = 0;
    },
  };
}

export function createBm25Index(texts: readonly string[], options: Bm25Options = {}): Bm25Index {
  const { k1, b } = Bm25Options.parse(options);
  const termIds = createTermTable();
  const documentFrequency = growable();
  // Postings in text order first: (term id, tf) pairs, text by text.
  const pairTerms = growable();
  const pairCounts = growable();
  const pairsEnd = new Int32Array(texts.length);
  const lengths = new Float64Array(texts.length);
  let totalLength = 0;
  // Term frequencies of the current text by term id, and the ids it touched: a typed array
  // instead of a per-text Map (the index used to spend most of its time in Map updates).
  let frequency = new Int32Array(1 << 16);
  const touched = growable();
  for (let doc = 0; doc < texts.length; doc++) {
    const text = normaliseForTerms(texts[doc] as string);
    const bounds = tokenBounds(text);
    touched.clear();
    for (let i = 0; i < bounds.length; i += 2) {
      const known = termIds.size;
      const id = termIds.add(text, bounds[i] as number, bounds[i + 1] as number);
      if (id === known) {
        documentFrequency.push(0);
        if (id === frequency.length) {
          const bigger = new Int32Array(frequency.length * 2);
          bigger.set(frequency);
          frequency = bigger;
        }
      }
      if (frequency[id] === 0) touched.push(id);
      frequency[id] = (frequency[id] as number) + 1;
    }
    lengths[doc] = bounds.length / 2;
    totalLength += bounds.length / 2;
    const df = documentFrequency.view();
    const ids = touched.view();
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      pairTerms.push(id);
      pairCounts.push(frequency[id] as number);
      frequency[id] = 0;
      df[id] = (df[id] as number) + 1;
    }
    pairsEnd[doc] = pairTerms.view().length;
  }

  const n = texts.length;
  const idfOf = (documents: number) => Math.log(1 + (n - documents + 0.5) / (documents + 0.5));
  const averageLength = n > 0 ? totalLength / n : 0;
  // Then regrouped by term (counting sort), the layout a query reads. Each posting keeps its
  // tf part, tf·(k1 + 1) / (tf + k1·(1 − b + b·len/avglen)), so a query multiplies by idf and adds.
  const df = documentFrequency.view();
  const termStart = new Int32Array(df.length + 1);
  for (let id = 0; id < df.length; id++) termStart[id + 1] = (termStart[id] as number) + (df[id] as number);
  const postingDocs = new Int32Array(termStart[df.length] as number);
  const postingWeights = new Float64Array(postingDocs.length);
  const cursor = termStart.slice(0, df.length);
  const terms = pairTerms.view();
  const tfs = pairCounts.view();
  let pair = 0;
  for (let doc = 0; doc < n; doc++) {
    const norm = k1 * (1 - b + (averageLength > 0 ? (b * (lengths[doc] as number)) / averageLength : 0));
    for (; pair < (pairsEnd[doc] as number); pair++) {
      const id = terms[pair] as number;
      const tf = tfs[pair] as number;
      const at = cursor[id] as number;
      postingDocs[at] = doc;
      postingWeights[at] = (tf * (k1 + 1)) / (tf + norm);
      cursor[id] = at + 1;
    }
  }

  return {
    size: n,
    scores(query) {
      const scores = new Float64Array(n);
      const text = normaliseForTerms(query);
      const bounds = tokenBounds(text);
      const seen = new Set<number>();
      for (let i = 0; i < bounds.length; i += 2) seen.add(termIds.id(text, bounds[i] as number, bounds[i + 1] as number));
      seen.delete(-1);
      for (const id of seen) {
        const idf = idfOf(df[id] as number);
        for (let at = termStart[id] as number, end = termStart[id + 1] as number; at < end; at++) {
          const doc = postingDocs[at] as number;
          scores[doc] = (scores[doc] as number) + idf * (postingWeights[at] as number);
        }
      }
      return scores;
    },
    idf(term) {
      const id = termIds.id(term, 0, term.length);
      return idfOf(id === -1 ? 0 : (df[id] as number));
    },
  };
}
