import { describe, expect, it } from 'vitest';
import { useNeo4jDatabase } from '../setup/neo4j-database.js';
import { chunkNode, documentNode } from './graph-fixtures.js';
import { describeGraphStoreContract } from './store-contract.js';

const database = useNeo4jDatabase();

describeGraphStoreContract('neo4j', () => database.freshStore());

describe('neo4j store', () => {
  it('links nodes of any kinds, not only the ends builders use', async () => {
    const store = await database.freshStore();
    try {
      await store.upsertNodes([documentNode('doc_1'), documentNode('doc_2'), chunkNode('chunk_a', 'doc_1'), chunkNode('chunk_b', 'doc_2')]);
      await store.upsertRelationships([
        { kind: 'next', source: 'doc_1', target: 'doc_2' },
        { kind: 'similar', source: 'doc_2', target: 'chunk_a', score: 0.8 },
        { kind: 'similar', source: 'chunk_b', target: 'chunk_a', score: 0.9 },
        { kind: 'child', source: 'chunk_a', target: 'chunk_b' },
      ]);
      const similar = [];
      for await (const batch of store.scanRelationships({ kind: 'similar' }, 1)) similar.push(...batch);
      expect(similar).toEqual([
        { kind: 'similar', source: 'chunk_a', target: 'chunk_b', score: 0.9 },
        { kind: 'similar', source: 'chunk_a', target: 'doc_2', score: 0.8 },
      ]);
      expect((await store.neighbours('doc_2')).map((n) => `${n.relationship.kind}:${n.nodeId}`)).toEqual(['next:doc_1', 'similar:chunk_a']);
      expect(await store.paths('doc_1', { hops: 3, kinds: ['next', 'similar', 'child'] })).toEqual([['doc_1', 'doc_2', 'chunk_a', 'chunk_b']]);
    } finally {
      await store.close();
    }
  });
});
