import { isSpace } from '../documents/white-space.js';
import { FNV_OFFSET, FNV_PRIME } from '../hash.js';

/**
 * The form two copies of a template line share — case, spacing and numbers aside — as a
 * number: hashing `line.trim().toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ')`, except
 * that letters are lower-cased one at a time; two 32-bit FNV-style hashes give 53 bits. A line
 * that cannot be template text (no letter, or a Markdown heading) has none.
 *
 * `templateKey` is that definition for one line. `TemplateLines` finds the keys of every short
 * line of a text in one pass without slicing it (boilerplate detection reads every short line
 * of the corpus), and falls back on `templateKey` for the few lines holding a character it has not met before.
 */

const HEADING = /^#{1,6}\s/;
const LETTER = /\p{L}/u;
const SPACE = 32;
const HASH = 35; // '#'
const MURMUR_M = 0x5bd1e995;
/** The second hash's start, as an int32 like FNV_OFFSET (hash.ts says why). */
const SECOND_OFFSET = 0x9dc5811c | 0;
/** The key keeps the low 21 bits of the second hash. */
const LOW_BITS = 0x1fffff;
const LOW_SPAN = 0x200000;

/** The template key of `text[start, end)`, or −1 when the line cannot be template text. */
export function templateKey(text: string, start: number, end: number): number {
  const line = text.slice(start, end).trim();
  if (HEADING.test(line) || !LETTER.test(line)) return -1;
  let a = FNV_OFFSET;
  let b = SECOND_OFFSET;
  for (const char of line.replace(/\d+/g, '#').replace(/\s+/g, ' ')) {
    const lower = char.toLowerCase();
    for (let k = 0; k < lower.length; k++) {
      a = Math.imul(a ^ lower.charCodeAt(k), FNV_PRIME);
      b = Math.imul(b ^ lower.charCodeAt(k), MURMUR_M);
    }
  }
  return (a >>> 0) * LOW_SPAN + ((b >>> 0) & LOW_BITS);
}

/** Template lines are short; paragraphs are content, and skipping them keeps the count cheap. */
export const MAX_TEMPLATE_CHARS = 400;

/**
 * Per UTF-16 code unit: its kind and its lower case, for the characters met so far. ASCII is
 * known from the start; other characters are learnt from the lines that hold them, which
 * `templateKey` keys meanwhile (surrogates and characters whose lower case is longer stay
 * unknown: their lines always go that way).
 */
const UNKNOWN = 0;
const WHITE = 1;
const DIGIT = 2;
const LETTER_KIND = 3;
const OTHER = 4;
const KIND = new Uint8Array(0x10000);
const LOWER = new Uint16Array(0x10000);
for (let code = 0; code < 128; code++) learn(code);

function learn(code: number): void {
  const char = String.fromCharCode(code);
  const lower = char.toLowerCase();
  if ((code >= 0xd800 && code <= 0xdfff) || lower.length !== 1) return;
  KIND[code] = isSpace(code) ? WHITE : code >= 48 && code <= 57 ? DIGIT : LETTER.test(char) ? LETTER_KIND : OTHER;
  LOWER[code] = lower.charCodeAt(0);
}

/**
 * The template lines of some texts (short, with a letter, not a heading), in the order found:
 * per line its document, unit, span and key, the key as two int32 halves (`high` the first
 * hash, `low` the second's low 21 bits) so counting them stays on integers.
 */
export class TemplateLines {
  length = 0;
  document = new Int32Array(0);
  unit = new Int32Array(0);
  start = new Int32Array(0);
  end = new Int32Array(0);
  high = new Int32Array(0);
  low = new Int32Array(0);
  /** Lines holding a character not met before, keyed by `settle`. */
  private unsettled = new Int32Array(0);
  private unsettledCount = 0;

