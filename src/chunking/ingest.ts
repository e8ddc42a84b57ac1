import type { Document, DocumentFormat, SkippedInput } from '../documents/document.js';
import { loadDocuments } from '../documents/load.js';
import type { LoadOptionsInput } from '../documents/options.js';
import { CLEAN_STEPS, cleanDocuments, type HygieneReport } from '../hygiene/clean.js';
import { mergeNearDuplicateChunks } from '../hygiene/near-duplicate-chunks.js';
import { HygieneOptions, type HygieneOptionsInput } from '../hygiene/options.js';
import { createWordIndex } from '../hygiene/words.js';
import type { OnProgress, ProgressEvent } from '../progress.js';
import type { Chunk } from './chunk.js';
import { chunkDocuments } from './chunk-documents.js';
import type { ChunkOptionsInput } from './options.js';

export interface IngestOptions {
  load?: LoadOptionsInput;
  /** Boilerplate, stubs, near-duplicates (src/hygiene); each rule has an opt-out. */
  hygiene?: HygieneOptionsInput;
  chunk?: ChunkOptionsInput;
  onProgress?: OnProgress;
}

/** Per input file: what it became. Documents, chunks and tokens count what was kept. */
export interface IngestFileSummary {
  source: string;
  format: DocumentFormat;
  documents: number;
  chunks: number;
  tokens: number;
}

export interface IngestResult {
  /** Documents kept by hygiene, with their excluded spans. */
  documents: Document[];
  chunks: Chunk[];
  /** Files and records the loader skipped, then documents hygiene skipped (stubs, indexes, copies). */
  skipped: SkippedInput[];
  /** Chunks dropped because an identical text was already chunked. */
  duplicates: number;
  files: IngestFileSummary[];
  hygiene: HygieneReport;
  totals: { files: number; documents: number; chunks: number; tokens: number; skipped: number; duplicates: number };
}

export interface CleanChunksResult {
  /** Documents hygiene kept, with their excluded spans. */
  documents: Document[];
  chunks: Chunk[];
  /** Documents hygiene skipped, with reasons. */
  skipped: SkippedInput[];
  /** Chunks dropped because an identical text was already chunked. */
  duplicates: number;
  hygiene: HygieneReport;
}

/** Loaded documents → hygiene (src/hygiene) → chunks → near-duplicate chunks merged. */
export function cleanAndChunk(
  documents: readonly Document[],
  options: Pick<IngestOptions, 'hygiene' | 'chunk' | 'onProgress'> = {},
): CleanChunksResult {
  const { onProgress } = options;
  const hygieneOptions = HygieneOptions.parse(options.hygiene ?? {});
  // Near-duplicate documents and chunks read the same words: each document's are hashed once.
  const words = createWordIndex(documents);
  // The hygiene steps of the documents, then near-duplicate chunks as one more step of the same stage.
  const steps = CLEAN_STEPS.length + 1;
  const cleaned = cleanDocuments(documents, hygieneOptions, { words, ...(onProgress ? { onProgress: (event: ProgressEvent) => onProgress({ ...event, total: steps }) } : {}) });
  const chunked = chunkDocuments(cleaned.documents, { ...options.chunk, ...(onProgress ? { onProgress } : {}) });
  const { chunks, merged } = hygieneOptions.keepDuplicates
    ? { chunks: chunked.chunks, merged: [] }
    : mergeNearDuplicateChunks(chunked.chunks, hygieneOptions.chunkDuplicateJaccard, words);
  onProgress?.({ stage: 'hygiene', done: steps, total: steps, detail: 'near-duplicate chunks' });
  return {
    documents: cleaned.documents,
    chunks,
    skipped: cleaned.skipped,
    duplicates: chunked.duplicates,
    hygiene: { ...cleaned.report, nearDuplicateChunks: merged.length },
  };
}

/** Documents → hygiene → chunks in one call: what `ragset ingest` reports and what graph building starts from. */
export async function ingest(paths: readonly string[], options: IngestOptions = {}): Promise<IngestResult> {
  const { onProgress } = options;
  const loaded = await loadDocuments(paths, { ...options.load, ...(onProgress ? { onProgress } : {}) });
  const cleaned = cleanAndChunk(loaded.documents, options);
  const { chunks, hygiene } = cleaned;

  const keptIds = new Set(cleaned.documents.map((document) => document.id));
  const perDocument = new Map<string, { chunks: number; tokens: number }>();
  for (const chunk of chunks) {
    const entry = perDocument.get(chunk.documentId) ?? { chunks: 0, tokens: 0 };
    entry.chunks += 1;
    entry.tokens += chunk.tokens;
    perDocument.set(chunk.documentId, entry);
  }
  const files = loaded.files.map((file): IngestFileSummary => {
    let fileChunks = 0;
    let tokens = 0;
    for (const id of file.documentIds) {
      fileChunks += perDocument.get(id)?.chunks ?? 0;
      tokens += perDocument.get(id)?.tokens ?? 0;
    }
    const documents = file.documentIds.filter((id) => keptIds.has(id)).length;
    return { source: file.source, format: file.format, documents, chunks: fileChunks, tokens };
  });
  const skipped = [...loaded.skipped, ...cleaned.skipped];
  const totals = {
    files: files.length,
    documents: cleaned.documents.length,
    chunks: chunks.length,
    tokens: chunks.reduce((sum, chunk) => sum + chunk.tokens, 0),
    skipped: skipped.length,
    duplicates: cleaned.duplicates,
  };
  return { documents: cleaned.documents, chunks, skipped, duplicates: cleaned.duplicates, files, hygiene, totals };
}
