import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChunkNode, GraphNode, Relationship } from '../../graph/model.js';
import { loadGraph, saveGraph } from '../../graph/stores/graph-file.js';
import { createMemoryStore } from '../../graph/stores/memory.js';
import { createNeo4jStore } from '../../graph/stores/neo4j.js';
import { createRng } from '../../src/rng.js';
import { useNeo4jDatabase } from '../setup/neo4j-database.js';
import { chunkNode, documentNode, sampleNodes, sampleRelationships } from './graph-fixtures.js';
import { runCli } from '../support/run-cli.js';

const database = useNeo4jDatabase();
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ragset-neo4j-transfer-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const ragset = runCli;

const TOPICS = [
  'The Rhine rises in the Swiss Alps and reaches the North Sea at Rotterdam, carrying barges of coal and grain.',
  'Ada Lovelace described how the Analytical Engine could compute Bernoulli numbers with a loop of operations.',
  'Photosynthesis in C4 plants concentrates carbon dioxide around RuBisCO, which saves water in hot climates.',
  'The Hanseatic League linked Lübeck, Bergen and Novgorod in a trading network that lasted three centuries.',
];

/**
 * The sample graph plus three documents of 1,200 chunks each — more than one transfer
 * batch — with seeded embeddings, entities, and every relationship kind.
 */
function largerGraph(): { nodes: GraphNode[]; relationships: Relationship[] } {
  const rng = createRng('neo4j-transfer');
  const nodes: GraphNode[] = sampleNodes();
  const relationships: Relationship[] = sampleRelationships();
  for (let d = 0; d < 3; d++) {
    const documentId = `doc_bulk_${d}`;
    nodes.push(documentNode(documentId, { title: `Bulk ${d}`, metadata: { part: d } }));
    for (let i = 0; i < 1200; i++) {
      const id = `chunk_bulk_${d}_${String(i).padStart(4, '0')}`;
      const text = `${TOPICS[(d + i) % TOPICS.length]} (part ${i})`;
      const entity = { name: `Entity ${i % 37}`, type: 'topic', key: `entity ${i % 37}` };
      const embedding = Float32Array.from({ length: 8 }, () => rng.next() * 2 - 1);
      nodes.push(chunkNode(id, documentId, { text, ordinal: i, entities: [entity], keyphrases: [`k${i % 5}`], embedding }));
      relationships.push({ kind: 'child', source: documentId, target: id });
      if (i > 0) relationships.push({ kind: 'next', source: `chunk_bulk_${d}_${String(i - 1).padStart(4, '0')}`, target: id });
      if (i % 3 === 0 && i > 0) relationships.push({ kind: 'similar', source: id, target: 'chunk_a', score: Math.round(rng.next() * 1e6) / 1e6 });
    }
  }
  return { nodes, relationships };
}

async function graphFile(name: string): Promise<string> {
  const store = createMemoryStore();
  const { nodes, relationships } = largerGraph();
  await store.upsertNodes(nodes);
  await store.upsertRelationships(relationships);
  await store.setMeta('build', { embeddingModel: 'text-embedding-3-small', topK: 10 });
  await store.setMeta('entities', { documentFrequency: { router: 2, 東京: 1 } });
  const path = join(dir, name);
  await saveGraph(store, path);
  return path;
}

describe('graph push and pull', () => {
  it('round-trips a graph file through Neo4j byte for byte', async () => {
    await database.clear();
    const original = await graphFile('original.ragset');
    const push = await ragset(['graph', 'push', original, '--neo4j-uri', database.uri, '--neo4j-vector-m', '12', '--neo4j-vector-ef-construction', '30', '--json']);
    expect(push.stderr).toBe('');
    expect(push.code).toBe(0);
    expect(JSON.parse(push.stdout)).toEqual({
      nodes: { document: 5, chunk: 3606 },
      relationships: { child: 3606, next: 3601, similar: 1200, shares_entities: 1 },
    });
    const store = createNeo4jStore({ uri: database.uri });
    try {
      const [index] = await store.connection.read<{ config: Record<string, unknown>; state: string }>(
        "SHOW VECTOR INDEXES YIELD name, state, options WHERE name = 'ragset_chunk_embedding' RETURN state, options.indexConfig AS config",
      );
      expect([index?.state, index?.config['vector.hnsw.m'], index?.config['vector.hnsw.ef_construction']]).toEqual(['ONLINE', 12, 30]);
    } finally {
      await store.close();
    }

    const pulled = join(dir, 'pulled.ragset');
    const pull = await ragset(['graph', 'pull', pulled, '--neo4j-uri', database.uri]);
    expect(pull.code).toBe(0);
    expect(pull.stdout).toContain('chunk');
    // The original file keeps the key order its builder used; loading it gives schema order, as a pull does.
    const canonical = join(dir, 'canonical.ragset');
    await saveGraph(await loadGraph(original), canonical);
    const lines = async (path: string) => gunzipSync(await readFile(path)).toString().split('\n');
    expect(await lines(pulled)).toEqual(await lines(canonical));
  }, 240_000);

  it('keeps entity mentions walkable in Cypher and refuses to mix graphs', async () => {
    await database.clear();
    const store = createNeo4jStore({ uri: database.uri });
    try {
      await store.upsertNodes(sampleNodes());
      const [mentions] = await store.connection.read<{ chunks: string[] }>(
        "MATCH (c:Chunk)-[:MENTIONS]->(:Entity {key: 'router'}) RETURN collect(c.id) AS chunks",
      );
      expect([...(mentions?.chunks ?? [])].sort()).toEqual(['chunk_a', 'chunk_b']);
      // Re-extraction replaces mentions; an entity nobody mentions any more goes away.
      const [chunkB] = (await store.getNodes(['chunk_b'])) as ChunkNode[];
      await store.upsertNodes([{ ...(chunkB as ChunkNode), entities: [{ name: 'OSPF', type: 'protocol', key: 'ospf' }] }]);
      await store.deleteNodes(['chunk_a']);
      const [entities] = await store.connection.read<{ keys: string[] }>('MATCH (e:Entity) RETURN collect(e.key) AS keys');
      expect([...(entities?.keys ?? [])].sort()).toEqual(['ospf', 'القاهرة', '東京']);
    } finally {
      await store.close();
    }

    const file = await graphFile('other.ragset');
    const refused = await ragset(['graph', 'push', file, '--neo4j-uri', database.uri]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^ragset: Neo4j at bolt:\/\/\S+ already holds a graph \(2 documents, 5 chunks\) — pass --replace/);
    const replaced = await ragset(['graph', 'push', file, '--neo4j-uri', database.uri, '--replace', '--json']);
    expect(replaced.code).toBe(0);
    expect(JSON.parse(replaced.stdout).nodes).toEqual({ document: 5, chunk: 3606 });
  }, 240_000);

  it('refuses to pull an empty database', async () => {
    await database.clear();
    const result = await ragset(['graph', 'pull', join(dir, 'empty.ragset'), '--neo4j-uri', database.uri]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/holds no graph/);
  });
});
