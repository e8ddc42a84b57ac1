import { z } from 'zod';
import { countTokens } from '../../../src/chunking/tokens.js';
import { NoInputError } from '../../../src/errors.js';
import { contentId } from '../../../src/hash.js';
import { createTermFilter } from '../../../src/hygiene/terms.js';
import { canonicalEntityKey } from '../../builder/entities.js';
import { entityFacts } from '../../builder/meta.js';
import { BuildOptions, defaultSimilarMinScore } from '../../builder/options.js';
import { relateChunks } from '../../builder/relate.js';
import type { ChunkNode, DocumentNode, EntityMention, RelationshipOf } from '../../model.js';
import { orderedPair } from '../../model.js';
import { type MemoryStore, createMemoryStore } from '../memory.js';
import { type Neo4jConnection, connectNeo4j } from './connection.js';
import { type Neo4jOptions, resolveNeo4jOptions } from './options.js';
import type { LexicalMapping } from './lexical-schema.js';

/**
 * Reads a lexical graph another tool made (see lexical-schema.ts) into a memory store,
 * without an LLM call: documents, chunks in order with their text and embeddings, and
 * entity mentions. `child` and `next` follow from the chunk order, `similar` comes from the
 * graph's SIMILAR relationships (or, without them, from the embeddings), `shares_entities`
 * from the mentions — the rules `ragset build` applies to its own graphs.
 *
 * Offsets: within the document when it keeps its text and the chunk is found in it;
 * otherwise within the chunk, and the document's metadata says `offsets: "chunk"`, which
 * every sample's provenance carries.
 */
const quote = (name: string) => `\`${name}\``;

const ChunkRecord = z.object({
  document: z.string(),
  text: z.string().nullable(),
  order: z.number().nullable(),
  embedding: z.array(z.number()).nullable(),
  entities: z.array(z.object({ name: z.unknown(), labels: z.array(z.string()) })),
});

export interface LexicalImport {
  store: MemoryStore;
  documents: number;
  chunks: number;
  /** One line each: what the graph lacks and what can still be made. */
  notes: string[];
}

function queries(mapping: LexicalMapping) {
  const { document, chunk, partOf, entity, similar } = mapping;
  const link = partOf.from === 'chunk' ? `-[:${quote(partOf.type)}]->` : `<-[:${quote(partOf.type)}]-`;
  const mention = entity && (entity.from === 'chunk' ? `-[:${quote(entity.link)}]->` : `<-[:${quote(entity.link)}]-`);
  return {
    documents: `MATCH (d:${quote(document.label)}) RETURN elementId(d) AS element, d[$id] AS id, d[$title] AS title, d[$text] AS text`,
    chunks: `MATCH (c:${quote(chunk.label)})${link}(d:${quote(document.label)})
RETURN elementId(d) AS document, c[$text] AS text, c[$order] AS order, c[$embedding] AS embedding,
  ${mention ? `[(c)${mention}(e:${quote((entity as NonNullable<typeof entity>).label)}) | {name: e[$name], labels: labels(e)}]` : '[]'} AS entities,
  elementId(c) AS element`,
    similar: similar && `MATCH (a:${quote(chunk.label)})-[r:${quote(similar.type)}]->(b:${quote(chunk.label)}) RETURN elementId(a) AS a, elementId(b) AS b, r[$score] AS score`,
  };
}

/** The entity's type: its first label that is not the shared entity label or a tool's own marker. */
function entityType(labels: readonly string[], shared: string): string {
  return labels.find((label) => label !== shared && !label.startsWith('__')) ?? 'entity';
}

/** Connects with `options`, reads the graph `mapping` describes, and closes the connection. */
export async function readLexicalGraph(options: Partial<Neo4jOptions>, mapping: LexicalMapping): Promise<LexicalImport> {
  const connection = connectNeo4j(resolveNeo4jOptions(options));
  try {
    return await importLexicalGraph(connection, mapping);
  } finally {
    await connection.close();
  }
}

