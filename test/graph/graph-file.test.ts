import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChunkNode } from '../../graph/model.js';
import { GRAPH_FILE_VERSION, loadGraph, saveGraph } from '../../graph/stores/graph-file.js';
import { createMemoryStore, type MemoryStore } from '../../graph/stores/memory.js';
import { NoInputError, UsageError } from '../../src/errors.js';
import { chunkNode, sampleNodes, sampleRelationships } from './graph-fixtures.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ragset-graph-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function sampleStore(): Promise<MemoryStore> {
  const store = createMemoryStore();
  await store.upsertNodes(sampleNodes());
  await store.upsertRelationships(sampleRelationships());
  await store.setMeta('build', { embeddingModel: 'text-embedding-3-small', note: 'café 東京 🚀 القاهرة' });
  return store;
}

const lines = async (path: string) => gunzipSync(await readFile(path)).toString('utf8').trimEnd().split('\n');
const writeLines = async (path: string, records: string[]) => writeFile(path, gzipSync(`${records.join('\n')}\n`));

describe('graph file', () => {
  it('round-trips nodes, relationships, meta and non-ASCII text', async () => {
    const path = join(dir, 'nested', 'graph.ragset.gz');
    const original = await sampleStore();
    await saveGraph(original, path);
    const loaded = await loadGraph(path);
    expect(await loaded.counts()).toEqual(await original.counts());
    const ids = sampleNodes().map((node) => node.id);
    expect(await loaded.getNodes(ids)).toEqual(await original.getNodes(ids));
    for (const kind of ['child', 'next', 'similar', 'shares_entities'] as const) {
      const read = async (store: MemoryStore) => {
        const all = [];
        for await (const batch of store.scanRelationships({ kind })) all.push(...batch);
        return all;
      };
      expect(await read(loaded)).toEqual(await read(original));
    }
    expect(loaded.metaEntries()).toEqual(original.metaEntries());
    expect((await loaded.getNode('chunk_d'))?.text).toBe('東京は日本の首都であり、世界最大級の都市圏を形成している。鉄道網は世界で最も利用者が多い。');
  });

  it('keeps Float32 values bit-exact and stores them as base64, not number lists', async () => {
    const tricky = Float32Array.of(0.1, -0, 3.4028234663852886e38, 1.4e-45, -1.1754943508222875e-38, Math.PI, Number.NaN, Number.POSITIVE_INFINITY);
    const store = createMemoryStore();
    await store.upsertNodes([chunkNode('c1', 'd1', { embedding: tricky, summaryEmbedding: Float32Array.of(1, 2) })]);
    const path = join(dir, 'g.gz');
    await saveGraph(store, path);
    const chunkLine = (await lines(path)).find((line) => line.includes('"c1"')) as string;
    expect(chunkLine).toContain(`"embedding":"${Buffer.from(tricky.buffer).toString('base64')}"`);
    const loaded = (await (await loadGraph(path)).getNode('c1')) as ChunkNode;
    expect(loaded.embedding).toBeInstanceOf(Float32Array);
    expect(Buffer.from((loaded.embedding as Float32Array).buffer)).toEqual(Buffer.from(tricky.buffer));
    expect([...(loaded.summaryEmbedding as Float32Array)]).toEqual([1, 2]);
  });

  it('writes the same bytes for the same graph', async () => {
    await saveGraph(await sampleStore(), join(dir, 'a.gz'));
    await saveGraph(await sampleStore(), join(dir, 'b.gz'));
    expect(await readFile(join(dir, 'a.gz'))).toEqual(await readFile(join(dir, 'b.gz')));
  });

  it('replaces the previous file atomically and leaves no temporary file', async () => {
    const path = join(dir, 'graph.gz');
    await saveGraph(await sampleStore(), path);
    const empty = createMemoryStore();
    await saveGraph(empty, path);
    expect(await (await loadGraph(path)).counts()).toEqual(await empty.counts());
    expect(await readdir(dir)).toEqual(['graph.gz']);
  });

  it('keeps the previous file when a save fails midway', async () => {
    const path = join(dir, 'graph.gz');
    await saveGraph(await sampleStore(), path);
    const before = await readFile(path);
    const broken = await sampleStore();
    await broken.setMeta('cycle', { ok: 1 });
    // A store whose scan fails after writing part of the file.
    const failing: MemoryStore = {
      ...broken,
      scanRelationships: () => {
        throw new Error('disk read failed');
      },
    };
    await expect(saveGraph(failing, path)).rejects.toThrow('disk read failed');
    expect(await readFile(path)).toEqual(before);
    expect(await readdir(dir)).toEqual(['graph.gz']);
  });

  it('names the file when it is missing, not a graph, newer, truncated or invalid', async () => {
    const path = join(dir, 'graph.gz');
    await expect(loadGraph(path)).rejects.toBeInstanceOf(NoInputError);

    await writeFile(path, 'plain text, not gzip');
    await expect(loadGraph(path)).rejects.toThrow(new RegExp(`${path} is not a ragset graph file`));

    await writeLines(path, ['{"format":"something-else","version":1}']);
    await expect(loadGraph(path)).rejects.toThrow(/is not a ragset graph file/);

    await writeLines(path, [`{"format":"ragset-graph","version":${GRAPH_FILE_VERSION + 1}}`]);
    const newer = await loadGraph(path).catch((error: unknown) => error);
    expect(newer).toBeInstanceOf(UsageError);
    expect((newer as UsageError).message).toContain(path);
    expect((newer as UsageError).message).toContain(`version ${GRAPH_FILE_VERSION + 1}`);

    await saveGraph(await sampleStore(), path);
    const all = await lines(path);
    await writeLines(path, all.slice(0, -3));
    await expect(loadGraph(path)).rejects.toThrow(/truncated/);

    await writeLines(path, all.map((line) => line.replace('"ordinal":1', '"ordinal":-1')));
    await expect(loadGraph(path)).rejects.toThrow(new RegExp(`${path}:\\d+: .*ordinal`));

    const withoutNode = all.filter((line) => !line.includes('"id":"chunk_b"'));
    await writeLines(path, withoutNode);
    await expect(loadGraph(path)).rejects.toThrow(/chunk_b/);

    await writeFile(path, (await readFile(path)).subarray(0, 40));
    await expect(loadGraph(path)).rejects.toBeInstanceOf(UsageError);
  });
});
