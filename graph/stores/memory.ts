import { MultiDirectedGraph } from 'graphology';
import type { GraphNode, Relationship, RelationshipKind } from '../model.js';
import { NODE_KINDS, RELATIONSHIP_KINDS, UNDIRECTED_KINDS, orderedPair, relationshipId } from '../model.js';
import { compareNeighbours, compareStrings } from '../order.js';
import type { GraphCounts, GraphStore, Neighbour, NodeFilter, RelationshipFilter } from '../store.js';
import { simplePaths } from './paths.js';

/**
 * The in-memory store: a graphology multigraph keyed by node id and `relationshipId`,
 * plus sorted-id caches so every listing comes back in id order without re-sorting on
 * each call. The store owns copies: nothing a caller passes in or gets back aliases its
 * state (as with a database). Saved to and loaded from one file by `graph-file.ts`.
 */
export interface MemoryStore extends GraphStore {
  readonly name: 'memory';
  /** Every meta entry, keys ascending (for saving the graph to a file). */
  metaEntries(): [string, unknown][];
}

const DEFAULT_BATCH = 1000;

type NodeAttributes = { value: GraphNode };
type EdgeAttributes = { value: Relationship };

function copyNode(node: GraphNode): GraphNode {
  if (node.kind === 'document') return { ...node, metadata: structuredClone(node.metadata) };
  return {
    ...node,
    headings: [...node.headings],
    headlines: [...node.headlines],
    keyphrases: [...node.keyphrases],
    themes: [...node.themes],
    entities: node.entities.map((entity) => ({ ...entity })),
    // slice() copies just this vector, even when it is a view into a larger batch buffer.
    embedding: node.embedding ? node.embedding.slice() : null,
    summaryEmbedding: node.summaryEmbedding ? node.summaryEmbedding.slice() : null,
  };
}

function copyRelationship(relationship: Relationship): Relationship {
  return relationship.kind === 'shares_entities'
    ? { ...relationship, entities: [...relationship.entities] }
    : { ...relationship };
}

/** Undirected kinds are stored once, with `source < target`. */
function canonical(relationship: Relationship): Relationship {
  if (!UNDIRECTED_KINDS.has(relationship.kind)) return copyRelationship(relationship);
  return { ...copyRelationship(relationship), ...orderedPair(relationship.source, relationship.target) };
}

const scoreOf = (relationship: Relationship): number | undefined => ('score' in relationship ? relationship.score : undefined);

/** Kinds without a score pass any `minScore`. */
export function passesMinScore(relationship: Relationship, minScore: number | undefined): boolean {
  const score = scoreOf(relationship);
  return minScore === undefined || score === undefined || score >= minScore;
}

function matches(node: GraphNode, filter: NodeFilter): boolean {
  if (node.kind !== filter.kind) return false;
  if (node.kind !== 'chunk') return filter.status === undefined && filter.documentId === undefined;
  return (
    (filter.status === undefined || node.status === filter.status) &&
    (filter.documentId === undefined || node.documentId === filter.documentId)
  );
}

async function* batches<T, R>(items: readonly T[], size: number, read: (slice: readonly T[]) => R[]): AsyncIterable<R[]> {
  for (let offset = 0; offset < items.length; offset += size) yield read(items.slice(offset, offset + size));
}

