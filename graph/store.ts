import type { GraphNode, NodeKind, Relationship, RelationshipKind, ChunkStatus } from './model.js';

/**
 * The only seam between the pipeline and storage. Builders and synthesizers use nothing
 * else, so the in-memory store (graphology) and Neo4j are interchangeable.
 *
 * Rules every implementation follows (checked by test/graph/store-contract.ts):
 * - Upserts are idempotent: writing the same id twice replaces, never duplicates.
 * - Every list comes back in a stable order (ids ascending, or as documented), so callers
 *   that draw with a seeded rng get the same draw on every store. Stores never choose at random.
 */
export interface NodeFilter {
  kind: NodeKind;
  status?: ChunkStatus;
  documentId?: string;
}

export interface RelationshipFilter {
  kind: RelationshipKind;
  /** Only relationships whose `score` is at least this (kinds without a score ignore it). */
  minScore?: number;
}

export interface Neighbour {
  relationship: Relationship;
  /** Id of the node at the other end. */
  nodeId: string;
}

export interface GraphCounts {
  nodes: Record<string, number>;
  relationships: Record<string, number>;
}

export interface GraphStore {
  /** `memory`, `neo4j`, … */
  readonly name: string;

  upsertNodes(nodes: readonly GraphNode[]): Promise<void>;
  upsertRelationships(relationships: readonly Relationship[]): Promise<void>;
  /** Removes nodes and every relationship touching them (chunks gone from a changed corpus). */
  deleteNodes(ids: readonly string[]): Promise<void>;
  /** Removes every relationship of a kind (builders recompute derived kinds as a whole). */
  deleteRelationships(kind: RelationshipKind): Promise<void>;
  /**
   * Makes `relationships` (all of `kind`) the only relationships of that kind: what deleting the
   * kind and upserting them leaves, a repeated pair once with the last one given. A store may
   * write them faster than upserts, as none of them can exist yet.
   */
  replaceRelationships(kind: RelationshipKind, relationships: readonly Relationship[]): Promise<void>;

  /**
   * Runs `work`, a bulk write (nodes, then relationships), as one load: a store may skip upkeep
   * it can redo faster later (Neo4j fills its search indexes in one pass once the nodes of a
   * load into an empty graph are written).
   * Returns what `work` returns; reads inside `work` see everything written.
   */
  bulkLoad?<T>(work: () => Promise<T>): Promise<T>;

  getNode(id: string): Promise<GraphNode | undefined>;
  /** Nodes in the order of `ids`; unknown ids are left out. */
  getNodes(ids: readonly string[]): Promise<GraphNode[]>;

  countNodes(filter: NodeFilter): Promise<number>;
  /** Ids of matching nodes, ascending; `offset`/`limit` page through them. */
  nodeIds(filter: NodeFilter, page?: { offset?: number; limit?: number }): Promise<string[]>;
  /** Matching nodes in id order, a batch at a time, without holding all of them at once. */
  scanNodes(filter: NodeFilter, batchSize?: number): AsyncIterable<GraphNode[]>;

  countRelationships(filter: RelationshipFilter): Promise<number>;
  /** Matching relationships ordered by (source, target), a batch at a time. */
  scanRelationships(filter: RelationshipFilter, batchSize?: number): AsyncIterable<Relationship[]>;

  /** Relationships touching a node (either direction), ordered by (kind, other node id). */
  neighbours(id: string, filter?: { kinds?: readonly RelationshipKind[]; minScore?: number }): Promise<Neighbour[]>;
  /**
   * Simple paths of exactly `hops` relationships starting at `startId`, as node-id lists,
   * following the given kinds in either direction, visiting no node twice. Ordered
   * lexicographically by node ids; at most `limit` paths.
   */
  paths(
    startId: string,
    options: { hops: number; kinds: readonly RelationshipKind[]; minScore?: number; limit?: number },
  ): Promise<string[][]>;

  counts(): Promise<GraphCounts>;

  /** Small JSON facts about the graph (build settings, entity document frequencies, …). */
  getMeta<T = unknown>(key: string): Promise<T | undefined>;
  setMeta(key: string, value: unknown): Promise<void>;

  close(): Promise<void>;
}

/** Runs `work` as one bulk load on stores that have one (see `GraphStore.bulkLoad`), as it is elsewhere. */
export function bulkLoad<T>(store: GraphStore, work: () => Promise<T>): Promise<T> {
  return store.bulkLoad ? store.bulkLoad(work) : work();
}
