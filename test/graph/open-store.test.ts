import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../graph/stores/open.js';
import { sampleNodes, sampleRelationships } from './graph-fixtures.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ragset-open-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openStore', () => {
  it('starts empty when the file does not exist, then persists and reloads it', async () => {
    const path = join(dir, 'graph.ragset');
    const first = await openStore({ kind: 'memory', path });
    expect((await first.store.counts()).nodes).toEqual({ document: 0, chunk: 0 });
    await first.store.upsertNodes(sampleNodes());
    await first.store.upsertRelationships(sampleRelationships());
    await first.persist();

    const second = await openStore({ kind: 'memory', path });
    expect(second.store.name).toBe('memory');
    expect(await second.store.counts()).toEqual(await first.store.counts());
  });

  it('keeps a memory store without a path in memory only', async () => {
    const { store, persist } = await openStore({ kind: 'memory' });
    await store.upsertNodes(sampleNodes());
    await expect(persist()).resolves.toBeUndefined();
    expect(await store.countNodes({ kind: 'chunk' })).toBe(6);
  });

  it('rejects an unknown store kind', async () => {
    await expect(openStore({ kind: 'sqlite' } as never)).rejects.toThrow();
  });
});
