import { describe, expect, it } from 'vitest';
import type { SynthesizeInput } from '../../src/llm/tasks.js';
import { guaranteeQueryStyle, looksRough } from '../../synthesizers/style-guarantee.js';
import { hasTypo } from '../../src/llm/offline/typos.js';

/** Clean questions as SmolLM2-135M and a 0.5B model wrote them for styles they were asked to break. */
const CONTEXT =
  'The Rosetta Stone was found in July 1799 near the town of Rashid. Jean-François Champollion announced his ' +
  'decipherment of the hieroglyphs in 1822 and published his discovery in a letter.';

const input = (style: string): SynthesizeInput => ({
  synthesizer: 'single_hop_specific',
  contexts: [{ id: 'c1', title: 'Rosetta Stone', text: CONTEXT }],
  persona: { name: 'Museum Visitor', role_description: 'A visitor who wants to know the story of the stone.' },
  style,
  length: 'short',
  categories: [],
  focus: ['Rosetta Stone'],
  bridge: [],
  language: null,
  paraphrase: false,
});

describe('guaranteeQueryStyle', () => {
  it('misspells a clean question the model wrote for `misspelled`, keeping the focus intact, the same way every time', () => {
    const clean = 'When was the Rosetta Stone discovered and who deciphered it?';
    const first = guaranteeQueryStyle(clean, input('misspelled'));
    expect(first.source).toBe('rewrite');
    expect(first.question).not.toBe(clean);
    expect(first.question).toContain('Rosetta Stone');
    expect(guaranteeQueryStyle(clean, input('misspelled'))).toEqual(first);
    // The rewrite now shows the style, so a second pass leaves it alone.
    expect(guaranteeQueryStyle(first.question, input('misspelled'))).toEqual({ question: first.question, source: 'model' });
  });

  it('keeps a question that already has typos', () => {
    const typed = 'Wehn was the Rosetta Stone fuond?';
    expect(guaranteeQueryStyle(typed, input('misspelled'))).toEqual({ question: typed, source: 'model' });
  });

  it('roughens a clean question the model wrote for `poor_grammar`, and keeps a rough one', () => {
    const clean = 'What did Champollion announce in 1822?';
    const rough = guaranteeQueryStyle(clean, input('poor_grammar'));
    expect(rough.source).toBe('rewrite');
    expect(looksRough(rough.question)).toBe(true);
    expect(guaranteeQueryStyle('champollion announce what in 1822', input('poor_grammar'))).toEqual({ question: 'champollion announce what in 1822', source: 'model' });
  });

  it('leaves the other styles to the model', () => {
    const clean = 'When was the Rosetta Stone discovered?';
    expect(guaranteeQueryStyle(clean, input('perfect_grammar'))).toEqual({ question: clean, source: 'model' });
    expect(guaranteeQueryStyle(clean, input('web_search_like'))).toEqual({ question: clean, source: 'model' });
  });
});

describe('traces of a style', () => {
  const vocabulary = new Set(['the', 'when', 'was', 'rosetta', 'stone', 'discovery', 'hieroglyphs', 'found']);

  it('counts a near miss of a known word as a typo, but not another inflection or a new word', () => {
    expect(hasTypo('When was the Rosseta stone found?', vocabulary)).toBe(true);
    expect(hasTypo('Wehn was the stone found?', vocabulary)).toBe(true);
    expect(hasTypo('When was the discovered stone found?', vocabulary)).toBe(false);
    expect(hasTypo('When was the stone quarried?', vocabulary)).toBe(false);
  });

  it('reads a lower-case start, a missing question mark or a repeated word as rough grammar', () => {
    expect(looksRough('When was the stone found?')).toBe(false);
    expect(looksRough('when was the stone found?')).toBe(true);
    expect(looksRough('When was the stone found')).toBe(true);
    expect(looksRough('When was the the stone found?')).toBe(true);
  });
});
