import { CHARACTER_KIND, DIGIT, learnBlock, LETTER, LOWER_CASE, SLOW, UNKNOWN, WHITE } from './character-kinds.js';
import { FNV_OFFSET, FNV_PRIME } from '../hash.js';
import { formKey, HASH, LOW_BITS, LOW_SPAN, MAX_TEMPLATE_CHARS, MURMUR_M, SECOND_OFFSET, SPACE, templateForm } from './template-lines.js';

/** A span of a document's text whose lines are counted together (a document, a PDF page). */
export interface TextUnit {
  text: string;
  start: number;
  end: number;
  document: number;
}

/**
 * The template lines of some units (short, not a heading, with a letter), in the order found:
 * per line its document, unit (index in the units given), span and the key of its form's head
 * of `limit` units (template-lines.ts; the whole form when the limit is above
 * MAX_TEMPLATE_CHARS), the key as two int32 halves (`high` the first hash, `low` the second's
 * low 21 bits) so counting them stays on integers. The keys are found in one pass over the text
 * without building forms; the rare lines holding a surrogate or a character whose lower case
 * is longer are keyed from their form. A line found to have no form has `low` −1, which no key
 * has. A line cut at its head may have no letter.
 */
export class TemplateLines {
  constructor(readonly limit: number) {}

  length = 0;
  document = new Int32Array(0);
  unit = new Int32Array(0);
  start = new Int32Array(0);
  end = new Int32Array(0);
  high = new Int32Array(0);
  low = new Int32Array(0);
  /** Lines to key from their form. */
  private unsettled = new Int32Array(0);
  private unsettledCount = 0;

  /** Finds the template lines of `units`. */
  add(units: readonly TextUnit[]): void {
    for (let unit = 0; unit < units.length; unit++) {
      const { text, start, end, document } = units[unit] as TextUnit;
      this.scanUnit(text, start, end, document, unit);
    }
    this.settle(units);
  }

  /** Adds the lines `indexes` of `lines` (found in the same `units`), keyed by this one's limit. */
  addLines(units: readonly TextUnit[], lines: TemplateLines, indexes: readonly number[]): void {
    for (const k of indexes) {
      const unit = lines.unit[k] as number;
      this.scanUnit((units[unit] as TextUnit).text, lines.start[k] as number, lines.end[k] as number, lines.document[k] as number, unit);
    }
    this.settle(units);
  }

  private scanUnit(text: string, start: number, end: number, document: number, unit: number): void {
    for (let from = this.scan(text, start, end, document, unit); from !== -1; from = this.scan(text, from, end, document, unit)) {
      for (let i = from; i < end && text.charCodeAt(i) !== 10; i++) {
        if (CHARACTER_KIND[text.charCodeAt(i)] === UNKNOWN) learnBlock(text.charCodeAt(i));
      }
    }
  }

  /**
   * Scans the lines of `text[from, to)`; stops at a line holding a character of a block not
   * learnt yet and returns its start, else returns −1. Every operation V8 collects type
   * feedback for runs on ordinary ASCII text, and rare cases (headings, new characters) only
   * move values and leave a loop: a branch first taken after optimisation made V8 deoptimise
   * and recompile the scan, the compiles costing more CPU than the scan itself.
   */
  private scan(text: string, from: number, to: number, document: number, unit: number): number {
    this.reserve(((to - from) >> 1) + 2);
    const { document: documents, unit: units, start: starts, end: ends, high: highs, low: lows, unsettled } = this;
    let n = this.length;
    let unsettledCount = this.unsettledCount;
    let stoppedAt = -1;
    const { limit } = this;
    // Imported tables read through module cells on every access unless held in locals.
    const kinds = CHARACTER_KIND;
    const lowerCase = LOWER_CASE;
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
        /** Units of the form other than spaces so far, and whether the head ended before the line. */
        let formUnits = 0;
        let cut = 0;
        /** UNKNOWN or SLOW when the line holds such a character. */
        let rare = -1;
        for (let i = start; i < end; i++) {
          const code = text.charCodeAt(i);
          const kind = kinds[code] as number;
          if (kind <= SLOW) {
            rare = kind;
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
              formUnits++;
              if (formUnits === limit) {
                cut = 1;
                break;
              }
            }
            continue;
          }
          digits = 0;
          if (kind === LETTER) letter = 1;
          const lower = lowerCase[code] as number;
          a = Math.imul(a ^ lower, FNV_PRIME);
          b = Math.imul(b ^ lower, MURMUR_M);
          formUnits++;
          if (formUnits === limit) {
            cut = 1;
            break;
          }
        }
        if (rare === UNKNOWN) {
          stoppedAt = start;
          break;
        }
        const slow = rare === SLOW ? 1 : 0;
        // Written whatever the line holds, kept by advancing `n`: no branch of its own.
        documents[n] = document;
        units[n] = unit;
        starts[n] = start;
        ends[n] = end;
        highs[n] = a;
        lows[n] = b & LOW_BITS;
        unsettled[unsettledCount] = n;
        unsettledCount += slow;
        n += slow | ((letter | cut) & (heading ^ 1));
      }
      start = end + 1;
    }
    this.length = n;
    this.unsettledCount = unsettledCount;
    return stoppedAt;
  }

  /** Keys the lines to key from their form. */
  private settle(units: readonly TextUnit[]): void {
    for (let k = 0; k < this.unsettledCount; k++) {
      const line = this.unsettled[k] as number;
      const { text } = units[this.unit[line] as number] as TextUnit;
      const form = templateForm(text, this.start[line] as number, this.end[line] as number);
      const key = form === undefined ? -1 : formKey(form, this.limit);
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
    const grown = (column: Int32Array, length: number) => {
      const copy = new Int32Array(size);
      copy.set(column.subarray(0, length));
      return copy;
    };
    this.document = grown(this.document, this.length);
    this.unit = grown(this.unit, this.length);
    this.start = grown(this.start, this.length);
    this.end = grown(this.end, this.length);
    this.high = grown(this.high, this.length);
    this.low = grown(this.low, this.length);
    this.unsettled = grown(this.unsettled, this.unsettledCount);
  }
}
