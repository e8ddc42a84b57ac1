import { describe, expect, it } from 'vitest';
import { HashOwners } from '../../src/hygiene/hash-owners.js';
import { navigationWordShare } from '../../src/hygiene/terms.js';
import { createRng } from '../../src/rng.js';

/** What the hand-written scans replace, written the obvious way. */
const NAVIGATION = ['index', 'contents', 'next', 'prev', 'up', 'section', 'breadcrumbs', 'see', 'also'];

function navigationWordShareByRegex(text: string): { share: number; words: number } {
  let all = 0;
  let navigation = 0;
  for (const match of text.toLowerCase().matchAll(/\p{L}+/gu)) {
    all++;
    if (NAVIGATION.includes(match[0])) navigation++;
  }
  return { share: all === 0 ? 0 : navigation / all, words: all };
}

describe('navigationWordShare', () => {
  it('counts the words and navigation words the regular expression \\p{L}+ finds, on texts mixing scripts, case, surrogates and digits', () => {
    const rng = createRng('navigation-word-share');
    // Letters that change length when lower-cased (İ), astral letters (𝐀), a lone surrogate, title case (ǅ), digits, marks.
    const pieces = ['Index', 'NEXT', 'prev', 'up', ' ', ' ', '-', '3', 'é', 'İ', '𝐀', '\ud800', 'ǅ', 'x', 'Section', 'breadcrumbs', 'breadcrumbsx', '\u0301', '中', 'see', 'ALSO'];
    for (let n = 0; n < 3000; n++) {
      const text = Array.from({ length: rng.int(30) }, () => pieces[rng.int(pieces.length)] as string).join(rng.int(2) === 0 ? ' ' : '');
      expect(navigationWordShare(text), JSON.stringify(text)).toEqual(navigationWordShareByRegex(text));
    }
  });
});

describe('HashOwners', () => {
  it('answers as a Map of first claims does, with hashes that share their low bits', () => {
    const rng = createRng('hash-owners');
    const hashes = Array.from({ length: 5000 }, () => (rng.int(1 << 20) * 4096) >>> 0);
    const owners = new HashOwners(hashes.length);
    const expected = new Map<number, number>();
    hashes.forEach((hash, i) => {
      expect(owners.owner(hash)).toBe(expected.get(hash) ?? -1);
      owners.claim(hash, i);
      if (!expected.has(hash)) expected.set(hash, i);
    });
    for (const hash of hashes) expect(owners.owner(hash)).toBe(expected.get(hash));
    expect(owners.owner(1)).toBe(-1);
  });
});
