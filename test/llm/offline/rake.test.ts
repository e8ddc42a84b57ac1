import { describe, expect, it } from 'vitest';
import { rake } from '../../../src/llm/offline/rake.js';
import { stopwordsFor } from '../../../src/llm/offline/stopwords.js';
import { BABBAGE, VOLCANO } from './prose.js';

const en = stopwordsFor('en');

describe('RAKE keyphrases', () => {
  it('scores candidates by deg/freq as in Rose et al. (2010)', () => {
    // Candidates: "compatibility", "systems", "linear constraints", "natural numbers", "linear diophantine equations".
    const text = 'Compatibility of systems of linear constraints over the set of natural numbers. Linear Diophantine equations.';
    const { phrases, wordScores } = rake(text, { stopwords: en });
    // linear: freq 2, degree 2 + 3 = 5 → 2.5; diophantine: 3/1; equations: 3/1.
    expect(wordScores.get('linear')).toBe(2.5);
    expect(wordScores.get('diophantine')).toBe(3);
    expect(phrases[0]?.text).toBe('Linear Diophantine equations');
    expect(phrases[0]?.score).toBe(8.5);
    expect(phrases.map((phrase) => phrase.text)).toEqual(
      expect.arrayContaining(['linear constraints', 'natural numbers', 'Compatibility', 'systems']),
    );
  });

  it('leaves cross-references out of phrases', () => {
    const texts = rake('For the lock modes, see Section 13.3; refer to the advisory locks table.', { stopwords: en }).phrases.map((p) => p.text);
    expect(texts).toEqual(expect.arrayContaining(['lock modes', 'Section', 'advisory locks table']));
    expect(texts.some((text) => /\b(?:see|refer)\b/i.test(text))).toBe(false);
  });

  it('finds the key phrases of real prose and never crosses punctuation or numbers', () => {
    const texts = rake(BABBAGE, { stopwords: en }).phrases.map((phrase) => phrase.text);
    expect(texts).toEqual(expect.arrayContaining(['Difference Engine', 'Analytical Engine']));
    for (const text of [...texts, ...rake(VOLCANO, { stopwords: en }).phrases.map((phrase) => phrase.text)]) {
      expect(text).not.toMatch(/[.,;:]\s|\d/);
      expect(text.split(' ').length).toBeLessThanOrEqual(4);
    }
  });

  it('returns phrases as written in the text, at most `max`', () => {
    const { phrases } = rake(VOLCANO, { stopwords: en, max: 3 });
    expect(phrases).toHaveLength(3);
    for (const phrase of phrases) expect(VOLCANO.slice(phrase.start, phrase.start + phrase.text.length)).toBe(phrase.text);
  });
});
