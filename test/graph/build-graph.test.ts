import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../graph/builder/index.js';
import { EntitiesMeta, ENTITIES_META_KEY, BuildMeta, BUILD_META_KEY } from '../../graph/builder/meta.js';
import type { ChunkNode, DocumentNode, GraphNode } from '../../graph/model.js';
import type { GraphStore } from '../../graph/store.js';
import { loadGraph, saveGraph } from '../../graph/stores/graph-file.js';
import { createMemoryStore } from '../../graph/stores/memory.js';
import { CORPUS_DIR, ingestCorpus, passageOf, passageResponder, FAKE_VECTOR_OPTIONS, useBuildHarness } from './build-fixture.js';

const OPTIONS = FAKE_VECTOR_OPTIONS;

const harness = useBuildHarness();

async function allNodes(store: GraphStore, kind: 'document' | 'chunk'): Promise<GraphNode[]> {
  const nodes: GraphNode[] = [];
  for await (const batch of store.scanNodes({ kind })) nodes.push(...batch);
  return nodes;
}

async function chunkNodes(store: GraphStore): Promise<ChunkNode[]> {
  return (await allNodes(store, 'chunk')) as ChunkNode[];
}

describe('buildGraph on the fixture corpus', () => {
  it('makes exactly one extraction call per chunk and builds every stage', async () => {
    const corpus = await ingestCorpus();
    const store = createMemoryStore();
    const stages = new Set<string>();
    const report = await buildGraph({
      ...corpus,
      store,
      llm: harness.clients.client(),
      options: OPTIONS,
      onProgress: ({ stage }) => stages.add(stage),
    });

    const chunks = corpus.chunks.length;
    expect(chunks).toBeGreaterThan(corpus.documents.length);
    expect(harness.fake.counters.bySchema).toEqual({ extraction: chunks });
    expect(harness.fake.counters.repairs).toBe(0);
    expect(report).toMatchObject({ documents: corpus.documents.length, chunks, extracted: chunks, reused: 0, failed: [] });
    expect(report.usage.stages.extract).toMatchObject({ calls: chunks, cacheHits: 0 });
    expect(report.usage.stages.embed?.calls).toBeGreaterThan(0);
    expect([...stages]).toEqual(['nodes', 'extract', 'embed', 'relate']);

    const nodes = await chunkNodes(store);
    expect(nodes).toHaveLength(chunks);
    for (const node of nodes) {
      expect(node.status).toBe('extracted');
      expect(node.summary.length).toBeGreaterThan(0);
      expect(node.entities.length).toBeGreaterThan(0);
      expect(node.embedding).toBeInstanceOf(Float32Array);
      expect(node.summaryEmbedding).toBeInstanceOf(Float32Array);
    }
    const documents = (await allNodes(store, 'document')) as DocumentNode[];
    expect(documents.every((document) => document.summary.length > 0)).toBe(true);

    const perDocument = new Map<string, number>();
    for (const chunk of corpus.chunks) perDocument.set(chunk.documentId, (perDocument.get(chunk.documentId) ?? 0) + 1);
    const expectedNext = [...perDocument.values()].reduce((sum, n) => sum + n - 1, 0);
    expect(report.relationships.child).toBe(chunks);
    expect(report.relationships.next).toBe(expectedNext);
    expect(report.relationships.similar).toBeGreaterThan(0);
    expect(report.relationships.shares_entities).toBeGreaterThan(0);
    expect((await store.counts()).relationships).toMatchObject(report.relationships);

    const entities = EntitiesMeta.parse(await store.getMeta(ENTITIES_META_KEY));
    expect(entities.chunkCount).toBe(chunks);
    expect(entities.entities.length).toBe(report.entities);
    const build = BuildMeta.parse(await store.getMeta(BUILD_META_KEY));
    expect(build).toMatchObject({ chunks, extracted: chunks, failed: 0, chatModel: 'gpt-4o-mini' });
  });

  it('a rerun on the same corpus makes no model calls at all', async () => {
    const corpus = await ingestCorpus();
    const store = createMemoryStore();
    await buildGraph({ ...corpus, store, llm: harness.clients.client(), options: OPTIONS });
    const first = await store.counts();
    harness.fake.reset();

    const report = await buildGraph({ ...corpus, store, llm: harness.clients.client(), options: OPTIONS });
    expect(harness.fake.counters).toMatchObject({ chat: 0, embeddings: 0 });
    expect(report).toMatchObject({ extracted: 0, reused: corpus.chunks.length, embedded: 0 });
    expect(report.usage.total.calls).toBe(0);
    expect(await store.counts()).toEqual(first);
  });

  it('a fresh store over the same cache gets every answer from the cache', async () => {
    const corpus = await ingestCorpus();
    await buildGraph({ ...corpus, store: createMemoryStore(), llm: harness.clients.client(), options: OPTIONS });
    harness.fake.reset();
    const report = await buildGraph({ ...corpus, store: createMemoryStore(), llm: harness.clients.client(), options: OPTIONS });
    expect(harness.fake.counters).toMatchObject({ chat: 0, embeddings: 0 });
    expect(report.extracted).toBe(corpus.chunks.length);
    expect(report.usage.stages.extract).toMatchObject({ calls: 0, cacheHits: corpus.chunks.length });
  });

  it('changing one document re-extracts only its changed chunks and drops the old ones', async () => {
    const corpus = await ingestCorpus();
    const store = createMemoryStore();
    await buildGraph({ ...corpus, store, llm: harness.clients.client(), options: OPTIONS });
    harness.fake.reset();

    const target = corpus.documents.find((d) => d.source.endsWith('apollo-11.md'));
    expect(target).toBeDefined();
    const changedText = (target?.text ?? '').replace('USS Hornet', 'USS Hornet, a veteran of the Second World War');
    const { chunkDocuments } = await import('../../src/chunking/chunk-documents.js');
    const { contentId } = await import('../../src/hash.js');
    const changed = { ...(target as NonNullable<typeof target>), text: changedText, id: contentId('doc', changedText) };
    const documents = corpus.documents.map((d) => (d.id === target?.id ? changed : d));
    const { chunks } = chunkDocuments(documents, { maxTokens: 160, overlapTokens: 0 });
    const oldIds = new Set(corpus.chunks.map((c) => c.id));
    const newIds = chunks.filter((c) => !oldIds.has(c.id)).map((c) => c.id);
    const goneIds = corpus.chunks.filter((c) => !chunks.some((n) => n.id === c.id)).map((c) => c.id);
    expect(newIds.length).toBeGreaterThan(0);
    expect(newIds.length).toBeLessThan(chunks.filter((c) => c.documentId === changed.id).length + 1);

    const report = await buildGraph({ documents, chunks, store, llm: harness.clients.client(), options: OPTIONS });
    expect(harness.fake.counters.bySchema).toEqual({ extraction: newIds.length });
    expect(report).toMatchObject({ extracted: newIds.length, reused: chunks.length - newIds.length });
    expect(report.removed).toEqual({ documents: 1, chunks: goneIds.length });
    expect(await store.getNodes(goneIds)).toEqual([]);
    expect(await store.getNode(target?.id ?? '')).toBeUndefined();
    expect(report.relationships.child).toBe(chunks.length);
    expect(await store.countNodes({ kind: 'chunk' })).toBe(chunks.length);
  });

  it('builds the same graph twice from the same answers', async () => {
    const corpus = await ingestCorpus();
    const a = createMemoryStore();
    const b = createMemoryStore();
    await buildGraph({ ...corpus, store: a, llm: harness.clients.client(), options: { ...OPTIONS, extractConcurrency: 3 } });
    await buildGraph({ ...corpus, store: b, llm: harness.clients.client(), options: { ...OPTIONS, extractConcurrency: 11 } });
    const relationships = async (store: GraphStore) => {
      const all = [];
      for (const kind of ['child', 'next', 'similar', 'shares_entities'] as const) {
        for await (const batch of store.scanRelationships({ kind })) all.push(...batch);
      }
      return all;
    };
    expect(await relationships(b)).toEqual(await relationships(a));
    expect(await chunkNodes(b)).toEqual(await chunkNodes(a));
    expect(a.metaEntries()).toEqual(b.metaEntries());
  });
});

