import type { IngestFileSummary } from '../chunking/ingest.js';
import type { SkippedInput } from '../documents/document.js';
import { renderTable } from './table.js';

/** The per-file table `ingest` and `build` both print. */
export function renderFilesTable(files: readonly IngestFileSummary[]): string {
  return renderTable(
    ['source', 'format', 'documents', 'chunks', 'tokens'],
    files.map((file) => [file.source, file.format, file.documents, file.chunks, file.tokens]),
  );
}

/** `skipped (n):` and one indented `source: reason` line per skipped input. */
export function renderSkipped(skipped: readonly SkippedInput[]): string[] {
  return skipped.length === 0 ? [] : [`skipped (${skipped.length}):`, ...skipped.map((skip) => `  ${skip.source}: ${skip.reason}`)];
}
