import { describe, expect, it } from 'vitest';
import { documentWords, wordHashes, wordsIn } from '../../src/hygiene/words.js';
import { createRng } from '../../src/rng.js';

/** Word hashes written the obvious way: fold the whole text, then hash each run of letters and digits. */
function wordHashesByFolding(text: string): number[] {
  const folded = text.normalize('NFKC');
  const hashes: number[] = [];
  let hash = 0x811c9dc5;
  let inWord = false;
  for (let i = 0; i < folded.length; i++) {
    const char = folded[i] as string;
    if (/[\p{L}\p{N}]/u.test(char)) {
      if (!inWord) hash = 0x811c9dc5;
      hash = Math.imul(hash ^ char.toLowerCase().charCodeAt(0), 0x01000193);
      inWord = true;
    } else if (inWord) {
      hashes.push(hash >>> 0);
      inWord = false;
    }
  }
  if (inWord) hashes.push(hash >>> 0);
  return hashes;
}

/**
 * Pieces NFKC changes or merges: a combining mark after a letter (é) or after `=` (≠), a
 * ligature, ½ (one character, two words), ™ (a symbol that folds to letters), ﷺ (one character,
 * four words), a no-break space, fullwidth letters, an astral letter, a lone surrogate, İ.
 */
const PIECES = ['word', 'Mixed', 'x', '42', ' ', '\n', '.', '=', '-', 'e', '\u0301', '\u0338', 'ﬁ', '½', '™', '\ufdfa', '\u00a0', 'Ａｂ', '𝐀', '\ud800', 'İ', '中文', '→', '“', 'é'];

function randomText(rng: ReturnType<typeof createRng>, pieces: number): string {
  return Array.from({ length: pieces }, () => PIECES[rng.int(PIECES.length)] as string).join('');
}

describe('words', () => {
  it('hashes the words of the NFKC-folded text, folding piece by piece as the whole text folds', () => {
    const rng = createRng('word-hashes');
    for (let n = 0; n < 3000; n++) {
      const text = randomText(rng, rng.int(40));
      expect([...wordHashes(text)], JSON.stringify(text)).toEqual(wordHashesByFolding(text));
    }
  });

  it('reads the words of any span from the whole text\'s words, as hashing the span\'s own text gives them', () => {
    const rng = createRng('words-in');
    for (let n = 0; n < 1500; n++) {
      const text = randomText(rng, rng.int(60));
      const words = documentWords(text);
      for (let k = 0; k < 10; k++) {
        const a = rng.int(text.length + 1);
        const b = rng.int(text.length + 1);
        const [start, end] = a <= b ? [a, b] : [b, a];
        expect([...wordsIn(words, text, start, end)], JSON.stringify([text, start, end])).toEqual(wordHashesByFolding(text.slice(start, end)));
      }
    }
  });
});
