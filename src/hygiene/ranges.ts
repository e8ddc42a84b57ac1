/** Half-open character spans `[start, end)` of one text, ascending and non-overlapping. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Sorts and merges overlapping or touching spans of the same `reason`; given the `text`, also
 * spans separated only by whitespace (so a run of boilerplate lines is one block).
 */
export function mergeSpans<T extends Span & { reason?: string }>(spans: readonly T[], text?: string): T[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: T[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    const adjacent = last && (span.start <= last.end || (text !== undefined && text.slice(last.end, span.start).trim() === ''));
    if (last && adjacent && last.reason === span.reason) {
      last.end = Math.max(last.end, span.end);
    } else {
      merged.push({ ...span });
    }
  }
  return merged;
}

/** The parts of `[0, length)` outside `excluded` (ascending, non-overlapping). */
export function keptSpans(length: number, excluded: readonly Span[] | undefined): Span[] {
  const kept: Span[] = [];
  let from = 0;
  for (const span of excluded ?? []) {
    if (span.start > from) kept.push({ start: from, end: span.start });
    from = Math.max(from, span.end);
  }
  if (from < length) kept.push({ start: from, end: length });
  return kept;
}

/** The text of the kept spans, joined by blank lines (for counting and comparing, never for offsets). */
export function keptText(text: string, excluded: readonly Span[] | undefined): string {
  if (!excluded || excluded.length === 0) return text;
  return keptSpans(text.length, excluded)
    .map((span) => text.slice(span.start, span.end))
    .join('\n\n');
}

/** One line of a text with its offsets (the `\n` excluded). */
export interface Line extends Span {
  text: string;
}

export function lines(text: string, from = 0, to = text.length): Line[] {
  const result: Line[] = [];
  let start = from;
  while (start <= to) {
    let end = text.indexOf('\n', start);
    if (end === -1 || end > to) end = to;
    result.push({ start, end, text: text.slice(start, end) });
    start = end + 1;
  }
  return result;
}
