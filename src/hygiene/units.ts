import type { Document } from '../documents/document.js';
import type { Span } from './ranges.js';

/**
 * The pieces of a document that template boilerplate repeats across: a PDF's pages (its
 * running headers recur page after page), otherwise the whole document.
 */
export function documentUnits(document: Pick<Document, 'text' | 'metadata'>): Span[] {
  const pages = document.metadata.pages;
  if (Array.isArray(pages) && pages.length > 0) {
    const spans = pages.flatMap((page: unknown) => {
      const { start, end } = (page ?? {}) as { start?: unknown; end?: unknown };
      return typeof start === 'number' && typeof end === 'number' && start < end && end <= document.text.length ? [{ start, end }] : [];
    });
    if (spans.length > 0) return spans;
  }
  return [{ start: 0, end: document.text.length }];
}

/** Whether the document has pages (PDF), so page headers, footers and index pages are found per page. */
export function isPaged(document: Pick<Document, 'metadata'>): boolean {
  return Array.isArray(document.metadata.pages) && document.metadata.pages.length > 1;
}
