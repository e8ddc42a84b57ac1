import { describe, expect, it } from 'vitest';
import { Sample } from '../../src/testset/sample.js';
import { loadCorpus } from '../../synthesizers/corpus.js';
import { DEFAULT_REFUSAL } from '../../synthesizers/generate-options.js';
import { generateFromStore } from '../../synthesizers/generate.js';
import { unanswerable } from '../../synthesizers/unanswerable.js';
import { createContextLoader } from '../../synthesizers/record.js';
import { RetrievalSettings } from '../../synthesizers/retrieval/difficulty.js';
import { createRetrievalRanker } from '../../synthesizers/retrieval/ranker.js';
import { verifyAbsence } from '../../synthesizers/verify/absence.js';
import { handScenario, offlineHandSetup } from './hand-graph.js';

/** Unanswerable questions on the hand-made graph, with the offline provider (lexical judge) and the fake server's embedding in process. */

const setup = offlineHandSetup;

const scenario = handScenario('unanswerable');

describe('unanswerable questions', () => {
  it('come in their exact share, refuse with the configured statement and record their nearest chunks with offsets', async () => {
    const { graph, store, llm } = await setup();
    const refusal = 'No document in this collection says.';
    const { samples, report } = await generateFromStore({ store, llm, size: 6, mix: 'single=0.5,unanswerable=0.5', minChunkTokens: 10, refusal, distractors: 3 });
    expect(samples).toHaveLength(6);
    expect(report.requested).toEqual({ single_hop_specific: 3, multi_hop_specific: 0, multi_hop_abstract: 0, unanswerable: 3 });
    expect(report.achieved).toEqual(report.requested);
    const unanswerable = samples.filter((sample) => sample.synthesizer_name === 'unanswerable');
    expect(unanswerable).toHaveLength(3);
    for (const sample of unanswerable) {
      expect(Sample.parse(sample)).toEqual(sample);
      expect(sample.reference).toBe(refusal);
      expect(sample.reference_contexts).toEqual([]);
      expect(sample.hops).toBe(0);
      expect(sample.difficulty).toBeNull();
      expect(sample.verification).toMatchObject({ answerable: false, model: 'offline' });
      const distractors = sample.distractor_contexts ?? [];
      expect(distractors.length).toBeGreaterThan(0);
      expect(distractors.length).toBeLessThanOrEqual(6);
      for (const distractor of distractors) {
        const document = graph.documents.find((d) => d.id === distractor.document_id);
        expect(document?.text.slice(distractor.start, distractor.end)).toBe(distractor.text);
        expect(Math.min(distractor.bm25_rank, distractor.dense_rank)).toBeLessThanOrEqual(3);
      }
    }
    // Answerable samples keep their ranks and difficulty.
    for (const sample of samples.filter((s) => s.synthesizer_name !== 'unanswerable')) expect(sample.retrieval).not.toBeNull();
  });

  it('use the default refusal, and are left out of the mix unless it gives them a share', async () => {
    const { store, llm } = await setup();
    const { samples, report } = await generateFromStore({ store, llm, size: 2, mix: 'u=1', minChunkTokens: 10 });
    expect(samples.map((sample) => sample.reference)).toEqual([DEFAULT_REFUSAL, DEFAULT_REFUSAL]);
    const plain = await generateFromStore({ store: (await setup()).store, llm: (await setup()).llm, size: 2, minChunkTokens: 10 });
    expect(Object.keys(plain.report.requested)).not.toContain('unanswerable');
    expect(report.requested).toEqual({ single_hop_specific: 0, multi_hop_specific: 0, multi_hop_abstract: 0, unanswerable: 2 });
  });

  it('a candidate whose answer is in fact in a chunk near it is rejected, one that no chunk answers is kept', async () => {
    const { store, llm } = await setup();
    const ranker = await createRetrievalRanker(store, llm, RetrievalSettings.parse({}));
    const loadContexts = createContextLoader(store);
    const check = async (question: string) => {
      const near = await loadContexts((await ranker.nearest(question, 3)).map((chunk) => chunk.chunkId));
      return verifyAbsence(llm, { question, scenario, near }, 'support');
    };
    // The Rosetta chunk states where the decree was issued: the question is answerable.
    const present = await check('Where was the decree of Ptolemy V issued?');
    expect(present).toMatchObject({ ok: false, reason: 'answer_present' });
    // No chunk says anything about Champollion and Bouchard together.
    expect(await check('How is Champollion related to Bouchard?')).toMatchObject({ ok: true });
    expect(llm.usage().stages.verify?.calls).toBe(2);
  });

  it('are about the named things of their chunk and of the related chunk, never key-phrase fragments', async () => {
    const { store } = await setup();
    const corpus = await loadCorpus(store, { minTokens: 10 });
    const candidates = await unanswerable.candidates(store, corpus);
    expect(candidates.length).toBeGreaterThan(0);
    const entityNames = new Set(corpus.chunks.flatMap((chunk) => chunk.entities.map((entity) => entity.name)));
    for (const candidate of candidates) {
      const chunk = corpus.byId.get(candidate.chunkIds[0] as string);
      const own = new Set(chunk?.entities.map((entity) => entity.key));
      expect(candidate.focus.length).toBeGreaterThan(0);
      for (const term of candidate.focus) expect(own.has(term.key)).toBe(true);
      for (const related of candidate.themes) expect(entityNames.has(related)).toBe(true);
    }
  });
});
