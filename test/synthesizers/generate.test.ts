import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GraphStore } from '../../graph/store.js';
import { createMemoryStore } from '../../graph/stores/memory.js';
import { ShortfallError } from '../../src/errors.js';
import { Sample } from '../../src/testset/sample.js';
import { generateFromStore, GenerateShortfallError } from '../../synthesizers/generate.js';
import { createFakeLlmClient } from '../support/fake-openai-client.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { BUILTIN_SYNTHESIZERS } from '../../synthesizers/registry.js';
import type { Synthesizer } from '../../synthesizers/types.js';
import { UsageError } from '../../src/errors.js';
import { handGraph } from './hand-graph.js';

/** generateFromStore on a hand-built graph, against the fake OpenAI server over real HTTP. */

let fake: FakeOpenAI;
let graph: ReturnType<typeof handGraph>;

beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  fake.onChat(undefined);
  fake.setFaults({});
  graph = handGraph();
});

async function storeOf(options: { sharedEntities?: boolean } = {}): Promise<GraphStore> {
  const store = createMemoryStore();
  await store.upsertNodes([...graph.documents, ...graph.chunks]);
  await store.upsertRelationships(graph.relationships.filter((r) => options.sharedEntities !== false || r.kind !== 'shares_entities'));
  return store;
}

const run = async (options: Partial<Parameters<typeof generateFromStore>[0]> & { size: number }, store?: GraphStore) =>
  generateFromStore({ store: store ?? (await storeOf()), llm: createFakeLlmClient(fake), minChunkTokens: 10, ...options });

