import { z } from 'zod';

export const DocumentFormat = z.enum(['markdown', 'text', 'html', 'pdf', 'json', 'jsonl']);
export type DocumentFormat = z.infer<typeof DocumentFormat>;

/**
 * A span of a document's text that hygiene keeps out of every chunk (src/hygiene): template
 * boilerplate repeated across documents, or index and table-of-contents pages of a PDF.
 * The text itself is unchanged, so chunk offsets still point into the loaded text.
 */
export const ExcludedRange = z.object({
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  reason: z.enum(['boilerplate', 'index']),
});
export type ExcludedRange = z.infer<typeof ExcludedRange>;

/** A loaded document. `id` is a content hash of the text, so it is stable across runs and machines. */
export const Document = z.object({
  id: z.string(),
  /** Path the document came from; for JSONL records `path#line`. */
  source: z.string(),
  title: z.string(),
  format: DocumentFormat,
  /** Format-specific facts: PDF page ranges, JSON metadata fields, HTML <title>, … */
  metadata: z.record(z.string(), z.unknown()),
  /** The normalised text that every chunk offset points into. */
  text: z.string(),
  /** Ascending, non-overlapping spans no chunk covers; unset or empty: every character is kept. */
  excluded: z.array(ExcludedRange).optional(),
});
export type Document = z.infer<typeof Document>;

/** A file (or record) that was not loaded, with a one-line reason. */
export const SkippedInput = z.object({ source: z.string(), reason: z.string() });
export type SkippedInput = z.infer<typeof SkippedInput>;

/** One input file that was read and parsed (possibly into zero documents, e.g. a JSONL file of bad lines). */
export const FileReport = z.object({
  source: z.string(),
  format: DocumentFormat,
  bytes: z.number().int().min(0),
  /** Ids of the documents this file contributed, in file order (duplicates of earlier documents excluded). */
  documentIds: z.array(z.string()),
});
export type FileReport = z.infer<typeof FileReport>;
