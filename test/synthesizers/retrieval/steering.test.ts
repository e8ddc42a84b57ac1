import { describe, expect, it } from 'vitest';
import { offlineSynthesize } from '../../../src/llm/offline/generate.js';
import { words } from '../../../src/llm/offline/tokenize.js';
import { rankOf } from '../../../synthesizers/retrieval/rank.js';
import { steeredQuestion } from '../../support/fake-openai/phrasing.js';
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
  const terms = distinctiveTerms(CORPUS[TARGET] as string, index.idf, 8);

  it('lists a chunk\'s terms by BM25 weight, rarest and repeated first, as written', () => {
    expect(terms).toHaveLength(8);
    // "Engine" (three times) and "Babbage" (twice) occur nowhere else: repeated and rare weigh most; no stopword, no bare number.
    expect(terms.slice(0, 2)).toEqual(['Engine', 'Babbage']);
    expect(terms.some((term) => /^\d+$/.test(term) || term === 'the')).toBe(false);
    expect(distinctiveTerms('the HIST_IGNORE_DUPS option, then zle-line-init', () => 1, 2)).toEqual(['HIST_IGNORE_DUPS', 'option']);
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

/** A hand-made graph: one chunk about history settings among chunks that repeat its plain words (shell, file, list, lines). */
const HISTORY = [
  'The HISTSIZE parameter sets the maximum number of events stored in the internal history list. When the shell exits, the history list is saved to the file named by HISTFILE. The SHARE_HISTORY option lets every running shell read the lines other shells add to that file.',
  'Each shell option is a setting of the shell. The option list shows the number of lines of each file the shell reads.',
  'The shell reads a file line by line. The lines of the file form a list, and the number of lines in the list can be large.',
  'A running shell keeps a list of jobs. Every job in the list has a number, and the shell prints the list when asked.',
  'Startup files are read by every shell. The lines in each file set options, and a shell that exits reads no more files.',
  'The directory stack is a list of directories. The shell adds a line to the list for every directory it changes to.',
  'Completion lists the files a word can name. The list shows the number of matches and the lines they take.',
];

describe('the offline writer under a steer, ranked on a hand-made graph', () => {
  const index = createBm25Index(HISTORY);
  const terms = distinctiveTerms(HISTORY[0] as string, index.idf, 8);
  const rank = (question: string) => rankOf(index.scores(question), 0);
  const write = (phrasing: object, style = 'perfect_grammar') =>
    offlineSynthesize(input({ contexts: [{ id: 'c1', title: 'History', text: HISTORY[0] as string }], focus: ['HISTFILE'], style, ...phrasing }));

  it('names the heaviest terms for an easy slot and none of them for a hard one, and the measured BM25 ranks follow', () => {
    expect(terms.slice(0, 3)).toEqual(expect.arrayContaining(['history']));
    const avoided = new Set(terms.flatMap((term) => words(term)));
    for (const style of ['perfect_grammar', 'web_search_like', 'misspelled']) {
      const easy = write(phrasingFor('easy', [terms]), style);
      const hard = write(phrasingFor('hard', [terms]), style);
      expect(words(hard.question).filter((word) => avoided.has(word))).toEqual([]);
      expect(words(easy.question).filter((word) => avoided.has(word)).length).toBeGreaterThanOrEqual(2);
      // Same grounded answer: the steer changes how the question asks, not what it asks for.
      expect(HISTORY[0]).toContain(hard.answer?.split('. ')[0]);
      expect(rank(easy.question)).toBe(1);
      expect(rank(hard.question)).toBeGreaterThan(rank(easy.question));
    }
  });

  it('the fake endpoint follows the phrasing lines the prompt gives it', () => {
    const prompt = (phrasing: object) => {
      const single = BUILTIN_SYNTHESIZERS.find((s) => s.name === 'single_hop_specific');
      if (!single) throw new Error('no single-hop synthesizer');
      return synthesizeMessages(single, input({ contexts: [{ id: 'c1', title: 'History', text: HISTORY[0] as string }], ...phrasing }))[1]?.content ?? '';
    };
    const written = 'What is known about HISTFILE?';
    const avoided = new Set(terms.flatMap((term) => words(term)));
    const hard = steeredQuestion(prompt(phrasingFor('hard', [terms])), written, [HISTORY[0] as string]);
    const easy = steeredQuestion(prompt(phrasingFor('easy', [terms])), written, [HISTORY[0] as string]);
    expect(words(hard).filter((word) => avoided.has(word))).toEqual([]);
    expect(easy).toContain(terms[0]);
    expect(steeredQuestion(prompt({}), written, [HISTORY[0] as string])).toBe(written);
    expect(rank(hard)).toBeGreaterThan(rank(easy));
  });
});
