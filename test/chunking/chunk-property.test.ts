import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/chunking/chunk-document.js';
import { countTokens } from '../../src/chunking/tokens.js';
import type { Document } from '../../src/documents/document.js';
import { contentId } from '../../src/hash.js';

const WORDS = [
  'congestion', 'window', 'the', 'of', 'Gutenberg', 'press', 'naïve', 'café', 'Straße', '3.14', '1,024',
  '東京', '活字印刷', 'данные', 'λόγος', '🚀', '👩‍🔬', '🇯🇵', 'e.g.', '"quoted"', '(aside)', 'https://example.org/x?y=1',
];
const word = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...WORDS) },
  // Long runs without spaces: base64-like, CJK and emoji.
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9+/]{20,400}$/) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom('漢', '字', '文', '章', '😀', '🏔️'), { minLength: 10, maxLength: 300 }).map((cs) => cs.join('')) },
);
const space = fc.constantFrom(' ', ' ', ' ', '  ', '\t', '\n');
const sentence = fc
  .tuple(fc.array(fc.tuple(word, space), { minLength: 1, maxLength: 25 }), fc.constantFrom('.', '!', '?', '。', ''))
  .map(([parts, end]) => parts.map(([w, s]) => w + s).join('').trimEnd() + end);
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 8 }).map((sentences) => sentences.join(' '));
const heading = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }))
  .map(([level, words]) => `${'#'.repeat(level)} ${words.join(' ')}`);
const block = fc.oneof({ weight: 4, arbitrary: paragraph }, { weight: 1, arbitrary: heading }, { weight: 1, arbitrary: fc.constantFrom('', '   ', '\t') });
const separator = fc.constantFrom('\n\n', '\n', '\n\n\n', '\n \n', ' ');
const documentText = fc
  .array(fc.tuple(block, separator), { minLength: 0, maxLength: 14 })
  .chain((blocks) => fc.tuple(fc.constantFrom('', '\n', '  '), fc.constant(blocks.map(([b, s]) => b + s).join(''))))
  .map(([lead, body]) => lead + body);
const sizes = fc.constantFrom(16, 24, 40, 64, 128).chain((maxTokens) =>
  fc.record({ maxTokens: fc.constant(maxTokens), overlapTokens: fc.integer({ min: 0, max: Math.floor(maxTokens / 2) }) }),
);

describe('chunkDocument properties', () => {
  it('exact offsets, token bound, full coverage and forward progress on random documents', () => {
    fc.assert(
      fc.property(documentText, sizes, (text, options) => {
        const document: Document = { id: contentId('doc', text), source: 'p', title: 'p', format: 'markdown', metadata: {}, text };
        const chunks = chunkDocument(document, options);
        const covered = new Uint8Array(text.length);
        let previous: { start: number; end: number } | undefined;
        for (const chunk of chunks) {
          expect(text.slice(chunk.start, chunk.end)).toBe(chunk.text);
          expect(chunk.text.length).toBeGreaterThan(0);
          expect(chunk.text).toBe(chunk.text.trim());
          expect(Buffer.from(chunk.text, 'utf8').toString('utf8'), 'lone surrogate').toBe(chunk.text);
          expect(chunk.tokens).toBe(countTokens(chunk.text));
          expect(chunk.tokens).toBeLessThanOrEqual(options.maxTokens);
          for (const name of chunk.headings) expect(text).toContain(name);
          if (previous) {
            expect(chunk.start).toBeGreaterThan(previous.start);
            expect(chunk.end).toBeGreaterThan(previous.end);
          }
          covered.fill(1, chunk.start, chunk.end);
          previous = chunk;
        }
        // One assertion for all offsets: an expect() per character is most of this test's time.
        const uncovered = Array.from({ length: text.length }, (_, i) => i).filter((i) => !covered[i] && !/\s/.test(text[i] ?? ''));
        expect(uncovered, 'offsets not covered').toEqual([]);
        if (!text.trim()) expect(chunks).toEqual([]);
        if (options.overlapTokens === 0) {
          for (let i = 1; i < chunks.length; i++) expect(chunks[i]?.start).toBeGreaterThanOrEqual(chunks[i - 1]?.end ?? 0);
        }
      }),
      { numRuns: 200, seed: 20240601 },
    );
    // 200 documents: seconds on an idle machine, but several times that on a loaded 2-core one.
  }, 120_000);
});
