import { describe, expect, it } from 'vitest';
import { TemplateLines, type TextUnit } from '../../src/hygiene/template-line-scan.js';
import { formKey, MAX_TEMPLATE_CHARS, templateForm } from '../../src/hygiene/template-lines.js';
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

interface Found {
  document: number;
  unit: number;
  start: number;
  end: number;
  key: number;
}

/** Every line of the units at most MAX_TEMPLATE_CHARS long that has a template form, with the key of its form's head. */
function expectedLines(units: readonly TextUnit[], limit: number): Found[] {
  return units.flatMap(({ text, start: from, end: to, document }, unit) => {
    const result: Found[] = [];
    for (let start = from; start < to; ) {
      let end = text.indexOf('\n', start);
      if (end === -1 || end > to) end = to;
      const form = end - start <= MAX_TEMPLATE_CHARS ? templateForm(text, start, end) : undefined;
      if (form !== undefined) result.push({ document, unit, start, end, key: formKey(form, limit) });
      start = end + 1;
    }
    return result;
  });
}

function foundLines(lines: TemplateLines): Found[] {
  const found: Found[] = [];
  for (let k = 0; k < lines.length; k++) {
    if ((lines.low[k] as number) < 0) continue;
    const key = ((lines.high[k] as number) >>> 0) * 0x200000 + (lines.low[k] as number);
    found.push({ document: lines.document[k] as number, unit: lines.unit[k] as number, start: lines.start[k] as number, end: lines.end[k] as number, key });
  }
  return found;
}

describe('TemplateLines', () => {
  it('finds the short lines that have a template form, with the key of the form or its head, whether their characters were met before or not', () => {
    const rng = createRng('template-lines');
    const texts = Array.from({ length: 400 }, () => randomText(rng));
    // The first pass meets the non-ASCII characters for the first time, the next ones know them.
    for (const limit of [MAX_TEMPLATE_CHARS + 1, 7, 12, MAX_TEMPLATE_CHARS + 1]) {
      const units: TextUnit[] = [];
      texts.forEach((text, document) => {
        // The whole text, or two pieces split anywhere (PDF pages need not end at a newline).
        const cut = rng.int(text.length + 1);
        const spans = rng.int(2) === 0 ? [[0, text.length]] : [[0, cut], [cut, text.length]];
        for (const [start, end] of spans as [number, number][]) units.push({ text, start, end, document });
      });
      const lines = new TemplateLines(limit);
      lines.add(units);
      const found = foundLines(lines);
      const expected = expectedLines(units, limit);
      expect(expected.length).toBeGreaterThan(1000);
      // A line cut at its head may have no letter after all; every other line found is expected.
      const withForm = found.filter(({ document, start, end }) => templateForm(texts[document] as string, start, end) !== undefined);
      expect(withForm).toEqual(expected);
      if (limit > MAX_TEMPLATE_CHARS) expect(found).toEqual(expected);
      // Lines keyed again whole, from the lines found.
      const whole = new TemplateLines(MAX_TEMPLATE_CHARS + 1);
      whole.addLines(units, lines, Array.from({ length: lines.length }, (_, k) => k));
      expect(foundLines(whole)).toEqual(expectedLines(units, MAX_TEMPLATE_CHARS + 1));
    }
  });
});

describe('formKey', () => {
  it('keys a head as the whole form cut after its limit-th unit other than a space', () => {
    expect(formKey('ab c#d', 3)).toBe(formKey('ab c'));
    expect(formKey('ab c#d', 4)).toBe(formKey('ab c#'));
    expect(formKey('ab  ', 2)).toBe(formKey('ab'));
    expect(formKey('ab', 5)).toBe(formKey('ab'));
    expect(formKey('ab c', 3)).not.toBe(formKey('ab d', 3));
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
