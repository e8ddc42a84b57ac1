import { isSpace } from '../documents/white-space.js';
import { FNV_OFFSET, FNV_PRIME } from '../hash.js';

/**
 * The form two copies of a template line share — case, spacing and numbers aside — as a
 * number, computed in one pass over the document's text without slicing or building a
 * string per line (boilerplate detection reads every short line of the corpus). Equivalent
 * to hashing `line.trim().toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ')`, except
 * that letters are lower-cased one at a time; two 32-bit FNV-1a hashes give 53 bits.
 */

const LETTER = /\p{L}/u;
const HASH = 35; // '#'
const SPACE = 32;
const MURMUR_M = 0x5bd1e995;
/** The second hash's start, as an int32 like FNV_OFFSET (hash.ts says why). */
const SECOND_OFFSET = 0x9dc5811c | 0;

/** Per ASCII code: 1 white space, 2 digit, 3 upper-case letter, 4 lower-case letter, 0 anything else. */
const ASCII_CLASS = new Uint8Array(128);
for (const code of [9, 10, 11, 12, 13, 32]) ASCII_CLASS[code] = 1;
for (let code = 48; code <= 57; code++) ASCII_CLASS[code] = 2;
for (let code = 65; code <= 90; code++) ASCII_CLASS[code] = 3;
for (let code = 97; code <= 122; code++) ASCII_CLASS[code] = 4;

/**
 * The template key of `text[start, end)`, or −1 when the line cannot be template text: it has
 * no letter (lines of digits and punctuation), or it is a Markdown heading (`#` to `######`
 * then a space).
 */
export function templateKey(text: string, start: number, end: number): number {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  let hashes = 0;
  while (start + hashes < end && text.charCodeAt(start + hashes) === HASH) hashes++;
  if (hashes >= 1 && hashes <= 6 && start + hashes < end && isSpace(text.charCodeAt(start + hashes))) return -1;
  // Two FNV-style hashes mixed inline (a closure per line cost more than the hashing).
  let a = FNV_OFFSET;
  let b = SECOND_OFFSET;
  let letter = false;
  let space = false;
  let digits = false;
  for (let i = start; i < end; i++) {
    let code = text.charCodeAt(i);
    const kind = code < 128 ? (ASCII_CLASS[code] as number) : isSpace(code) ? 1 : 0;
    if (kind === 1) {
      space = true;
      digits = false;
      continue;
    }
    if (space) {
      a = Math.imul(a ^ SPACE, FNV_PRIME);
      b = Math.imul(b ^ SPACE, MURMUR_M);
      space = false;
    }
    if (kind === 2) {
      if (!digits) {
        a = Math.imul(a ^ HASH, FNV_PRIME);
        b = Math.imul(b ^ HASH, MURMUR_M);
      }
      digits = true;
      continue;
    }
    digits = false;
    if (code < 128) {
      if (kind === 3) code += 32;
      if (kind >= 3) letter = true;
      a = Math.imul(a ^ code, FNV_PRIME);
      b = Math.imul(b ^ code, MURMUR_M);
      continue;
    }
    const point = text.codePointAt(i) as number;
    const char = String.fromCodePoint(point);
    if (point > 0xffff) i++;
    if (!letter && LETTER.test(char)) letter = true;
    const lower = char.toLowerCase();
    for (let k = 0; k < lower.length; k++) {
      a = Math.imul(a ^ lower.charCodeAt(k), FNV_PRIME);
      b = Math.imul(b ^ lower.charCodeAt(k), MURMUR_M);
    }
  }
  return letter ? (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff) : -1;
}
