import { beforeAll, describe, expect, it } from 'vitest';
import { type Neo4jStore, createNeo4jStore } from '../../graph/stores/neo4j.js';
import { useNeo4jDatabase } from '../setup/neo4j-database.js';
import { chunkNode, documentNode } from './graph-fixtures.js';
import { describeGraphStoreContract } from './store-contract.js';

const database = useNeo4jDatabase();

// A fresh server creates constraints and indexes and plans each query once: paid here, not
// inside the first contract test's time limit (the machine may be shared and loaded).
beforeAll(async () => {
  const store = await database.freshStore();
  try {
    await store.upsertNodes([documentNode('doc_warm'), chunkNode('chunk_warm', 'doc_warm', { embedding: new Float32Array([1, 0, 0, 0]) })]);
    await store.upsertNodes([chunkNode('chunk_warm', 'doc_warm', { embedding: new Float32Array([0, 1, 0, 0]) })]);
    await store.upsertRelationships([{ kind: 'child', source: 'doc_warm', target: 'chunk_warm' }]);
  } finally {
    await store.close();
  }
}, 300_000);

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
      // Replacing creates without a lookup: a batch with unusual ends is rolled back and written once with either label.
      await store.replaceRelationships('similar', [
        { kind: 'similar', source: 'chunk_b', target: 'chunk_a', score: 0.7 },
        { kind: 'similar', source: 'doc_1', target: 'chunk_b', score: 0.6 },
      ]);
      const replaced = [];
      for await (const batch of store.scanRelationships({ kind: 'similar' })) replaced.push(...batch);
      expect(replaced).toEqual([
        { kind: 'similar', source: 'chunk_a', target: 'chunk_b', score: 0.7 },
        { kind: 'similar', source: 'chunk_b', target: 'doc_1', score: 0.6 },
      ]);
    } finally {
      await store.close();
    }
  });

  it('writes MENTIONS once per chunk and key, whether the chunk is new or known, and drops entities no chunk mentions', async () => {
    const store = await database.freshStore();
    const mention = (key: string, name = key) => ({ name, type: 'topic', key });
    const mentions = async () =>
      (
        await store.connection.read<{ chunk: string; key: string; name: string }>(
          'MATCH (c:Chunk)-[m:MENTIONS]->(e:Entity) RETURN c.id AS chunk, e.key AS key, m.name AS name ORDER BY chunk, key',
        )
      ).map((row) => `${row.chunk}>${row.key}:${row.name}`);
    try {
      await store.upsertNodes([documentNode('doc_1')]);
      // One batch: a new chunk given twice (the last wins) and a key mentioned twice.
      await store.upsertNodes([
        chunkNode('chunk_a', 'doc_1', { entities: [mention('nile')] }),
        chunkNode('chunk_b', 'doc_1', { entities: [mention('nile'), mention('delta', 'Delta'), mention('delta', 'the Delta')] }),
        chunkNode('chunk_a', 'doc_1', { entities: [mention('nile', 'Nile'), mention('aswan')] }),
      ]);
      expect(await store.countNodes({ kind: 'chunk' })).toBe(2);
      expect(await mentions()).toEqual(['chunk_a>aswan:aswan', 'chunk_a>nile:Nile', 'chunk_b>delta:the Delta', 'chunk_b>nile:nile']);
      // Known and new chunks in one batch.
      await store.upsertNodes([chunkNode('chunk_a', 'doc_1', { entities: [mention('nile')] }), chunkNode('chunk_c', 'doc_1', { entities: [mention('cairo')] })]);
      expect(await mentions()).toEqual(['chunk_a>nile:nile', 'chunk_b>delta:the Delta', 'chunk_b>nile:nile', 'chunk_c>cairo:cairo']);
      const [entities] = await store.connection.read<{ keys: string[] }>('MATCH (e:Entity) WITH e ORDER BY e.key RETURN collect(e.key) AS keys');
      expect(entities?.keys).toEqual(['cairo', 'delta', 'nile']);
      expect(await store.getNode('chunk_a')).toMatchObject({ entities: [mention('nile')] });
    } finally {
      await store.close();
    }
  }, 120_000);

  it('writes chunk batches of a bulk load several at a time, a batch that upserts a chunk the load wrote alone, with the same graph as one at a time', async () => {
    const mention = (key: string) => ({ name: key, type: 'topic', key });
    // Every chunk mentions the shared keys (locked by each transaction) and one of its own.
    const chunks = Array.from({ length: 40 }, (_, i) =>
      chunkNode(`chunk_${String(i).padStart(2, '0')}`, 'doc_1', { ordinal: i, entities: [mention('nile'), mention(`place ${i % 7}`), mention(`own ${i}`)] }),
    );
    const graphOf = async (loadTransactions: number) => {
      await database.clear();
      const store = createNeo4jStore({ uri: database.uri, batchSize: 3, loadTransactions, searchIndexes: false });
      try {
        await store.bulkLoad(async () => {
          await store.upsertNodes([documentNode('doc_1'), ...chunks]);
          // Known now: drops `own 5` and `place 5` from chunk_05 (`place 5` stays, others mention it).
          await store.upsertNodes([chunkNode('chunk_05', 'doc_1', { ordinal: 5, entities: [mention('nile')] }), chunkNode('chunk_40', 'doc_1', { ordinal: 40 })]);
        });
        const [graph] = await store.connection.read<{ mentions: string[]; entities: string[] }>(
          `MATCH (c:Chunk)-[:MENTIONS]->(e:Entity) WITH c, e ORDER BY c.id, e.key
           WITH collect(c.id + '>' + e.key) AS mentions
           MATCH (e:Entity) WITH mentions, e ORDER BY e.key RETURN mentions, collect(e.key) AS entities`,
        );
        return { chunks: await store.countNodes({ kind: 'chunk' }), ...graph };
      } finally {
        await store.close();
      }
    };
    const serial = await graphOf(1);
    expect(serial.chunks).toBe(41);
    expect(serial.mentions).toHaveLength(40 * 3 - 2);
    expect(serial.entities).not.toContain('own 5');
    expect(serial.entities).toContain('place 5');
    expect(await graphOf(4)).toEqual(serial);
  }, 120_000);

  it('creates the search indexes after a bulk load into an empty graph, online when it resolves; into a graph with chunks it keeps them', async () => {
    const store = await database.freshStore();
    const searchIndexes = async () =>
      (
        await store.connection.read<{ name: string; state: string }>(
          "SHOW INDEXES YIELD name, state WHERE name IN ['ragset_chunk_embedding', 'ragset_chunk_text'] RETURN name, state ORDER BY name",
        )
      ).map((row) => `${row.name}:${row.state}`);
    const chunks = [
      chunkNode('chunk_a', 'doc_1', { text: 'Basalt columns cool into hexagons.', embedding: new Float32Array([1, 0, 0, 0]) }),
      chunkNode('chunk_b', 'doc_1', { text: 'Kepler swept equal areas.', embedding: new Float32Array([0, 1, 0, 0]) }),
    ];
    try {
      const [whileNodes, withRelationships] = await store.bulkLoad(async () => {
        await store.upsertNodes([documentNode('doc_1'), ...chunks]);
        const before = await searchIndexes();
        // The first relationship write creates them: Neo4j fills them while relationships are written.
        await store.upsertRelationships([{ kind: 'child', source: 'doc_1', target: 'chunk_a' }]);
        return [before, (await searchIndexes()).map((entry) => entry.split(':')[0])];
      });
      expect(whileNodes).toEqual([]);
      expect(withRelationships).toEqual(['ragset_chunk_embedding', 'ragset_chunk_text']);
      expect(await searchIndexes()).toEqual(['ragset_chunk_embedding:ONLINE', 'ragset_chunk_text:ONLINE']);
      expect(await store.getNodes(['chunk_a', 'chunk_b'])).toEqual(chunks);
      const [nearest] = await store.connection.read<{ id: string }>(
        "CALL db.index.vector.queryNodes('ragset_chunk_embedding', 1, [0.1, 0.9, 0, 0]) YIELD node RETURN node.id AS id",
      );
      expect(nearest?.id).toBe('chunk_b');
      const [matched] = await store.connection.read<{ id: string }>(
        "CALL db.index.fulltext.queryNodes('ragset_chunk_text', 'basalt') YIELD node RETURN node.id AS id",
      );
      expect(matched?.id).toBe('chunk_a');
      // The graph holds chunks now: a second load writes with the indexes in place.
      const again = await store.bulkLoad(async () => {
        await store.upsertNodes([chunkNode('chunk_c', 'doc_1', { embedding: new Float32Array([0, 0, 1, 0]) })]);
        return searchIndexes();
      });
      expect(again).toEqual(['ragset_chunk_embedding:ONLINE', 'ragset_chunk_text:ONLINE']);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('builds the vector index with the HNSW settings given, in a bulk load and outside one', async () => {
    await database.clear();
    const setup = await database.freshStore();
    await setup.connection.autoCommit('DROP INDEX ragset_chunk_embedding IF EXISTS');
    await setup.close();
    const hnsw = async (store: Neo4jStore) => {
      const [index] = await store.connection.read<{ config: Record<string, unknown> }>(
        "SHOW VECTOR INDEXES YIELD name, options WHERE name = 'ragset_chunk_embedding' RETURN options.indexConfig AS config",
      );
      return [index?.config['vector.hnsw.m'], index?.config['vector.hnsw.ef_construction']];
    };
    const store = createNeo4jStore({ uri: database.uri, vectorIndexM: 12, vectorIndexEfConstruction: 30 });
    try {
      await store.upsertNodes([documentNode('doc_1'), chunkNode('chunk_a', 'doc_1', { embedding: new Float32Array([1, 0, 0, 0]) })]);
      expect(await hnsw(store)).toEqual([12, 30]);
    } finally {
      await store.close();
    }
    await database.clear();
    const loader = createNeo4jStore({ uri: database.uri, vectorIndexEfConstruction: 50 });
    try {
      await loader.bulkLoad(() => loader.upsertNodes([documentNode('doc_1'), chunkNode('chunk_a', 'doc_1', { embedding: new Float32Array([1, 0, 0, 0]) })]));
      expect(await hnsw(loader)).toEqual([16, 50]);
    } finally {
      await loader.close();
    }
  }, 120_000);

  it('creates no search index with searchIndexes off, in a bulk load or not', async () => {
    await database.clear();
    const setup = await database.freshStore();
    await setup.connection.autoCommit('DROP INDEX ragset_chunk_embedding IF EXISTS');
    await setup.connection.autoCommit('DROP INDEX ragset_chunk_text IF EXISTS');
    await setup.close();
    const store = createNeo4jStore({ uri: database.uri, searchIndexes: false });
    try {
      await store.bulkLoad(() => store.upsertNodes([documentNode('doc_1'), chunkNode('chunk_a', 'doc_1', { embedding: new Float32Array([1, 0, 0, 0]) })]));
      await store.upsertNodes([chunkNode('chunk_b', 'doc_1', { embedding: new Float32Array([0, 1, 0, 0]) })]);
      const indexes = await store.connection.read<{ names: string[] }>(
        "SHOW INDEXES YIELD name WHERE name IN ['ragset_chunk_embedding', 'ragset_chunk_text'] RETURN collect(name) AS names",
      );
      expect(indexes[0]?.names).toEqual([]);
      expect(await store.getNode('chunk_b')).toMatchObject({ embedding: new Float32Array([0, 1, 0, 0]) });
    } finally {
      await store.close();
    }
  }, 120_000);
});
