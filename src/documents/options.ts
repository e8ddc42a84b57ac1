import { z } from 'zod';

/** Default ceiling on one input file; larger files are skipped, not truncated. */
export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Text fields tried in order for JSON/JSONL records when `textField` is not set. */
export const DEFAULT_TEXT_FIELDS = ['text', 'content', 'body', 'page_content'] as const;

/**
 * How inputs are found and read. Globs apply to files found inside folders (paths relative to
 * the folder); a file named explicitly is always read. A glob without `/` matches the file
 * name at any depth, as in `.gitignore`.
 */
export const LoadOptions = z.object({
  include: z.array(z.string().min(1)).default([]),
  exclude: z.array(z.string().min(1)).default([]),
  maxFileBytes: z.number().int().positive().default(DEFAULT_MAX_FILE_BYTES),
  /** JSON/JSONL: field holding the text (dotted paths allowed); unset tries text, content, body, page_content. */
  textField: z.string().min(1).optional(),
  /** JSON/JSONL: field holding the title. */
  titleField: z.string().min(1).default('title'),
  /** JSON/JSONL: field holding the record's own id, kept as `metadata.recordId`. */
  idField: z.string().min(1).default('id'),
  /** JSON/JSONL: fields copied into metadata; unset copies every other top-level field. */
  metadataFields: z.array(z.string().min(1)).optional(),
  /** Files read and parsed at once; results are still assembled in sorted order. */
  concurrency: z.number().int().min(1).max(64).default(4),
});
export type LoadOptions = z.output<typeof LoadOptions>;
export type LoadOptionsInput = z.input<typeof LoadOptions>;
