import type { GraphStore } from '../../graph/store.js';
import { createMemoryStore } from '../../graph/stores/memory.js';
import type { ChunkNode, DocumentNode, EntityMention, Relationship } from '../../graph/model.js';
import { orderedPair } from '../../graph/model.js';
import { contentId } from '../../src/hash.js';
import { createLlmClient } from '../../src/llm/client.js';
import { createOfflineChatModel } from '../../src/llm/offline/index.js';
import type { EmbeddingModel } from '../../src/llm/types.js';
import type { Scenario } from '../../synthesizers/types.js';
import { hashedVector } from '../support/fake-openai/vectors.js';

const FAKE_EMBEDDING_DIMENSIONS = 256;

/**
 * A small graph built by hand from the model shapes, for testing synthesizers without the
 * build pipeline: three documents about the decipherment of hieroglyphs, with chunks whose
 * offsets point into the document text, extracted facts, vectors and relationships.
 */

const entity = (name: string, type = 'PERSON'): EntityMention => ({ name, type, key: name.toLowerCase() });

interface ChunkSpec {
  text: string;
  entities: EntityMention[];
  keyphrases: string[];
  themes: string[];
  vector: number[];
}

const DOCUMENTS: { source: string; title: string; chunks: ChunkSpec[] }[] = [
  {
    source: 'rosetta.md',
    title: 'The Rosetta Stone',
    chunks: [
      {
        text: 'The Rosetta Stone is a granodiorite stele inscribed with a decree issued in Memphis in 196 BC on behalf of King Ptolemy V. The decree appears in hieroglyphs, in Demotic and in Ancient Greek.',
        entities: [entity('Rosetta Stone', 'WORK'), entity('Ptolemy V'), entity('Memphis', 'LOCATION')],
        keyphrases: ['granodiorite stele', 'three scripts'],
        themes: ['decipherment', 'ancient Egypt'],
        vector: [1, 0.1, 0],
      },
      {
        text: 'French soldiers found the stone in July 1799 near the town of Rashid during the Egyptian campaign of Napoleon Bonaparte. Pierre-François Bouchard reported the find to the scholars of the expedition.',
        entities: [entity('Rosetta Stone', 'WORK'), entity('Napoleon Bonaparte'), entity('Pierre-François Bouchard')],
        keyphrases: ['Egyptian campaign', 'discovery of the stone'],
        themes: ['archaeology', 'ancient Egypt'],
        vector: [0.9, 0.3, 0],
      },
    ],
  },
  {
    source: 'champollion.md',
    title: 'Jean-François Champollion',
    chunks: [
      {
        text: 'Jean-François Champollion compared the cartouches of Ptolemy V and Cleopatra on the Rosetta Stone and an obelisk from Philae, and in 1822 he established the phonetic values of many hieroglyphic signs.',
        entities: [entity('Jean-François Champollion'), entity('Ptolemy V'), entity('Rosetta Stone', 'WORK')],
        keyphrases: ['cartouches', 'phonetic values'],
        themes: ['decipherment', 'linguistics'],
        vector: [0.2, 1, 0],
      },
      {
        text: 'In 1826 Champollion became curator of the Egyptian collection at the Louvre, and in 1828 he led a Franco-Tuscan expedition to Egypt where he confirmed his readings on temple walls.',
        entities: [entity('Jean-François Champollion'), entity('Louvre', 'ORGANIZATION')],
        keyphrases: ['Franco-Tuscan expedition', 'Egyptian collection'],
        themes: ['museums', 'archaeology'],
        vector: [0.1, 0.8, 0.4],
      },
    ],
  },
  {
    source: 'young.txt',
    title: 'Thomas Young',
    chunks: [
      {
        text: 'Thomas Young, an English polymath, studied the Demotic text of the Rosetta Stone from 1814 and identified several signs in the cartouche of Ptolemy V, but he believed most hieroglyphs were symbolic.',
        entities: [entity('Thomas Young'), entity('Rosetta Stone', 'WORK'), entity('Ptolemy V')],
        keyphrases: ['Demotic text', 'English polymath'],
        themes: ['decipherment', 'linguistics'],
        vector: [0.5, 0.7, 0],
      },
      {
        text: 'Short note.',
        entities: [],
        keyphrases: [],
        themes: [],
        vector: [0, 0, 1],
      },
    ],
  },
];

