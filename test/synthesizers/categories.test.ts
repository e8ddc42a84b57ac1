import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/rng.js';
import { categoryCounts, checkCategorizations, planCategories, type Categorizations } from '../../synthesizers/categories.js';
import { allocateDifficultyCells, parseDifficultyMix } from '../../synthesizers/difficulty-mix.js';
import { generateFromStore } from '../../synthesizers/generate.js';
import { parseMix } from '../../synthesizers/mix.js';
import { planCounts, planSlots } from '../../synthesizers/plan.js';
import { BUILTIN_SYNTHESIZERS } from '../../synthesizers/registry.js';
import { createFakeLlmClient } from '../support/fake-openai-client.js';
import { useFakeOpenAI } from '../support/fake-openai-vitest.js';
import { handGraphStore } from './hand-graph.js';

const fake = useFakeOpenAI();

const category = (name: string, probability: number) => ({ name, probability, description: `A ${name.replace(/_/g, ' ')} question (marker-${name})` });

const THREE_DIMENSIONS: Categorizations = checkCategorizations(
  {
    question_type: [category('factoid', 0.4), category('yes_no', 0.2), category('procedural', 0.3), category('comparison', 0.1)],
    expertise: [category('novice', 0.7), category('expert', 0.3)],
    answer_form: [category('short_answer', 1), category('list', 1), category('explanation', 1)],
  },
  'the test',
);

const store = handGraphStore;

const tally = (values: readonly string[]) => values.reduce<Record<string, number>>((counts, value) => ({ ...counts, [value]: (counts[value] ?? 0) + 1 }), {});
const nonZero = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, count]) => count > 0));

