import { z } from 'zod';

/**
 * Okapi BM25 over chunk texts, scoring every chunk for a query (ranks need every score, not
 * a top-k list). Hand-written because the maintained JavaScript libraries do not fit this
 * use: MiniSearch (BM25+ with a per-query coordination boost, so not plain BM25) took 15 s to
 * index 10k synthetic chunks and 264 s to answer 1,000 queries over them, holding a Map
 * per term and an object per hit; ranking asks for the score of every chunk. Here the
 * index is two passes into flat typed arrays (postings by term: chunk numbers and term
 * frequencies), so 100k chunks stay within a few hundred MB (bench/retrieval-ranks.ts).
 *
 * Scoring is Lucene's: idf = ln(1 + (N − df + 0.5) / (df + 0.5)),
 * tf part = tf·(k1 + 1) / (tf + k1·(1 − b + b·len/avglen)), summed over the query's
 * distinct terms. Tokens are NFKC lower-cased runs of letters and digits; each Han or kana
 * character is a token of its own (those scripts have no spaces between words).
 */

export const Bm25Options = z.object({
  k1: z.number().min(0).default(1.2),
  b: z.number().min(0).max(1).default(0.75),
});
export type Bm25Options = z.input<typeof Bm25Options>;

const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}]+/gu;

export function bm25Tokens(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(TOKEN) ?? [];
}

export interface Bm25Index {
  /** Number of indexed texts. */
  readonly size: number;
  /** The BM25 score of every text for `query`, by text number (0 where no query term occurs). */
  scores(query: string): Float64Array;
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
  };
}

export function createBm25Index(texts: readonly string[], options: Bm25Options = {}): Bm25Index {
  const { k1, b } = Bm25Options.parse(options);
  const termIds = new Map<string, number>();
  const documentFrequency = growable();
  // Postings in text order first: (term id, tf) pairs, text by text.
  const pairTerms = growable();
  const pairCounts = growable();
  const pairsEnd = new Int32Array(texts.length);
  const lengths = new Float64Array(texts.length);
  let totalLength = 0;
  const counts = new Map<number, number>();
  texts.forEach((text, doc) => {
    const tokens = bm25Tokens(text);
    lengths[doc] = tokens.length;
    totalLength += tokens.length;
    counts.clear();
    for (const token of tokens) {
      let id = termIds.get(token);
      if (id === undefined) {
        id = termIds.size;
        termIds.set(token, id);
        documentFrequency.push(0);
      }
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const df = documentFrequency.view();
    for (const [id, count] of counts) {
      pairTerms.push(id);
      pairCounts.push(count);
      df[id] = (df[id] as number) + 1;
    }
    pairsEnd[doc] = pairTerms.view().length;
  });

  // Then regrouped by term (counting sort), the layout a query reads.
  const df = documentFrequency.view();
  const termStart = new Int32Array(df.length + 1);
  for (let id = 0; id < df.length; id++) termStart[id + 1] = (termStart[id] as number) + (df[id] as number);
  const postingDocs = new Int32Array(termStart[df.length] as number);
  const postingCounts = new Float32Array(postingDocs.length);
  const cursor = termStart.slice(0, df.length);
  const terms = pairTerms.view();
  const tfs = pairCounts.view();
  let pair = 0;
  for (let doc = 0; doc < texts.length; doc++) {
    for (; pair < (pairsEnd[doc] as number); pair++) {
      const id = terms[pair] as number;
      const at = cursor[id] as number;
      postingDocs[at] = doc;
      postingCounts[at] = tfs[pair] as number;
      cursor[id] = at + 1;
    }
  }

  const averageLength = texts.length > 0 ? totalLength / texts.length : 0;
  // k1·(1 − b + b·len/avglen) per text, computed once.
  const norms = lengths.map((length) => k1 * (1 - b + (averageLength > 0 ? (b * length) / averageLength : 0)));
  const n = texts.length;

  return {
    size: n,
    scores(query) {
      const scores = new Float64Array(n);
      for (const token of new Set(bm25Tokens(query))) {
        const id = termIds.get(token);
        if (id === undefined) continue;
        const frequency = df[id] as number;
        const idf = Math.log(1 + (n - frequency + 0.5) / (frequency + 0.5));
        for (let at = termStart[id] as number, end = termStart[id + 1] as number; at < end; at++) {
          const doc = postingDocs[at] as number;
          const tf = postingCounts[at] as number;
          scores[doc] = (scores[doc] as number) + (idf * tf * (k1 + 1)) / (tf + (norms[doc] as number));
        }
      }
      return scores;
    },
  };
}
