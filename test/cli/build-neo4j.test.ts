import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createNeo4jStore } from '../../graph/stores/neo4j.js';
import { runCli } from '../support/run-cli.js';
import { useNeo4jDatabase } from '../setup/neo4j-database.js';
import { CORPUS_DIR, useBuildHarness } from '../graph/build-fixture.js';

const harness = useBuildHarness();
const database = useNeo4jDatabase();
let savedEnv: NodeJS.ProcessEnv;

beforeEach(() => {
  savedEnv = { ...process.env };
  process.env.OPENAI_BASE_URL = harness.fake.baseURL;
  for (const name of ['OPENAI_API_KEY', 'NEO4J_URI', 'NEO4J_USERNAME', 'NEO4J_PASSWORD', 'NEO4J_DATABASE']) delete process.env[name];
});
afterEach(() => {
  process.env = savedEnv;
  vi.restoreAllMocks();
});

/** A port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('ragset build --store neo4j', () => {
  it('writes the graph into the database and reruns for free', async () => {
    await database.clear();
    const flags = ['--store', 'neo4j', '--neo4j-uri', database.uri, '--max-tokens', '160', '--overlap', '0', '--cache-dir', `${harness.clients.cacheDir}`, '--similar-min-score', '0.2'];
    const first = await runCli(['build', CORPUS_DIR, ...flags, '--json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const { graph, report } = JSON.parse(first.stdout) as { graph: string; report: { chunks: number; relationships: Record<string, number> } };
    expect(graph).toBe(database.uri);
    expect(report.relationships.similar).toBeGreaterThan(0);

    const store = createNeo4jStore({ uri: database.uri });
    try {
      expect(await store.countNodes({ kind: 'chunk', status: 'extracted' })).toBe(report.chunks);
      expect((await store.counts()).relationships).toMatchObject(report.relationships);
    } finally {
      await store.close();
    }

    harness.fake.reset();
    const again = await runCli(['build', CORPUS_DIR, ...flags]);
    expect(again.code).toBe(0);
    expect(harness.fake.counters.chat + harness.fake.counters.embeddings).toBe(0);
    expect(again.stdout).toContain(`extraction: 0 chunks now, ${report.chunks} from an earlier build`);
  }, 180_000);

  it('exits 2 for a graph file with --store neo4j and 4 when Neo4j cannot be reached', async () => {
    const misuse = await runCli(['build', CORPUS_DIR, '--store', 'neo4j', '-o', 'kg.ragset']);
    expect(misuse.code).toBe(2);
    expect(misuse.stderr).toContain('--out');
    const stray = await runCli(['build', CORPUS_DIR, '--neo4j-vector-ef-construction', '30']);
    expect([stray.code, stray.stderr]).toEqual([2, expect.stringMatching(/^ragset: --neo4j-vector-ef-construction: applies only with --store neo4j/)]);
    const outOfRange = await runCli(['build', CORPUS_DIR, '--store', 'neo4j', '--neo4j-vector-m', '0']);
    expect([outOfRange.code, outOfRange.stderr]).toEqual([2, expect.stringContaining('--neo4j-vector-m')]);

    const uri = `bolt://127.0.0.1:${await closedPort()}`;
    const down = await runCli(['build', `${CORPUS_DIR}/edwin-hubble.txt`, '--store', 'neo4j', '--neo4j-uri', uri, '--cache-dir', harness.clients.cacheDir]);
    expect(down.code).toBe(4);
    expect(down.stderr).toBe(`ragset: cannot reach Neo4j at ${uri} — start Neo4j, or set NEO4J_URI to a running server\n`);
    expect(harness.fake.counters.chat).toBe(0);
  });
});
