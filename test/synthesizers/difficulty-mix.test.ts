import { describe, expect, it } from 'vitest';
import { DIFFICULTIES } from '../../src/testset/sample.js';
import { allocateDifficultyCells, parseDifficultyMix } from '../../synthesizers/difficulty-mix.js';
import { generateFromStore } from '../../synthesizers/generate.js';
import { allocateCounts, parseMix } from '../../synthesizers/mix.js';
import { placeSample, type SlotState } from '../../synthesizers/placement.js';
import { BUILTIN_SYNTHESIZERS } from '../../synthesizers/registry.js';
import { createFakeLlmClient } from '../support/fake-openai-client.js';
import { useFakeOpenAI } from '../support/fake-openai-vitest.js';
import { handGraphStore } from './hand-graph.js';

const fake = useFakeOpenAI();

const store = handGraphStore;

const NONSENSE = ['qorvath', 'blenzic', 'fudrimol', 'straxen', 'wemplu', 'okravid', 'glimtor', 'zunbeck'];

/**
 * A scripted writer: a slot that asks for paraphrase gets a question in words no chunk uses
 * (hard to retrieve); any other slot gets the first sentence of each context, copied (easy).
 */
function scriptWriter(options: { honourParaphrase: boolean }) {
  let written = 0;
  fake.onChat((request, answer) => {
    if (request.schemaName !== 'sample') return answer();
    written++;
    // Passages are fenced (src/llm/fence.ts): <<<BEGIN code label>>> … <<<END code>>>.
    const contexts = [...request.userText.matchAll(/<<<BEGIN (\w+) [^\n]*>>>\n([\s\S]*?)\n<<<END \1>>>/g)].map((match) => match[2] as string);
    const copied = contexts.map((text) => text.split('. ')[0]).join(' ');
    const paraphrase = options.honourParaphrase && request.userText.includes('Phrasing: ask in your own words');
    const made = `${NONSENSE[written % NONSENSE.length]} ${NONSENSE[Math.floor(written / NONSENSE.length) % NONSENSE.length]} ${written}?`;
    return { question: paraphrase ? made : `${copied} (${written})`, answer: contexts[0]?.split('. ')[0] ?? 'x' };
  });
}

const THRESHOLDS = { easyRank: 2, hardRank: 3 };

