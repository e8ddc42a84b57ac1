import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveGraph } from '../../graph/stores/graph-file.js';
import { createMemoryStore } from '../../graph/stores/memory.js';
import { sampleNodes, sampleRelationships } from '../graph/graph-fixtures.js';
import { useNeo4jDatabase } from '../setup/neo4j-database.js';
import { runCli } from '../support/run-cli.js';

const database = useNeo4jDatabase();
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
});