export function createMemoryStore(): MemoryStore {
  const graph = new MultiDirectedGraph<NodeAttributes, EdgeAttributes>({ allowSelfLoops: false });
  const edgesByKind = new Map<RelationshipKind, Set<string>>(RELATIONSHIP_KINDS.map((kind) => [kind, new Set()]));
  const meta = new Map<string, string>();
  /** Sorted ids per node filter, dropped whenever a node is written. */
  const nodeIdCache = new Map<string, string[]>();
  /** Relationship keys per kind sorted by (source, target), dropped when that kind changes. */
  const edgeOrderCache = new Map<RelationshipKind, string[]>();

  const filterKey = (filter: NodeFilter) => JSON.stringify([filter.kind, filter.status ?? null, filter.documentId ?? null]);

  function sortedNodeIds(filter: NodeFilter): string[] {
    const key = filterKey(filter);
    let ids = nodeIdCache.get(key);
    if (!ids) {
      const base = filter.status === undefined && filter.documentId === undefined ? undefined : sortedNodeIds({ kind: filter.kind });
      ids = base
        ? base.filter((id) => matches(graph.getNodeAttribute(id, 'value'), filter))
        : graph.filterNodes((_id, attributes) => attributes.value.kind === filter.kind).sort(compareStrings);
      nodeIdCache.set(key, ids);
    }
    return ids;
  }

  function sortedEdgeKeys(kind: RelationshipKind): string[] {
    let keys = edgeOrderCache.get(kind);
    if (!keys) {
      keys = [...(edgesByKind.get(kind) as Set<string>)].sort((a, b) => {
        const x = graph.getEdgeAttribute(a, 'value');
        const y = graph.getEdgeAttribute(b, 'value');
        return compareStrings(x.source, y.source) || compareStrings(x.target, y.target);
      });
      edgeOrderCache.set(kind, keys);
    }
    return keys;
  }

  const readNodes = (ids: readonly string[]) =>
    ids.flatMap((id) => (graph.hasNode(id) ? [copyNode(graph.getNodeAttribute(id, 'value'))] : []));

  /** Relationships touching `id` that pass the filter, unsorted and not copied. */
  function touching(id: string, filter: { kinds?: readonly RelationshipKind[]; minScore?: number } = {}): Neighbour[] {
    if (!graph.hasNode(id)) return [];
    const kinds = filter.kinds ? new Set(filter.kinds) : undefined;
    const found: Neighbour[] = [];
    graph.forEachEdge(id, (_key, attributes, source, target) => {
      const relationship = attributes.value;
      if (kinds && !kinds.has(relationship.kind)) return;
      if (!passesMinScore(relationship, filter.minScore)) return;
      found.push({ relationship, nodeId: source === id ? target : source });
    });
    return found;
  }

  const store: MemoryStore = {
    name: 'memory',

    async upsertNodes(nodes) {
      for (const node of nodes) {
        const value = copyNode(node);
        if (graph.hasNode(node.id)) graph.replaceNodeAttributes(node.id, { value });
        else graph.addNode(node.id, { value });
      }
      if (nodes.length > 0) nodeIdCache.clear();
    },

    async upsertRelationships(relationships) {
      for (const relationship of relationships) {
        const value = canonical(relationship);
        const key = relationshipId(value);
        for (const end of [value.source, value.target]) {
          if (!graph.hasNode(end)) throw new Error(`memory store: relationship ${key} names node ${end}, which is not in the graph`);
        }
        if (graph.hasEdge(key)) {
          graph.replaceEdgeAttributes(key, { value });
        } else {
          graph.addDirectedEdgeWithKey(key, value.source, value.target, { value });
          edgesByKind.get(value.kind)?.add(key);
        }
        edgeOrderCache.delete(value.kind);
      }
    },

    async deleteNodes(ids) {
      for (const id of ids) {
        if (!graph.hasNode(id)) continue;
        graph.forEachEdge(id, (key, attributes) => {
          edgesByKind.get(attributes.value.kind)?.delete(key);
          edgeOrderCache.delete(attributes.value.kind);
        });
        graph.dropNode(id);
      }
      if (ids.length > 0) nodeIdCache.clear();
    },

    async deleteRelationships(kind) {
      const keys = edgesByKind.get(kind) as Set<string>;
      for (const key of keys) graph.dropEdge(key);
      keys.clear();
      edgeOrderCache.delete(kind);
    },

    async replaceRelationships(kind, relationships) {
      const stray = relationships.find((relationship) => relationship.kind !== kind);
      if (stray) throw new Error(`memory store: replacing ${kind} relationships, given ${relationshipId(stray)}`);
      await store.deleteRelationships(kind);
      await store.upsertRelationships(relationships);
    },

    async getNode(id) {
      return graph.hasNode(id) ? copyNode(graph.getNodeAttribute(id, 'value')) : undefined;
    },

    async getNodes(ids) {
      return readNodes(ids);
    },

    async countNodes(filter) {
      return sortedNodeIds(filter).length;
    },

    async nodeIds(filter, page = {}) {
      const offset = page.offset ?? 0;
      const ids = sortedNodeIds(filter);
      return ids.slice(offset, page.limit === undefined ? undefined : offset + page.limit);
    },

    scanNodes(filter, batchSize = DEFAULT_BATCH) {
      return batches(sortedNodeIds(filter), batchSize, readNodes);
    },

    async countRelationships(filter) {
      const keys = edgesByKind.get(filter.kind) as Set<string>;
      if (filter.minScore === undefined) return keys.size;
      let count = 0;
      for (const key of keys) if (passesMinScore(graph.getEdgeAttribute(key, 'value'), filter.minScore)) count++;
      return count;
    },

    scanRelationships(filter: RelationshipFilter, batchSize = DEFAULT_BATCH) {
      const keys = sortedEdgeKeys(filter.kind).filter(
        (key) => filter.minScore === undefined || passesMinScore(graph.getEdgeAttribute(key, 'value'), filter.minScore),
      );
      return batches(keys, batchSize, (slice) => slice.map((key) => copyRelationship(graph.getEdgeAttribute(key, 'value'))));
    },

    async neighbours(id, filter) {
      return touching(id, filter)
        .sort(compareNeighbours)
        .map((neighbour) => ({ ...neighbour, relationship: copyRelationship(neighbour.relationship) }));
    },

    async paths(startId, options) {
      if (!graph.hasNode(startId)) return [];
      return simplePaths(startId, options, async (ids) => new Map(ids.map((id) => [id, touching(id, options).map((neighbour) => neighbour.nodeId)])));
    },

    async counts(): Promise<GraphCounts> {
      return {
        nodes: Object.fromEntries(NODE_KINDS.map((kind) => [kind, sortedNodeIds({ kind }).length])),
        relationships: Object.fromEntries(RELATIONSHIP_KINDS.map((kind) => [kind, (edgesByKind.get(kind) as Set<string>).size])),
      };
    },

    async getMeta<T>(key: string) {
      const text = meta.get(key);
      return text === undefined ? undefined : (JSON.parse(text) as T);
    },

    async setMeta(key, value) {
      // Stored as JSON text, like a database would, so callers never share objects with the store.
      const text = JSON.stringify(value);
      if (text === undefined) meta.delete(key);
      else meta.set(key, text);
    },

    metaEntries() {
      return [...meta.keys()].sort(compareStrings).map((key) => [key, JSON.parse(meta.get(key) as string)]);
    },

    async close() {},
  };
  return store;
}
