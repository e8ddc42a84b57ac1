import { describe, expect, it } from 'vitest';
import type { ChunkNode, GraphNode, Relationship } from '../../graph/model.js';
import type { GraphStore } from '../../graph/store.js';
import { chunkNode, sampleNodes, sampleRelationships } from './graph-fixtures.js';

/**
 * The behaviour every GraphStore shares (graph/store.ts). Each store's test file calls
 * `describeGraphStoreContract(name, makeStore)`; `makeStore` returns an empty store.
 */
export function describeGraphStoreContract(name: string, makeStore: () => Promise<GraphStore>): void {
  /** A fresh store with the sample graph, closed after the test body. */
  async function withGraph(body: (store: GraphStore) => Promise<void>, seed = true): Promise<void> {
    const store = await makeStore();
    try {
      if (seed) {
        await store.upsertNodes(sampleNodes());
        await store.upsertRelationships(sampleRelationships());
      }
      await body(store);
    } finally {
      await store.close();
    }
  }

  const collect = async <T>(iterable: AsyncIterable<T[]>) => {
    const batches: T[][] = [];
    for await (const batch of iterable) batches.push(batch);
    return batches;
  };
  const bytes = (vector: Float32Array | null | undefined) => (vector ? [...new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength)] : vector);
  const asChunk = (node: GraphNode | undefined) => node as ChunkNode;

  describe(`GraphStore contract: ${name}`, () => {
    it('upserts idempotently and replaces by id', async () => {
      await withGraph(async (store) => {
        await store.upsertNodes(sampleNodes());
        await store.upsertRelationships(sampleRelationships());
        expect(await store.counts()).toEqual({
          nodes: { document: 2, chunk: 6 },
          relationships: { child: 6, next: 4, similar: 3, shares_entities: 1 },
        });
        await store.upsertNodes([chunkNode('chunk_f', 'doc_2', { status: 'extracted', summary: 'Wi-Fi release notes' })]);
        await store.upsertRelationships([{ kind: 'similar', source: 'chunk_a', target: 'chunk_b', score: 0.5 }]);
        expect(asChunk(await store.getNode('chunk_f'))).toMatchObject({ status: 'extracted', summary: 'Wi-Fi release notes' });
        expect(await store.countNodes({ kind: 'chunk' })).toBe(6);
        const similar = (await collect(store.scanRelationships({ kind: 'similar' }))).flat();
        expect(similar.find((r) => r.target === 'chunk_b')).toMatchObject({ score: 0.5 });
        expect(similar).toHaveLength(3);
      });
    });

    it('stores an undirected relationship once, with source < target', async () => {
      await withGraph(async (store) => {
        await store.upsertRelationships([{ kind: 'similar', source: 'chunk_e', target: 'chunk_a', score: 0.7 }]);
        await store.upsertRelationships([{ kind: 'similar', source: 'chunk_a', target: 'chunk_e', score: 0.71 }]);
        const similar = (await collect(store.scanRelationships({ kind: 'similar' }))).flat();
        expect(similar.filter((r) => r.source === 'chunk_a' && r.target === 'chunk_e')).toEqual([
          { kind: 'similar', source: 'chunk_a', target: 'chunk_e', score: 0.71 },
        ]);
        expect(await store.countRelationships({ kind: 'similar' })).toBe(4);
      });
    });

    it('gets nodes by id in the order asked, leaving unknown ids out', async () => {
      await withGraph(async (store) => {
        expect(await store.getNode('nope')).toBeUndefined();
        const nodes = await store.getNodes(['chunk_e', 'nope', 'doc_1', 'chunk_a']);
        expect(nodes.map((node) => node.id)).toEqual(['chunk_e', 'doc_1', 'chunk_a']);
        expect(await store.getNodes([])).toEqual([]);
      });
    });

    it('filters nodes by kind, status and document, ids ascending', async () => {
      await withGraph(async (store) => {
        expect(await store.nodeIds({ kind: 'document' })).toEqual(['doc_1', 'doc_2']);
        expect(await store.nodeIds({ kind: 'chunk' })).toEqual(['chunk_a', 'chunk_b', 'chunk_c', 'chunk_d', 'chunk_e', 'chunk_f']);
        expect(await store.nodeIds({ kind: 'chunk', status: 'extracted' })).toEqual(['chunk_a', 'chunk_b', 'chunk_d', 'chunk_e']);
        expect(await store.nodeIds({ kind: 'chunk', status: 'failed' })).toEqual(['chunk_c']);
        expect(await store.nodeIds({ kind: 'chunk', documentId: 'doc_2' })).toEqual(['chunk_d', 'chunk_e', 'chunk_f']);
        expect(await store.nodeIds({ kind: 'chunk', documentId: 'doc_2', status: 'pending' })).toEqual(['chunk_f']);
        expect(await store.countNodes({ kind: 'chunk', status: 'extracted' })).toBe(4);
        expect(await store.countNodes({ kind: 'chunk', documentId: 'doc_9' })).toBe(0);
      });
    });

    it('pages through ids with offset and limit', async () => {
      await withGraph(async (store) => {
        expect(await store.nodeIds({ kind: 'chunk' }, { limit: 2 })).toEqual(['chunk_a', 'chunk_b']);
        expect(await store.nodeIds({ kind: 'chunk' }, { offset: 2, limit: 3 })).toEqual(['chunk_c', 'chunk_d', 'chunk_e']);
        expect(await store.nodeIds({ kind: 'chunk' }, { offset: 5 })).toEqual(['chunk_f']);
        expect(await store.nodeIds({ kind: 'chunk' }, { offset: 9, limit: 3 })).toEqual([]);
      });
    });

    it('scans nodes in id order, a batch at a time', async () => {
      await withGraph(async (store) => {
        const batches = await collect(store.scanNodes({ kind: 'chunk' }, 4));
        expect(batches.map((batch) => batch.map((node) => node.id))).toEqual([
          ['chunk_a', 'chunk_b', 'chunk_c', 'chunk_d'],
          ['chunk_e', 'chunk_f'],
        ]);
        const extracted = (await collect(store.scanNodes({ kind: 'chunk', status: 'extracted' }))).flat();
        expect(extracted.map((node) => node.id)).toEqual(['chunk_a', 'chunk_b', 'chunk_d', 'chunk_e']);
      });
    });

    it('counts and scans relationships by kind and minScore, ordered by (source, target)', async () => {
      await withGraph(async (store) => {
        expect(await store.countRelationships({ kind: 'similar' })).toBe(3);
        expect(await store.countRelationships({ kind: 'similar', minScore: 0.8 })).toBe(2);
        expect(await store.countRelationships({ kind: 'next', minScore: 0.99 })).toBe(4);
        const batches = await collect(store.scanRelationships({ kind: 'similar' }, 2));
        expect(batches.map((batch) => batch.map((r) => `${r.source}-${r.target}`))).toEqual([
          ['chunk_a-chunk_b', 'chunk_b-chunk_d'],
          ['chunk_d-chunk_e'],
        ]);
        const strong = (await collect(store.scanRelationships({ kind: 'similar', minScore: 0.8 }))).flat();
        expect(strong.map((r) => r.target)).toEqual(['chunk_b', 'chunk_e']);
        expect((await collect(store.scanRelationships({ kind: 'shares_entities' }))).flat()).toEqual([
          { kind: 'shares_entities', source: 'chunk_a', target: 'chunk_b', score: 0.4, entities: ['router'] },
        ]);
      });
    });

    it('lists neighbours in both directions ordered by (kind, other id)', async () => {
      await withGraph(async (store) => {
        const all = await store.neighbours('chunk_b');
        expect(all.map((n) => `${n.relationship.kind}:${n.nodeId}`)).toEqual([
          'child:doc_1',
          'next:chunk_a',
          'next:chunk_c',
          'shares_entities:chunk_a',
          'similar:chunk_a',
          'similar:chunk_d',
        ]);
        expect(all[1]?.relationship).toEqual({ kind: 'next', source: 'chunk_a', target: 'chunk_b' });
        const similar = await store.neighbours('chunk_b', { kinds: ['similar'], minScore: 0.6 });
        expect(similar.map((n) => n.nodeId)).toEqual(['chunk_a']);
        const mixed = await store.neighbours('chunk_b', { kinds: ['next', 'similar'], minScore: 0.6 });
        expect(mixed.map((n) => `${n.relationship.kind}:${n.nodeId}`)).toEqual(['next:chunk_a', 'next:chunk_c', 'similar:chunk_a']);
        expect(await store.neighbours('nope')).toEqual([]);
      });
    });

    it('finds simple paths of k hops in lexicographic order, up to a limit', async () => {
      await withGraph(async (store) => {
        const kinds = ['child', 'next', 'similar'] as const;
        const expected = [
          ['chunk_a', 'chunk_b', 'chunk_c'],
          ['chunk_a', 'chunk_b', 'chunk_d'],
          ['chunk_a', 'chunk_b', 'doc_1'],
          ['chunk_a', 'doc_1', 'chunk_b'],
          ['chunk_a', 'doc_1', 'chunk_c'],
        ];
        expect(await store.paths('chunk_a', { hops: 2, kinds })).toEqual(expected);
        expect(await store.paths('chunk_a', { hops: 2, kinds, limit: 4 })).toEqual(expected.slice(0, 4));
        expect(await store.paths('chunk_b', { hops: 1, kinds: ['next', 'similar'] })).toEqual([
          ['chunk_b', 'chunk_a'],
          ['chunk_b', 'chunk_c'],
          ['chunk_b', 'chunk_d'],
        ]);
        expect(await store.paths('chunk_b', { hops: 1, kinds: ['similar'], minScore: 0.6 })).toEqual([['chunk_b', 'chunk_a']]);
        expect(await store.paths('chunk_a', { hops: 3, kinds: ['similar', 'shares_entities'] })).toEqual([
          ['chunk_a', 'chunk_b', 'chunk_d', 'chunk_e'],
        ]);
        // chunk_a and chunk_b are the only nodes linked by shares_entities: no 2-hop simple path.
        expect(await store.paths('chunk_a', { hops: 2, kinds: ['shares_entities'] })).toEqual([]);
        expect(await store.paths('nope', { hops: 1, kinds })).toEqual([]);
        for (const path of await store.paths('doc_2', { hops: 3, kinds })) expect(new Set(path).size).toBe(4);
      });
    });

    it('reports counts of every kind, zeros included', async () => {
      await withGraph(async (store) => {
        expect(await store.counts()).toEqual({
          nodes: { document: 0, chunk: 0 },
          relationships: { child: 0, next: 0, similar: 0, shares_entities: 0 },
        });
      }, false);
    });

    it('stores JSON meta by key', async () => {
      await withGraph(async (store) => {
        expect(await store.getMeta('build')).toBeUndefined();
        const value = { model: 'text-embedding-3-small', topK: 10, tags: ['東京', '🚀'], nested: { ok: true } };
        await store.setMeta('build', value);
        value.topK = 99;
        expect(await store.getMeta('build')).toEqual({ model: 'text-embedding-3-small', topK: 10, tags: ['東京', '🚀'], nested: { ok: true } });
        await store.setMeta('build', 3);
        expect(await store.getMeta<number>('build')).toBe(3);
      });
    });

    it('deletes every relationship of one kind', async () => {
      await withGraph(async (store) => {
        await store.deleteRelationships('similar');
        expect(await store.countRelationships({ kind: 'similar' })).toBe(0);
        expect(await store.countRelationships({ kind: 'next' })).toBe(4);
        expect((await store.neighbours('chunk_b', { kinds: ['similar'] })).length).toBe(0);
        await store.upsertRelationships([{ kind: 'similar', source: 'chunk_a', target: 'chunk_b', score: 0.9 }]);
        expect(await store.countRelationships({ kind: 'similar' })).toBe(1);
      });
    });

    it('replaces every relationship of one kind, a repeated pair once with the last one given', async () => {
      await withGraph(async (store) => {
        await store.replaceRelationships('similar', [
          { kind: 'similar', source: 'chunk_e', target: 'chunk_a', score: 0.6 },
          { kind: 'similar', source: 'chunk_c', target: 'chunk_b', score: 0.7 },
          { kind: 'similar', source: 'chunk_a', target: 'chunk_e', score: 0.65 },
        ]);
        expect((await collect(store.scanRelationships({ kind: 'similar' }))).flat()).toEqual([
          { kind: 'similar', source: 'chunk_a', target: 'chunk_e', score: 0.65 },
          { kind: 'similar', source: 'chunk_b', target: 'chunk_c', score: 0.7 },
        ]);
        expect(await store.countRelationships({ kind: 'next' })).toBe(4);
        await store.replaceRelationships('similar', []);
        expect(await store.countRelationships({ kind: 'similar' })).toBe(0);
        await expect(store.replaceRelationships('next', [{ kind: 'child', source: 'doc_1', target: 'chunk_a' }])).rejects.toThrow(/replacing next/);
        await expect(store.replaceRelationships('next', [{ kind: 'next', source: 'chunk_a', target: 'chunk_x' }])).rejects.toThrow(/chunk_x/);
      });
    });

    it('deletes nodes with the relationships touching them', async () => {
      await withGraph(async (store) => {
        await store.deleteNodes(['chunk_b', 'nope']);
        expect(await store.getNode('chunk_b')).toBeUndefined();
        expect(await store.nodeIds({ kind: 'chunk', documentId: 'doc_1' })).toEqual(['chunk_a', 'chunk_c']);
        expect(await store.counts()).toEqual({
          nodes: { document: 2, chunk: 5 },
          relationships: { child: 5, next: 2, similar: 1, shares_entities: 0 },
        });
        expect(await store.neighbours('chunk_a')).toEqual([
          { nodeId: 'doc_1', relationship: { kind: 'child', source: 'doc_1', target: 'chunk_a' } },
        ]);
      });
    });

    it('keeps Float32Array embeddings bit-exact', async () => {
      await withGraph(async (store) => {
        const [original] = sampleNodes().filter((node) => node.id === 'chunk_a') as ChunkNode[];
        const stored = asChunk(await store.getNode('chunk_a'));
        expect(stored.embedding).toBeInstanceOf(Float32Array);
        expect(bytes(stored.embedding)).toEqual(bytes(original?.embedding));
        expect(stored.summaryEmbedding).toBeNull();
        // A view into a larger buffer is stored as just its own values.
        const batch = new Float32Array([9, 8, 0.25, -1.5, 7]);
        await store.upsertNodes([chunkNode('chunk_view', 'doc_1', { embedding: batch.subarray(2, 4) })]);
        expect([...(asChunk(await store.getNode('chunk_view')).embedding as Float32Array)]).toEqual([0.25, -1.5]);
      });
    });

    it('keeps non-ASCII text, titles, metadata and entities intact', async () => {
      await withGraph(async (store) => {
        const expected = sampleNodes();
        const stored = await store.getNodes(expected.map((node) => node.id));
        expect(stored).toEqual(expected);
        expect(await store.getNode('doc_2')).toMatchObject({
          title: '世界の都市 — مدن العالم 🌍',
          metadata: { language: 'multi', tags: ['東京', 'القاهرة'] },
        });
      });
    });

    it('never shares objects with its callers', async () => {
      await withGraph(async (store) => {
        const node = asChunk(await store.getNode('chunk_a'));
        node.entities.push({ name: 'x', type: 'y', key: 'x' });
        (node.embedding as Float32Array)[0] = 42;
        const again = asChunk(await store.getNode('chunk_a'));
        expect(again.entities).toHaveLength(2);
        expect(again.embedding?.[0]).toBeCloseTo(0.1, 6);
        const [relationship] = (await collect(store.scanRelationships({ kind: 'shares_entities' }))).flat() as Relationship[];
        if (relationship?.kind === 'shares_entities') relationship.entities.push('changed');
        expect((await store.neighbours('chunk_a', { kinds: ['shares_entities'] }))[0]?.relationship).toMatchObject({ entities: ['router'] });
      });
    });
  });
}
