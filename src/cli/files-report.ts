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

/**
 * A reason's kind: its words before the first detail ("redirect stub (meta refresh to
 * a.html)" → "redirect stub", "near-duplicate of docs/a.html: …" → "near-duplicate").
 */
function reasonKind(reason: string): string {
  return reason.split(/ \(|: |; | of (?=\S*[/.])/)[0] ?? reason;
}

/** Up to this many skips of one kind are listed one per line; more are one line with a count and examples. */
const LISTED_PER_KIND = 3;

/**
 * `skipped (n):` and one indented `source: reason` line per skipped input; a kind of skip
 * with many inputs (144 redirect stubs) is one line with its count and the first sources.
 */
export function renderSkipped(skipped: readonly SkippedInput[]): string[] {
  if (skipped.length === 0) return [];
  const byKind = new Map<string, SkippedInput[]>();
  for (const skip of skipped) {
    const kind = reasonKind(skip.reason);
    const group = byKind.get(kind);
    if (group) group.push(skip);
    else byKind.set(kind, [skip]);
  }
  const lines = [...byKind.entries()].flatMap(([kind, group]) => {
    if (group.length <= LISTED_PER_KIND) return group.map((skip) => `  ${skip.source}: ${skip.reason}`);
    const examples = group.slice(0, LISTED_PER_KIND).map((skip) => skip.source).join(', ');
    return [`  ${kind} (${group.length}): ${examples}, … (+${group.length - LISTED_PER_KIND} more; --json lists every one)`];
  });
  return [`skipped (${skipped.length}):`, ...lines];
}
