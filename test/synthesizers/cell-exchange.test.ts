import { describe, expect, it } from 'vitest';
import { exchangeCell, type SteerOutcomes } from '../../synthesizers/cell-exchange.js';
import { generateFromStore } from '../../synthesizers/generate.js';
import type { SlotState } from '../../synthesizers/placement.js';
import type { Difficulty } from '../../src/testset/sample.js';
import { createFakeLlmClient } from '../support/fake-openai-client.js';
import { useFakeOpenAI } from '../support/fake-openai-vitest.js';
import { handGraphStore } from './hand-graph.js';

const fake = useFakeOpenAI();

const NONSENSE = ['qorvath', 'blenzic', 'fudrimol', 'straxen', 'wemplu', 'okravid', 'glimtor', 'zunbeck'];

/**
 * A writer whose multi-hop questions are never easy: they use words no chunk has (hard), while
 * single-hop questions follow the steer (paraphrase → the same nonsense, hard; else the
 * context's first sentence, copied: easy).
 */
function writer() {
  let written = 0;
  fake.onChat((request, answer) => {
    if (request.schemaName !== 'sample') return answer();
    written++;
    const contexts = [...request.userText.matchAll(/<<<BEGIN (\w+) [^\n]*>>>\n([\s\S]*?)\n<<<END \1>>>/g)].map((match) => match[2] as string);
    const multi = contexts.length > 1;
    const paraphrase = request.userText.includes('Phrasing: ask in your own words');
    const made = `${NONSENSE[written % NONSENSE.length]} ${NONSENSE[Math.floor(written / NONSENSE.length) % NONSENSE.length]} ${written}?`;
    const copied = `${contexts.map((text) => text.split('. ')[0]).join(' ')} (${written})`;
    return { question: multi || paraphrase ? made : copied, answer: contexts[0]?.split('. ')[0] ?? 'x' };
  });
}

const RUN = { size: 8, mix: 'single=0.5,ms=0.5', difficulty: 'easy=0.5,hard=0.5', minChunkTokens: 10, retrieval: { easyRank: 2, hardRank: 3 }, verify: false, difficultyAttempts: 4 } as const;

describe('cell exchange', () => {
  it('moves a difficulty a kind never reaches to a kind that does: both margins exact, no shortfall', async () => {
    writer();
    const { samples, report } = await generateFromStore({ store: await handGraphStore(), llm: createFakeLlmClient(fake), ...RUN });
    expect(samples).toHaveLength(8);
    expect(report.achieved).toEqual({ single_hop_specific: 4, multi_hop_specific: 4, multi_hop_abstract: 0 });
    expect(report.difficulties).toEqual({ easy: 4, medium: 0, hard: 4 });
    const mix = report.difficultyMix;
    const none = { easy: 0, medium: 0, hard: 0 };
    expect(mix?.planned).toEqual({ single_hop_specific: { easy: 2, medium: 0, hard: 2 }, multi_hop_specific: { easy: 2, medium: 0, hard: 2 }, multi_hop_abstract: none });
    expect(mix?.requested).toEqual({ single_hop_specific: { easy: 4, medium: 0, hard: 0 }, multi_hop_specific: { easy: 0, medium: 0, hard: 4 }, multi_hop_abstract: none });
    expect(mix?.achieved).toEqual(mix?.requested);
    expect(mix?.shortfalls).toEqual([]);
    expect(mix?.exchanged).toBe(2);
    expect(report.notes.join('\n')).toMatch(/2 slot\(s\) traded .*multi_hop_specific × easy -2/);
  });

  it('keeps the planned cells with difficultyTrades off, and reports the cell short', async () => {
    writer();
    const { samples, report } = await generateFromStore({ store: await handGraphStore(), llm: createFakeLlmClient(fake), ...RUN, difficultyTrades: false });
    expect(samples).toHaveLength(8);
    expect(report.difficultyMix?.exchanged).toBe(0);
    expect(report.difficultyMix?.requested).toEqual(report.difficultyMix?.planned);
    expect(report.difficultyMix?.shortfalls).toEqual([
      { synthesizer: 'multi_hop_specific', difficulty: 'easy', requested: 2, achieved: 0, measured: { easy: 0, medium: expect.any(Number), hard: expect.any(Number) } },
    ]);
  });
});

describe('exchangeCell', () => {
  const slot = (synthesizer: string, difficulty: Difficulty, filled = false): SlotState => ({ synthesizer, style: 's', length: 'l', categories: [], difficulty, filled });
  // ms slots wanting easy measured medium (3) and hard (5); single has written every difficulty.
  const outcomes: SteerOutcomes = {
    multi_hop_specific: { easy: { easy: 0, medium: 3, hard: 5 }, medium: { easy: 0, medium: 0, hard: 4 } },
    single_hop_specific: { medium: { easy: 2, medium: 3, hard: 1 } },
  };

  it('trades a second time for a difficulty the slot has not wanted yet, never back to one it gave up', () => {
    const slots = [slot('multi_hop_specific', 'easy'), slot('single_hop_specific', 'medium'), slot('single_hop_specific', 'hard', true)];
    const given = slots.map((s) => new Set([s.difficulty as Difficulty]));
    // First trade: hard is ms's commonest, but only a filled slot wants it, so the open medium slot is taken.
    expect(exchangeCell(slots, 0, outcomes, given)).toEqual({ partner: 1, reopen: false });
    expect(slots.map((s) => s.difficulty)).toEqual(['medium', 'easy', 'hard']);
    given[0]?.add('medium');
    given[1]?.add('easy');
    // Its medium candidates then measure hard: the second trade reopens the filled hard slot, and easy is not handed back.
    expect(exchangeCell(slots, 0, outcomes, given)).toEqual({ partner: 2, reopen: true });
    expect(slots.map((s) => s.difficulty)).toEqual(['hard', 'easy', 'medium']);
  });

  it('finds no trade once every difficulty its kind reaches has been given up, and never takes a partner back to what it gave up', () => {
    const slots = [slot('multi_hop_specific', 'medium'), slot('single_hop_specific', 'hard')];
    expect(exchangeCell(slots, 0, outcomes, [new Set<Difficulty>(['medium', 'hard']), new Set<Difficulty>(['hard'])])).toBeUndefined();
    expect(exchangeCell(slots, 0, outcomes, [new Set<Difficulty>(['medium']), new Set<Difficulty>(['hard', 'medium'])])).toBeUndefined();
    expect(slots.map((s) => s.difficulty)).toEqual(['medium', 'hard']);
  });
});
