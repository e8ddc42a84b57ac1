import type { DocumentFormat, SkippedInput } from '../document.js';
import type { LoadOptions } from '../options.js';

/** One document's worth of parsed content, before ids and normalisation. */
export interface ParsedRecord {
  /** The file path, or `path#N` for the N-th record of a JSON/JSONL file. */
  source: string;
  /** Unset: the loader falls back to the file name. */
  title?: string;
  metadata: Record<string, unknown>;
  text: string;
}

/** A parser either fails for the whole file (a one-line reason) or yields records plus record-level skips. */
export type ParseResult =
  | { ok: true; records: ParsedRecord[]; skipped: SkippedInput[] }
  | { ok: false; reason: string };

export interface ParseInput {
  source: string;
  bytes: Uint8Array;
  options: LoadOptions;
}

export interface FormatParser {
  readonly format: DocumentFormat;
  /** Lower-case extensions with the dot, e.g. `.md`. */
  readonly extensions: readonly string[];
  parse(input: ParseInput): Promise<ParseResult>;
}
