import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../graph/builder/index.js';
import type { ChunkNode } from '../../graph/model.js';
import { loadGraph, saveGraph } from '../../graph/stores/graph-file.js';
import { createMemoryStore } from '../../graph/stores/memory.js';
import { ingestCorpus, passageResponder, FAKE_VECTOR_OPTIONS, useBuildHarness } from './build-fixture.js';

const OPTIONS = FAKE_VECTOR_OPTIONS;

const harness = useBuildHarness();

describe('an interrupted build', () => {
  it('keeps what it paid for and the rerun pays only for the rest', async () => {
    const corpus = await ingestCorpus();
    const store = createMemoryStore();
    const controller = new AbortController();
    const stopAfter = 5;
    harness.fake.onChat((request, defaultAnswer) => {
      if ((harness.fake.counters.bySchema.extraction ?? 0) >= stopAfter) controller.abort(new Error('interrupted by the test'));
      return passageResponder(request, defaultAnswer);
    });
    let checkpoints = 0;
    const interrupted = buildGraph({
      ...corpus,
      store,
      llm: harness.clients.client(),
      options: { ...OPTIONS, extractConcurrency: 3, checkpointEvery: 2, checkpointIntervalMs: 0 },
      checkpoint: async () => {
        checkpoints++;
      },
      signal: controller.signal,
    });
    await expect(interrupted).rejects.toThrow('interrupted by the test');
    const paidFirst = harness.fake.counters.bySchema.extraction ?? 0;
    expect(paidFirst).toBeGreaterThanOrEqual(stopAfter);
    expect(paidFirst).toBeLessThan(corpus.chunks.length);
    expect(checkpoints).toBeGreaterThanOrEqual(Math.floor(paidFirst / 2));
    // Everything answered before the interrupt is in the store, even calls still in flight at the time.
    expect(await store.countNodes({ kind: 'chunk', status: 'extracted' })).toBe(paidFirst);
    expect(await store.countNodes({ kind: 'chunk', status: 'pending' })).toBe(corpus.chunks.length - paidFirst);
    expect(await store.countRelationships({ kind: 'child' })).toBe(0);

    harness.fake.reset();
    harness.fake.onChat(passageResponder);
    const report = await buildGraph({ ...corpus, store, llm: harness.clients.client(), options: OPTIONS });
    const paidSecond = harness.fake.counters.bySchema.extraction ?? 0;
    expect(paidFirst + paidSecond).toBe(corpus.chunks.length);
    expect(report).toMatchObject({ extracted: paidSecond, reused: paidFirst, failed: [] });
    expect(report.relationships.child).toBe(corpus.chunks.length);
    const statuses = new Set<string>();
    for await (const batch of store.scanNodes({ kind: 'chunk' })) for (const node of batch) statuses.add((node as ChunkNode).status);
    expect([...statuses]).toEqual(['extracted']);
  });

  it('an abort during embedding leaves extraction done and the rerun pays only for the missing vectors', async () => {
    const corpus = await ingestCorpus();
    const store = createMemoryStore();
    harness.fake.onChat(passageResponder);
    const controller = new AbortController();
    const run = buildGraph({
      ...corpus,
      store,
      llm: harness.clients.client(),
      options: { ...OPTIONS, embedSliceSize: 4 },
      signal: controller.signal,
      onProgress: ({ stage, done }) => {
        if (stage === 'embed' && done >= 4) controller.abort(new Error('stop while embedding'));
      },
    });
    await expect(run).rejects.toThrow('stop while embedding');
    expect(await store.countNodes({ kind: 'chunk', status: 'extracted' })).toBe(corpus.chunks.length);

    harness.fake.reset();
    const report = await buildGraph({ ...corpus, store, llm: harness.clients.client(), options: OPTIONS });
    expect(harness.fake.counters.chat).toBe(0);
    // One slice of 4 chunks (text + summary each) was embedded and cached before the stop.
    expect(harness.fake.counters.embeddedTexts).toBe(2 * corpus.chunks.length - 8);
    expect(report.embedded).toBe(corpus.chunks.length);
    expect(report.relationships.similar).toBeGreaterThan(0);
  });

  it('resumes from the graph file saved at checkpoints, as a new process would', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ragset-resume-'));
    const file = join(dir, 'kg.ragset');
    try {
      const corpus = await ingestCorpus();
      const controller = new AbortController();
      harness.fake.onChat((request, defaultAnswer) => {
        if ((harness.fake.counters.bySchema.extraction ?? 0) >= 7) controller.abort(new Error('killed'));
        return passageResponder(request, defaultAnswer);
      });
      const first = createMemoryStore();
      const run = buildGraph({
        ...corpus,
        store: first,
        llm: harness.clients.client(),
        options: { ...OPTIONS, extractConcurrency: 4, checkpointEvery: 3 },
        checkpoint: () => saveGraph(first, file),
        signal: controller.signal,
      });
      await expect(run).rejects.toThrow('killed');
      const paidFirst = harness.fake.counters.bySchema.extraction ?? 0;

      // A new process: the store comes from the file, the answers in flight at the kill come from the cache.
      harness.fake.reset();
      harness.fake.onChat(passageResponder);
      const second = await loadGraph(file);
      expect(await second.countNodes({ kind: 'chunk', status: 'extracted' })).toBe(paidFirst);
      const report = await buildGraph({ ...corpus, store: second, llm: harness.clients.client(), options: OPTIONS });
      expect(paidFirst + (harness.fake.counters.bySchema.extraction ?? 0)).toBe(corpus.chunks.length);
      expect(report.usage.stages.extract?.cacheHits ?? 0).toBe(0);
      expect(report.failed).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
