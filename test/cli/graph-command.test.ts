import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { saveGraph } from '../../graph/stores/graph-file.js';
import { createMemoryStore } from '../../graph/stores/memory.js';
import { main } from '../../src/cli/main.js';
import { sampleNodes, sampleRelationships } from '../graph/graph-fixtures.js';
import { captureOutput, type CapturedOutput } from '../support/run-cli.js';

let dir: string;
let file: string;
let output: CapturedOutput;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ragset-cli-graph-'));
  file = join(dir, 'graph.ragset');
  const store = createMemoryStore();
  await store.upsertNodes(sampleNodes());
  await store.upsertRelationships(sampleRelationships());
  await saveGraph(store, file);
  output = captureOutput();
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('ragset graph stats', () => {
  it('prints tables', async () => {
    expect(await main(['graph', 'stats', file])).toBe(0);
    expect(output.stdout).toContain('chunks: 6 (4 extracted, 1 pending, 1 failed); 2 isolated; 3 connected components, the largest with 4 chunks');
    expect(output.stdout).toMatch(/similar\s+0\s+1\s+2\s+2\s+1\n/);
    expect(output.stdout).toMatch(/router\s+router\s+2/);
    expect(output.stdout).toMatch(/東京\s+東京\s+1/);
  });

  it('prints JSON with --json', async () => {
    expect(await main(['graph', 'stats', file, '--json', '--top', '1'])).toBe(0);
    const stats = JSON.parse(output.stdout);
    expect(stats.relationships).toEqual({ child: 6, next: 4, similar: 3, shares_entities: 1 });
    expect(stats.topEntities).toEqual([{ key: 'router', name: 'router', chunks: 2 }]);
  });

  it('exits 3 for a missing file and 2 for a bad flag', async () => {
    expect(await main(['graph', 'stats', join(dir, 'missing.ragset')])).toBe(3);
    expect(output.stderr).toContain('missing.ragset does not exist');
    expect(await main(['graph', 'stats', file, '--top', 'many'])).toBe(2);
    expect(output.stderr).toContain('--top');
  });
});
