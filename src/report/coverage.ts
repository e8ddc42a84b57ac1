import type { Sample } from '../testset/sample.js';

/**
 * Which part of the corpus the testset asks about. The corpus (documents and their chunk
 * counts) comes from the graph; without it only what the samples reference is known.
 */

export interface CorpusDocument {
  id: string;
  source: string;
  chunks: number;
}

export interface DocumentCoverage {
  id: string;
  source: string;
  /** Samples with at least one context from the document. */
  samples: number;
  /** Distinct chunks of the document used as a context. */
  chunksUsed: number;
  /** Chunks of the document in the graph; null without the corpus. */
  chunks: number | null;
}

export interface Coverage {
  /** With the corpus, only its documents and chunks count as used. */
  documents: { used: number; total: number | null };
  chunks: { used: number; total: number | null };
  /** Every document of the corpus (or every one referenced), by source. */
  perDocument: DocumentCoverage[];
  /** Samples per number of contexts, e.g. `{ "1": 60, "2": 40 }`. */
  contextsPerSample: Record<string, number>;
  /** Documents the samples cite that the corpus lacks (a testset from another graph); 0 without the corpus. */
  outsideCorpus: number;
}

export function coverage(samples: readonly Sample[], corpus?: readonly CorpusDocument[]): Coverage {
  const byDocument = new Map<string, { source: string; samples: number; chunks: Set<string> }>();
  for (const document of corpus ?? []) byDocument.set(document.id, { source: document.source, samples: 0, chunks: new Set() });
  const contextsPerSample: Record<string, number> = {};
  for (const sample of samples) {
    const key = String(sample.provenance.length);
    contextsPerSample[key] = (contextsPerSample[key] ?? 0) + 1;
    const documents = new Set<string>();
    for (const { document_id: id, source, chunk_id: chunk } of sample.provenance) {
      const entry = byDocument.get(id) ?? { source, samples: 0, chunks: new Set<string>() };
      byDocument.set(id, entry);
      entry.chunks.add(chunk);
      documents.add(id);
    }
    for (const id of documents) (byDocument.get(id) as { samples: number }).samples += 1;
  }
  const chunksOf = new Map((corpus ?? []).map((document) => [document.id, document.chunks]));
  const perDocument = [...byDocument.entries()]
    .map(([id, entry]) => ({ id, source: entry.source, samples: entry.samples, chunksUsed: entry.chunks.size, chunks: chunksOf.get(id) ?? null }))
    .sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.id < b.id ? -1 : 1));
  const inCorpus = (document: DocumentCoverage) => !corpus || document.chunks !== null;
  const used = perDocument.filter((document) => document.samples > 0 && inCorpus(document));
  return {
    documents: { used: used.length, total: corpus ? corpus.length : null },
    chunks: { used: used.reduce((sum, document) => sum + document.chunksUsed, 0), total: corpus ? corpus.reduce((sum, document) => sum + document.chunks, 0) : null },
    perDocument,
    contextsPerSample,
    outsideCorpus: perDocument.filter((document) => !inCorpus(document)).length,
  };
}