describe('the built graph in a graph file', () => {
  it('round-trips: the same nodes, relationships, meta and bytes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ragset-build-file-'));
    try {
      const corpus = await ingestCorpus();
      const store = createMemoryStore();
      await buildGraph({ ...corpus, store, llm: harness.clients.client(), options: OPTIONS });
      await saveGraph(store, join(dir, 'a.ragset'));
      const loaded = await loadGraph(join(dir, 'a.ragset'));
      expect(await loaded.counts()).toEqual(await store.counts());
      expect(await chunkNodes(loaded)).toEqual(await chunkNodes(store));
      expect(await allNodes(loaded, 'document')).toEqual(await allNodes(store, 'document'));
      expect(loaded.metaEntries()).toEqual(store.metaEntries());
      await saveGraph(loaded, join(dir, 'b.ragset'));
      expect(await readFile(join(dir, 'b.ragset'))).toEqual(await readFile(join(dir, 'a.ragset')));

      // A loaded graph is a normal build target: rebuilding it costs nothing.
      harness.fake.reset();
      const report = await buildGraph({ ...corpus, store: loaded, llm: harness.clients.client(), options: OPTIONS });
      expect(harness.fake.counters).toMatchObject({ chat: 0, embeddings: 0 });
      expect(report.reused).toBe(corpus.chunks.length);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('buildGraph on awkward corpora', () => {
  it('one very short document without headings', async () => {
    const corpus = await ingestCorpus([`${CORPUS_DIR}/edwin-hubble.txt`]);
    expect(corpus.chunks).toHaveLength(1);
    expect(corpus.chunks[0]?.headings).toEqual([]);
    const store = createMemoryStore();
    const report = await buildGraph({ ...corpus, store, llm: harness.clients.client(), options: OPTIONS });
    expect(report).toMatchObject({ documents: 1, chunks: 1, extracted: 1, failed: [] });
    expect(report.relationships).toEqual({ child: 1, next: 0, similar: 0, shares_entities: 0 });
    const [document] = (await allNodes(store, 'document')) as DocumentNode[];
    const [chunk] = await chunkNodes(store);
    expect(document?.summary).toBe(chunk?.summary);
  });

  it('a corpus whose chunks share no entity builds without shares_entities', async () => {
    harness.fake.onChat((request) => {
      const passage = passageOf(request) ?? '';
      const first = passage.split(/\s+/).slice(0, 3).join(' ');
      return {
        summary: passage.split(/(?<=\.)\s/)[0] ?? passage,
        headlines: [],
        keyphrases: [first],
        entities: [{ name: `Passage ${first}`, type: 'OTHER' }],
        themes: [],
      };
    });
    const corpus = await ingestCorpus([`${CORPUS_DIR}/apollo-13.txt`, `${CORPUS_DIR}/saturn-v.md`]);
    const store = createMemoryStore();
    const report = await buildGraph({ ...corpus, store, llm: harness.clients.client(), options: OPTIONS });
    expect(report.failed).toEqual([]);
    expect(report.relationships.shares_entities).toBe(0);
    expect(report.relationships.child).toBe(corpus.chunks.length);
    // No headlines from the model: chunks with a heading path fall back to it, the others have none.
    for (const chunk of await chunkNodes(store)) expect(chunk.headlines).toEqual([...chunk.headings].reverse());
  });

  it('records a chunk whose extraction fails twice and finishes the build', async () => {
    harness.fake.onChat((request, defaultAnswer) => {
      const passage = passageOf(request) ?? '';
      if (passage.includes('Fra Mauro')) return '{"summary": "Apollo 13 was';
      return passageResponder(request, defaultAnswer);
    });
    const corpus = await ingestCorpus();
    const broken = corpus.chunks.filter((c) => c.text.includes('Fra Mauro'));
    expect(broken).toHaveLength(1);
    const store = createMemoryStore();
    const report = await buildGraph({ ...corpus, store, llm: harness.clients.client(), options: OPTIONS });

    expect(harness.fake.counters.repairs).toBe(1);
    expect(report.extracted).toBe(corpus.chunks.length - 1);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]).toMatchObject({ chunkId: broken[0]?.id, ordinal: broken[0]?.ordinal });
    expect(report.failed[0]?.source).toMatch(/apollo-13\.txt$/);
    expect(report.failed[0]?.reason).toMatch(/JSON|json/);
    const node = (await store.getNode(broken[0]?.id ?? '')) as ChunkNode;
    expect(node).toMatchObject({ status: 'failed', summary: '', entities: [], summaryEmbedding: null });
    expect(node.error).toBe(report.failed[0]?.reason);
    expect(node.embedding).toBeInstanceOf(Float32Array);
    expect(report.relationships.child).toBe(corpus.chunks.length);

    // The rerun asks the model again for the failed chunk only (bad answers are not cached), and
    // this fake model fails it the same way.
    harness.fake.reset();
    const rerun = await buildGraph({ ...corpus, store, llm: harness.clients.client(), options: OPTIONS });
    expect(harness.fake.counters.chat).toBe(2);
    expect(harness.fake.counters.repairs).toBe(1);
    expect(rerun).toMatchObject({ extracted: 0, reused: corpus.chunks.length - 1, failed: report.failed });
    expect(rerun.usage.stages.extract).toMatchObject({ calls: 1, cacheHits: 0 });
  });

  it('retries a chunk that failed for a passing reason on the next run', async () => {
    const corpus = await ingestCorpus([`${CORPUS_DIR}/edwin-hubble.txt`]);
    const store = createMemoryStore();
    harness.fake.setFaults({ http: { status: 500, times: 1 }, endpoints: ['chat'] });
    const first = await buildGraph({ ...corpus, store, llm: harness.clients.client({ maxRetries: 0 }), options: OPTIONS });
    expect(first.failed).toHaveLength(1);
    expect(first.failed[0]?.reason).toMatch(/500/);

    harness.fake.reset();
    const second = await buildGraph({ ...corpus, store, llm: harness.clients.client({ maxRetries: 0 }), options: OPTIONS });
    expect(harness.fake.counters.bySchema).toEqual({ extraction: 1 });
    expect(second).toMatchObject({ extracted: 1, failed: [] });
    expect(((await chunkNodes(store))[0] as ChunkNode).status).toBe('extracted');
  });
});
