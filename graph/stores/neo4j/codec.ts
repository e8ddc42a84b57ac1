import neo4j from 'neo4j-driver';
import { z } from 'zod';
import {
  type ChunkNode,
  ChunkNode as ChunkNodeSchema,
  type DocumentNode,
  DocumentNode as DocumentNodeSchema,
  EntityMention,
  type GraphNode,
  type Relationship,
  Relationship as RelationshipSchema,
  UNDIRECTED_KINDS,
  orderedPair,
} from '../../model.js';
import { compareStrings } from '../../order.js';
import { KIND_OF_TYPE, LABEL } from './schema.js';

/**
 * GraphNode ⇄ Neo4j properties. Scalars and string lists are native properties (so the
 * graph reads naturally in Cypher); `metadata` and `entities` are JSON text, read back
 * exactly. Embeddings are float arrays: `db.create.setNodeVectorProperty` stores finite
 * vectors as 32-bit floats, so they come back bit-exact; anything else (empty, NaN) is a
 * plain list of doubles, which still holds every float32 value exactly.
 */

type Vector = number[];

export interface DocumentRow {
  id: string;
  props: Record<string, unknown>;
}

export interface ChunkRow {
  id: string;
  props: Record<string, unknown>;
  /** Set through the vector procedure; `null` when `props` carries the value (or its absence). */
  embedding: Vector | null;
  summaryEmbedding: Vector | null;
  mentions: EntityMention[];
}

export interface RelationshipRow {
  source: string;
  target: string;
  props: Record<string, unknown>;
}

const isCompactVector = (vector: Float32Array) => vector.length > 0 && vector.every((value) => Number.isFinite(value));

/** How one vector field is written: through the procedure, as a plain list, or removed. */
function vectorField(vector: Float32Array | null): { viaProcedure: Vector | null; property: Vector | null | undefined } {
  if (vector === null) return { viaProcedure: null, property: null };
  if (isCompactVector(vector)) return { viaProcedure: Array.from(vector), property: undefined };
  return { viaProcedure: null, property: Array.from(vector) };
}

export function documentRow(node: DocumentNode): DocumentRow {
  return {
    id: node.id,
    props: {
      source: node.source,
      title: node.title,
      format: node.format,
      metadata: JSON.stringify(node.metadata),
      text: node.text,
      summary: node.summary,
    },
  };
}

export function chunkRow(node: ChunkNode): ChunkRow {
  const embedding = vectorField(node.embedding);
  const summaryEmbedding = vectorField(node.summaryEmbedding);
  const props: Record<string, unknown> = {
    documentId: node.documentId,
    ordinal: neo4j.int(node.ordinal),
    start: neo4j.int(node.start),
    end: neo4j.int(node.end),
    text: node.text,
    tokens: neo4j.int(node.tokens),
    headings: node.headings,
    status: node.status,
    // `null` removes a stale error when a failed chunk is extracted again.
    error: node.error ?? null,
    summary: node.summary,
    headlines: node.headlines,
    keyphrases: node.keyphrases,
    entities: JSON.stringify(node.entities),
    themes: node.themes,
  };
  if (embedding.property !== undefined) props.embedding = embedding.property;
  if (summaryEmbedding.property !== undefined) props.summaryEmbedding = summaryEmbedding.property;
  return {
    id: node.id,
    props,
    embedding: embedding.viaProcedure,
    summaryEmbedding: summaryEmbedding.viaProcedure,
    mentions: node.entities,
  };
}

export function relationshipRow(relationship: Relationship): RelationshipRow {
  const ends = UNDIRECTED_KINDS.has(relationship.kind)
    ? orderedPair(relationship.source, relationship.target)
    : { source: relationship.source, target: relationship.target };
  const props: Record<string, unknown> = {};
  if (relationship.kind === 'similar') props.score = relationship.score;
  if (relationship.kind === 'shares_entities') {
    props.score = relationship.score;
    props.entities = relationship.entities;
  }
  return { ...ends, props };
}

const toVector = (value: unknown) => (Array.isArray(value) ? Float32Array.from(value as number[]) : null);
const Json = z.string().transform((text) => JSON.parse(text) as unknown);

/** A node as the store returns it, validated like any other read from outside. */
export function decodeNode(labels: readonly string[], props: Record<string, unknown>): GraphNode {
  if (labels.includes(LABEL.document)) {
    return DocumentNodeSchema.parse({ ...props, kind: 'document', metadata: Json.parse(props.metadata) });
  }
  const node = {
    ...props,
    kind: 'chunk',
    entities: z.array(EntityMention).parse(Json.parse(props.entities)),
    embedding: toVector(props.embedding),
    summaryEmbedding: toVector(props.summaryEmbedding),
  };
  return ChunkNodeSchema.parse(node);
}

/** A relationship from its type, end ids and properties. */
export function decodeRelationship(type: string, source: string, target: string, props: Record<string, unknown>): Relationship {
  const kind = KIND_OF_TYPE.get(type);
  if (kind === 'similar') return RelationshipSchema.parse({ kind, source, target, score: props.score });
  if (kind === 'shares_entities') {
    return RelationshipSchema.parse({ kind, source, target, score: props.score, entities: props.entities });
  }
  return RelationshipSchema.parse({ kind, source, target });
}

/** One item per key, the last given (what upserting them one after another leaves), in order of last appearance. */
export function lastOfEach<T>(items: readonly T[], key: (item: T) => string): T[] {
  const last = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    last.delete(k);
    last.set(k, item);
  }
  return [...last.values()];
}

/** `items` in batches of `size`, in order. */
export function chunked<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let offset = 0; offset < items.length; offset += size) batches.push(items.slice(offset, offset + size));
  return batches;
}

/**
 * New chunks' mentions as rows for CREATE_MENTIONS (one per chunk and key, the last
 * mention winning, as MERGE would leave it), and their entities, each key once with its
 * first mention's name and type. Both are ordered by key, so transactions that run at once
 * lock shared entities in the same order and do not deadlock.
 */
export function mentionRows(rows: readonly ChunkRow[]): { entities: EntityMention[]; mentions: (EntityMention & { chunk: string })[] } {
  const entities = new Map<string, EntityMention>();
  const mentions = new Map<string, EntityMention & { chunk: string }>();
  for (const row of rows) {
    for (const mention of row.mentions) {
      if (!entities.has(mention.key)) entities.set(mention.key, mention);
      mentions.set(`${row.id}\u0000${mention.key}`, { chunk: row.id, key: mention.key, name: mention.name, type: mention.type });
    }
  }
  const byKey = (a: { key: string }, b: { key: string }) => compareStrings(a.key, b.key);
  return { entities: [...entities.values()].sort(byKey), mentions: [...mentions.values()].sort(byKey) };
}
