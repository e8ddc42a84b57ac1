import { z } from 'zod';

/** Text fields tried in order for JSON/JSONL records when `textField` is not set. */
export const DEFAULT_TEXT_FIELDS = ['text', 'content', 'body', 'page_content'] as const;

/**
 * The load stage: how inputs are found and read. Globs apply to files found inside folders
 * (paths relative to the folder); a file named explicitly is always read. A glob without `/`
 * matches the file name at any depth, as in `.gitignore`.
 */
export const LoadOptions = z.object({
  include: z.array(z.string().min(1)).default([]).describe('only files in folders matching these globs (e.g. "*.md" "guides/**")'),
  exclude: z.array(z.string().min(1)).default([]).describe('skip files in folders matching these globs'),
  maxFileMb: z.number().positive().default(20).describe('skip files larger than this many MiB (they are not truncated)'),
  textField: z.string().min(1).optional().describe(`JSON/JSONL: field with the text, dotted paths allowed (default: the first of ${DEFAULT_TEXT_FIELDS.join(', ')})`),
  titleField: z.string().min(1).default('title').describe('JSON/JSONL: field with the title'),
  idField: z.string().min(1).default('id').describe('JSON/JSONL: field with the record id, kept as metadata.recordId'),
  metadataFields: z.array(z.string().min(1)).optional().describe('JSON/JSONL: fields to keep as metadata (default: all others)'),
  /** Results are still assembled in sorted order. */
  concurrency: z.number().int().min(1).max(64).default(4).describe('files read and parsed at once'),
});
export type LoadOptions = z.output<typeof LoadOptions>;
export type LoadOptionsInput = z.input<typeof LoadOptions>;

export const bytesOfMb = (mb: number) => Math.round(mb * 1024 * 1024);
