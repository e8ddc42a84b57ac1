import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../graph/builder/index.js';
import type { ChunkNode, Relationship, RelationshipKind } from '../../graph/model.js';
import type { GraphStore } from '../../graph/store.js';
import { createMemoryStore } from '../../graph/stores/memory.js';
import { useNeo4jDatabase } from '../setup/neo4j-database.js';
import { FAKE_VECTOR_OPTIONS, ingestCorpus, useBuildHarness } from './build-fixture.js';

const harness = useBuildHarness();
const database = useNeo4jDatabase();

async function relationships(store: GraphStore, kind: RelationshipKind): Promise<Relationship[]> {
  const all: Relationship[] = [];
  for await (const batch of store.scanRelationships({ kind })) all.push(...batch);
  return all;
}

describe('buildGraph on Neo4j', () => {
  it('builds the graph the memory store gets, similar edges included', async () => {
    const corpus = await ingestCorpus();
    const memory = createMemoryStore();
    await buildGraph({ ...corpus, store: memory, llm: harness.clients.client(), options: FAKE_VECTOR_OPTIONS });

    const store = await database.freshStore();
    try {
      harness.fake.reset();
      const report = await buildGraph({ ...corpus, store, llm: harness.clients.client(), options: FAKE_VECTOR_OPTIONS });
      // Same answers from the cache: the Neo4j build costs nothing more.
      expect(harness.fake.counters).toMatchObject({ chat: 0, embeddings: 0 });
      expect(report).toMatchObject({ chunks: corpus.chunks.length, extracted: corpus.chunks.length, failed: [] });
      expect(await store.counts()).toEqual(await memory.counts());

      // Ranked in this process for either store: the same pairs with the same scores.
      expect(await relationships(memory, 'similar')).not.toEqual([]);
      for (const kind of ['child', 'next', 'similar', 'shares_entities'] as const) {
        expect(await relationships(store, kind)).toEqual(await relationships(memory, kind));
      }

      const [first] = await store.nodeIds({ kind: 'chunk' }, { limit: 1 });
      const [stored, expected] = [await store.getNode(first ?? ''), await memory.getNode(first ?? '')] as ChunkNode[];
      expect(stored).toEqual(expected);

      // A rerun against the database pays nothing and changes nothing.
      harness.fake.reset();
      const rerun = await buildGraph({ ...corpus, store, llm: harness.clients.client(), options: FAKE_VECTOR_OPTIONS });
      expect(rerun).toMatchObject({ extracted: 0, reused: corpus.chunks.length, embedded: 0 });
      expect(rerun.usage.total.calls + rerun.usage.total.cacheHits).toBe(0);
      expect(rerun.relationships).toEqual(report.relationships);
    } finally {
      await store.close();
    }
  });
});
