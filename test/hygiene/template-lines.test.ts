import { describe, expect, it } from 'vitest';
import { MAX_TEMPLATE_CHARS, TemplateLines, templateKey } from '../../src/hygiene/template-lines.js';
import { UnitCounts } from '../../src/hygiene/unit-counts.js';
import { createRng, type Rng } from '../../src/rng.js';

/** Pieces of lines: case, digits, white space of several kinds, headings, characters whose lower case is longer (İ), final sigma, astral letters, a lone surrogate, marks. */
const PIECES = ['Next', 'UP', 'prev', 'x', ' ', '  ', '\t', '\r', '\u00a0', '\u2003', '12', '3', '4 5', '6\t 7', '|', '[', ']', '#', '## ', '###### ', '####### ', '→', '§', '—', 'é', 'É', 'İ', 'ΟΔΟΣ', 'ǅ', '𝐀', '\ud800', '\u0301', 'Ⅸ', '中', '\u200b'];

function randomText(rng: Rng): string {
  const lines = Array.from({ length: 1 + rng.int(12) }, () => {
    if (rng.int(20) === 0) return 'long line '.repeat(MAX_TEMPLATE_CHARS / 10 + rng.int(3) - 1);
    return Array.from({ length: rng.int(9) }, () => PIECES[rng.int(PIECES.length)] as string).join('');
  });
  return lines.join('\n');
}

/** Every line of `text[from, to)` at most MAX_TEMPLATE_CHARS long, with its key by `templateKey`. */
function expectedLines(text: string, from: number, to: number): { start: number; end: number; key: number }[] {
  const result = [];
  for (let start = from; start < to; ) {
    let end = text.indexOf('\n', start);
    if (end === -1 || end > to) end = to;
    const key = end - start <= MAX_TEMPLATE_CHARS ? templateKey(text, start, end) : -1;
    if (key !== -1) result.push({ start, end, key });
    start = end + 1;
  }
  return result;
}

describe('TemplateLines', () => {
  it('finds exactly the short lines that have a template key, with that key, whether their characters were met before or not', () => {
    const rng = createRng('template-lines');
    const texts = Array.from({ length: 400 }, () => randomText(rng));
    // Twice: the first pass meets the non-ASCII characters for the first time, the second knows them.
    for (let pass = 0; pass < 2; pass++) {
      const lines = new TemplateLines();
      const expected: { document: number; unit: number; start: number; end: number; key: number }[] = [];
      let unit = 0;
      texts.forEach((text, document) => {
        // Units: the whole text, or two pieces split anywhere (PDF pages need not end at a newline).
        const cut = rng.int(text.length + 1);
        const units = rng.int(2) === 0 ? [[0, text.length]] : [[0, cut], [cut, text.length]];
        for (const [from, to] of units as [number, number][]) {
          lines.scan(text, from, to, document, unit);
          expected.push(...expectedLines(text, from, to).map((line) => ({ document, unit, ...line })));
          unit++;
        }
        lines.settle(text);
      });
      const found = [];
      for (let k = 0; k < lines.length; k++) {
        if ((lines.low[k] as number) < 0) continue;
        const key = ((lines.high[k] as number) >>> 0) * 0x200000 + (lines.low[k] as number);
        found.push({ document: lines.document[k], unit: lines.unit[k], start: lines.start[k], end: lines.end[k], key });
      }
      expect(found).toEqual(expected);
      expect(expected.length).toBeGreaterThan(1000);
    }
  });
});

describe('UnitCounts', () => {
  it('counts each key once per unit, as a Map of unit sets does, for keys sharing either half', () => {
    const rng = createRng('unit-counts');
    const keys = Array.from({ length: 300 }, () => [rng.int(8) - 4 + (rng.int(2) === 0 ? 0 : 0x7fffffff), rng.int(16)] as [number, number]);
    const counts = new UnitCounts(5000);
    const expected = new Map<string, Set<number>>();
    const slots = new Map<string, number>();
    for (let unit = 0; unit < 50; unit++) {
      for (let n = 0; n < 100; n++) {
        const [high, low] = keys[rng.int(keys.length)] as [number, number];
        const slot = counts.add(high | 0, low, unit);
        const name = `${high | 0}/${low}`;
        expect(slots.get(name) ?? slot).toBe(slot);
        slots.set(name, slot);
        expected.set(name, (expected.get(name) ?? new Set()).add(unit));
      }
    }
    for (const [name, units] of expected) expect(counts.countAt(slots.get(name) as number), name).toBe(units.size);
    expect(new Set(slots.values()).size).toBe(slots.size);
  });
});
