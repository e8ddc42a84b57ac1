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

/** Totals per format, for corpora too large to list file by file. */
export function renderFormatsTable(files: readonly IngestFileSummary[]): string {
  const byFormat = new Map<string, { files: number; documents: number; chunks: number; tokens: number }>();
  for (const file of files) {
    const totals = byFormat.get(file.format) ?? { files: 0, documents: 0, chunks: 0, tokens: 0 };
    totals.files++;
    totals.documents += file.documents;
    totals.chunks += file.chunks;
    totals.tokens += file.tokens;
    byFormat.set(file.format, totals);
  }
  return renderTable(
    ['format', 'files', 'documents', 'chunks', 'tokens'],
    [...byFormat.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([format, t]) => [format, t.files, t.documents, t.chunks, t.tokens]),
  );
}

/** `skipped (n):` and one indented `source: reason` line per skipped input. */
export function renderSkipped(skipped: readonly SkippedInput[]): string[] {
  return skipped.length === 0 ? [] : [`skipped (${skipped.length}):`, ...skipped.map((skip) => `  ${skip.source}: ${skip.reason}`)];
}
