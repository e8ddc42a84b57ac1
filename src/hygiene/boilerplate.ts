import type { Document, ExcludedRange } from '../documents/document.js';
import { isSpace } from '../documents/white-space.js';
import { lines, type Line } from './ranges.js';
import { TemplateLines, type TextUnit } from './template-line-scan.js';
import { MAX_TEMPLATE_CHARS, templateKey } from './template-lines.js';
import { UnitCounts } from './unit-counts.js';
import { documentUnits, isPaged } from './units.js';

/**
 * Template boilerplate, found by frequency rather than by any generator's markup: a line
 * that recurs in a large share of the documents of one format (navigation tables, "Prev |
 * Up | Next", footers, index letter bars) is the site's template. Documents are compared
 * within their format because templates are: an HTML manual's navigation bar is in every
 * page, whatever its PDF copy holds. In a PDF the pages are the units, and a page's first
 * or last line that recurs on other pages (digits aside) is a running header or footer.
 *
 * Headings are never boilerplate on their own (many pages have a "Description" section),
 * only when everything under them is.
 */

export interface BoilerplateOptions {
  minShare: number;
  minDocuments: number;
}

const HEADING = /^#{1,6}\s/;
/** A page number line: arabic or roman numerals, optionally "page N" or "N of M". */
const PAGE_NUMBER = /^(?:page\s+)?(?:\d+|[ivxlcdm]+)(?:\s*(?:of|\/)\s*\d+)?$/i;
/** A running header or footer recurs as a page's first or last line on at least this many pages. */
const MIN_RUNNING_PAGES = 3;

interface UnitLines {
  document: number;
  lines: Line[];
}

function unitLines(documents: readonly Document[], index: number): UnitLines[] {
  const document = documents[index] as Document;
  return documentUnits(document).map((unit) => ({
    document: index,
    lines: lines(document.text, unit.start, unit.end).filter((line) => line.text.trim() !== ''),
  }));
}

/**
 * Template lines are counted by the head of their form first (its first 12 units other than
 * spaces), and only the lines whose head recurs enough are keyed whole: equal forms have equal
 * heads, so no recurring line is missed, and most lines are read only up to their head (on the
 * PostgreSQL manual none of 57,364 heads of 12 recurs in a fifth of the pages; 450 of 8 do).
 */
const HEAD_UNITS = 12;

/** The units of the documents at `indexes`: their pages, or the whole documents. */
function textUnits(documents: readonly Document[], indexes: readonly number[]): TextUnit[] {
  return indexes.flatMap((index) => {
    const { text } = documents[index] as Document;
    return documentUnits(documents[index] as Document).map(({ start, end }) => ({ text, start, end, document: index }));
  });
}

/** The lines of `units` whose template key occurs in at least `threshold` of them: `indexes` in `lines`. */
function recurringTemplateLines(units: readonly TextUnit[], threshold: number): { lines: TemplateLines; indexes: number[] } {
  const heads = new TemplateLines(HEAD_UNITS);
  heads.add(units);
  const lines = new TemplateLines(MAX_TEMPLATE_CHARS + 1);
  lines.addLines(units, heads, recurringKeys(heads, threshold));
  return { lines, indexes: recurringKeys(lines, threshold) };
}

/** The indexes of the lines whose key occurs in at least `threshold` units (lines without a key have `low` −1). */
function recurringKeys(lines: TemplateLines, threshold: number): number[] {
  const counts = new UnitCounts(lines.length);
  // Counting in its own loop (a method): V8 compiled a function holding both loops while in the first, then deoptimised it entering the second.
  const slots = counts.addAll(lines.high, lines.low, lines.unit, lines.length);
  const { low } = lines;
  const recurring: number[] = [];
  for (let k = 0; k < lines.length; k++) if ((low[k] as number) >= 0 && counts.countAt(slots[k] as number) >= threshold) recurring.push(k);
  return recurring;
}

