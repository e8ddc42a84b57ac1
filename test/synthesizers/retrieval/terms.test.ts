import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bm25Tokens } from '../../../synthesizers/retrieval/bm25.js';
import { createTermTable, normaliseForTerms, tokenBounds } from '../../../synthesizers/retrieval/terms.js';

/** The tokens as a regular expression says them; the scanner must agree with it. */
const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}]+/gu;
const regexTokens = (text: string) => normaliseForTerms(text).match(TOKEN) ?? [];

const pieces = ['Straße', 'ÉCOLE', 'x2', '東京都', 'ひらがな', 'カタカナー', '𝔘𝔫𝔦', '😀', '٣٤', 'naïve', 'ﬁle', ' ', '\n', '-', '.', 'a', 'Z', '9', '_', 'ǅ', '\u0301', '한국어'];

describe('BM25 terms', () => {
  it('the hand-written scanner gives the tokens of the regular expression', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        expect(bm25Tokens(text)).toEqual(regexTokens(text));
      }),
      { numRuns: 500 },
    );
  });

  it('a term table gives each distinct term one id, in order of first sight, and −1 to unknown terms', () => {
    const table = createTermTable();
    const text = normaliseForTerms(Array.from({ length: 70_000 }, (_, i) => `t${i % 40_000}`).join(' '));
    const ids: number[] = [];
    const bounds = [...tokenBounds(text)];
    for (let i = 0; i < bounds.length; i += 2) ids.push(table.add(text, bounds[i] as number, bounds[i + 1] as number));
    expect(table.size).toBe(40_000);
    expect(ids.slice(0, 40_000)).toEqual(Array.from({ length: 40_000 }, (_, i) => i));
    expect(ids.slice(40_000)).toEqual(Array.from({ length: 30_000 }, (_, i) => i));
    const query = 't39999 unseen t0';
    const found: number[] = [];
    const queryBounds = [...tokenBounds(query)];
    for (let i = 0; i < queryBounds.length; i += 2) found.push(table.id(query, queryBounds[i] as number, queryBounds[i + 1] as number));
    expect(found).toEqual([39_999, -1, 0]);
  });
});
