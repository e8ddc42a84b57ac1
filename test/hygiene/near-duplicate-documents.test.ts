import { describe, expect, it } from 'vitest';
import type { DocumentFormat } from '../../src/documents/document.js';
import { findDuplicateDocuments, preferenceOrder, type Containment, type DuplicateInput, type DuplicateOf } from '../../src/hygiene/near-duplicate-documents.js';
import { shingleHashes } from '../../src/hygiene/shingles.js';
import { wordHashes } from '../../src/hygiene/words.js';
import { createRng } from '../../src/rng.js';

/** The rule written the obvious way: a Set of each document's sampled shingles, a Map of first owners. */
function duplicatesByReference(documents: readonly DuplicateInput[], containment: Containment): Map<number, DuplicateOf> {
  const owner = new Map<number, number>();
  const duplicates = new Map<number, DuplicateOf>();
  for (const i of preferenceOrder(documents)) {
    const shingles = new Set(shingleHashes((documents[i] as DuplicateInput).words, 4, 4));
    if (shingles.size >= 8) {
      const shared = new Map<number, number>();
      for (const hash of shingles) {
        const original = owner.get(hash);
        if (original !== undefined) shared.set(original, (shared.get(original) ?? 0) + 1);
      }
      const count = (other: boolean) => [...shared].filter(([original]) => !other || (documents[original] as DuplicateInput).format !== (documents[i] as DuplicateInput).format).reduce((sum, [, n]) => sum + n, 0);
      const share = count(false) / shingles.size;
      if (share >= containment.any || count(true) / shingles.size >= containment.crossFormat) {
        const originals = [...shared].sort(([a, x], [b, y]) => y - x || a - b).map(([original]) => original);
        duplicates.set(i, { originals, containment: share });
        continue;
      }
    }
    for (const hash of shingles) if (!owner.has(hash)) owner.set(hash, i);
  }
  return duplicates;
}

describe('findDuplicateDocuments', () => {
  it('finds the copies a Set-and-Map reference finds, on documents that copy, shuffle and repeat each other\'s sentences', () => {
    const rng = createRng('near-duplicate-documents');
    const vocabulary = Array.from({ length: 40 }, (_, i) => `w${i}`);
    const sentences = Array.from({ length: 14 }, () => Array.from({ length: 8 + rng.int(8) }, () => vocabulary[rng.int(vocabulary.length)]).join(' '));
    const formats: DocumentFormat[] = ['html', 'pdf', 'markdown', 'text'];
    let found = 0;
    for (let n = 0; n < 300; n++) {
      const documents = Array.from({ length: 2 + rng.int(8) }, (_, i): DuplicateInput => {
        // Repeats within one document (a sentence again and again) must count once.
        const text = Array.from({ length: 1 + rng.int(16) }, () => sentences[rng.int(rng.int(2) === 0 ? 4 : sentences.length)]).join('. ');
        return { source: `d${i}`, format: formats[rng.int(formats.length)] as DocumentFormat, words: wordHashes(text) };
      });
      const containment = rng.int(2) === 0 ? { any: 0.9, crossFormat: 0.7 } : { any: 0.5, crossFormat: 0.35 };
      const expected = duplicatesByReference(documents, containment);
      expect(findDuplicateDocuments(documents, containment)).toEqual(expected);
      found += expected.size;
    }
    // The corpus is made so that both outcomes occur often.
    expect(found).toBeGreaterThan(100);
  });
});