/** Page numbers, running headers and footers: the first or last line of a page that recurs as such. */
function runningLines(units: readonly UnitLines[]): Line[] {
  const edges = units.flatMap((unit) => [unit.lines[0], unit.lines.at(-1)].filter((line): line is Line => line !== undefined));
  // Lines that cannot be template text all count under −1, which no candidate's key is; long lines count too.
  const keys = edges.map((line) => templateKey(line.text, 0, line.text.length));
  const counts = new Map<number, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return edges.filter((line, i) => {
    if (PAGE_NUMBER.test(line.text.trim())) return true;
    const candidate = line.text.length > MAX_TEMPLATE_CHARS ? -1 : (keys[i] as number);
    return candidate !== -1 && (counts.get(candidate) ?? 0) >= MIN_RUNNING_PAGES;
  });
}

/** Whether the line `text[start, end)` is a Markdown heading, or blank: its first character other than white space is `#` or none. */
function lineKind(text: string, start: number, end: number): 'blank' | 'heading' | 'text' {
  let first = start;
  while (first < end && isSpace(text.charCodeAt(first))) first++;
  if (first === end) return 'blank';
  return text.charCodeAt(first) === 35 && HEADING.test(text.slice(first, end)) ? 'heading' : 'text';
}

/**
 * Headings with nothing under them but boilerplate go with it ("## Navigation" above a link
 * bar): in one pass over the lines, without a string per line.
 */
function withEmptiedHeadings(text: string, marked: ReadonlySet<number>): Set<number> {
  const result = new Set(marked);
  /** The heading whose lines so far are all marked, and how many there are; −1 when none. */
  let heading = -1;
  let under = 0;
  for (let start = 0; start <= text.length; ) {
    const end = lineEndAt(text, start);
    const kind = lineKind(text, start, end);
    if (kind === 'heading') {
      if (heading !== -1 && under > 0) result.add(heading);
      heading = start;
      under = 0;
    } else if (kind === 'text' && heading !== -1) {
      if (marked.has(start)) under++;
      else heading = -1;
    }
    start = end + 1;
  }
  if (heading !== -1 && under > 0) result.add(heading);
  return result;
}

/** Per document (same order), the spans of template boilerplate, ascending. */
export function findBoilerplate(documents: readonly Document[], options: BoilerplateOptions): ExcludedRange[][] {
  const marked = documents.map(() => new Map<number, number>());
  const byFormat = new Map<string, number[]>();
  documents.forEach((document, i) => {
    const group = byFormat.get(document.format);
    if (group) group.push(i);
    else byFormat.set(document.format, [i]);
  });
  for (const indexes of byFormat.values()) {
    // Lines recurring in at least the threshold share of one format's units.
    const units = textUnits(documents, indexes);
    const threshold = Math.max(options.minDocuments, Math.ceil(options.minShare * units.length));
    const template = recurringTemplateLines(units, threshold);
    for (const k of template.indexes) {
      (marked[template.lines.document[k] as number] as Map<number, number>).set(template.lines.start[k] as number, template.lines.end[k] as number);
    }
    for (const i of indexes) {
      if (!isPaged(documents[i] as Document)) continue;
      const target = marked[i] as Map<number, number>;
      for (const line of runningLines(unitLines(documents, i))) target.set(line.start, line.end);
    }
  }
  return documents.map((document, i) => {
    const lineEnds = marked[i] as Map<number, number>;
    if (lineEnds.size === 0) return [];
    const starts = withEmptiedHeadings(document.text, new Set(lineEnds.keys()));
    const spans = [...starts]
      .map((start) => ({ start, end: lineEnds.get(start) ?? lineEndAt(document.text, start), reason: 'boilerplate' as const }))
      .sort((a, b) => a.start - b.start);
    return spans;
  });
}

function lineEndAt(text: string, start: number): number {
  const end = text.indexOf('\n', start);
  return end === -1 ? text.length : end;
}
