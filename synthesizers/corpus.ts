import type { ChunkNode, EntityMention } from '../graph/model.js';
import type { GraphStore } from '../graph/store.js';
import { createTermFilter, type TermFilter, type TermRule } from '../src/hygiene/terms.js';
import { minhash, wordSet } from '../src/hygiene/shingles.js';

/**
 * What synthesizers need to know about every usable chunk, read once per run: its
 * document, extracted facts and summary vector, but not its text (texts are fetched only
 * for the chunks a question is written from). Term weights are inverse document
 * frequencies over documents, so a name that every file repeats (a product name in every
 * footer) is rarely chosen as a question's subject.
 */

export interface ChunkFacts {
  id: string;
  documentId: string;
  summary: string;
  entities: EntityMention[];
  keyphrases: string[];
  themes: string[];
  /** Summary embedding, else text embedding, else null. */
  vector: Float32Array | null;
  /** MinHash of the text's word set (src/hygiene/shingles.ts), to keep near-duplicates apart. */
  signature?: Uint32Array;
}

export interface Corpus {
  /** Usable chunks in id order. */
  chunks: ChunkFacts[];
  byId: ReadonlyMap<string, ChunkFacts>;
  documentCount: number;
  /** Smoothed idf of a term key over documents (≥ 1); unknown terms get the maximum. */
  idf(key: string): number;
  /** Which terms may bridge chunks or name a persona (src/hygiene/terms.ts), counted over these chunks. */
  terms: TermFilter;
  /** Whether any two of these chunks are near-duplicates (estimated word overlap ≥ NEAR_DUPLICATE_JACCARD). */
  nearDuplicates(chunkIds: readonly string[]): boolean;
}

/**
 * Chunks this alike (estimated word Jaccard) never ground one sample together. Ingest already
 * merges pairs at 0.8; MinHash with 64 permutations estimates within about ±0.05, so the
 * guard sits lower and also covers graphs built without hygiene.
 */
export const NEAR_DUPLICATE_JACCARD = 0.7;

function estimatedJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return a.length === 0 ? 0 : same / a.length;
}

/** How many distinct terms each rule keeps from bridging chunks or naming personas, by kind of term. */
export interface TermsRemoved {
  entities: Record<TermRule, number>;
  keyphrases: Record<TermRule, number>;
}

export function termsRemoved(corpus: Corpus): TermsRemoved {
  const count = (keys: Iterable<string>) => {
    const counts: Record<TermRule, number> = { non_content: 0, navigation: 0, frequent: 0 };
    for (const key of new Set(keys)) {
      const rule = corpus.terms.rule(key);
      if (rule) counts[rule]++;
    }
    return counts;
  };
  return {
    entities: count(corpus.chunks.flatMap((chunk) => chunk.entities.map((entity) => entity.key))),
    keyphrases: count(corpus.chunks.flatMap((chunk) => chunk.keyphrases.map(termKey))),
  };
}

export const DEFAULT_MIN_CHUNK_TOKENS = 24;

/** Lower-case, whitespace-collapsed form used as the key of keyphrases and themes. */
export const termKey = (text: string): string => text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/** Every key a chunk's facts contribute: entity keys, keyphrases and themes. */
function chunkTermKeys(chunk: ChunkFacts): Set<string> {
  return new Set(
    [...chunk.entities.map((entity) => entity.key), ...chunk.keyphrases.map(termKey), ...chunk.themes.map(termKey)].filter(
      (key) => key !== '',
    ),
  );
}

/**
 * Reads the extracted chunks with at least `minTokens` tokens (tiny chunks such as a lone
 * heading make poor questions).
 */
export async function loadCorpus(
  store: GraphStore,
  options: { minTokens?: number } = {},
): Promise<Corpus> {
  const minTokens = options.minTokens ?? DEFAULT_MIN_CHUNK_TOKENS;
  const chunks: ChunkFacts[] = [];
  for await (const batch of store.scanNodes({ kind: 'chunk', status: 'extracted' })) {
    for (const node of batch) {
      if (node.kind !== 'chunk' || node.tokens < minTokens || node.text.trim() === '') continue;
      chunks.push(toFacts(node));
    }
  }
  chunks.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const documentsPerTerm = new Map<string, Set<string>>();
  for (const chunk of chunks) {
    for (const key of chunkTermKeys(chunk)) {
      const documents = documentsPerTerm.get(key) ?? new Set<string>();
      documents.add(chunk.documentId);
      documentsPerTerm.set(key, documents);
    }
  }
  const documentCount = new Set(chunks.map((chunk) => chunk.documentId)).size;
  const idf = (key: string) => Math.log((1 + documentCount) / (1 + (documentsPerTerm.get(key)?.size ?? 0))) + 1;
  const byId = new Map(chunks.map((chunk) => [chunk.id, chunk]));
  const terms = createTermFilter(chunks.map(chunkTermKeys));
  const nearDuplicates = (chunkIds: readonly string[]) => {
    const signatures = chunkIds.map((id) => byId.get(id)?.signature);
    for (let i = 0; i < signatures.length; i++) {
      for (let j = i + 1; j < signatures.length; j++) {
        const [a, b] = [signatures[i], signatures[j]];
        if (a && b && estimatedJaccard(a, b) >= NEAR_DUPLICATE_JACCARD) return true;
      }
    }
    return false;
  };
  return { chunks, byId, documentCount, idf, terms, nearDuplicates };
}

function toFacts(node: ChunkNode): ChunkFacts {
  return {
    id: node.id,
    documentId: node.documentId,
    summary: node.summary,
    entities: node.entities,
    keyphrases: node.keyphrases,
    themes: node.themes,
    vector: node.summaryEmbedding ?? node.embedding,
    signature: minhash(wordSet(node.text)),
  };
}
