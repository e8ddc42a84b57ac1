import { describe, expect, it } from 'vitest';
import { zipfKeys } from '../../bench/graph-build-data.js';
import { entityIdf } from '../../graph/builder/entities.js';
import { sharedEntityPairs } from '../../graph/builder/shared.js';
import { createRng } from '../../src/rng.js';

type Chunk = { id: string; keys: string[] };

/** Every pair scored directly; each chunk keeps its best maxPerChunk; the union. */
function bruteForce(chunks: Chunk[], idf: ReadonlyMap<string, number>, minScore: number, maxPerChunk: number) {
  const norm = (keys: string[]) => Math.sqrt(keys.reduce((sum, key) => sum + (idf.get(key) as number) ** 2, 0));
  const pairs = new Map<string, { score: number; entities: string[] }>();
  for (const a of chunks) {
    const ranked = chunks
      .filter((b) => b.id !== a.id)
      .map((b) => {
        const entities = a.keys.filter((key) => b.keys.includes(key)).sort();
        const dot = entities.reduce((sum, key) => sum + (idf.get(key) as number) ** 2, 0);
        return { b, entities, score: dot / (norm(a.keys) * norm(b.keys)) };
      })
      .filter(({ entities, score }) => entities.length > 0 && score >= minScore)
      .sort((x, y) => y.score - x.score || (x.b.id < y.b.id ? -1 : 1))
      .slice(0, maxPerChunk);
    for (const { b, entities, score } of ranked) {
      const [source, target] = a.id < b.id ? [a.id, b.id] : [b.id, a.id];
      pairs.set(`${source}|${target}`, { score, entities });
    }
  }
  return pairs;
}

describe('sharedEntityPairs', () => {
  const rng = createRng('shared');
  const keys = zipfKeys(rng, { count: 300, vocabulary: 400, perItem: 6 });
  const chunks: Chunk[] = keys.map((k, i) => ({ id: `chunk_${String(i).padStart(4, '0')}`, keys: k }));
  const weights = entityIdf(chunks);

  it('equals brute force when no posting list is capped', () => {
    const actual = sharedEntityPairs(chunks, { idf: weights.idf, minScore: 0.15, maxPerChunk: 5, maxDocFrequency: 1000 });
    const expected = bruteForce(chunks, weights.idf, 0.15, 5);
    expect(actual.length).toBeGreaterThan(50);
    expect(actual.map((r) => `${r.source}|${r.target}`)).toEqual([...expected.keys()].sort());
    for (const r of actual) {
      const e = expected.get(`${r.source}|${r.target}`);
      expect(r.score).toBeCloseTo(e?.score as number, 10);
      expect(r.entities).toEqual(e?.entities);
      expect(r.kind).toBe('shares_entities');
    }
  });

  it('skips huge posting lists for pairing but still counts them in scores', () => {
    const boilerplate = Array.from({ length: 40 }, (_, i) => ({ id: `c${String(i).padStart(2, '0')}`, keys: ['copyright notice', `topic ${i}`] }));
    // Two chunks that also share a rare entity.
    boilerplate.push({ id: 'x1', keys: ['copyright notice', 'quantum tunnelling'] }, { id: 'x2', keys: ['copyright notice', 'quantum tunnelling'] });
    const idf = entityIdf(boilerplate).idf;
    const capped = sharedEntityPairs(boilerplate, { idf, minScore: 0, maxPerChunk: 50, maxDocFrequency: 10 });
    expect(capped).toHaveLength(1);
    expect(capped[0]).toMatchObject({ source: 'x1', target: 'x2', entities: ['copyright notice', 'quantum tunnelling'] });
    expect(capped[0]?.score).toBeCloseTo(1, 12);
    // Uncapped, the boilerplate entity links every chunk to its best partners.
    const uncapped = sharedEntityPairs(boilerplate, { idf, minScore: 0, maxPerChunk: 50, maxDocFrequency: 100 });
    expect(uncapped.length).toBeGreaterThan(100);
  });

  it('bounds how many partners each chunk proposes', () => {
    const star = Array.from({ length: 30 }, (_, i) => ({ id: `s${String(i).padStart(2, '0')}`, keys: ['ospf'] }));
    const pairs = sharedEntityPairs(star, { minScore: 0, maxPerChunk: 2 });
    // Every chunk proposes its two lowest-id partners (all scores tie): s00, s01 (or s02 for them).
    expect(pairs.every((p) => ['s00', 's01', 's02'].includes(p.source))).toBe(true);
    const degree = new Map<string, number>();
    for (const p of pairs) for (const end of [p.source, p.target]) degree.set(end, (degree.get(end) ?? 0) + 1);
    expect(Math.max(...[...degree.entries()].filter(([k]) => !['s00', 's01', 's02'].includes(k)).map(([, d]) => d))).toBeLessThanOrEqual(2);
  });

  it('is independent of input order and ignores empty and repeated keys', () => {
    const small = [
      { id: 'b', keys: ['raft', 'paxos', 'raft', ''] },
      { id: 'a', keys: ['paxos', 'zookeeper'] },
      { id: 'c', keys: ['etcd'] },
    ];
    const forward = sharedEntityPairs(small, { minScore: 0, maxPerChunk: 10 });
    expect(forward).toEqual(sharedEntityPairs([...small].reverse(), { minScore: 0, maxPerChunk: 10 }));
    expect(forward.map((p) => [p.source, p.target, p.entities])).toEqual([['a', 'b', ['paxos']]]);
    expect(sharedEntityPairs([], { minScore: 0, maxPerChunk: 10 })).toEqual([]);
  });
});
