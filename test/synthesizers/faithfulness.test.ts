import { describe, expect, it } from 'vitest';
import { createLlmClient } from '../../src/llm/client.js';
import { createOfflineChatModel } from '../../src/llm/offline/index.js';
import { FaithfulnessPair, Sample } from '../../src/testset/sample.js';
import { generateFromStore } from '../../synthesizers/generate.js';
import { createFakeLlmClient } from '../support/fake-openai-client.js';
import { useFakeOpenAI } from '../support/fake-openai-vitest.js';
import { handGraphStore, hashedEmbedding } from './hand-graph.js';

/** --faithfulness-pairs: the unfaithful answer comes from the same synthesis call, validated and checked lexically. */

const fake = useFakeOpenAI();

const embedding = hashedEmbedding;
const store = handGraphStore;

describe('faithfulness pairs', () => {
  it('offline: every sample carries a zod-valid pair whose statement is in no context, at one synthesize call per candidate as without pairs', async () => {
    const run = async (faithfulnessPairs: boolean) => {
      const llm = createLlmClient({ chat: createOfflineChatModel(), embedding });
      const result = await generateFromStore({ store: await store(), llm, size: 6, mix: 'single=0.5,ma=0.25,u=0.25', minChunkTokens: 10, faithfulnessPairs });
      return { ...result, usage: llm.usage() };
    };
    const plain = await run(false);
    const paired = await run(true);
    expect(paired.samples).toHaveLength(6);
    for (const sample of paired.samples) {
      expect(Sample.parse(sample)).toEqual(sample);
      const pair = FaithfulnessPair.parse(sample);
      for (const statement of pair.unsupported_statements) {
        expect(pair.unfaithful_answer).toContain(statement);
        for (const context of sample.reference_contexts) expect(context).not.toContain(statement);
      }
      if (sample.synthesizer_name !== 'unanswerable') expect(pair.unfaithful_answer).not.toBe(sample.reference);
    }
    for (const sample of plain.samples) expect(sample.unfaithful_answer).toBeUndefined();
    // No extra call: the same stages, and one synthesize call per candidate.
    expect(Object.keys(paired.usage.stages).sort()).toEqual(Object.keys(plain.usage.stages).sort());
    expect(paired.usage.stages.synthesize?.calls).toBe(paired.report.candidates.candidates);
    expect(plain.usage.stages.synthesize?.calls).toBe(plain.report.candidates.candidates);
  });

  it('over HTTP: the pair is in the one synthesis request (its schema asks for it), and a pair whose "unsupported" statement is in a context is rejected', async () => {
    let written = 0;
    let asked: string[] = [];
    const COPIED = 'The Rosetta Stone is a granodiorite stele inscribed with a decree issued in Memphis in 196 BC on behalf of King Ptolemy V.';
    fake.onChat((request, answer) => {
      if (request.schemaName !== 'sample') return answer();
      written++;
      asked = Object.keys((request.schema?.properties ?? {}) as Record<string, unknown>);
      // A candidate shown the Rosetta chunk calls one of its sentences unsupported (rejected); the others invent a fact.
      const statement = request.userText.includes(COPIED) ? COPIED : `It was carved in ${1900 + written}.`;
      return { question: `What is recorded about the stone, case ${written}?`, answer: 'An answer.', unfaithful_answer: `An answer. ${statement}`, unsupported_statements: [statement] };
    });
    const result = await generateFromStore({ store: await store(), llm: createFakeLlmClient(fake), size: 3, mix: 'single=1', minChunkTokens: 10, faithfulnessPairs: true, verify: false });
    expect(result.samples).toHaveLength(3);
    expect(asked).toEqual(expect.arrayContaining(['question', 'answer', 'unfaithful_answer', 'unsupported_statements']));
    expect(result.report.candidates.rejected.faithfulness_pair).toBeGreaterThan(0);
    // One chat call per candidate and per persona, nothing else.
    expect(fake.counters.bySchema.sample).toBe(result.report.candidates.candidates);
    expect(fake.counters.chat).toBe(result.report.candidates.candidates + (fake.counters.bySchema.persona ?? 0));
    for (const sample of result.samples) expect(sample.unsupported_statements?.[0]).toMatch(/^It was carved in 19\d\d\.$/);
  });
});
