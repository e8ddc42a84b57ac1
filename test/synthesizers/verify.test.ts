import { beforeEach, describe, expect, it } from 'vitest';
import type { GraphStore } from '../../graph/store.js';
import { createMemoryStore } from '../../graph/stores/memory.js';
import { Sample } from '../../src/testset/sample.js';
import { generateFromStore } from '../../synthesizers/generate.js';
import { createFakeLlmClient } from '../support/fake-openai-client.js';
import { contextBlocks, approvingVerdict, referenceAnswer } from '../support/fake-openai/verdict.js';
import { useFakeOpenAI } from '../support/fake-openai-vitest.js';
import type { FakeChatRequest } from '../support/fake-openai.js';
import { handGraph } from './hand-graph.js';

/** The verify stage inside generateFromStore, against the fake OpenAI server with scripted verdicts. */

const fake = useFakeOpenAI();
let graph: ReturnType<typeof handGraph>;

beforeEach(() => {
  graph = handGraph();
});

async function store(): Promise<GraphStore> {
  const memory = createMemoryStore();
  await memory.upsertNodes([...graph.documents, ...graph.chunks]);
  await memory.upsertRelationships(graph.relationships);
  return memory;
}

const run = async (options: Partial<Parameters<typeof generateFromStore>[0]> & { size: number }) =>
  generateFromStore({ store: await store(), llm: createFakeLlmClient(fake), minChunkTokens: 10, ...options });

const isVerify = (request: FakeChatRequest) => request.schemaName === 'verification' && !request.isRepair;
const answerIn = (request: FakeChatRequest) => referenceAnswer(request.userText);
const total = (record: Record<string, number>) => Object.values(record).reduce((a, b) => a + b, 0);

function expectSpansInDocuments(samples: readonly Sample[]) {
  for (const sample of samples) {
    expect(sample.reference_spans?.length).toBeGreaterThan(0);
    for (const span of sample.reference_spans ?? []) {
      const document = graph.documents.find((d) => d.id === span.document_id);
      const chunk = graph.chunks.find((c) => c.id === span.chunk_id);
      expect(sample.reference_context_ids).toContain(span.chunk_id);
      expect(span.start).toBeGreaterThanOrEqual(chunk?.start ?? Infinity);
      expect(span.end).toBeLessThanOrEqual(chunk?.end ?? -1);
      expect(document?.text.slice(span.start, span.end).length).toBe(span.end - span.start);
    }
  }
}

