import type { Document, ExcludedRange } from '../documents/document.js';
import { lines, type Line } from './ranges.js';
import { scanLine } from './template-lines.js';
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

/** Template lines are short; paragraphs are content, and skipping them keeps the count cheap. */
const MAX_TEMPLATE_CHARS = 400;

/** A line that may be template text (short, with a letter, not a heading), with its template key; else undefined. */
function candidateKey(text: string, line: Line | { start: number; end: number }): number | undefined {
  if (line.end - line.start > MAX_TEMPLATE_CHARS) return undefined;
  const scanned = scanLine(text, line.start, line.end);
  return scanned.letter && !scanned.heading ? scanned.key : undefined;
}

interface UnitLines {
  document: number;
  lines: Line[];
}

/** A unit's candidate lines, as spans of the document's text, with their template keys. */
interface UnitCandidates {
  document: number;
  lines: { start: number; end: number; key: number }[];
}

function unitLines(documents: readonly Document[], index: number): UnitLines[] {
  const document = documents[index] as Document;
  return documentUnits(document).map((unit) => ({
    document: index,
    lines: lines(document.text, unit.start, unit.end).filter((line) => line.text.trim() !== ''),
  }));
}

/** The candidate lines of each unit (short, with a letter, not a heading), found without slicing any line. */
function candidateLines(documents: readonly Document[], index: number): UnitCandidates[] {
  const document = documents[index] as Document;
  const { text } = document;
  return documentUnits(document).map((unit) => {
    const found: UnitCandidates['lines'] = [];
    for (let start = unit.start; start < unit.end; ) {
      let end = text.indexOf('\n', start);
      if (end === -1 || end > unit.end) end = unit.end;
      if (end > start) {
        const key = candidateKey(text, { start, end });
        if (key !== undefined) found.push({ start, end, key });
      }
      start = end + 1;
    }
    return { document: index, lines: found };
  });
}

/** Candidate lines recurring in at least the threshold share of one format's units. */
function frequentLines(units: readonly UnitCandidates[], options: BoilerplateOptions): UnitCandidates['lines'][] {
  const counts = new Map<number, number>();
  for (const unit of units) {
    for (const key of new Set(unit.lines.map((line) => line.key))) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const threshold = Math.max(options.minDocuments, Math.ceil(options.minShare * units.length));
  return units.map((unit) => unit.lines.filter((line) => (counts.get(line.key) ?? 0) >= threshold));
}

/** Page numbers, running headers and footers: the first or last line of a page that recurs as such. */
function runningLines(units: readonly UnitLines[]): Line[] {
  const edges = units.flatMap((unit) => [unit.lines[0], unit.lines.at(-1)].filter((line): line is Line => line !== undefined));
  const key = (line: Line) => scanLine(line.text, 0, line.text.length).key;
  const counts = new Map<number, number>();
  for (const line of edges) counts.set(key(line), (counts.get(key(line)) ?? 0) + 1);
  return edges.filter((line) => {
    if (PAGE_NUMBER.test(line.text.trim())) return true;
    const candidate = candidateKey(line.text, { start: 0, end: line.text.length });
    return candidate !== undefined && (counts.get(candidate) ?? 0) >= MIN_RUNNING_PAGES;
  });
}

/** Headings with nothing under them but boilerplate go with it ("## Navigation" above a link bar). */
function withEmptiedHeadings(text: string, marked: ReadonlySet<number>): Set<number> {
  const all = lines(text).filter((line) => line.text.trim() !== '');
  const result = new Set(marked);
  all.forEach((line, i) => {
    if (!HEADING.test(line.text.trimStart()) || result.has(line.start)) return;
    let j = i + 1;
    let under = 0;
    while (j < all.length && !HEADING.test((all[j] as Line).text.trimStart())) {
      if (!marked.has((all[j] as Line).start)) return;
      under++;
      j++;
    }
    if (under > 0) result.add(line.start);
  });
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
    const units = indexes.flatMap((i) => candidateLines(documents, i));
    frequentLines(units, options).forEach((found, u) => {
      const target = marked[(units[u] as UnitCandidates).document] as Map<number, number>;
      for (const line of found) target.set(line.start, line.end);
    });
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
