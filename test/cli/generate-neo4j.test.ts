import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Sample } from '../../src/testset/sample.js';
import { CORPUS_DIR, useBuildHarness } from '../graph/build-fixture.js';
import { useNeo4jDatabase } from '../setup/neo4j-database.js';
import { runCli } from '../support/run-cli.js';
import { useNeo4jCliEnvironment } from './neo4j-cli-env.js';

/**
 * The same corpus, seed and response cache give the same testset on the memory store and
 * on a real Neo4j: synthesizers see only the GraphStore interface, and both stores answer
 * every query in the same order.
 */
const harness = useBuildHarness();
const database = useNeo4jDatabase();
const env = useNeo4jCliEnvironment(harness, 'ragset-generate-neo4j-');

describe('ragset generate on both stores', () => {
  it('writes a byte-identical testset from the memory store and from Neo4j, and from the graph left in Neo4j', async () => {
    await database.clear();
    const common = ['-n', '9', '--seed', '11', '--max-tokens', '160', '--overlap', '0', '--similar-min-score', '0.2', '--cache-dir', harness.clients.cacheDir];
    const memoryOut = join(env.dir, 'memory.jsonl');
    const memory = await runCli(['generate', CORPUS_DIR, ...common, '-o', memoryOut]);
    expect(memory.stderr).toBe('');
    expect(memory.code).toBe(0);

    harness.fake.reset();
    const neo4jOut = join(env.dir, 'neo4j.jsonl');
    const onNeo4j = await runCli(['generate', CORPUS_DIR, ...common, '-o', neo4jOut, '--store', 'neo4j', '--neo4j-uri', database.uri]);
    expect(onNeo4j.stderr).toBe('');
    expect(onNeo4j.code).toBe(0);
    // Same prompts in the same order: every answer came from the cache.
    expect(harness.fake.counters.chat).toBe(0);

    const memoryBytes = readFileSync(memoryOut, 'utf8');
    expect(readFileSync(neo4jOut, 'utf8')).toBe(memoryBytes);
    const samples = memoryBytes.trim().split('\n').map((line) => Sample.parse(JSON.parse(line)));
    expect(samples).toHaveLength(9);
    expect(new Set(samples.map((s) => s.synthesizer_name)).size).toBe(3);

    // No documents: generate from the graph already in the database.
    const fromDatabaseOut = join(env.dir, 'from-database.jsonl');
    const fromDatabase = await runCli(['generate', ...common, '-o', fromDatabaseOut, '--store', 'neo4j', '--neo4j-uri', database.uri]);
    expect(fromDatabase.code).toBe(0);
    expect(readFileSync(fromDatabaseOut, 'utf8')).toBe(memoryBytes);
  });

  it('refuses --graph together with --store neo4j', async () => {
    const run = await runCli(['generate', '--graph', join(env.dir, 'kg.ragset'), '-n', '3', '--store', 'neo4j']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--graph');
  });
});
