import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CORPUS_DIR, useBuildHarness } from '../graph/build-fixture.js';
import { runCli } from '../support/run-cli.js';
import { SHARD_FLAGS, quirkyResponder } from './shard-fixture.js';

/**
 * `generate --shard i/k` on k "machines" (each with its own response cache) and `ragset
 * merge` give the testset and personas one process writes, byte for byte.
 */
const harness = useBuildHarness();
let savedEnv: NodeJS.ProcessEnv;
let dir: string;

beforeEach(() => {
  savedEnv = { ...process.env };
  process.env.OPENAI_BASE_URL = harness.fake.baseURL;
  for (const name of ['OPENAI_API_KEY', 'NEO4J_URI']) delete process.env[name];
  dir = mkdtempSync(join(tmpdir(), 'ragset-generate-shard-'));
  harness.fake.onChat(quirkyResponder);
});
afterEach(() => {
  process.env = savedEnv;
});

describe('ragset generate --shard and ragset merge (memory store)', () => {
  it('joins three slices into the file one process writes', async () => {
    const whole = join(dir, 'whole.jsonl');
    const one = await runCli(['generate', CORPUS_DIR, ...SHARD_FLAGS, '-o', whole, '--cache-dir', join(dir, 'cache-whole'), '--json']);
    expect(one.stderr).toBe('');
    expect(one.code).toBe(0);
    const report = JSON.parse(one.stdout).report;
    // The quirks bite: samples were replaced (failed and near-duplicate ones).
    expect(Object.keys(report.replaced).length).toBeGreaterThan(0);
    expect(report.replaced['near-duplicate question']).toBeGreaterThan(0);
    const graph = join(dir, 'whole.graph.ragset');

    const parts: string[] = [];
    for (const index of [1, 2, 3]) {
      const out = join(dir, `part-${index}.jsonl`);
      const run = await runCli(['generate', '--graph', graph, ...SHARD_FLAGS, '--shard', `${index}/3`, '-o', out, '--cache-dir', join(dir, `cache-${index}`), '--json']);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).report.shard).toMatchObject({ index, count: 3 });
      parts.push(out);
    }
    expect(parts.map((part) => readFileSync(part, 'utf8').trim().split('\n').length)).toEqual([4, 4, 6]);

    const merged = join(dir, 'merged.jsonl');
    const merge = await runCli(['merge', ...parts.reverse(), '-o', merged]);
    expect(merge.stderr).toBe('');
    expect(merge.code).toBe(0);
    expect(merge.stdout).toContain('wrote 14 of 14 samples from 3 slices');
    expect(readFileSync(merged, 'utf8')).toBe(readFileSync(whole, 'utf8'));
    expect(readFileSync(join(dir, 'merged.personas.json'), 'utf8')).toBe(readFileSync(join(dir, 'whole.personas.json'), 'utf8'));

    // CSV too: the slices are read back and written in the merged file's format.
    const csv = join(dir, 'merged.csv');
    expect((await runCli(['merge', ...parts, '-o', csv])).code).toBe(0);
    const wholeCsv = join(dir, 'whole.csv');
    expect((await runCli(['generate', '--graph', graph, ...SHARD_FLAGS, '-o', wholeCsv, '--cache-dir', join(dir, 'cache-whole')])).code).toBe(0);
    expect(readFileSync(csv, 'utf8')).toBe(readFileSync(wholeCsv, 'utf8'));
  }, 240_000);

  it('refuses a missing slice, a slice given twice, slices of another plan, and a bad --shard', async () => {
    const graphRun = await runCli(['generate', CORPUS_DIR, '-n', '4', '-o', join(dir, 'seed.jsonl'), '--max-tokens', '160', '--overlap', '0']);
    expect(graphRun.code).toBe(0);
    const graph = join(dir, 'seed.graph.ragset');
    const slice = async (name: string, shard: string, seed = '5') => {
      const out = join(dir, name);
      const run = await runCli(['generate', '--graph', graph, '-n', '6', '--block-size', '2', '--seed', seed, '--shard', shard, '-o', out]);
      expect(run.code).toBe(0);
      return out;
    };
    const a = await slice('a.jsonl', '1/2');
    const b = await slice('b.jsonl', '2/2');
    const other = await slice('other.jsonl', '2/2', '6');
    const out = join(dir, 'merged.jsonl');

    const missing = await runCli(['merge', a, '-o', out]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('slice 2/2 missing');
    const twice = await runCli(['merge', a, b, b, '-o', out]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('are both slice 2/2');
    const mixed = await runCli(['merge', a, other, '-o', out]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('is a slice of another plan');
    const notShard = await runCli(['merge', join(dir, 'seed.jsonl'), '-o', out]);
    expect(notShard.code).toBe(3);
    expect(notShard.stderr).toContain('no shard manifest');
    const bad = await runCli(['generate', '--graph', graph, '-n', '6', '--shard', '3/2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--shard: expected i/k');
  }, 240_000);
});