describe('difficulty mix', () => {
  it('splits N over synthesizer × difficulty with both margins exact', () => {
    const synthesizers = BUILTIN_SYNTHESIZERS;
    for (const size of [1, 7, 10, 33, 100]) {
      for (const [mixText, difficultyText] of [
        ['single=0.5,ms=0.25,ma=0.25', 'easy=0.3,medium=0.4,hard=0.3'],
        ['single=1', 'hard=1'],
        ['single=0.2,ms=0.3,ma=0.5', 'easy=1,medium=1,hard=1'],
        ['ms=0.5,ma=0.5', 'easy=0.1,hard=0.9'],
      ] as const) {
        const mix = parseMix(mixText, synthesizers);
        const counts = allocateCounts(size, mix.map(({ weight }) => weight));
        const planned = Object.fromEntries(mix.map(({ name }, i) => [name, counts[i] as number]));
        const total = Object.values(planned).reduce((a, b) => a + b, 0);
        const shares = parseDifficultyMix(difficultyText);
        const cells = allocateDifficultyCells(shares, planned, mix);
        for (const { name } of mix) expect(DIFFICULTIES.reduce((sum, d) => sum + (cells[name]?.[d] ?? 0), 0)).toBe(planned[name]);
        const perDifficulty = DIFFICULTIES.map((d) => mix.reduce((sum, { name }) => sum + (cells[name]?.[d] ?? 0), 0));
        const expected = shares.map(({ weight }) => total * weight);
        perDifficulty.forEach((count, i) => expect(Math.abs(count - (expected[i] as number))).toBeLessThan(1));
        expect(perDifficulty.reduce((a, b) => a + b, 0)).toBe(total);
      }
    }
    expect(() => parseDifficultyMix('easy=0.5,tricky=0.5')).toThrow(/unknown difficulty "tricky" in the difficulty shares/);
    expect(() => parseDifficultyMix('easy=-1')).toThrow(/weight of easy in difficulty/);
  });

  it('moves a sample to the open slot that wants its difficulty, swapping labels so styles stay balanced', () => {
    const slot = (difficulty: SlotState['difficulty'], style: string): SlotState => ({ synthesizer: 's', style, length: 'short', difficulty, filled: false, categories: [] });
    const slots = [slot('hard', 'A'), slot('easy', 'B'), slot('hard', 'C')];
    const target = placeSample(slots, 0, { synthesizer: 's', style: 'A', length: 'short', categories: [] }, 'easy');
    expect(target).toBe(1);
    expect(slots.map((s) => s.style)).toEqual(['B', 'A', 'C']);
    expect(placeSample(slots, 2, { synthesizer: 's', style: 'C', length: 'short', categories: [] }, 'medium')).toBeUndefined();
    expect(placeSample(slots, 2, { synthesizer: 's', style: 'C', length: 'short', categories: [] }, 'hard')).toBe(2);
  });

  for (const [size, mix, difficulty] of [
    [6, 'single=1', 'easy=0.5,hard=0.5'],
    [7, 'single=0.5,ms=0.5', 'easy=0.3,hard=0.7'],
    [5, 'single=0.6,ma=0.4', 'easy=0.2,hard=0.8'],
  ] as const) {
    it(`gives exact difficulty counts with the synthesizer mix (n=${size}, ${mix}, ${difficulty})`, async () => {
      scriptWriter({ honourParaphrase: true });
      const { samples, report } = await generateFromStore({
        store: await store(), llm: createFakeLlmClient(fake), size, mix, difficulty, minChunkTokens: 10, retrieval: THRESHOLDS, verify: false,
      });
      expect(samples).toHaveLength(size);
      expect(report.achieved).toEqual(report.requested);
      expect(report.difficultyMix?.shortfalls).toEqual([]);
      expect(report.difficultyMix?.achieved).toEqual(report.difficultyMix?.requested);
      const shares = parseDifficultyMix(difficulty);
      const wanted = Object.fromEntries(DIFFICULTIES.map((d) => [d, Object.values(report.difficultyMix?.requested ?? {}).reduce((sum, c) => sum + c[d], 0)]));
      expect(report.difficulties).toEqual(wanted);
      expect(Object.values(wanted).reduce((a, b) => a + b, 0)).toBe(size);
      shares.forEach(({ name, weight }) => expect(Math.abs((wanted[name] as number) - weight * size)).toBeLessThan(1));
      for (const sample of samples) expect(sample.retrieval?.bm25_ranks).toHaveLength(sample.reference_context_ids.length);
    });
  }

  it('reports a shortfall per cell when hard questions never come, within the attempt bound', async () => {
    scriptWriter({ honourParaphrase: false });
    const difficultyAttempts = 3;
    const { samples, report } = await generateFromStore({
      store: await store(), llm: createFakeLlmClient(fake), size: 4, mix: 'single=1', difficulty: 'easy=0.5,hard=0.5',
      minChunkTokens: 10, retrieval: THRESHOLDS, difficultyAttempts, verify: false,
    });
    expect(samples).toHaveLength(4);
    expect(report.difficultyMix?.shortfalls).toEqual([
      { synthesizer: 'single_hop_specific', difficulty: 'hard', requested: 2, achieved: 0, measured: { easy: expect.any(Number), medium: 0, hard: 0 } },
    ]);
    const written = report.difficultyMix?.shortfalls[0]?.measured.easy ?? 0;
    // Each of the two hard slots saw difficultyAttempts misfits before it relaxed; all of them measured easy.
    expect(written).toBeGreaterThanOrEqual(2 * difficultyAttempts);
    expect(report.difficultyMix?.relaxed).toBe(2);
    expect(report.notes.join('\n')).toMatch(new RegExp(`single_hop_specific × hard: made 0 of 2 — the ${written} candidate\\(s\\) written for it measured easy ${written};`));
    // No rejections here (verify off): each easy slot takes its first candidate, each hard slot sees difficultyAttempts
    // misfits and then, relaxed, takes one of those already-ranked surplus samples instead of paying for another.
    expect(report.usage.stages.synthesize?.calls).toBe(2 + 2 * difficultyAttempts);
    expect(samples.filter((sample) => sample.difficulty === 'easy')).toHaveLength(4);
    expect(report.candidates.accepted).toBe(4);
    expect(report.candidates.rejected.difficulty).toBeGreaterThan(0);
    await expect(
      generateFromStore({ store: await store(), llm: createFakeLlmClient(fake), size: 4, mix: 'single=1', difficulty: 'hard=1', minChunkTokens: 10, retrieval: THRESHOLDS, difficultyAttempts, verify: false, strict: true }),
    ).rejects.toThrow(/single_hop_specific×hard 0\/4/);
  });
});