describe('categorizations', () => {
  it('plans exact counts for every dimension together with the mix and the difficulty mix, for any N', () => {
    const synthesizers = BUILTIN_SYNTHESIZERS;
    for (const size of [1, 2, 7, 10, 33, 100, 257]) {
      for (const mixText of ['single=0.5,ms=0.25,ma=0.25', 'single=0.2,ms=0.3,ma=0.5', 'ms=1']) {
        for (const dimensions of [['question_type', 'expertise'], ['question_type', 'expertise', 'answer_form']]) {
          const categorizations = Object.fromEntries(dimensions.map((d) => [d, THREE_DIMENSIONS[d]!]));
          const mix = parseMix(mixText, synthesizers);
          const counts = planCounts(mix, size, { single_hop_specific: 1000, multi_hop_specific: 1000, multi_hop_abstract: 1000 });
          const cells = allocateDifficultyCells(parseDifficultyMix('easy=0.3,medium=0.4,hard=0.3'), counts.planned, mix);
          const rng = createRng('7');
          const plan = planCategories(categorizations, counts.planned, mix, rng.fork('categories'));
          const slots = planSlots(mix, counts.planned, { styles: ['a', 'b'], lengths: ['x'], difficulties: cells, categories: plan }, rng.fork('plan'));
          expect(slots).toHaveLength(size);
          // The mix is exact…
          expect(nonZero(tally(slots.map((s) => s.synthesizer)))).toEqual(nonZero(counts.requested));
          // …and so is every dimension, by largest remainder over N.
          const wanted = categoryCounts(categorizations, size);
          for (const dimension of dimensions) {
            expect(tally(slots.map((s) => s.categories.find((c) => c.dimension === dimension)?.name ?? 'missing'))).toEqual(nonZero(wanted[dimension]!));
            for (const c of categorizations[dimension]!) {
              const share = c.probability / categorizations[dimension]!.reduce((sum, x) => sum + x.probability, 0);
              expect(Math.abs((wanted[dimension]![c.name] ?? 0) - share * size)).toBeLessThan(1);
            }
          }
          // …and the difficulty cells are untouched.
          for (const { name } of mix) expect(slots.filter((s) => s.synthesizer === name && s.difficulty === 'hard')).toHaveLength(cells[name]!.hard);
          // Every slot has one category per dimension, in the declared order.
          for (const slot of slots) expect(slot.categories.map((c) => c.dimension)).toEqual(dimensions);
        }
      }
    }
  });

  it('balances each dimension across the synthesizers and varies with the seed', () => {
    const mix = parseMix('single=0.5,ms=0.5', BUILTIN_SYNTHESIZERS);
    const planned = { single_hop_specific: 50, multi_hop_specific: 50, multi_hop_abstract: 0 };
    const plan = (seed: string) => planCategories({ expertise: THREE_DIMENSIONS.expertise! }, planned, mix, createRng(seed));
    const a = plan('1');
    expect(tally(a.single_hop_specific!.map((slot) => slot[0]!.name))).toEqual({ novice: 35, expert: 15 });
    expect(tally(a.multi_hop_specific!.map((slot) => slot[0]!.name))).toEqual({ novice: 35, expert: 15 });
    expect(plan('1')).toEqual(a);
    expect(plan('2')).not.toEqual(a);
  });

  it('rejects bad categorizations with one line naming the source', () => {
    expect(() => checkCategorizations({ type: [] }, 'cats.yaml')).toThrow(/^invalid categorizations in cats\.yaml: .*at least one category/);
    expect(() => checkCategorizations({ type: [category('a', -1)] }, 'cats.yaml')).toThrow(/must be ≥ 0/);
    expect(() => checkCategorizations({ type: [category('a', 0)] }, 'cats.yaml')).toThrow(/sum to 0/);
    expect(() => checkCategorizations({ type: [category('a', 1), category('a', 1)] }, 'cats.yaml')).toThrow(/"a" appears twice/);
    expect(() => checkCategorizations({ type: [{ name: 'a', probability: 1 }] }, 'cats.yaml')).toThrow(/description/);
    for (const message of [() => checkCategorizations({ type: [] }, 'x')]) expect(message).toThrow(/^[^\n]+$/);
  });

  it('puts each sample\'s category descriptions in its synthesis prompt, records them, and judges them in the same verify call', async () => {
    const categorizations = { question_type: THREE_DIMENSIONS.question_type!, expertise: THREE_DIMENSIONS.expertise! };
    const size = 10;
    const { samples, report } = await generateFromStore({ store: await store(), llm: createFakeLlmClient(fake), size, categorizations, minChunkTokens: 10, seed: '3' });
    expect(samples).toHaveLength(size);
    expect(report.categories?.requested).toEqual(categoryCounts(categorizations, size));
    expect(report.categories?.achieved).toEqual(report.categories?.requested);

    const chats = fake.requests.filter((r) => r.endpoint === 'chat').map((r) => JSON.stringify(r.body));
    const synthesizePrompts = chats.filter((body) => body.includes('Write the question that persona would really type'));
    const verifyPrompts = chats.filter((body) => body.includes('You check one sample'));
    // Each sample's prompt names exactly its own categories, with their descriptions.
    for (const sample of samples) {
      const markers = Object.values(sample.categories ?? {}).map((name) => `marker-${name}`);
      expect(markers).toHaveLength(2);
      expect(synthesizePrompts.some((body) => markers.every((marker) => body.includes(marker)))).toBe(true);
      expect(sample.verification?.adherence.categories).toEqual({ question_type: true, expertise: true });
    }
    for (const body of synthesizePrompts) expect(body.match(/marker-/g)).toHaveLength(2);
    // The categories travel in the verify call itself: one verify call per candidate, no other stage.
    expect(report.usage.stages.verify?.calls).toBe(report.candidates.candidates);
    for (const body of verifyPrompts) expect(body).toContain('categories_followed');
  });

  it('rejects a candidate whose judge says a category is not followed, and records null for a dimension it did not judge', async () => {
    let verdicts = 0;
    fake.onChat((request, answer) => {
      if (request.schemaName !== 'verification') return answer();
      const base = answer() as Record<string, unknown>;
      verdicts++;
      // The first verdict says the question type is wrong; later ones judge only the expertise.
      return verdicts === 1
        ? { ...base, categories_followed: [{ dimension: 'question_type', followed: false }, { dimension: 'expertise', followed: true }] }
        : { ...base, categories_followed: [{ dimension: 'expertise', followed: true }] };
    });
    const categorizations = { question_type: THREE_DIMENSIONS.question_type!, expertise: THREE_DIMENSIONS.expertise! };
    const { samples, report } = await generateFromStore({ store: await store(), llm: createFakeLlmClient(fake), size: 3, mix: 'single=1', categorizations, minChunkTokens: 10, concurrency: 1 });
    expect(samples).toHaveLength(3);
    expect(report.candidates.rejected.off_request).toBe(1);
    for (const sample of samples) expect(sample.verification?.adherence.categories).toEqual({ question_type: null, expertise: true });
    expect(report.categories?.achieved).toEqual(report.categories?.requested);
  });

  it('leaves runs without categorizations as they were: no categories field, no category prompt line', async () => {
    const { samples, report } = await generateFromStore({ store: await store(), llm: createFakeLlmClient(fake), size: 4, minChunkTokens: 10 });
    expect(report.categories).toBeNull();
    for (const sample of samples) {
      expect(sample).not.toHaveProperty('categories');
      expect(sample.verification?.adherence).not.toHaveProperty('categories');
    }
    for (const request of fake.requests.filter((r) => r.endpoint === 'chat')) expect(JSON.stringify(request.body)).not.toContain('must fit each of these categories');
  });
});
