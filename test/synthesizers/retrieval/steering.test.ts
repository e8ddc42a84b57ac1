import { describe, expect, it } from 'vitest';
import type { SynthesizeInput } from '../../../src/llm/tasks.js';
import { phrasingFor } from '../../../synthesizers/phrasing.js';
import { synthesizeMessages } from '../../../synthesizers/prompt.js';
import { createBm25Index } from '../../../synthesizers/retrieval/bm25.js';
import { distinctiveTerms } from '../../../synthesizers/retrieval/distinctive.js';
import { BUILTIN_SYNTHESIZERS } from '../../../synthesizers/registry.js';
import { BABBAGE, LOVELACE, VOLCANO } from '../../llm/offline/prose.js';

/** Chunks that share the target's plain vocabulary (engines, mathematics, machines) but not its rare terms. */
const NEIGHBOURS = [
  'Steam engines powered the first factories. Engineers built machines that turned heat into motion, and mathematics helped them design better engines.',
  'A calculating machine adds and multiplies numbers. Early designs used gears and wheels, and mathematicians published tables of results for engineers.',
  'The history of mathematics includes many machines. Some engines were designed but never built, and their plans survive in museums.',
  'Programs are instructions for a machine. The first programs were written for engines that existed only on paper, long before computers.',
  'Museums in London display historic engines and calculating machines, with notes on the mathematicians who designed them.',
];
const CORPUS = [BABBAGE, ...NEIGHBOURS, LOVELACE, VOLCANO];
const TARGET = 0;

function input(overrides: Partial<SynthesizeInput>): SynthesizeInput {
  return {
    synthesizer: 'single_hop_specific',
    contexts: [{ id: 'c1', title: 'Charles Babbage', text: CORPUS[TARGET] as string }],
    persona: { name: 'Computing Historian', role_description: 'A historian of early computing machines.' },
    style: 'perfect_grammar',
    length: 'medium',
    categories: [],
    focus: ['Difference Engine'],
    bridge: [],
    language: null,
    paraphrase: false,
    ...overrides,
  };
}

describe('difficulty steering', () => {
  const index = createBm25Index(CORPUS);
  const terms = distinctiveTerms(CORPUS[TARGET] as string, index.idf, 8, 1.2);

  it('lists a chunk\'s terms by BM25 weight, rarest and repeated first, as written', () => {
    expect(terms).toHaveLength(8);
    // "Engine" is said three times and nowhere else in the singular, "English" once but only here; no stopword, no bare number.
    expect(terms.slice(0, 2)).toEqual(['Engine', 'English']);
    expect(terms.some((term) => /^\d+$/.test(term) || term === 'the')).toBe(false);
    expect(distinctiveTerms('the HIST_IGNORE_DUPS option, then zle-line-init', () => 1, 2, 1.2)).toEqual(['HIST_IGNORE_DUPS', 'option']);
  });

  it('steers easy slots to the rare terms and hard slots away from them, in the prompt every provider reads', () => {
    const easy = phrasingFor('easy', [terms]);
    const hard = phrasingFor('hard', [terms]);
    expect(easy).toEqual({ paraphrase: false, keyTerms: terms });
    expect(hard).toEqual({ paraphrase: true, avoidTerms: terms });
    expect(phrasingFor('medium', [terms])).toEqual({ paraphrase: false });
    expect(phrasingFor('easy', [['a', 'b'], ['c']]).keyTerms).toEqual(['a', 'c', 'b']);
    const single = BUILTIN_SYNTHESIZERS.find((s) => s.name === 'single_hop_specific');
    if (!single) throw new Error('no single-hop synthesizer');
    const prompt = (phrasing: object) => synthesizeMessages(single, input(phrasing))[1]?.content ?? '';
    expect(prompt(hard)).toContain(`Words not to use: ${terms.join('; ')}`);
    expect(prompt(easy)).toContain(`Terms to use: ${terms.join('; ')}`);
    expect(prompt({ paraphrase: false })).not.toMatch(/Words not to use|Terms to use/);
  });
});
