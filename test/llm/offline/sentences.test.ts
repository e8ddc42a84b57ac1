import { describe, expect, it } from 'vitest';
import { textStructure } from '../../../src/llm/offline/sentences.js';
import { CHINESE, LOVELACE } from './prose.js';

describe('sentences with offsets', () => {
  it('keeps exact offsets and skips headings, code and list markers', () => {
    const text = '# Title\n\nDr. Young studied the stone. He failed!\n\n```js\nconst x = 1;\n```\n- First item here\n- Second item\n\nLast line without a stop';
    const { sentences, headings } = textStructure(text);
    expect(headings).toEqual(['Title']);
    expect(sentences.map((s) => s.text)).toEqual(['Dr. Young studied the stone.', 'He failed!', 'First item here', 'Second item', 'Last line without a stop']);
    for (const sentence of sentences) expect(text.slice(sentence.start, sentence.end)).toBe(sentence.text);
  });

  it('splits Markdown prose and Chinese', () => {
    const lovelace = textStructure(LOVELACE);
    expect(lovelace.headings).toEqual(['Ada Lovelace and the Analytical Engine', 'Early life', 'The notes of 1843']);
    expect(lovelace.sentences.every((sentence) => !sentence.text.startsWith('#'))).toBe(true);
    expect(textStructure(CHINESE).sentences.map((s) => s.text)).toHaveLength(4);
  });
});

describe('hard-wrapped paragraphs', () => {
  it('runs a sentence across wrapped lines instead of ending it at each line break', () => {
    const text = 'Advisory locks can be useful for locking strategies\nthat are an awkward fit for the MVCC model.\nFor example, they emulate\npessimistic locking.\n\nA new paragraph';
    const { sentences } = textStructure(text);
    expect(sentences.map((s) => s.text)).toEqual([
      'Advisory locks can be useful for locking strategies\nthat are an awkward fit for the MVCC model.',
      'For example, they emulate\npessimistic locking.',
      'A new paragraph',
    ]);
    for (const sentence of sentences) expect(text.slice(sentence.start, sentence.end)).toBe(sentence.text);
  });
});
