import { isSpace } from '../documents/white-space.js';

/**
 * What a template key needs to know of each UTF-16 code unit: its kind and its lower case,
 * in two tables over all 65,536 code units. They are filled in blocks of 256 the first time a
 * character of a block is met (Latin-1 at once), so a corpus pays for the scripts it uses:
 * one `toLowerCase` and one `\p{L}` test per character of a block, then table reads.
 */

/** Not learnt yet. */
export const UNKNOWN = 0;
/** A surrogate, or a character whose lower case is longer: its line is keyed by `templateKey`. */
export const SLOW = 1;
export const WHITE = 2;
/** An ASCII digit (what `\d` matches). */
export const DIGIT = 3;
export const LETTER = 4;
export const OTHER = 5;

export const CHARACTER_KIND = new Uint8Array(0x10000);
export const LOWER_CASE = new Uint16Array(0x10000);

const LETTER_PATTERN = /\p{L}/u;

/** Learns the block of 256 code units that holds `code`. */
export function learnBlock(code: number): void {
  const first = code & ~0xff;
  for (let unit = first; unit < first + 0x100; unit++) {
    const char = String.fromCharCode(unit);
    const lower = char.toLowerCase();
    LOWER_CASE[unit] = lower.charCodeAt(0);
    CHARACTER_KIND[unit] =
      (unit >= 0xd800 && unit <= 0xdfff) || lower.length !== 1 ? SLOW
      : isSpace(unit) ? WHITE
      : unit >= 48 && unit <= 57 ? DIGIT
      : LETTER_PATTERN.test(char) ? LETTER
      : OTHER;
  }
}

learnBlock(0);
