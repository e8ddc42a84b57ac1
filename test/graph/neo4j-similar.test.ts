import { describe, expect, it } from 'vitest';
import { similarPairs } from '../../graph/build/similar.js';
import type { GraphNode } from '../../graph/model.js';
import { neo4jSimilarPairs } from '../../graph/stores/neo4j.js';
import { UsageError } from '../../src/errors.js';
import { createRng } from '../../src/rng.js';
import { useNeo4jDatabase } from '../setup/neo4j-database.js';
import { chunkNode, documentNode } from './graph-fixtures.js';

const database = useNeo4jDatabase();

/**
 * 400 chunks around 12 seeded directions in 24 dimensions (so neighbourhoods are real and
 * scores spread), one zero vector and one chunk without an embedding.
 */
function clusteredChunks(): GraphNode[] {
  const rng = createRng('neo4j-similar');
  const dimension = 24;
  const centres = Array.from({ length: 12 }, () => Array.from({ length: dimension }, () => rng.next() * 2 - 1));
  const nodes: GraphNode[] = [documentNode('doc_1')];
  for (let i = 0; i < 400; i++) {
    const centre = centres[rng.int(centres.length)] as number[];
    const embedding = Float32Array.from(centre, (value) => value + (rng.next() - 0.5) * 0.9);
    nodes.push(chunkNode(`chunk_${String(i).padStart(3, '0')}`, 'doc_1', { ordinal: i, embedding }));
  }
  nodes.push(chunkNode('chunk_zero', 'doc_1', { embedding: new Float32Array(dimension) }));
  nodes.push(chunkNode('chunk_none', 'doc_1', { embedding: null }));
  return nodes;
}

describe('neo4jSimilarPairs', () => {
  it('finds the exact top-k pairs with the vector index', async () => {
    const store = await database.freshStore();
    try {
      const nodes = clusteredChunks();
      await store.upsertNodes(nodes);
      await store.upsertRelationships([{ kind: 'similar', source: 'chunk_000', target: 'chunk_none', score: 1 }]);
      const options = { topK: 5, minScore: 0.3 };
      const result = await neo4jSimilarPairs(store, options);

      const items = nodes.flatMap((node) => (node.kind === 'chunk' && node.embedding ? [{ id: node.id, vector: node.embedding }] : []));
      const exact = similarPairs(items, { ...options, method: 'exact' });
      const found = [];
      for await (const batch of store.scanRelationships({ kind: 'similar' })) found.push(...batch);

      expect(result).toEqual({ chunks: 401, relationships: exact.length });
      expect(exact.length).toBeGreaterThan(1000);
      expect(found.map((r) => `${r.source}-${r.target}`)).toEqual(exact.map((r) => `${r.source}-${r.target}`));
      found.forEach((relationship, i) => {
        expect(relationship.kind === 'similar' && relationship.score).toBeCloseTo((exact[i] as { score: number }).score, 5);
      });
      expect(found.some((r) => r.source === 'chunk_zero' || r.target === 'chunk_zero' || r.target === 'chunk_none')).toBe(false);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('refuses embeddings of another dimension than the index', async () => {
    const store = await database.freshStore();
    try {
      await store.upsertNodes([
        documentNode('doc_1'),
        chunkNode('chunk_a', 'doc_1', { embedding: Float32Array.of(0.1, 0.2, 0.3) }),
        chunkNode('chunk_b', 'doc_1', { embedding: Float32Array.of(0.1, 0.2, 0.3, 0.4) }),
      ]);
      const error = await neo4jSimilarPairs(store).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).message).toBe("1 chunk embeddings do not have the vector index's 3 dimensions");
    } finally {
      await store.close();
    }
  });
});
