import type { Document, DocumentFormat, SkippedInput } from '../documents/document.js';
import { loadDocuments } from '../documents/load.js';
import type { LoadOptionsInput } from '../documents/options.js';
import type { OnProgress } from '../progress.js';
import type { Chunk } from './chunk.js';
import { chunkDocuments } from './chunk-documents.js';
import type { ChunkOptionsInput } from './options.js';

export interface IngestOptions {
  load?: LoadOptionsInput;
  chunk?: ChunkOptionsInput;
  onProgress?: OnProgress;
}

/** Per input file: what it became. Chunks and tokens count unique chunks only. */
export interface IngestFileSummary {
  source: string;
  format: DocumentFormat;
  documents: number;
  chunks: number;
  tokens: number;
}

export interface IngestResult {
  documents: Document[];
  chunks: Chunk[];
  skipped: SkippedInput[];
  /** Chunks dropped because an identical text was already chunked. */
  duplicates: number;
  files: IngestFileSummary[];
  totals: { files: number; documents: number; chunks: number; tokens: number; skipped: number; duplicates: number };
}

/** Documents → chunks in one call: what `ragset ingest` reports and what graph building starts from. */
export async function ingest(paths: readonly string[], options: IngestOptions = {}): Promise<IngestResult> {
  const { onProgress } = options;
  const loaded = await loadDocuments(paths, { ...options.load, ...(onProgress ? { onProgress } : {}) });
  const { chunks, duplicates } = chunkDocuments(loaded.documents, { ...options.chunk, ...(onProgress ? { onProgress } : {}) });

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
    return { source: file.source, format: file.format, documents: file.documentIds.length, chunks: fileChunks, tokens };
  });
  const totals = {
    files: files.length,
    documents: loaded.documents.length,
    chunks: chunks.length,
    tokens: chunks.reduce((sum, chunk) => sum + chunk.tokens, 0),
    skipped: loaded.skipped.length,
    duplicates,
  };
  return { documents: loaded.documents, chunks, skipped: loaded.skipped, duplicates, files, totals };
}
