import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/chunking/chunk-document.js';
import type { Document } from '../../src/documents/document.js';
import { contentId } from '../../src/hash.js';
import { cleanDocuments } from '../../src/hygiene/clean.js';

/**
 * Whatever the template lines and wherever they fall, hygiene never moves an offset: every
 * chunk is `document.text.slice(start, end)`, no chunk touches an excluded span, and every
 * word outside the excluded spans is in some chunk.
 */

const WORDS = ['hive', 'queen', 'drone', 'nectar', 'café', 'Straße', '東京', '🐝', 'e.g.', '3.14', 'varroa', 'comb', 'wax'];
const sentence = fc.array(fc.constantFrom(...WORDS), { minLength: 3, maxLength: 18 }).map((words) => `${words.join(' ')}.`);
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 5 }).map((sentences) => sentences.join(' '));
const TEMPLATE = ['[ < ] | [ Up ] | [ > ] | [Top] | [Contents] | [Index]', 'A | B | C | D | E | F', 'Copyright the Club, all rights reserved', '# Navigation'];
const line = fc.oneof(
  { weight: 5, arbitrary: paragraph },
  { weight: 2, arbitrary: fc.constantFrom(...TEMPLATE) },
  { weight: 1, arbitrary: fc.constantFrom('# Heading', '## Section two', '', '   ') },
);
const page = fc
  .tuple(fc.array(fc.tuple(line, fc.constantFrom('\n', '\n\n', '\n\n\n')), { minLength: 1, maxLength: 12 }), fc.constantFrom('', '\n'))
  .map(([lines, lead]) => lead + lines.map(([text, separator]) => text + separator).join(''));
const corpus = fc.array(page, { minLength: 4, maxLength: 9 });

describe('hygiene keeps offsets exact', () => {
  it('chunks are exact slices of the loaded text, outside every excluded span, covering every kept word', () => {
    let excludedSpans = 0;
    fc.assert(
      fc.property(corpus, fc.constantFrom(24, 48, 96), (texts, maxTokens) => {
        const documents: Document[] = texts.map((text, i) => ({
          id: contentId('doc', `${i}`, text),
          source: `p${i}.html`,
          title: `p${i}`,
          format: 'html',
          metadata: {},
          text,
        }));
        const cleaned = cleanDocuments(documents, { minDocumentTokens: 0, keepDuplicates: true, boilerplateMinDocuments: 2 });
        for (const document of cleaned.documents) {
          excludedSpans += document.excluded?.length ?? 0;
          const own = chunkDocument(document, { maxTokens, overlapTokens: 0 });
          const covered = new Uint8Array(document.text.length);
          for (const chunk of own) {
            expect(document.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
            for (const span of document.excluded ?? []) expect(chunk.end <= span.start || chunk.start >= span.end).toBe(true);
            covered.fill(1, chunk.start, chunk.end);
          }
          const excluded = new Uint8Array(document.text.length);
          for (const span of document.excluded ?? []) excluded.fill(1, span.start, span.end);
          for (let i = 0; i < document.text.length; i++) {
            if (!excluded[i] && /\S/.test(document.text[i] as string)) expect(covered[i], `character ${i} of ${document.source}`).toBe(1);
          }
        }
      }),
      { numRuns: 60 },
    );
    // The property is about excluded spans: the generator must produce them.
    expect(excludedSpans).toBeGreaterThan(60);
  }, 300_000);
});
