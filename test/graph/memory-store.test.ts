import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../graph/stores/memory.js';
import { describeGraphStoreContract } from './store-contract.js';
import { chunkNode, documentNode } from './graph-fixtures.js';

describeGraphStoreContract('memory', async () => createMemoryStore());

describe('memory store', () => {
  it('refuses relationships to nodes it does not hold', async () => {
    const store = createMemoryStore();
    await store.upsertNodes([documentNode('doc_1')]);
    await expect(store.upsertRelationships([{ kind: 'child', source: 'doc_1', target: 'chunk_x' }])).rejects.toThrow(/chunk_x/);
  });

  it('lists meta entries by key for saving', async () => {
    const store = createMemoryStore();
    await store.setMeta('zeta', { a: 1 });
    await store.setMeta('alpha', [1, 2]);
    await store.setMeta('gone', 1);
    await store.setMeta('gone', undefined);
    expect(store.metaEntries()).toEqual([
      ['alpha', [1, 2]],
      ['zeta', { a: 1 }],
    ]);
  });

  it('keeps filtered listings current after writes', async () => {
    const store = createMemoryStore();
    await store.upsertNodes([documentNode('doc_1'), chunkNode('c2', 'doc_1', { status: 'pending' })]);
    expect(await store.nodeIds({ kind: 'chunk', status: 'pending' })).toEqual(['c2']);
    await store.upsertNodes([chunkNode('c1', 'doc_1', { status: 'pending' }), chunkNode('c2', 'doc_1')]);
    expect(await store.nodeIds({ kind: 'chunk', status: 'pending' })).toEqual(['c1']);
    expect(await store.nodeIds({ kind: 'chunk' })).toEqual(['c1', 'c2']);
  });
});
