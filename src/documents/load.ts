import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import pLimit from 'p-limit';
import { NoInputError } from '../errors.js';
import { contentId } from '../hash.js';
import type { OnProgress } from '../progress.js';
import { discoverFiles, type DiscoveredFile } from './discover.js';
import type { Document, DocumentFormat, FileReport, SkippedInput } from './document.js';
import { parserFor, SUPPORTED_EXTENSIONS } from './formats/index.js';
import type { ParsedRecord } from './formats/types.js';
import { bytesOfMb, LoadOptions, type LoadOptionsInput } from './options.js';
import { normaliseText, titleFromPath } from './text-input.js';

export interface LoadResult {
  /** Sorted by source; a text seen twice is kept once (the first source). */
  documents: Document[];
  /** Unreadable folders and files, unsupported files, bad records, duplicates; each with a reason. */
  skipped: SkippedInput[];
  /** Every file that was parsed, with the documents it contributed. */
  files: FileReport[];
}

export type LoadDocumentsOptions = LoadOptionsInput & { onProgress?: OnProgress };

type FileOutcome =
  | { ok: true; format: DocumentFormat; bytes: number; records: ParsedRecord[]; skipped: SkippedInput[] }
  | { ok: false; reason: string };

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}

async function readAndParse(file: DiscoveredFile, options: LoadOptions): Promise<FileOutcome> {
  const parser = parserFor(file.source);
  if (!parser) {
    const ext = extname(file.source);
    return {
      ok: false,
      reason: `unsupported file type ${ext ? `'${ext}'` : '(no extension)'}; supported: ${SUPPORTED_EXTENSIONS.join(' ')}`,
    };
  }
  let bytes: Uint8Array;
  try {
    const { size } = await stat(file.absolutePath);
    if (size > bytesOfMb(options.maxFileMb)) {
      return { ok: false, reason: `file is ${formatBytes(size)}, over the ${formatBytes(bytesOfMb(options.maxFileMb))} limit` };
    }
    bytes = await readFile(file.absolutePath);
  } catch (error) {
    return { ok: false, reason: `cannot read file (${errorCode(error)})` };
  }
  if (bytes.length === 0) return { ok: false, reason: 'empty file' };
  try {
    const parsed = await parser.parse({ source: file.source, bytes, options });
    if (!parsed.ok) return parsed;
    return { ok: true, format: parser.format, bytes: bytes.length, records: parsed.records, skipped: parsed.skipped };
  } catch (error) {
    // A parser bug or a library failure on one odd file must not stop the run.
    return { ok: false, reason: `could not parse ${parser.format}: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}` };
  }
}

function titleFor(record: ParsedRecord, file: DiscoveredFile): string {
  if (record.title) return record.title;
  const base = titleFromPath(file.source);
  return record.source === file.source ? base : `${base} ${record.source.slice(file.source.length)}`;
}

/**
 * Reads files and folders into documents. A path that does not exist stops the load before
 * any file is read (`NoInputError`, naming every such path): a mistyped path beside good
 * ones would otherwise make a testset from part of the corpus, and pay for it. Otherwise it
 * never throws for bad input: every file, folder or record that cannot be used is returned
 * in `skipped` with a one-line reason. Output order is the sorted file order, whatever order
 * reads finish in.
 */
export async function loadDocuments(paths: readonly string[], options: LoadDocumentsOptions = {}): Promise<LoadResult> {
  const { onProgress, ...input } = options;
  const resolved = LoadOptions.parse(input);
  const discovered = await discoverFiles(paths, resolved);
  if (discovered.missing.length > 0) {
    const [first, ...others] = discovered.missing;
    throw new NoInputError(
      `no such file or directory: ${first}${others.length > 0 ? ` (and ${others.join(', ')})` : ''}`,
      'check the path; nothing was read',
    );
  }
  const limit = pLimit(resolved.concurrency);
  let done = 0;
  const total = discovered.files.length;
  const outcomes = await Promise.all(
    discovered.files.map((file) =>
      limit(async () => {
        const outcome = await readAndParse(file, resolved);
        onProgress?.({ stage: 'load', done: ++done, total });
        return outcome;
      }),
    ),
  );

  const documents: Document[] = [];
  const skipped: SkippedInput[] = [...discovered.skipped];
  const files: FileReport[] = [];
  const firstSourceById = new Map<string, string>();
  discovered.files.forEach((file, i) => {
    const outcome = outcomes[i];
    if (!outcome) return;
    if (!outcome.ok) {
      skipped.push({ source: file.source, reason: outcome.reason });
      return;
    }
    const wholeFile = outcome.records.length === 1 && outcome.records[0]?.source === file.source;
    if (wholeFile && outcome.skipped.length === 0 && !outcome.records[0]?.text.trim()) {
      skipped.push({ source: file.source, reason: 'empty file (whitespace only)' });
      return;
    }
    const documentIds: string[] = [];
    skipped.push(...outcome.skipped);
    for (const record of outcome.records) {
      const text = normaliseText(record.text);
      if (!text.trim()) {
        skipped.push({ source: record.source, reason: 'record has no text' });
        continue;
      }
      const id = contentId('doc', text);
      const firstSource = firstSourceById.get(id);
      if (firstSource !== undefined) {
        skipped.push({ source: record.source, reason: `duplicate of ${firstSource}` });
        continue;
      }
      firstSourceById.set(id, record.source);
      documentIds.push(id);
      documents.push({ id, source: record.source, title: titleFor(record, file), format: outcome.format, metadata: record.metadata, text });
    }
    files.push({ source: file.source, format: outcome.format, bytes: outcome.bytes, documentIds });
  });
  return { documents, skipped, files };
}

/** The documents of a load, or `NoInputError` (exit 3) naming why nothing loaded. */
export function requireDocuments(
  result: Pick<LoadResult, 'documents' | 'skipped'>,
  paths: readonly string[],
): Document[] {
  if (result.documents.length > 0) return result.documents;
  const first = result.skipped[0];
  const why = first ? `; first skip: ${first.source}: ${first.reason}` : '';
  throw new NoInputError(
    `no documents loaded from ${paths.join(', ') || '(no paths)'} (${result.skipped.length} skipped${why})`,
    `pass files or folders with ${SUPPORTED_EXTENSIONS.join(' ')} content`,
  );
}
