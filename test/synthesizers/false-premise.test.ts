import { describe, expect, it } from 'vitest';
import { offlinePremise } from '../../src/llm/offline/premise.js';
import { FalsePremiseOutput, synthesizeOutputSchema } from '../../src/llm/tasks.js';
import { FalsePremise, Sample } from '../../src/testset/sample.js';
import { locateCorrection } from '../../synthesizers/false-premise-sample.js';
import { generateFromStore } from '../../synthesizers/generate.js';
import { createContextLoader } from '../../synthesizers/record.js';
import { verifyPremise } from '../../synthesizers/verify/premise.js';
import { createFakeLlmClient } from '../support/fake-openai-client.js';
import { useFakeOpenAI } from '../support/fake-openai-vitest.js';
import { falsePremiseAnswer } from '../support/fake-openai/false-premise.js';
import { handScenario, offlineHandSetup } from './hand-graph.js';

/** False-premise questions on the hand-made graph, with the offline provider (lexical judge) and the fake server's embedding in process. */

const setup = offlineHandSetup;
const fake = useFakeOpenAI();

const scenario = handScenario('false_premise');

const ROSETTA = 'The Rosetta Stone is a granodiorite stele inscribed with a decree issued in Memphis in 196 BC on behalf of King Ptolemy V.';

