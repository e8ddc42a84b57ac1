import { z } from 'zod';
import { Chunk } from '../src/chunking/chunk.js';

/**
 * The knowledge graph's data: plain objects, validated where they enter a store from a
 * file or a database. Ids are content hashes (see src/hash.ts), so every store and every
 * run names the same thing the same way.
 */

const Vector = z.instanceof(Float32Array);

/** An entity as one chunk mentions it; `key` is the canonical form shared across chunks. */
export const EntityMention = z.object({
  name: z.string(),
  type: z.string(),
  key: z.string(),
});
export type EntityMention = z.infer<typeof EntityMention>;

export const DocumentNode = z.object({
  id: z.string(),
  kind: z.literal('document'),
  source: z.string(),
  title: z.string(),
  format: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  text: z.string(),
  /** Derived from the document's chunk summaries; no extra LLM call. */
  summary: z.string(),
});
export type DocumentNode = z.infer<typeof DocumentNode>;

export const ChunkStatus = z.enum(['pending', 'extracted', 'failed']);
export type ChunkStatus = z.infer<typeof ChunkStatus>;

/** A chunk (src/chunking/chunk.ts: offsets, tokens, heading path) plus what extraction and embedding added. */
export const ChunkNode = Chunk.extend({
  kind: z.literal('chunk'),
  status: ChunkStatus,
  /** Why extraction failed, when `status === 'failed'`. */
  error: z.string().optional(),
  summary: z.string(),
  headlines: z.array(z.string()),
  keyphrases: z.array(z.string()),
  entities: z.array(EntityMention),
  themes: z.array(z.string()),
  embedding: Vector.nullable(),
  summaryEmbedding: Vector.nullable(),
});
export type ChunkNode = z.infer<typeof ChunkNode>;

export const GraphNode = z.discriminatedUnion('kind', [DocumentNode, ChunkNode]);
export type GraphNode = z.infer<typeof GraphNode>;
export type NodeKind = GraphNode['kind'];
/** Every node kind, in the order of the union: the one list stores and files iterate over. */
export const NODE_KINDS: readonly NodeKind[] = GraphNode.options.map((option) => option.shape.kind.value);

const Link = { source: z.string(), target: z.string() };

export const ChildRelationship = z.object({ kind: z.literal('child'), ...Link });
export const NextRelationship = z.object({ kind: z.literal('next'), ...Link });
/** Undirected: `source < target`. `score` is cosine similarity. */
export const SimilarRelationship = z.object({ kind: z.literal('similar'), ...Link, score: z.number() });
/** Undirected: `source < target`. `entities` are canonical keys, `score` their weighted overlap. */
export const SharesEntitiesRelationship = z.object({
  kind: z.literal('shares_entities'),
  ...Link,
  score: z.number(),
  entities: z.array(z.string()),
});

export const Relationship = z.discriminatedUnion('kind', [
  ChildRelationship,
  NextRelationship,
  SimilarRelationship,
  SharesEntitiesRelationship,
]);
export type Relationship = z.infer<typeof Relationship>;
export type RelationshipKind = Relationship['kind'];
export type RelationshipOf<K extends RelationshipKind> = Extract<Relationship, { kind: K }>;
/** Every relationship kind, in the order of the union. */
export const RELATIONSHIP_KINDS: readonly RelationshipKind[] = Relationship.options.map((option) => option.shape.kind.value);

/** Relationship kinds that are undirected and stored once with `source < target`. */
export const UNDIRECTED_KINDS: ReadonlySet<RelationshipKind> = new Set(['similar', 'shares_entities']);

/** The one id a relationship has in every store. */
export function relationshipId(rel: Pick<Relationship, 'kind' | 'source' | 'target'>): string {
  return `${rel.kind}:${rel.source}:${rel.target}`;
}

/** Orders an undirected pair so each relationship is stored once. */
export function orderedPair(a: string, b: string): { source: string; target: string } {
  return a < b ? { source: a, target: b } : { source: b, target: a };
}
