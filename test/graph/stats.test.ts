import { describe, expect, it } from 'vitest';
import { graphStats, summariseDegrees } from '../../graph/stats.js';
import { createMemoryStore } from '../../graph/stores/memory.js';
import { chunkNode, documentNode, sampleNodes, sampleRelationships } from './graph-fixtures.js';

describe('graphStats', () => {
  it('summarises the sample graph', async () => {
    const store = createMemoryStore();
    await store.upsertNodes(sampleNodes());
    await store.upsertRelationships(sampleRelationships());
    const stats = await graphStats(store, { topEntities: 3 });
    expect(stats.nodes).toEqual({ document: 2, chunk: 6 });
    expect(stats.relationships).toEqual({ child: 6, next: 4, similar: 3, shares_entities: 1 });
    expect(stats.chunks).toEqual({ total: 6, extracted: 4, pending: 1, failed: 1 });
    // a–b–d–e are linked by similar/shares_entities; c and f stand alone.
    expect(stats.isolatedChunks).toBe(2);
    expect(stats.components).toEqual({ count: 3, largest: 4 });
    const similar = stats.degrees.find((d) => d.kind === 'similar');
    expect(similar).toEqual({
      kind: 'similar',
      min: 0,
      median: 1,
      p90: 2,
      max: 2,
      mean: 1,
      histogram: [
        { bucket: '0', chunks: 2 },
        { bucket: '1', chunks: 2 },
        { bucket: '2', chunks: 2 },
      ],
    });
    expect(stats.degrees.find((d) => d.kind === 'child')).toMatchObject({ min: 1, max: 1 });
    expect(stats.topEntities).toEqual([
      { key: 'router', name: 'router', chunks: 2 },
      { key: 'border gateway protocol', name: 'Border Gateway Protocol', chunks: 1 },
      { key: 'ospf', name: 'OSPF', chunks: 1 },
    ]);
  });

  it('lists navigation words, option letters and entities in too many chunks apart from the top entities, marked', async () => {
    // 40 chunks of a manual: every one has the navigation table's "Index" and the word "file"; some name `-L`.
    const entity = (name: string) => ({ name, type: 'concept', key: name.toLowerCase() });
    const chunks = Array.from({ length: 40 }, (_, i) =>
      chunkNode(`chunk_${String(i).padStart(2, '0')}`, 'doc_1', {
        ordinal: i,
        entities: [
          entity('Index'),
          entity('file'),
          ...(i % 3 === 0 ? [entity('-L')] : []),
          ...(i < 2 ? [entity('Globbing')] : []),
          entity(`topic ${i}`),
        ],
      }),
    );
    const store = createMemoryStore();
    await store.upsertNodes([documentNode('doc_1'), ...chunks]);
    const stats = await graphStats(store, { topEntities: 3 });
    expect(stats.topEntities).toEqual([
      { key: 'globbing', name: 'Globbing', chunks: 2 },
      { key: 'topic 0', name: 'topic 0', chunks: 1 },
      { key: 'topic 1', name: 'topic 1', chunks: 1 },
    ]);
    expect(stats.setAsideEntities).toEqual([
      { key: 'file', name: 'file', chunks: 40, rule: 'frequent' },
      { key: 'index', name: 'Index', chunks: 40, rule: 'navigation' },
      { key: '-l', name: '-L', chunks: 14, rule: 'non_content' },
    ]);
    expect(stats.setAsideByRule).toEqual({ non_content: 1, navigation: 1, frequent: 1 });
  });

  it('handles an empty graph', async () => {
    const stats = await graphStats(createMemoryStore());
    expect(stats.chunks.total).toBe(0);
    expect(stats.components).toEqual({ count: 0, largest: 0 });
    expect(stats.degrees.every((d) => d.max === 0 && d.histogram.length === 1)).toBe(true);
    expect(stats.topEntities).toEqual([]);
  });
});

describe('summariseDegrees', () => {
  it('buckets degrees by powers of two', () => {
    const summary = summariseDegrees('similar', Int32Array.from([0, 1, 2, 3, 4, 5, 8, 9, 16, 17]));
    expect(summary.histogram).toEqual([
      { bucket: '0', chunks: 1 },
      { bucket: '1', chunks: 1 },
      { bucket: '2', chunks: 1 },
      { bucket: '3-4', chunks: 2 },
      { bucket: '5-8', chunks: 2 },
      { bucket: '9-16', chunks: 2 },
      { bucket: '17-32', chunks: 1 },
    ]);
    expect(summary).toMatchObject({ min: 0, median: 4, p90: 16, max: 17, mean: 6.5 });
  });
});