describe('false-premise questions', () => {
  it('come in their exact share, correct the premise and cite the contradicting span in document offsets', async () => {
    const { graph, store, llm } = await setup();
    const { samples, report } = await generateFromStore({ store, llm, size: 6, mix: 'single=0.5,fp=0.5', minChunkTokens: 10 });
    expect(samples).toHaveLength(6);
    expect(report.requested).toEqual({ single_hop_specific: 3, multi_hop_specific: 0, multi_hop_abstract: 0, false_premise: 3 });
    expect(report.achieved).toEqual(report.requested);
    const premised = samples.filter((sample) => sample.synthesizer_name === 'false_premise');
    expect(premised).toHaveLength(3);
    for (const sample of premised) {
      expect(Sample.parse(sample)).toEqual(sample);
      const fields = sample.false_premise as FalsePremise;
      const document = graph.documents.find((d) => d.id === fields.span.document_id);
      expect(document?.text.slice(fields.span.start, fields.span.end)).toBe(fields.span.text);
      expect(sample.reference_context_ids).toEqual([fields.span.chunk_id]);
      // The premise is what the question assumes, and no context states it.
      expect(sample.reference_contexts[0]).not.toContain(fields.premise.replace(/\.$/, ''));
      expect(sample.reference).toContain(fields.span.text);
      expect(sample.reference_spans).toEqual([{ chunk_id: fields.span.chunk_id, document_id: fields.span.document_id, start: fields.span.start, end: fields.span.end }]);
      expect(sample.verification).toMatchObject({ answerable: true, model: 'offline' });
      // Ranked like any sample with reference contexts.
      expect(sample.retrieval?.bm25_ranks).toHaveLength(1);
      expect(sample.difficulty).not.toBeNull();
    }
    expect(llm.usage().stages.verify?.calls).toBeGreaterThanOrEqual(6);
  });

  it('are left out of the mix unless it gives them a share, and rerun byte-identically', async () => {
    const plain = await setup();
    const { report } = await generateFromStore({ store: plain.store, llm: plain.llm, size: 2, minChunkTokens: 10 });
    expect(Object.keys(report.requested)).not.toContain('false_premise');
    const runs = await Promise.all([1, 2].map(async () => {
      const { store, llm } = await setup();
      return (await generateFromStore({ store, llm, size: 3, mix: 'false_premise=1', minChunkTokens: 10, faithfulnessPairs: true, seed: 9 })).samples;
    }));
    expect(JSON.stringify(runs[0])).toBe(JSON.stringify(runs[1]));
    // The unfaithful answer such a question invites goes along with the premise.
    for (const sample of runs[0] ?? []) expect(sample.unsupported_statements).toEqual([sample.false_premise?.premise]);
  });

  it('the schemas validate the fields: a span must lie in a reference context and match its text length', async () => {
    expect(FalsePremiseOutput.safeParse({ correcting_quote: 'a', premise: 'b', question: 'c?' }).success).toBe(false);
    expect(synthesizeOutputSchema('false_premise', true).safeParse({ correcting_quote: 'a', premise: 'b', question: 'c?', answer: 'd' }).success).toBe(false);
    expect(FalsePremise.safeParse({ premise: '', span: { chunk_id: 'c', document_id: 'd', start: 0, end: 1, text: 'x' } }).success).toBe(false);
    const { store, llm } = await setup();
    const { samples } = await generateFromStore({ store, llm, size: 1, mix: 'fp=1', minChunkTokens: 10 });
    const [sample] = samples as [Sample];
    const span = (sample.false_premise as FalsePremise).span;
    expect(Sample.safeParse({ ...sample, false_premise: { ...sample.false_premise, span: { ...span, chunk_id: 'elsewhere' } } }).success).toBe(false);
    expect(Sample.safeParse({ ...sample, false_premise: { ...sample.false_premise, span: { ...span, end: span.end + 3 } } }).success).toBe(false);
  });

  it('a premise the context states, or a cited span that does not contradict it, is rejected', async () => {
    const { graph, store, llm } = await setup();
    const chunk = graph.chunks.find((c) => c.text.startsWith('The Rosetta Stone'));
    const contexts = await createContextLoader(store)([chunk?.id as string]);
    const span = locateCorrection(ROSETTA, contexts) as FalsePremise['span'];
    // Located as verify locates quotes: the final stop is not part of the span.
    expect(span.text).toBe(ROSETTA.slice(0, -1));
    const check = (premise: string, question: string, cited = span) =>
      verifyPremise(llm, { question, answer: `No: ${ROSETTA}`, premise: { premise, span: cited }, scenario, contexts }, 'support');
    // Changed year: contradicted by the span, assumed by the question.
    const good = await check(ROSETTA.replace('196', '392'), 'Why was the decree on the Rosetta Stone issued in Memphis in 392 BC?');
    expect(good).toMatchObject({ ok: true, spans: [{ start: span.start, end: span.end }] });
    // The "false" premise is what the context says.
    expect(await check('The decree appears in hieroglyphs, in Demotic and in Ancient Greek.', 'Why does the decree appear in Demotic?')).toMatchObject({ ok: false, reason: 'premise_stated' });
    // The cited sentence is about something else: it contradicts nothing.
    const other = locateCorrection('The decree appears in hieroglyphs, in Demotic and in Ancient Greek', contexts) as FalsePremise['span'];
    expect(await check(ROSETTA.replace('196', '392'), 'Why was the decree issued in Memphis in 392 BC?', other)).toMatchObject({ ok: false, reason: 'premise_uncontradicted' });
    // A question that asks whether it holds does not assume it.
    expect(await check(ROSETTA.replace('196', '392'), 'Is it true that the Rosetta Stone decree dates from 392 BC in Memphis?')).toMatchObject({ ok: false, reason: 'premise_not_assumed' });
    expect(llm.usage().stages.verify?.calls).toBe(4);
  });

  it('the lexical judge sees a flipped claim as a contradiction and the original as stated', () => {
    const contexts = [{ id: 'c', title: 'zsh', text: 'The shell is started as a login shell by default. Options can be set later.' }];
    const base = { answer: 'a', contexts, persona: scenario.persona, style: 'perfect_grammar', length: 'medium' };
    const flipped = offlinePremise({ ...base, question: 'Why is the shell not started as a login shell by default?', premise: 'The shell is not started as a login shell by default.', cited: 'The shell is started as a login shell by default.' });
    expect(flipped).toMatchObject({ premise_stated: false, cited_contradicts: true, question_assumes: true });
    const stated = offlinePremise({ ...base, question: 'Why can options be set later?', premise: 'Options can be set later.', cited: 'Options can be set later.' });
    expect(stated).toMatchObject({ premise_stated: true, cited_contradicts: false });
  });

  it('over HTTP: a rejected candidate (premise stated, or not contradicted per the judge) is replaced within the attempt bound, at one synthesize and at most one premise call per candidate', async () => {
    let written = 0;
    let judged = 0;
    fake.onChat((request, answer) => {
      if (request.schemaName === 'sample') {
        written++;
        const good = falsePremiseAnswer(request.userText);
        // The first candidate's "false" premise is its own correcting quote: rejected without a call.
        return written === 1 ? { ...good, premise: good.correcting_quote } : good;
      }
      if (request.schemaName === 'premise') {
        judged++;
        // The judge finds that the first checked premise is not contradicted by its cited span.
        if (judged === 1) return { ...(answer() as object), cited_contradicts: false, problem: 'the cited sentence is about something else' };
      }
      return answer();
    });
    const { store } = await setup();
    const { samples, report, rejected } = await generateFromStore({ store, llm: createFakeLlmClient(fake), size: 2, mix: 'fp=1', minChunkTokens: 10, concurrency: 1, attemptsPerSlot: 3 });
    expect(samples).toHaveLength(2);
    expect(report.achieved).toMatchObject({ false_premise: 2 });
    expect(rejected.map((r) => r.reason)).toEqual(['premise_stated', 'premise_uncontradicted']);
    expect(report.candidates.candidates).toBe(4);
    expect(fake.counters.bySchema.sample).toBe(4);
    // No premise call for the candidate the lexical check rejected.
    expect(fake.counters.bySchema.premise).toBe(3);
    for (const sample of samples) {
      const fields = sample.false_premise as FalsePremise;
      expect(sample.reference_contexts[0]).toContain(fields.span.text);
      expect(fields.premise).not.toBe(fields.span.text);
      expect(sample.verification?.model).toBe('gpt-4o-mini');
    }
  });
});
