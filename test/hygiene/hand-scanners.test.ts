import { describe, expect, it } from 'vitest';
import { templateKey } from '../../src/hygiene/template-lines.js';
import { navigationWordShare } from '../../src/hygiene/terms.js';
import { wordHashes } from '../../src/hygiene/words.js';
import { createRng } from '../../src/rng.js';

/** What the hand-written scans replace, written the obvious way. */
const NAVIGATION = ['index', 'contents', 'next', 'prev', 'up', 'section', 'breadcrumbs', 'see', 'also'];

/** Words as words.ts defines them: runs of letters and digits of the NFKC-folded text, each character lower-cased. */
function navigationWordShareByFolding(text: string): { share: number; words: number } {
  const words = [...text.normalize('NFKC')]
    .map((char) => (/[\p{L}\p{N}]/u.test(char) ? (char.toLowerCase()[0] as string) : ' '))
    .join('')
    .split(' ')
    .filter((word) => word !== '');
  const navigation = words.filter((word) => NAVIGATION.includes(word)).length;
  return { share: words.length === 0 ? 0 : navigation / words.length, words: words.length };
}

describe('navigationWordShare', () => {
  it('counts the words and navigation words of the word hashes, on texts mixing scripts, case, digits, ligatures and marks', () => {
    const rng = createRng('navigation-word-share');
    // Letters that change length when lower-cased (İ), astral letters (𝐀), title case (ǅ), digits, marks, a ligature (ﬁ), fullwidth letters.
    const pieces = ['Index', 'NEXT', 'prev', 'up', ' ', ' ', '-', '3', 'é', 'İ', '𝐀', 'ǅ', 'x', 'Section', 'breadcrumbs', 'breadcrumbsx', '\u0301', '中', 'see', 'ALSO', 'ﬁ', 'Ｕｐ'];
    for (let n = 0; n < 3000; n++) {
      const text = Array.from({ length: rng.int(30) }, () => pieces[rng.int(pieces.length)] as string).join(rng.int(2) === 0 ? ' ' : '');
      expect(navigationWordShare(wordHashes(text)), JSON.stringify(text)).toEqual(navigationWordShareByFolding(text));
    }
  });
});

/** A line's template form, or undefined when it cannot be template text (no letter, or a heading). */
function templateForm(line: string): string | undefined {
  const trimmed = line.trim();
  if (/^#{1,6}\s/.test(trimmed) || !/\p{L}/u.test(trimmed)) return undefined;
  return trimmed.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ');
}

describe('templateKey', () => {
  it('gives two lines one key exactly when their template forms (case, numbers and spacing aside) are equal; −1 when no letter or a heading', () => {
    const rng = createRng('template-key');
    // Digits, white space of several kinds, case, letters that change length when lower-cased (İ), astral letters, headings.
    const pieces = ['Next', 'next', 'NEXT', 'Up', ' ', '  ', '\t', '\u00a0', '12', '3', '|', '[', ']', '#', '## ', 'İ', '𝐀', 'é', '-', 'x'];
    const byForm = new Map<string, number>();
    const byKey = new Map<number, string>();
    for (let n = 0; n < 5000; n++) {
      const line = Array.from({ length: 1 + rng.int(8) }, () => pieces[rng.int(pieces.length)] as string).join('');
      const form = templateForm(line);
      const key = templateKey(line, 0, line.length);
      if (form === undefined) {
        expect(key, JSON.stringify(line)).toBe(-1);
        continue;
      }
      expect(byForm.get(form) ?? key, JSON.stringify(line)).toBe(key);
      expect(byKey.get(key) ?? form, JSON.stringify(line)).toBe(form);
      byForm.set(form, key);
      byKey.set(key, form);
    }
    expect(byForm.size).toBeGreaterThan(100);
  });
});
