import type { ChunkNode, EntityMention } from '../graph/model.js';
import type { GraphStore } from '../graph/store.js';

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
}

export interface Corpus {
  /** Usable chunks in id order. */
  chunks: ChunkFacts[];
  byId: ReadonlyMap<string, ChunkFacts>;
  documentCount: number;
  /** Smoothed idf of a term key over documents (≥ 1); unknown terms get the maximum. */
  idf(key: string): number;
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
  return { chunks, byId: new Map(chunks.map((chunk) => [chunk.id, chunk])), documentCount, idf };
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
  };
}
