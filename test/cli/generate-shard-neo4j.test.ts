import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CORPUS_DIR, useBuildHarness } from '../graph/build-fixture.js';
import { useNeo4jDatabase } from '../setup/neo4j-database.js';
import { runCli } from '../support/run-cli.js';
import { useNeo4jCliEnvironment } from './neo4j-cli-env.js';
import { SHARD_FLAGS, quirkyResponder } from './shard-fixture.js';

/** k = 3 shards sharing one Neo4j, each with its own response cache, merge into the one-process testset. */
const harness = useBuildHarness();
const database = useNeo4jDatabase();
const env = useNeo4jCliEnvironment(harness, 'ragset-generate-shard-neo4j-');

beforeEach(() => {
  harness.fake.onChat(quirkyResponder);
});

describe('ragset generate --shard on Neo4j', () => {
  it('joins three slices made from the graph in Neo4j into the file one process writes', async () => {
    await database.clear();
    const neo4j = ['--store', 'neo4j', '--neo4j-uri', database.uri];
    const whole = join(env.dir, 'whole.jsonl');
    const one = await runCli(['generate', CORPUS_DIR, ...SHARD_FLAGS, ...neo4j, '-o', whole, '--cache-dir', join(env.dir, 'cache-whole')]);
    expect(one.stderr).toBe('');
    expect(one.code).toBe(0);

    const parts: string[] = [];
    for (const index of [3, 1, 2]) {
      const out = join(env.dir, `part-${index}.jsonl`);
      const run = await runCli(['generate', ...SHARD_FLAGS, ...neo4j, '--shard', `${index}/3`, '-o', out, '--cache-dir', join(env.dir, `cache-${index}`)]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`slice ${index}/3`);
      parts.push(out);
    }
    const merged = join(env.dir, 'merged.jsonl');
    const merge = await runCli(['merge', ...parts, '-o', merged]);
    expect(merge.code).toBe(0);
    expect(readFileSync(merged, 'utf8')).toBe(readFileSync(whole, 'utf8'));
    expect(readFileSync(merged, 'utf8').trim().split('\n')).toHaveLength(14);
  }, 300_000);
});
