import type { ChunkNode, DocumentNode } from '../graph/model.js';
import { createRng } from '../src/rng.js';
import { clusteredVectors, zipfKeys } from './graph-build-data.js';

/**
 * A synthetic built graph's nodes for the store benchmarks: `count` chunks of five sentences
 * with a clustered embedding and `entities` Zipf-drawn entity mentions each, in documents of
 * `perDocument` chunks. Chunks are made on demand, so a benchmark holds only what it writes.
 */
const SENTENCES = [
  'The Danube flows through ten countries, more than any other river in the world.',
  'Johannes Kepler found that planets sweep out equal areas in equal times along their elliptical orbits.',
  'Mycorrhizal fungi trade phosphorus for sugars with the roots of most land plants.',
  'The Antikythera mechanism used bronze gears to predict eclipses decades in advance.',
  'TCP slow start doubles the congestion window each round trip until it sees a loss.',
  'Basalt columns form when thick lava flows cool and contract into hexagonal joints.',
];

export interface SyntheticGraphOptions {
  count: number;
  dim: number;
  entities: number;
  perDocument: number;
  /** Names the seed: the same name and sizes give the same graph. */
  name: string;
}

export interface SyntheticGraph {
  documents: DocumentNode[];
  vectors: Float32Array[];
  chunk(i: number): ChunkNode;
  chunkId(i: number): string;
  documentId(d: number): string;
}

export function syntheticGraph(options: SyntheticGraphOptions): SyntheticGraph {
  const { count, dim, perDocument } = options;
  const rng = createRng(`bench/${options.name}/${count}`);
  const vectors = clusteredVectors(rng.fork('vectors'), { count, dim, clusters: Math.max(2, Math.round(count / 100)) });
  const keys = zipfKeys(rng.fork('entities'), { count, vocabulary: Math.max(500, count / 5), perItem: options.entities });
  const chunkId = (i: number) => `chunk_${String(i).padStart(7, '0')}`;
  const documentId = (d: number) => `doc_${String(d).padStart(5, '0')}`;
  const documents: DocumentNode[] = Array.from({ length: Math.ceil(count / perDocument) }, (_, d) => ({
    id: documentId(d),
    kind: 'document',
    source: `corpus/${documentId(d)}.md`,
    title: `Synthetic document ${d}`,
    format: 'markdown',
    metadata: { part: d },
    text: '',
    summary: SENTENCES[d % SENTENCES.length] as string,
  }));
  const chunk = (i: number): ChunkNode => {
    const text = Array.from({ length: 5 }, (_, s) => SENTENCES[(i + s) % SENTENCES.length]).join(' ');
    return {
      id: chunkId(i),
      kind: 'chunk',
      documentId: documentId(Math.floor(i / perDocument)),
      ordinal: i % perDocument,
      start: 0,
      end: text.length,
      text,
      tokens: Math.ceil(text.length / 4),
      headings: [`Section ${Math.floor(i / 10)}`],
      status: 'extracted',
      summary: SENTENCES[i % SENTENCES.length] as string,
      headlines: [],
      keyphrases: [`keyphrase ${i % 97}`],
      entities: (keys[i] as string[]).map((key) => ({ name: key, type: 'concept', key })),
      themes: [],
      embedding: (vectors[i] as Float32Array).slice(),
      summaryEmbedding: null,
    };
  };
  return { documents, vectors, chunk, chunkId, documentId };
}
