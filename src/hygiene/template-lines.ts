import { FNV_OFFSET, FNV_PRIME } from '../hash.js';

/**
 * The form two copies of a template line share — case, spacing and numbers aside: the line's
 * `line.trim().toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ')`, except that letters
 * are lower-cased one at a time. A line that cannot be template text (no letter, or a Markdown
 * heading) has none. Its key is a number: two 32-bit FNV-style hashes of the form's UTF-16
 * units give 53 bits. template-line-scan.ts computes the same keys without building forms.
 */

const HEADING = /^#{1,6}\s/;
const LETTER_PATTERN = /\p{L}/u;
export const SPACE = 32;
export const HASH = 35; // '#'
export const MURMUR_M = 0x5bd1e995;
/** The second hash's start, as an int32 like FNV_OFFSET (hash.ts says why). */
export const SECOND_OFFSET = 0x9dc5811c | 0;
/** The key keeps the low 21 bits of the second hash. */
export const LOW_BITS = 0x1fffff;
export const LOW_SPAN = 0x200000;

/** The template form of `text[start, end)`, or undefined when the line cannot be template text. */
export function templateForm(text: string, start: number, end: number): string | undefined {
  const line = text.slice(start, end).trim();
  if (HEADING.test(line) || !LETTER_PATTERN.test(line)) return undefined;
  const form = line.replace(/\d+/g, '#').replace(/\s+/g, ' ');
  // Lower-casing the whole string differs from one character at a time only for a capital sigma (final ς).
  if (!form.includes('\u03a3')) return form.toLowerCase();
  let lower = '';
  for (const char of form) lower += char.toLowerCase();
  return lower;
}

/**
 * The key of `form`, or of its head when `limit` is given: the form up to its `limit`-th unit
 * other than a space. Equal forms have equal heads, so lines whose head is rare are rare too.
 */
export function formKey(form: string, limit = Infinity): number {
  let a = FNV_OFFSET;
  let b = SECOND_OFFSET;
  let units = 0;
  for (let i = 0; i < form.length && units < limit; i++) {
    const code = form.charCodeAt(i);
    a = Math.imul(a ^ code, FNV_PRIME);
    b = Math.imul(b ^ code, MURMUR_M);
    if (code !== SPACE) units++;
  }
  return (a >>> 0) * LOW_SPAN + ((b >>> 0) & LOW_BITS);
}

/** The template key of `text[start, end)`, or −1 when the line cannot be template text. */
export function templateKey(text: string, start: number, end: number): number {
  const form = templateForm(text, start, end);
  return form === undefined ? -1 : formKey(form);
}

/** Template lines are short; paragraphs are content, and skipping them keeps the count cheap. */
export const MAX_TEMPLATE_CHARS = 400;
