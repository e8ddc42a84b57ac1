import { describe, expect, it } from 'vitest';
import { clusteredVectors, cosine, gaussian } from '../../bench/graph-build-data.js';
import { similarMethod, similarPairs } from '../../graph/builder/similar.js';
import { createRng } from '../../src/rng.js';
import { RagsetError } from '../../src/errors.js';

const id = (i: number) => `chunk_${String(i).padStart(5, '0')}`;

/** All pairs, each row's top k (score desc, id asc) at or above minScore, union as pairs. */
function bruteForce(vectors: Float32Array[], topK: number, minScore: number): Map<string, number> {
  const pairs = new Map<string, number>();
  vectors.forEach((a, i) => {
    const ranked = vectors
      .map((b, j) => ({ j, score: cosine(a, b) }))
      .filter(({ j, score }) => j !== i && score >= minScore)
      .sort((x, y) => y.score - x.score || x.j - y.j)
      .slice(0, topK);
    for (const { j, score } of ranked) pairs.set(`${id(Math.min(i, j))}|${id(Math.max(i, j))}`, score);
  });
  return pairs;
}

const items = (vectors: Float32Array[]) => vectors.map((vector, i) => ({ id: id(i), vector }));

describe('similarPairs', () => {
  it('exact equals brute force on random vectors', () => {
    const rng = createRng('similar-exact');
    // 150 rows: more than two 64-row blocks, so cross-block pairs are covered.
    const vectors = Array.from({ length: 150 }, () => Float32Array.from({ length: 24 }, () => gaussian(rng)));
    const expected = bruteForce(vectors, 5, 0.1);
    const actual = similarPairs(items(vectors), { topK: 5, minScore: 0.1, method: 'exact' });
    expect(actual.map((r) => `${r.source}|${r.target}`)).toEqual([...expected.keys()].sort());
    for (const relationship of actual) {
      expect(relationship.kind).toBe('similar');
      expect(relationship.source < relationship.target).toBe(true);
      expect(relationship.score).toBeCloseTo(expected.get(`${relationship.source}|${relationship.target}`) as number, 5);
    }
  });

  it('approximate reaches recall@k ≥ 0.9 on clustered data', () => {
    const rng = createRng('similar-approximate');
    const vectors = clusteredVectors(rng, { count: 2000, dim: 64, clusters: 20 });
    const topK = 10;
    const exact = similarPairs(items(vectors), { topK, minScore: -1, method: 'exact' });
    const approximate = similarPairs(items(vectors), { topK, minScore: -1, method: 'approximate', rng: createRng(7) });
    // Per row: how many of its true top-k neighbours the approximate graph links it to.
    const neighbours = (pairs: typeof exact) => {
      const byRow = new Map<string, Set<string>>();
      for (const { source, target } of pairs) {
        byRow.set(source, (byRow.get(source) ?? new Set()).add(target));
        byRow.set(target, (byRow.get(target) ?? new Set()).add(source));
      }
      return byRow;
    };
    const found = neighbours(approximate);
    const truth = bruteForce(vectors, topK, -1);
    let hits = 0;
    for (const key of truth.keys()) {
      const [a, b] = key.split('|') as [string, string];
      if (found.get(a)?.has(b)) hits++;
    }
    expect(hits / truth.size).toBeGreaterThanOrEqual(0.9);
    expect(exact.length).toBe(truth.size);
  });

  it('approximate is deterministic for a seed', () => {
    const vectors = clusteredVectors(createRng('det'), { count: 400, dim: 32, clusters: 4 });
    const run = () => similarPairs(items(vectors), { topK: 4, minScore: 0.5, method: 'approximate', rng: createRng(3) });
    expect(run()).toEqual(run());
  });

  it('keeps only pairs at or above minScore, with no self or duplicate pairs', () => {
    const vectors = clusteredVectors(createRng('min'), { count: 300, dim: 16, clusters: 3 });
    const pairs = similarPairs(items(vectors), { topK: 8, minScore: 0.9, method: 'exact' });
    expect(pairs.length).toBeGreaterThan(0);
    expect(pairs.every((p) => p.score >= 0.9 && p.source < p.target)).toBe(true);
    expect(new Set(pairs.map((p) => `${p.source}|${p.target}`)).size).toBe(pairs.length);
  });

  it('gives zero vectors no relationships and sorts by (source, target) whatever the input order', () => {
    const vectors = [
      Float32Array.of(1, 0, 0),
      Float32Array.of(0.9, 0.1, 0),
      Float32Array.of(0, 0, 0),
      Float32Array.of(0.8, 0.2, 0.1),
    ];
    const shuffled = items(vectors).reverse();
    const pairs = similarPairs(shuffled, { topK: 3, minScore: -1 });
    expect(pairs.map((p) => `${p.source}|${p.target}`)).toEqual([
      `${id(0)}|${id(1)}`,
      `${id(0)}|${id(3)}`,
      `${id(1)}|${id(3)}`,
    ]);
  });

  it('rejects mixed dimensions and duplicate ids with a usage error', () => {
    expect(() => similarPairs([{ id: 'a', vector: Float32Array.of(1, 0) }, { id: 'b', vector: Float32Array.of(1, 0, 0) }], { topK: 5, minScore: 0 })).toThrow(RagsetError);
    expect(() => similarPairs([{ id: 'a', vector: Float32Array.of(1, 0) }, { id: 'a', vector: Float32Array.of(0, 1) }], { topK: 5, minScore: 0 })).toThrow(/duplicate id/);
  });

  it('picks exact for moderate sizes and approximate beyond', () => {
    expect(similarMethod(1000)).toBe('exact');
    expect(similarMethod(100_000)).toBe('approximate');
    expect(similarMethod(100_000, { method: 'exact' })).toBe('exact');
    expect(similarPairs([], { topK: 5, minScore: 0 })).toEqual([]);
  });
});
