import { describe, expect, it } from 'vitest';
import { countTokens, getTokenizer } from '../../src/chunking/tokens.js';

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

  it('keeps one tokenizer per encoding', () => {
    expect(getTokenizer('o200k_base')).toBe(getTokenizer());
    expect(getTokenizer('cl100k_base')).not.toBe(getTokenizer('o200k_base'));
  });
});
