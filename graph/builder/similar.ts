import { z } from 'zod';
import { UsageError } from '../../src/errors.js';
import { createRng, type Rng } from '../../src/rng.js';
import type { RelationshipOf } from '../model.js';
import { compareStrings } from '../order.js';
import { approximateKnn } from './knn-approximate.js';
import { type RowHeaps, type UnitRows, createRowHeaps, heapOffer, heapPairs, unitRows } from './knn.js';

/**
 * `similar` relationships: each chunk's `topK` most cosine-similar chunks scoring at least
 * `minScore`, as undirected pairs (a pair is kept when either end ranks the other in its
 * top k). Exact for moderate sizes (blocked, symmetric, one k-heap per row); approximate
 * (random-projection forest + NN-descent, seeded) above `exactMaxItems`.
 */
export const SimilarOptions = z.object({
  /** Bound and default: `similarTopK` and `similarMinScore` of the build (graph/builder/options.ts). */
  topK: z.number().int().min(1),
  minScore: z.number().min(-1).max(1),
  method: z.enum(['auto', 'exact', 'approximate']).default('auto'),
  /** `auto` is exact up to this many items: n²/2 dot products stay within seconds. */
  exactMaxItems: z.number().int().min(0).default(3000),
});
export type SimilarOptions = z.input<typeof SimilarOptions>;
export type SimilarMethod = 'exact' | 'approximate';

/** Rows per block: two blocks of 64 rows × 384 floats fit in L2, so each row is read from cache. */
const BLOCK_ROWS = 64;

function exactKnn(rows: UnitRows, k: number, minScore: number): RowHeaps {
  const heaps = createRowHeaps(rows.rows, k);
  const n = rows.rows;
  for (let blockA = 0; blockA < n; blockA += BLOCK_ROWS) {
    const endA = Math.min(n, blockA + BLOCK_ROWS);
    for (let blockB = blockA; blockB < n; blockB += BLOCK_ROWS) {
      const endB = Math.min(n, blockB + BLOCK_ROWS);
      for (let a = blockA; a < endA; a++) {
        if (!rows.valid[a]) continue;
        for (let b = Math.max(blockB, a + 1); b < endB; b++) {
          if (!rows.valid[b]) continue;
          const score = rows.dot(a, b);
          if (score < minScore) continue;
          heapOffer(heaps, a, b, score);
          heapOffer(heaps, b, a, score);
        }
      }
    }
  }
  return heaps;
}

/** Which method `auto` picks for `n` items. */
export function similarMethod(n: number, options: Pick<SimilarOptions, 'method' | 'exactMaxItems'> = {}): SimilarMethod {
  const { method, exactMaxItems } = SimilarOptions.pick({ method: true, exactMaxItems: true }).parse(options);
  if (method !== 'auto') return method;
  return n <= exactMaxItems ? 'exact' : 'approximate';
}

/**
 * Undirected `similar` relationships with `source < target`, ordered by (source, target).
 * Items with a zero vector get no relationships. Ids must be unique.
 */
export function similarPairs(
  items: readonly { id: string; vector: Float32Array }[],
  options: SimilarOptions & { rng?: Rng },
): RelationshipOf<'similar'>[] {
  const { topK, minScore } = SimilarOptions.parse(options);
  const sorted = [...items].sort((x, y) => compareStrings(x.id, y.id));
  sorted.forEach((item, i) => {
    if (i > 0 && sorted[i - 1]?.id === item.id) throw new UsageError(`similarPairs: duplicate id ${item.id}`);
  });
  const rows = unitRows(sorted.map((item) => item.vector));
  const method = similarMethod(sorted.length, options);
  const heaps =
    method === 'exact'
      ? exactKnn(rows, topK, minScore)
      : approximateKnn(rows, { k: topK, rng: options.rng ?? createRng('ragset/similar') });
  return heapPairs(heaps)
    .filter((pair) => pair.score >= minScore)
    .map((pair) => ({
      kind: 'similar' as const,
      source: (sorted[pair.a] as { id: string }).id,
      target: (sorted[pair.b] as { id: string }).id,
      score: pair.score,
    }));
}