export async function importLexicalGraph(connection: Neo4jConnection, mapping: LexicalMapping): Promise<LexicalImport> {
  const q = queries(mapping);
  const parameters = {
    id: mapping.document.id,
    title: mapping.document.title ?? mapping.document.id,
    text: mapping.chunk.text,
    order: mapping.chunk.order,
    embedding: mapping.chunk.embedding ?? mapping.chunk.text,
    name: mapping.entity?.name ?? mapping.chunk.text,
  };
  const documentRecords = await connection.read<{ element: string; id: unknown; title: unknown; text: unknown }>(q.documents, {
    ...parameters,
    text: mapping.document.text ?? mapping.document.id,
  });
  const rows = (await connection.read(q.chunks, parameters)).map((record) => ({ element: String(record.element), ...ChunkRecord.parse(record) }));
  if (rows.length === 0) {
    throw new NoInputError(
      `Neo4j at ${connection.uri} holds no ${mapping.chunk.label} nodes linked to ${mapping.document.label} nodes by ${mapping.partOf.type}`,
      'check --schema, or adapt labels and properties with --schema-map',
    );
  }

  const documents = new Map<string, DocumentNode>();
  for (const record of documentRecords) {
    const source = String(record.id ?? record.element);
    const text = mapping.document.text && typeof record.text === 'string' ? record.text : '';
    documents.set(record.element, {
      id: contentId('doc', 'lexical', source),
      kind: 'document',
      source,
      title: String(record.title ?? source),
      format: 'neo4j',
      metadata: text === '' ? { offsets: 'chunk' } : {},
      text,
      summary: '',
    });
  }

  const byDocument = new Map<string, typeof rows>();
  for (const row of rows) byDocument.set(row.document, [...(byDocument.get(row.document) ?? []), row]);
  const chunks: ChunkNode[] = [];
  const elementToId = new Map<string, string>();
  for (const [element, members] of [...byDocument].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const document = documents.get(element) as DocumentNode;
    members.sort((a, b) => (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER) || (a.element < b.element ? -1 : 1));
    let from = 0;
    let withinChunk = document.text === '';
    members.forEach((row, ordinal) => {
      const text = row.text ?? '';
      let start = withinChunk ? -1 : document.text.indexOf(text, from);
      if (start < 0 && !withinChunk) {
        // A chunk the tool cleaned or re-cut: offsets of this document fall back to the chunks.
        withinChunk = true;
        document.metadata = { offsets: 'chunk' };
      }
      if (withinChunk) start = 0;
      else from = start + 1;
      const entities = new Map<string, EntityMention>();
      for (const entity of row.entities) {
        const name = typeof entity.name === 'string' ? entity.name.trim() : '';
        const key = canonicalEntityKey(name);
        if (key !== '' && !entities.has(key)) entities.set(key, { name, type: entityType(entity.labels, mapping.entity?.label ?? ''), key });
      }
      const id = contentId('chunk', document.id, String(ordinal), text);
      elementToId.set(row.element, id);
      chunks.push({
        id,
        kind: 'chunk',
        documentId: document.id,
        ordinal,
        start,
        end: start + text.length,
        text,
        tokens: countTokens(text),
        headings: [],
        status: 'extracted',
        summary: '',
        headlines: [],
        keyphrases: [],
        entities: [...entities.values()],
        themes: [],
        embedding: row.embedding && row.embedding.length > 0 ? Float32Array.from(row.embedding) : null,
        summaryEmbedding: null,
      });
    });
  }
  // Offsets within the chunk are relative to it, whatever the document held.
  const byId = new Map([...documents.values()].map((document) => [document.id, document]));
  for (const chunk of chunks) {
    if (byId.get(chunk.documentId)?.metadata.offsets === 'chunk') {
      chunk.end -= chunk.start;
      chunk.start = 0;
    }
  }

  const store = createMemoryStore();
  const used = [...documents.values()].filter((document) => chunks.some((chunk) => chunk.documentId === document.id));
  await store.upsertNodes(used);
  await store.upsertNodes(chunks);

  const similarRows = q.similar ? await connection.read<{ a: string; b: string; score: unknown }>(q.similar, { score: mapping.similar?.score ?? '' }) : [];
  const stored: RelationshipOf<'similar'>[] = similarRows.flatMap((row) => {
    const a = elementToId.get(row.a);
    const b = elementToId.get(row.b);
    return a && b && a !== b && typeof row.score === 'number' ? [{ kind: 'similar' as const, ...orderedPair(a, b), score: row.score }] : [];
  });
  const options = BuildOptions.parse({});
  const sorted = [...chunks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // Navigation words and boilerplate entities join no chunks, as in `ragset build`.
  const bridgeTerms = createTermFilter(sorted.map((chunk) => chunk.entities.map((entity) => entity.key)));
  await relateChunks({
    store,
    chunks: sorted,
    weights: entityFacts(sorted).weights,
    bridgeable: (key) => bridgeTerms.rule(key) === undefined,
    options: { ...options, similarMinScore: defaultSimilarMinScore(false) },
    // The graph's own SIMILAR relationships, when it has them, instead of ranking the embeddings again.
    givenSimilar: stored.length > 0 ? stored : undefined,
  });
  return { store, documents: used.length, chunks: chunks.length, notes: lexicalNotes(chunks, mapping) };
}

function lexicalNotes(chunks: readonly ChunkNode[], mapping: LexicalMapping): string[] {
  const notes: string[] = [];
  if (!chunks.some((chunk) => chunk.embedding)) {
    notes.push(`no ${mapping.chunk.label} has an embedding (${mapping.chunk.embedding ?? 'none mapped'}): multi_hop_abstract cannot be made; single_hop_specific and multi_hop_specific can`);
  }
  if (!chunks.some((chunk) => chunk.entities.length > 0)) {
    notes.push(`no ${mapping.chunk.label} links to an entity (${mapping.entity?.link ?? 'none mapped'}): multi_hop_specific cannot be made, and single-hop questions focus on nothing in particular`);
  }
  return notes;
}
