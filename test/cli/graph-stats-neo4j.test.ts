import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveGraph } from '../../graph/stores/graph-file.js';
import { createMemoryStore } from '../../graph/stores/memory.js';
import { sampleNodes, sampleRelationships } from '../graph/graph-fixtures.js';
import { useNeo4jDatabase } from '../setup/neo4j-database.js';
import { runCli } from '../support/run-cli.js';
import { lexicalGraphs } from './lexical-graphs.js';

const database = useNeo4jDatabase();
const { llmGraphBuilderGraph, graphragGraph } = lexicalGraphs(database);
let dir: string;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ragset-graph-stats-neo4j-'));
  file = join(dir, 'graph.ragset');
  const store = createMemoryStore();
  await store.upsertNodes(sampleNodes());
  await store.upsertRelationships(sampleRelationships());
  await saveGraph(store, file);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ragset graph stats --store neo4j', () => {
  it('prints for a graph pushed to Neo4j exactly what it prints for the file', async () => {
    await database.clear();
    expect((await runCli(['graph', 'push', file, '--neo4j-uri', database.uri])).code).toBe(0);
    for (const format of [[], ['--json']]) {
      const fromFile = await runCli(['graph', 'stats', file, ...format]);
      const fromNeo4j = await runCli(['graph', 'stats', '--store', 'neo4j', '--neo4j-uri', database.uri, ...format]);
      expect(fromFile.code).toBe(0);
      expect(fromNeo4j).toEqual(fromFile);
    }
  }, 180_000);

  it('says so, exit 3, when the database holds no graph; exit 2 for a file with --store neo4j', async () => {
    await database.clear();
    const empty = await runCli(['graph', 'stats', '--store', 'neo4j', '--neo4j-uri', database.uri]);
    expect(empty.code).toBe(3);
    expect(empty.stderr).toMatch(/^ragset: Neo4j at .* holds no graph — build one with/);
    const both = await runCli(['graph', 'stats', file, '--store', 'neo4j', '--neo4j-uri', database.uri]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('does not apply to --store neo4j');
    const none = await runCli(['graph', 'stats']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('pass a graph file, or --store neo4j');
  });

  it('reads a graph another tool made (--schema, --schema-map) as generate does, and says what it lacks', async () => {
    await llmGraphBuilderGraph({ embeddings: true, entities: true });
    const stats = async (...flags: string[]) => runCli(['graph', 'stats', '--store', 'neo4j', '--neo4j-uri', database.uri, ...flags]);
    const json = await stats('--schema', 'llm-graph-builder', '--json');
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const read = JSON.parse(json.stdout) as { nodes: unknown; relationships: Record<string, number>; topEntities: unknown[]; notes?: unknown };
    expect(read.nodes).toEqual({ document: 2, chunk: 6 });
    // child and next from the chunk order, similar from the graph's 6 SIMILAR edges, shares_entities from HAS_ENTITY.
    expect(read.relationships).toMatchObject({ child: 6, next: 4, similar: 6 });
    expect(read.relationships.shares_entities).toBeGreaterThan(0);
    expect(read.topEntities).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Ada Lovelace', chunks: 2 }), expect.objectContaining({ name: 'Danube', chunks: 2 })]),
    );
    expect(read.notes).toBeUndefined();

    await llmGraphBuilderGraph({ embeddings: false, entities: true });
    const text = await stats('--schema', 'llm-graph-builder');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^nodes +count/);
    expect(text.stdout).toContain('no Chunk has an embedding (embedding): multi_hop_abstract cannot be made');

    await graphragGraph();
    const dir2 = await mkdtemp(join(tmpdir(), 'ragset-graph-stats-map-'));
    try {
      const map = join(dir2, 'map.json');
      await writeFile(map, JSON.stringify({ entity: null }));
      const mapped = await stats('--schema', 'neo4j-graphrag', '--schema-map', map, '--json');
      expect(mapped.code).toBe(0);
      const parsed = JSON.parse(mapped.stdout) as { nodes: unknown; relationships: Record<string, number>; notes: string[] };
      expect(parsed.nodes).toEqual({ document: 2, chunk: 6 });
      expect(parsed.relationships.shares_entities).toBe(0);
      expect(parsed.notes).toEqual([expect.stringContaining('no Chunk links to an entity (none mapped)')]);
    } finally {
      await rm(dir2, { recursive: true, force: true });
    }

    const onFile = await runCli(['graph', 'stats', file, '--schema', 'neo4j-graphrag']);
    expect(onFile.code).toBe(2);
    expect(onFile.stderr).toContain('--schema neo4j-graphrag reads a graph in Neo4j');
  }, 240_000);
});