describe('verify stage', () => {
  it('keeps a grounded sample with spans that equal the document text at their offsets, one verify call per candidate', async () => {
    const quoted: string[] = [];
    fake.onChat((request, answer) => {
      if (!isVerify(request)) return answer();
      const verdict = approvingVerdict(request.userText);
      // A quote as a model writes it: other case, one space for a line break, curly quotes.
      const [first] = contextBlocks(request.userText);
      const words = (first?.text ?? '').split(/\s+/).filter(Boolean).slice(2, 14);
      const quote = words.join(' ');
      quoted.push(quote);
      verdict.statements[0] = { statement: 'The first fact.', quotes: [{ context: 1, quote: `“${quote.toUpperCase()}…”` }] };
      return verdict;
    });
    const { samples, report } = await run({ size: 6, mix: 'single=1,ms=1,ma=1' });
    expect(samples).toHaveLength(6);
    expectSpansInDocuments(samples);
    for (const sample of samples) {
      expect(sample.verification).toMatchObject({ grounded: true, answerable: true, standalone: true, model: 'gpt-4o-mini', hop_check: 'support' });
      expect(sample.verification?.hops_needed).toBe(sample.hops > 1 ? true : null);
      const texts = (sample.reference_spans ?? []).map((span) => graph.documents.find((d) => d.id === span.document_id)?.text.slice(span.start, span.end));
      expect(texts.some((text) => quoted.includes(text?.replace(/\s+/g, ' ') ?? ''))).toBe(true);
    }
    expect(report.candidates).toMatchObject({ verified: true, candidates: 6, accepted: 6 });
    expect(report.usage.stages.verify?.calls).toBe(6);
    expect(fake.counters.bySchema.verification).toBe(6);
  });

  it('rejects a fabricated answer and replaces it with a fresh scenario of the same kind', async () => {
    let fabricated = 0;
    fake.onChat((request, answer) => {
      if (request.schemaName === 'sample' && fabricated === 0) {
        fabricated++;
        return { question: 'Which stone did Napoleon carve himself?', answer: 'Napoleon carved the Rosetta Stone himself in 1812.' };
      }
      if (isVerify(request) && answerIn(request).includes('Napoleon carved')) {
        return { ...approvingVerdict(request.userText), statements: [{ statement: 'Napoleon carved the stone.', quotes: [{ context: 1, quote: 'Napoleon carved the Rosetta Stone himself' }] }] };
      }
      return answer();
    });
    const details: string[] = [];
    const { samples, report } = await run({ size: 4, mix: 'single=1', onProgress: ({ detail }) => void (detail && details.push(detail)) });
    expect(samples).toHaveLength(4);
    expect(samples.every((s) => s.synthesizer_name === 'single_hop_specific')).toBe(true);
    expect(samples.some((s) => s.reference.includes('Napoleon carved'))).toBe(false);
    // The progress says why a slot is still open, not only how many are filled.
    expect(details.at(-1)).toBe('5 candidates judged, 1 rejected (ungrounded 1)');
    expect(report.candidates.rejected.ungrounded).toBe(1);
    expect(report.candidates).toMatchObject({ candidates: 5, accepted: 4 });
    expect(report.candidates.by_synthesizer.single_hop_specific).toMatchObject({ candidates: 5, accepted: 4 });
  });

  it('rejects, with no verify call, a question that repeats the synthesis instructions', async () => {
    let echoed = 0;
    fake.onChat((request, answer) => {
      if (request.schemaName === 'sample' && echoed === 0) {
        echoed++;
        return { question: 'Write one specific, factual question about the focus term that the context gives', answer: 'The Rosetta Stone.' };
      }
      return answer();
    });
    const { samples, report } = await run({ size: 3, mix: 'single=1' });
    expect(samples).toHaveLength(3);
    expect(samples.some((s) => s.user_input.startsWith('Write one'))).toBe(false);
    expect(report.candidates).toMatchObject({ candidates: 4, accepted: 3 });
    expect(report.candidates.rejected.synthesis_failed).toBe(1);
    expect(fake.counters.bySchema.verification).toBe(3);
  });

  it('rejects a multi-hop sample when one context supports nothing', async () => {
    fake.onChat((request, answer) => {
      if (!isVerify(request)) return answer();
      const verdict = approvingVerdict(request.userText);
      // Only the first context is quoted: the others are not hops.
      return { ...verdict, statements: verdict.statements.slice(0, 1) };
    });
    const { samples, report } = await run({ size: 3, mix: 'ms=1', attemptsPerSlot: 2 });
    expect(samples).toHaveLength(0);
    expect(report.candidates.rejected.hop_unused).toBe(6);
    expect(report.candidates.by_synthesizer.multi_hop_specific).toMatchObject({ candidates: 6, accepted: 0 });
    expect(report.shortfalls[0]).toMatchObject({ synthesizer: 'multi_hop_specific', requested: 3, achieved: 0 });
    expect(report.notes.join(' ')).toMatch(/3 slot\(s\) gave up after 2 rejected candidates each \(hop_unused 6\)/);
  });

  it('rejects "According to the passage, …" with no verify call', async () => {
    let asked = 0;
    fake.onChat((request, answer) => {
      if (request.schemaName === 'sample' && asked++ === 0) return { question: 'According to the passage, who found the stone?', answer: 'French soldiers found it.' };
      return answer();
    });
    const { samples, report } = await run({ size: 3, mix: 'single=1' });
    expect(samples).toHaveLength(3);
    expect(samples.some((s) => s.user_input.startsWith('According to'))).toBe(false);
    expect(report.candidates.rejected.context_reference).toBe(1);
    expect(report.candidates.candidates).toBe(4);
    expect(fake.counters.bySchema.verification).toBe(3);
  });

  it('rejects it with no verify call when the misspelled style rewrote it ("the passsage")', async () => {
    let asked = 0;
    fake.onChat((request, answer) => {
      if (request.schemaName === 'sample' && asked++ === 0) return { question: 'According to the passage, who found the stone?', answer: 'French soldiers found it.' };
      return answer();
    });
    const { samples, report } = await run({ size: 2, mix: 'single=1', styles: 'misspelled' });
    expect(samples).toHaveLength(2);
    expect(samples.every((s) => !/^according to/i.test(s.user_input))).toBe(true);
    expect(report.candidates.rejected.context_reference).toBe(1);
    expect(fake.counters.bySchema.verification).toBe(2);
  });

  it('rejects an answer that only repeats its question with no verify call', async () => {
    let asked = 0;
    fake.onChat((request, answer) => {
      if (request.schemaName === 'sample' && asked++ === 0) return { question: 'The Rosetta Stone', answer: 'The Rosetta stone.' };
      return answer();
    });
    const { samples, report } = await run({ size: 2, mix: 'single=1' });
    expect(samples).toHaveLength(2);
    expect(report.candidates.rejected.synthesis_failed).toBe(1);
    expect(report.candidates.candidates).toBe(3);
    expect(fake.counters.bySchema.verification).toBe(2);
  });

  it('ends a kind whose candidates always fail in a reported shortfall within the attempt bound', async () => {
    fake.onChat((request, answer) => {
      if (isVerify(request) && contextBlocks(request.userText).length > 1) {
        return { ...approvingVerdict(request.userText), answerable: false, problem: 'the contexts do not say' };
      }
      return answer();
    });
    const { samples, report } = await run({ size: 6, mix: 'single=1,ms=1', attemptsPerSlot: 3 });
    expect(samples.map((s) => s.synthesizer_name)).toEqual(Array(3).fill('single_hop_specific'));
    expect(report.candidates.by_synthesizer.multi_hop_specific).toMatchObject({ candidates: 9, accepted: 0 });
    expect(report.candidates.rejected.unanswerable).toBe(9);
    expect(report.shortfalls).toEqual([{ synthesizer: 'multi_hop_specific', requested: 3, achieved: 0, available: report.available.multi_hop_specific }]);
    expect(report.notes.join(' ')).toMatch(/multi_hop_specific: made 0 of 3 — 3 slot\(s\) gave up after 3 rejected candidates each \(unanswerable 9\)/);
    expect(report.usage.stages.verify?.calls).toBe(12);
  });

  it('with verify off, makes no verify call and records verification: null', async () => {
    const { samples, report } = await run({ size: 5, verify: false });
    expect(samples).toHaveLength(5);
    expect(fake.counters.bySchema.verification).toBeUndefined();
    expect(report.usage.stages.verify).toBeUndefined();
    expect(samples.every((s) => s.verification === null && s.reference_spans === null)).toBe(true);
    expect(report.candidates).toMatchObject({ verified: false, model: null, hop_check: null, accepted: 5 });
    expect(report.candidates.candidates).toBe(5 + total(report.candidates.rejected));
  });

  it('with hop check ablation, asks once per context left out and rejects a hop the answer does not need', async () => {
    fake.onChat((request, answer) => {
      // Leaving out context 1 still gives a complete answer: it was not needed.
      if (request.schemaName === 'ablation') return { answer: 'all of it', complete: !contextBlocks(request.userText).some((b) => b.number === 1) };
      return answer();
    });
    const { report } = await run({ size: 2, mix: 'ma=1', hopCheck: 'ablation', attemptsPerSlot: 1 });
    expect(report.candidates.rejected.hop_redundant).toBe(2);
    expect(report.usage.stages.ablation?.calls).toBe(4);

    fake.onChat(undefined);
    fake.reset();
    const kept = await run({ size: 2, mix: 'ma=1', hopCheck: 'ablation' });
    expect(kept.samples).toHaveLength(2);
    expect(kept.samples.every((s) => s.verification?.hop_check === 'ablation' && s.verification.hops_needed === true)).toBe(true);
    expect(kept.report.usage.stages.ablation?.calls).toBe(kept.samples.reduce((sum, s) => sum + s.hops, 0));
    expect(total(kept.report.candidates.rejected)).toBe(0);
  });

  it('sends the verify stage to --verify-model when one is set', async () => {
    const llm = createFakeLlmClient(fake, {
      stageChat: { verify: (await import('../../src/llm/openai.js')).createOpenAIChatModel({ baseURL: fake.baseURL, model: 'judge-model', timeoutMs: 10_000 }) },
    });
    const { samples } = await generateFromStore({ store: await store(), llm, size: 2, minChunkTokens: 10 });
    expect(fake.counters.byModel['judge-model']).toBe(2);
    expect(samples.every((s) => s.verification?.model === 'judge-model' && s.generation.model === 'gpt-4o-mini')).toBe(true);
  });
});
