import { describe, expect, it } from 'vitest';
import { offlineSynthesize } from '../../../src/llm/offline/generate.js';
import type { SynthesisOutput } from '../../../src/llm/tasks.js';
import { templatesFor } from '../../../src/llm/offline/question-templates.js';
import { textStructure } from '../../../src/llm/offline/sentences.js';
import { ALL_STOPWORDS } from '../../../src/llm/offline/stopwords.js';
import { words } from '../../../src/llm/offline/tokenize.js';
import { SynthesizeOutput, type SynthesizeInput } from '../../../src/llm/tasks.js';
import { BABBAGE, CHINESE, GERMAN, LOVELACE, VOLCANO } from './prose.js';

const STYLES = ['perfect_grammar', 'poor_grammar', 'misspelled', 'web_search_like'];
const LENGTHS = ['short', 'medium', 'long'];
const persona = { name: 'Computing Historian', role_description: 'A historian of early computing machines.' };

function scenario(overrides: Partial<SynthesizeInput>): SynthesizeInput {
  return {
    synthesizer: 'single_hop_specific',
    contexts: [{ id: 'c1', title: 'Ada Lovelace', text: LOVELACE }],
    persona,
    style: 'perfect_grammar',
    length: 'medium',
    categories: [],
    focus: ['Luigi Menabrea'],
    bridge: [],
    language: null,
    paraphrase: false,
    ...overrides,
  };
}

const SINGLE = scenario({});
const MULTI = scenario({
  synthesizer: 'multi_hop_specific',
  contexts: [
    { id: 'c1', title: 'Ada Lovelace', text: LOVELACE },
    { id: 'c2', title: 'Charles Babbage', text: BABBAGE },
  ],
  focus: ['Charles Babbage'],
  bridge: ['Charles Babbage'],
});
const ABSTRACT = { ...MULTI, synthesizer: 'multi_hop_abstract', focus: ['Analytical Engine'], bridge: ['Difference Engine'] };

/** Words the English templates bring; the rest of a question must come from the scenario. */
const TEMPLATE_WORDS = new Set(
  (() => {
    const en = templatesFor('en');
    const all = [...Object.values(en.short).flat(), ...Object.values(en.medium).flat(), ...en.lead].join(' ');
    return words(all.replace(/\{[\w:]+\}/g, ' '));
  })(),
);

function answerIsQuoted(answer: string, contexts: readonly { text: string }[]) {
  for (const sentence of textStructure(answer).sentences) {
    expect(contexts.some((context) => context.text.includes(sentence.text))).toBe(true);
  }
}

/** An answerable question's output: the answer is there. */
function answered(output: SynthesisOutput): { question: string; answer: string } {
  expect(output.answer).toBeTypeOf('string');
  return { question: output.question, answer: output.answer as string };
}

function everyStyleAndLength(base: SynthesizeInput) {
  return STYLES.flatMap((style) => LENGTHS.map((length) => ({ style, length, output: answered(offlineSynthesize({ ...base, style, length })) })));
}

