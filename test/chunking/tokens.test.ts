import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countTokens, getTokenizer, tokensAtLeast } from '../../src/chunking/tokens.js';

const SAMPLES = [
  'Slow start doubles the congestion window every round trip until it reaches the threshold.',
  'It\'s 3.14159 — they\'re "quoted", and I\'M SHOUTING about 1234567890 packets!!!',
  '日本語の文章を数える。句読点もある！',
  'Emoji 👩‍👩‍👧‍👦 and flags 🇳🇿 and skin tones 👍🏽 count as several tokens each.',
  '\n\n\n   indented\n\t\ttabs\n',
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  'https://example.org/a/very/long/path?with=query&and=more#fragment',
];

describe('token counting', () => {
  for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
    it(`${encoding}: the cached count equals the encoder's token count`, () => {
      const tokenizer = getTokenizer(encoding);
      for (const text of SAMPLES) expect(tokenizer.count(text), text).toBe(tokenizer.encode(text).length);
      // Second pass hits the piece cache and must agree.
      for (const text of SAMPLES) expect(tokenizer.count(text), text).toBe(tokenizer.encode(text).length);
      expect(tokenizer.decode(tokenizer.encode(SAMPLES[3] ?? ''))).toBe(SAMPLES[3]);
    });
  }

  it('the two encodings differ, and known counts hold', () => {
    const cjk = SAMPLES[2] ?? '';
    expect(countTokens(cjk, 'o200k_base')).not.toBe(countTokens(cjk, 'cl100k_base'));
    expect(countTokens('hello world')).toBe(2);
    expect(countTokens('')).toBe(0);
  });

  it('treats special-token text as ordinary text instead of throwing', () => {
    expect(countTokens('before <|endoftext|> after')).toBeGreaterThan(3);
  });

  it('the heap merge gives the same tokens as js-tiktoken on random text', () => {
    const tokenizer = getTokenizer();
    const alphabet = fc.constantFrom('a', 'e', 'th', ' ', '\n', '漢', '字', 'の', '😀', '\u0301', '=', '0', '9', '.', 'Q', '+', '/');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 120 }).map((parts) => parts.join('')), (text) => {
        const tokens = tokenizer.encode(text);
        expect(tokenizer.count(text)).toBe(tokens.length);
        expect(tokenizer.tokenEnds(text)).toHaveLength(tokens.length);
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it('tokenEnds gives character offsets, and countUpTo stops early without losing exactness', () => {
    const tokenizer = getTokenizer();
    const text = '活字印刷術は十一世紀の中国で畢昇が発明したとされる😀';
    const ends = tokenizer.tokenEnds(text);
    expect(ends.at(-1)).toBe(text.length);
    for (const end of ends) expect(Buffer.from(text.slice(0, end), 'utf8').toString('utf8')).toBe(text.slice(0, end));
    expect(tokenizer.countUpTo(text, 1000)).toBe(tokenizer.count(text));
    expect(tokenizer.countUpTo(text, 3)).toBeGreaterThan(3);
    // 300k characters in one pre-tokenizer piece: rejected by its length alone, no merging.
    expect(tokenizer.countUpTo('漢'.repeat(300_000), 512)).toBeGreaterThan(512);
  });

  it('tokensAtLeast never exceeds either encoding\'s count, on text made of punctuation, slashes, line breaks and contractions', () => {
    const alphabet = fc.constantFrom('word', "it's", ' ', '  ', '\n', '\r\n', '\t', '\u00a0', '/', '//', '-->', '.', '...', '(', '9', '12345', 'é', '\u0301', '漢', '😀', 'Q');
    const texts = fc.array(alphabet, { maxLength: 80 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(texts, (text) => {
        for (const encoding of ['o200k_base', 'cl100k_base'] as const) expect(tokensAtLeast(text, Infinity)).toBeLessThanOrEqual(getTokenizer(encoding).count(text));
      }),
      { numRuns: 400, seed: 11 },
    );
    // o200k's punctuation piece takes a following line break and slash: '-->\n/' is one token's piece, not two.
    expect(tokensAtLeast('-->\n/', Infinity)).toBe(1);
    expect(tokensAtLeast('a b c d e', 3)).toBe(3);
  });

  it('keeps one tokenizer per encoding', () => {
    expect(getTokenizer('o200k_base')).toBe(getTokenizer());
    expect(getTokenizer('cl100k_base')).not.toBe(getTokenizer('o200k_base'));
  });
});
