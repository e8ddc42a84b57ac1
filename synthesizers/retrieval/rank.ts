import { unitRows, type UnitRows } from '../../graph/builder/knn.js';
import { UsageError } from '../../src/errors.js';

/**
 * Ranks of reference chunks among every chunk of the graph. A rank is pessimistic on ties:
 * 1 + the number of other chunks scoring at least as high, so a chunk that shares its
 * score with nine others is ranked behind all of them (a retriever cutting at top-k may
 * drop it), and a reference chunk with no query term at all ranks last.
 */
export function rankOf(scores: ArrayLike<number>, target: number): number {
  const own = scores[target] as number;
  let rank = 1;
  for (let i = 0; i < scores.length; i++) if (i !== target && (scores[i] as number) >= own) rank++;
  return rank;
}

/** Unit-normalised chunk embeddings for cosine scoring; chunks without an embedding score lowest. */
export interface DenseIndex {
  readonly size: number;
  /** Cosine of `query` with every chunk, by chunk number (−∞ for chunks without an embedding). */
  scores(query: Float32Array): Float64Array;
}

export function createDenseIndex(vectors: readonly (Float32Array | null)[]): DenseIndex {
  const dim = vectors.find((vector) => vector !== null)?.length ?? 0;
  const rows: UnitRows = unitRows(vectors.map((vector) => vector ?? new Float32Array(dim)));
  return {
    size: vectors.length,
    scores(query) {
      // A graph without any embedding (one another tool made without them) ranks nothing densely.
      if (dim === 0) return new Float64Array(vectors.length).fill(Number.NEGATIVE_INFINITY);
      if (query.length !== dim) {
        throw new UsageError(
          `questions embed to ${query.length} dimensions but the graph's chunk embeddings have ${dim}: a different embedding model built the graph`,
          'pass the --embedding-model the graph was built with, or rebuild the graph',
        );
      }
      let norm = 0;
      for (let k = 0; k < dim; k++) norm += (query[k] as number) ** 2;
      norm = Math.sqrt(norm);
      const offset = rows.scratch * rows.stride;
      rows.data.fill(0, offset, offset + rows.stride);
      if (norm > 0) for (let k = 0; k < dim; k++) rows.data[offset + k] = (query[k] as number) / norm;
      const scores = new Float64Array(rows.rows);
      for (let row = 0; row < rows.rows; row++) scores[row] = rows.valid[row] ? rows.dot(rows.scratch, row) : -Infinity;
      return scores;
    },
  };
}

/**
 * The `k` best-scoring chunk numbers, best first (ties: lower chunk number first); chunks
 * scoring 0 or less under BM25, or −∞ (no embedding), are not retrieved at all.
 */
export function topK(scores: Float64Array, k: number, floor: number): number[] {
  const best: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i] as number;
    if (score <= floor) continue;
    if (best.length === k && score <= (scores[best[k - 1] as number] as number)) continue;
    let at = best.length === k ? k - 1 : best.length;
    while (at > 0 && (scores[best[at - 1] as number] as number) < score) at--;
    best.splice(at, 0, i);
    if (best.length > k) best.pop();
  }
  return best;
}