describe('offline question generation', () => {
  it('always passes the SynthesizeOutput schema', () => {
    for (const base of [SINGLE, MULTI, ABSTRACT]) {
      for (const { output } of everyStyleAndLength(base)) expect(SynthesizeOutput.safeParse(output).success).toBe(true);
    }
  });

  it('single hop: asks about the focus term and answers with a sentence stating it', () => {
    for (const { output } of everyStyleAndLength(SINGLE)) {
      expect(output.question.toLowerCase()).toContain('luigi menabrea');
      expect(output.answer).toContain('Luigi Menabrea');
      answerIsQuoted(output.answer, SINGLE.contexts);
    }
  });

  it('multi hop: names the bridge entity and needs a fact from each context', () => {
    for (const { output } of everyStyleAndLength(MULTI)) {
      expect(output.question.toLowerCase()).toContain('charles babbage');
      answerIsQuoted(output.answer, MULTI.contexts);
      const sentences = textStructure(output.answer).sentences.map((sentence) => sentence.text);
      expect(sentences.some((sentence) => LOVELACE.includes(sentence))).toBe(true);
      expect(sentences.some((sentence) => BABBAGE.includes(sentence))).toBe(true);
    }
  });

  it('abstract: compares the theme across the contexts', () => {
    for (const { output } of everyStyleAndLength(ABSTRACT)) {
      expect(output.question.toLowerCase()).toContain('analytical engine');
      answerIsQuoted(output.answer, ABSTRACT.contexts);
      const sentences = textStructure(output.answer).sentences.map((sentence) => sentence.text);
      expect(sentences.some((sentence) => LOVELACE.includes(sentence)) && sentences.some((sentence) => BABBAGE.includes(sentence))).toBe(true);
    }
  });

  it('is answerable: every non-template word of a well-formed question occurs in its contexts', () => {
    for (const base of [SINGLE, MULTI, ABSTRACT, scenario({ focus: ['Bernoulli numbers'] }), scenario({ focus: ['Jacquard loom'] })]) {
      for (const length of LENGTHS) {
        const { question } = offlineSynthesize({ ...base, length });
        const contextWords = new Set(base.contexts.flatMap((context) => words(context.text)));
        const personaWords = new Set(words(persona.name));
        const foreign = words(question).filter((word) => !TEMPLATE_WORDS.has(word) && !ALL_STOPWORDS.has(word) && !personaWords.has(word) && !contextWords.has(word));
        expect(foreign, question).toEqual([]);
      }
    }
  });

  it('applies the query styles', () => {
    const perfect = offlineSynthesize({ ...MULTI, style: 'perfect_grammar' }).question;
    const web = offlineSynthesize({ ...MULTI, style: 'web_search_like' }).question;
    const poor = offlineSynthesize({ ...MULTI, style: 'poor_grammar' }).question;
    const misspelled = offlineSynthesize({ ...MULTI, style: 'misspelled' }).question;
    expect(new Set([perfect, web, poor, misspelled]).size).toBe(4);
    expect(perfect).toMatch(/^[A-Z].*\?$/);
    expect(web).toBe(web.toLowerCase());
    expect(web).not.toMatch(/[?]/);
    expect(words(web).some((word) => TEMPLATE_WORDS.has(word) && ALL_STOPWORDS.has(word))).toBe(false);
    expect(poor.charAt(0)).toBe(poor.charAt(0).toLowerCase());
    // A typo: some word that is neither in the templates nor in the contexts.
    const known = new Set([...TEMPLATE_WORDS, ...MULTI.contexts.flatMap((context) => words(context.text)), ...words(persona.name)]);
    expect(words(misspelled).some((word) => !known.has(word))).toBe(true);
    // Unknown styles read as perfect grammar.
    expect(offlineSynthesize({ ...MULTI, style: 'shouting' }).question).toMatch(/^[A-Z].*\?$/);
  });

  it('applies the query lengths', () => {
    for (const base of [SINGLE, MULTI, ABSTRACT]) {
      const count = (length: string) => words(offlineSynthesize({ ...base, length }).question).length;
      expect(count('short')).toBeLessThanOrEqual(14);
      expect(count('long')).toBeGreaterThan(count('medium'));
      expect(count('long')).toBeGreaterThanOrEqual(20);
    }
  });

  it('is deterministic, and a different scenario gives a different question', () => {
    expect(offlineSynthesize(MULTI)).toEqual(offlineSynthesize(structuredClone(MULTI)));
    expect(offlineSynthesize(scenario({ focus: ['Lord Byron'] })).question).not.toBe(offlineSynthesize(SINGLE).question);
  });

  it('writes in the language of the contexts, or the one asked for', () => {
    const german = answered(offlineSynthesize(scenario({ contexts: [{ id: 'g', title: 'DNB', text: GERMAN }], focus: ['Deutsche Nationalbibliothek'] })));
    expect(german.question).toMatch(/Deutsche Nationalbibliothek/);
    expect(german.question).toMatch(/\b(Was|Wie|Welche|Als)\b/);
    answerIsQuoted(german.answer, [{ text: GERMAN }]);
    const chinese = answered(offlineSynthesize(scenario({ contexts: [{ id: 'z', title: '石碑', text: CHINESE }], focus: ['罗塞塔石碑'] })));
    expect(chinese.question).toContain('罗塞塔石碑');
    expect(chinese.question).toMatch(/[什么哪何]/u);
    expect(CHINESE).toContain(chinese.answer.split('。')[0]);
    const asked = offlineSynthesize({ ...SINGLE, language: 'German' });
    expect(asked.question).toMatch(/\b(Was|Wie|Welche|Als)\b/);
  });

  it('handles other synthesizers and scenarios without a focus', () => {
    const custom = answered(offlineSynthesize({ ...MULTI, synthesizer: 'my_comparison', focus: [], bridge: [] }));
    answerIsQuoted(custom.answer, MULTI.contexts);
    const bare = offlineSynthesize(scenario({ synthesizer: 'my_faq', contexts: [{ id: 'v', title: 'Etna', text: VOLCANO }], focus: [] }));
    expect(SynthesizeOutput.safeParse(bare).success).toBe(true);
    answerIsQuoted(answered(bare).answer, [{ text: VOLCANO }]);
  });

  it('refuses a context with no text instead of inventing an answer', () => {
    expect(() => offlineSynthesize(scenario({ contexts: [{ id: 'e', title: 'Empty', text: '   ' }], focus: [] }))).toThrow(/no text/);
  });
});