  /**
   * Adds the template lines of `text[from, to)`. Every operation V8 collects type feedback for
   * runs on ordinary ASCII text, and rare cases (headings, characters not met before) only move values and leave
   * the loop: a branch first taken after optimisation made V8 deoptimise and recompile it, the
   * compiles costing more CPU than the scan.
   */
  scan(text: string, from: number, to: number, document: number, unit: number): void {
    this.reserve(((to - from) >> 1) + 2);
    const { document: documents, unit: units, start: starts, end: ends, high: highs, low: lows, unsettled } = this;
    let n = this.length;
    let unsettledCount = this.unsettledCount;
    for (let start = from; start < to; ) {
      let end = text.indexOf('\n', start);
      if (end === -1 || end > to) end = to;
      if (end - start <= MAX_TEMPLATE_CHARS) {
        let a = FNV_OFFSET;
        let b = SECOND_OFFSET;
        let letter = 0;
        let started = 0;
        let space = 0;
        let digits = 0;
        /** Leading '#' so far while the line is nothing else; 7 or more once it is. */
        let hashes = 0;
        let heading = 0;
        let unknown = 0;
        for (let i = start; i < end; i++) {
          const code = text.charCodeAt(i);
          const kind = KIND[code] as number;
          if (kind === UNKNOWN) {
            unknown = 1;
            break;
          }
          if (kind === WHITE) {
            if (hashes > 0 && hashes < 7) {
              heading = 1;
              break;
            }
            space = started;
            digits = 0;
            continue;
          }
          const more = hashes + 1;
          hashes = code === HASH ? more : 7;
          if (space === 1) {
            a = Math.imul(a ^ SPACE, FNV_PRIME);
            b = Math.imul(b ^ SPACE, MURMUR_M);
            space = 0;
          }
          started = 1;
          if (kind === DIGIT) {
            if (digits === 0) {
              a = Math.imul(a ^ HASH, FNV_PRIME);
              b = Math.imul(b ^ HASH, MURMUR_M);
              digits = 1;
            }
            continue;
          }
          digits = 0;
          if (kind === LETTER_KIND) letter = 1;
          const lower = LOWER[code] as number;
          a = Math.imul(a ^ lower, FNV_PRIME);
          b = Math.imul(b ^ lower, MURMUR_M);
        }
        // Written whatever the line holds, kept by advancing `n`: no branch of its own.
        documents[n] = document;
        units[n] = unit;
        starts[n] = start;
        ends[n] = end;
        highs[n] = a;
        lows[n] = b & LOW_BITS;
        unsettled[unsettledCount] = n;
        unsettledCount += unknown;
        n += unknown | (letter & (heading ^ 1));
      }
      start = end + 1;
    }
    this.length = n;
    this.unsettledCount = unsettledCount;
  }

  /**
   * Keys the lines scanned since the last call that hold a character not met before, by
   * `templateKey`, and learns their characters. `text` is their document's text. A line that
   * turns out to have no key (no letter, a heading) leaves with `low` −1, which no key has.
   */
  settle(text: string): void {
    for (let k = 0; k < this.unsettledCount; k++) {
      const line = this.unsettled[k] as number;
      const start = this.start[line] as number;
      const end = this.end[line] as number;
      for (let i = start; i < end; i++) if (KIND[text.charCodeAt(i)] === UNKNOWN) learn(text.charCodeAt(i));
      const key = templateKey(text, start, end);
      const high = Math.floor(key / LOW_SPAN);
      this.high[line] = high;
      this.low[line] = key === -1 ? -1 : key - high * LOW_SPAN;
    }
    this.unsettledCount = 0;
  }

  /** Room for `more` lines. The columns start empty so the first scan grows them (V8 then knows this path). */
  private reserve(more: number): void {
    if (this.length + more <= this.start.length) return;
    const size = Math.max(1024, 2 ** Math.ceil(Math.log2(this.length + more)));
    const grown = (column: Int32Array) => {
      const copy = new Int32Array(size);
      copy.set(column.subarray(0, this.length));
      return copy;
    };
    this.document = grown(this.document);
    this.unit = grown(this.unit);
    this.start = grown(this.start);
    this.end = grown(this.end);
    this.high = grown(this.high);
    this.low = grown(this.low);
    const unsettled = new Int32Array(size);
    unsettled.set(this.unsettled.subarray(0, this.unsettledCount));
    this.unsettled = unsettled;
  }
}