describe('generateFromStore', () => {
  it('makes exactly N valid samples in the exact mix, one synthesize call each', async () => {
    const { samples, report, personas } = await run({ size: 7 });
    expect(samples).toHaveLength(7);
    for (const sample of samples) expect(Sample.parse(sample)).toEqual(sample);
    expect(report.requested).toEqual({ single_hop_specific: 3, multi_hop_specific: 2, multi_hop_abstract: 2 });
    expect(report.achieved).toEqual(report.requested);
    const replaced = Object.values(report.replaced).reduce((a, b) => a + b, 0);
    expect(fake.counters.bySchema.sample).toBe(7 + replaced);
    expect(fake.counters.bySchema.persona).toBe(personas.length);
    expect(report.usage.stages.synthesize?.calls).toBe(7 + replaced);
    expect(samples.map((s) => s.synthesizer_name)).toEqual([
      ...Array(3).fill('single_hop_specific'),
      ...Array(2).fill('multi_hop_specific'),
      ...Array(2).fill('multi_hop_abstract'),
    ]);
  });

  it('records provenance that points into the documents', async () => {
    const { samples } = await run({ size: 6, mix: 'single=1,ms=1,ma=1' });
    for (const sample of samples) {
      sample.provenance.forEach((p, i) => {
        const document = graph.documents.find((d) => d.id === p.document_id);
        expect(document?.text.slice(p.start, p.end)).toBe(sample.reference_contexts[i]);
        expect(p.chunk_id).toBe(sample.reference_context_ids[i]);
        expect(p.source).toBe(document?.source);
      });
      expect(sample.hops).toBe(sample.reference_contexts.length);
      if (sample.synthesizer_name === 'multi_hop_specific') {
        expect(new Set(sample.reference_context_ids).size).toBeGreaterThanOrEqual(2);
        const keys = sample.bridge?.type === 'entities' ? sample.bridge.entities : [];
        expect(keys.length).toBeGreaterThan(0);
        for (const id of sample.reference_context_ids) {
          const chunk = graph.chunks.find((c) => c.id === id);
          for (const key of keys) expect(chunk?.entities.map((e) => e.key)).toContain(key);
        }
      }
    }
  });

  it('is reproducible for a seed and different for another', async () => {
    const a = await run({ size: 5, seed: 'one' });
    const b = await run({ size: 5, seed: 'one' });
    const c = await run({ size: 5, seed: 'two' });
    expect(b.samples).toEqual(a.samples);
    const scenarios = (r: typeof a) => r.samples.map((s) => [s.reference_context_ids, s.query_style, s.query_length]);
    expect(scenarios(c)).not.toEqual(scenarios(a));
  });

  it('replaces samples whose output is invalid with fresh scenarios', async () => {
    let broken = 0;
    fake.onChat((request, answer) => {
      // Every answer about Bouchard is unusable, also on repair: those samples must be replaced.
      if (request.schemaName === 'sample' && request.userText.includes('Bouchard')) {
        broken++;
        return { question: '', answer: 'nothing' };
      }
      return answer();
    });
    const { samples, report } = await run({ size: 5, mix: 'single=1' });
    expect(samples).toHaveLength(5);
    expect(broken).toBeGreaterThan(0);
    expect(samples.some((s) => s.reference_contexts.some((t) => t.includes('Bouchard')))).toBe(false);
    expect(Object.values(report.replaced).reduce((x, y) => x + y, 0)).toBeGreaterThan(0);
    expect(report.notes.join(' ')).toMatch(/replaced/);
  });

  it('fills a kind the graph cannot supply from the others and reports it', async () => {
    const store = await storeOf({ sharedEntities: false });
    const { samples, report } = await run({ size: 8 }, store);
    expect(samples).toHaveLength(8);
    expect(report.achieved.multi_hop_specific).toBe(0);
    expect(report.shortfalls).toEqual([{ synthesizer: 'multi_hop_specific', requested: 2, achieved: 0, available: 0 }]);
    expect((report.achieved.single_hop_specific ?? 0) + (report.achieved.multi_hop_abstract ?? 0)).toBe(8);
    expect(report.notes.join(' ')).toMatch(/multi_hop_specific: made 0 of 2/);
  });

  it('under strict, throws a shortfall error that carries the samples', async () => {
    const store = await storeOf({ sharedEntities: false });
    const error = await run({ size: 4, strict: true }, store).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenerateShortfallError);
    expect(error).toBeInstanceOf(ShortfallError);
    expect((error as GenerateShortfallError).exitCode).toBe(6);
    expect((error as GenerateShortfallError).result.samples).toHaveLength(4);
  });

  it('returns fewer samples and says so when every kind runs out', async () => {
    const { samples, report } = await run({ size: 500 });
    expect(samples.length).toBeLessThan(500);
    expect(samples.length).toBeGreaterThan(10);
    expect(report.notes.join(' ')).toMatch(new RegExp(`Only ${samples.length} of 500`));
  });

  it('uses given personas without persona calls', async () => {
    const personas = [{ name: 'Museum Visitor', role_description: 'Visits the British Museum and wants to know about the stone.' }];
    const { samples } = await run({ size: 3, personas });
    expect(fake.counters.bySchema.persona).toBeUndefined();
    expect(samples.every((s) => s.persona_name === 'Museum Visitor')).toBe(true);
  });

  it('runs user-registered synthesizers beside the built-ins', async () => {
    const overview: Synthesizer = {
      name: 'document_overview',
      aliases: ['overview'],
      instructions: 'Write one question asking for an overview of what the context is about, and its answer.',
      candidates: async (_store, corpus) =>
        corpus.chunks.map((chunk) => ({ chunkIds: [chunk.id], documentIds: [chunk.documentId], focus: [], score: 1, themes: [] })),
      scenario: () => ({ focus: [], bridge: null, bridgeTerms: [] }),
    };
    const { samples, report } = await run({ size: 4, synthesizers: [...BUILTIN_SYNTHESIZERS, overview], mix: 'overview=1,s=1' });
    expect(report.achieved).toEqual({ single_hop_specific: 2, multi_hop_specific: 0, multi_hop_abstract: 0, document_overview: 2 });
    expect(samples.filter((s) => s.synthesizer_name === 'document_overview')).toHaveLength(2);
    const prompts = fake.requests.filter((r) => r.endpoint === 'chat').map((r) => JSON.stringify(r.body.messages));
    expect(prompts.filter((p) => p.includes('an overview of what the context is about')).length).toBeGreaterThanOrEqual(2);
    await expect(run({ size: 1, synthesizers: [...BUILTIN_SYNTHESIZERS, { ...overview, aliases: ['s'] }] })).rejects.toThrow(UsageError);
  });
});