export interface HandGraph {
  documents: DocumentNode[];
  chunks: ChunkNode[];
  relationships: Relationship[];
}

export function handGraph(): HandGraph {
  const documents: DocumentNode[] = [];
  const chunks: ChunkNode[] = [];
  for (const spec of DOCUMENTS) {
    const text = `# ${spec.title}\n\n${spec.chunks.map((c) => c.text).join('\n\n')}\n`;
    const documentId = contentId('doc', text);
    documents.push({ id: documentId, kind: 'document', source: spec.source, title: spec.title, format: 'markdown', metadata: {}, text, summary: spec.title });
    spec.chunks.forEach((chunk, ordinal) => {
      const start = text.indexOf(chunk.text);
      chunks.push({
        id: contentId('chk', chunk.text),
        kind: 'chunk',
        documentId,
        ordinal,
        start,
        end: start + chunk.text.length,
        text: chunk.text,
        tokens: Math.ceil(chunk.text.split(/\s+/).length * 1.3),
        headings: [spec.title],
        status: 'extracted',
        summary: chunk.text.split('. ')[0] ?? chunk.text,
        headlines: [],
        keyphrases: chunk.keyphrases,
        entities: chunk.entities,
        themes: chunk.themes,
        // What the fake server embeds the text as, so questions it embeds rank against the same space.
        embedding: Float32Array.from(hashedVector(chunk.text, FAKE_EMBEDDING_DIMENSIONS)),
        summaryEmbedding: Float32Array.from(chunk.vector),
      });
    });
  }
  const relationships: Relationship[] = [];
  const usable = chunks.filter((chunk) => chunk.entities.length > 0);
  for (let i = 0; i < usable.length; i++) {
    for (let j = i + 1; j < usable.length; j++) {
      const [a, b] = [usable[i] as ChunkNode, usable[j] as ChunkNode];
      const shared = a.entities.map((e) => e.key).filter((key) => b.entities.some((e) => e.key === key));
      if (shared.length > 0) relationships.push({ kind: 'shares_entities', ...orderedPair(a.id, b.id), score: shared.length, entities: shared.sort() });
      const cosine = dotNorm(a.summaryEmbedding as Float32Array, b.summaryEmbedding as Float32Array);
      if (cosine >= 0.5) relationships.push({ kind: 'similar', ...orderedPair(a.id, b.id), score: cosine });
    }
  }
  return { documents, chunks, relationships };
}

function dotNorm(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  });
  return dot / Math.sqrt(na * nb);
}

/** The hand graph in a fresh memory store. */
export async function handGraphStore(): Promise<GraphStore> {
  return (await offlineHandSetup()).store;
}

/** The fake server's embedding, in process. */
export const hashedEmbedding: EmbeddingModel = {
  provider: 'test',
  modelId: 'hashed-256',
  maxBatch: 64,
  doEmbed: async (batch) => ({ vectors: batch.map((text) => hashedVector(text, 256)), tokens: 0 }),
};

/** The hand graph in a fresh memory store, and an offline client (lexical judge) with the hashed embedding. */
export async function offlineHandSetup() {
  const graph = handGraph();
  const store = createMemoryStore();
  await store.upsertNodes([...graph.documents, ...graph.chunks]);
  await store.upsertRelationships(graph.relationships);
  const llm = createLlmClient({ chat: createOfflineChatModel(), embedding: hashedEmbedding });
  return { graph, store, llm };
}

/** A scenario of one kind for checks that need no plan: a curator's medium question in perfect grammar. */
export function handScenario(synthesizer: string): Scenario {
  return {
    synthesizer,
    chunkIds: [],
    focus: [],
    bridge: null,
    bridgeTerms: [],
    persona: { name: 'Museum Curator', role_description: 'Curates Egyptian artefacts.' },
    style: 'perfect_grammar',
    length: 'medium',
    difficulty: null,
    categories: [],
  };
}
