import neo4j from 'neo4j-driver';
import type { ChunkNode, DocumentNode, GraphNode, RelationshipKind } from '../../model.js';
import { relationshipId } from '../../model.js';
import { compareNeighbours, compareStrings } from '../../order.js';
import type { GraphCounts, GraphStore, Neighbour, NodeFilter, RelationshipFilter } from '../../store.js';
import { chunked, decodeNode, lastOfEach, decodeRelationship, documentRow, relationshipRow } from './codec.js';
import { type Neo4jConnection, connectNeo4j } from './connection.js';
import * as cypher from './cypher.js';
import { type Neo4jOptions, resolveNeo4jOptions } from './options.js';
import { simplePaths } from '../paths.js';
import { type ServerSchema, LABEL, RELATIONSHIP_KINDS, RELATIONSHIP_TYPE, ensureSchema } from './schema.js';
import { createNeo4jWriter } from './writer.js';

/**
 * The GraphStore on Neo4j (5.13+, 5.26 LTS tested): documents, chunks and entities as
 * labelled nodes, relationships as typed edges, meta as `RagsetMeta` nodes. Everything the
 * interface orders is ordered as the memory store orders it, so the same seed draws the
 * same testset from either store. Chunk and relationship writes and the bulk load are
 * writer.ts (the store's only state across calls); every other call here stands alone.
 */
export interface Neo4jStore extends GraphStore {
  readonly name: 'neo4j';
  readonly connection: Neo4jConnection;
  /** Connects and sets up constraints and indexes; every other call does this first anyway. */
  ready(): Promise<ServerSchema>;
  /** Every meta entry, keys ascending (for pulling the graph into a file). */
  metaEntries(): Promise<[string, unknown][]>;
  /**
   * Into an empty graph: the search indexes are created once the nodes are written (at the
   * first relationship write, so Neo4j fills them while relationships are written, or at the
   * end) and are online when this resolves; chunk batches are written `loadTransactions` at
   * a time.
   */
  bulkLoad<T>(work: () => Promise<T>): Promise<T>;
}

type Props = Record<string, unknown>;

const DEFAULT_SCAN_BATCH = 1000;
const int = (value: number) => neo4j.int(value);

/** Creates a store; nothing connects until the first call, which also sets up the schema. */
export function createNeo4jStore(options: Partial<Neo4jOptions> = {}): Neo4jStore {
  const resolved = resolveNeo4jOptions(options);
  const connection = connectNeo4j(resolved);
  const { batchSize, searchIndexes } = resolved;
  let schema: Promise<ServerSchema> | undefined;
  const ready = () =>
    (schema ??= ensureSchema(connection, searchIndexes).catch((error: unknown) => {
      schema = undefined;
      throw error;
    }));
  const read = async <T extends Props>(query: string, parameters: Props = {}) => {
    await ready();
    return connection.read<T>(query, parameters);
  };
  const write = async (query: string, parameters: Props) => {
    await ready();
    await connection.write((tx) => tx.run(query, parameters));
  };
  const writer = createNeo4jWriter(connection, resolved, ready, () => store.countNodes({ kind: 'chunk' }));

  const nodeParameters = (filter: NodeFilter) => ({ status: filter.status ?? null, documentId: filter.documentId ?? null });

  /** Relationships touching `id`, unsorted. */
  async function touching(id: string, filter: { kinds?: readonly RelationshipKind[]; minScore?: number } = {}): Promise<Neighbour[]> {
    const kinds = filter.kinds ?? RELATIONSHIP_KINDS;
    if (kinds.length === 0) return [];
    const records = await read<{ type: string; source: string; target: string; props: Props; other: string }>(cypher.NEIGHBOURS, {
      id,
      types: kinds.map((kind) => RELATIONSHIP_TYPE[kind]),
      minScore: filter.minScore ?? null,
    });
    return records.map((record) => ({
      relationship: decodeRelationship(record.type, record.source, record.target, record.props),
      nodeId: record.other,
    }));
  }

  const store: Neo4jStore = {
    name: 'neo4j',
    connection,
    ready,

    bulkLoad: writer.bulkLoad,

    async upsertNodes(nodes) {
      const documents = nodes.filter((node): node is DocumentNode => node.kind === 'document');
      const chunks = nodes.filter((node): node is ChunkNode => node.kind === 'chunk');
      for (const batch of chunked(documents, batchSize)) await write(cypher.UPSERT_DOCUMENTS, { rows: batch.map(documentRow) });
      await writer.writeChunks(chunks);
    },

    async upsertRelationships(relationships) {
      for (const kind of RELATIONSHIP_KINDS) {
        const ofKind = relationships.filter((relationship) => relationship.kind === kind);
        if (ofKind.length > 0) await writer.writeRelationships(kind, ofKind.map(relationshipRow), 'merge');
      }
    },

    async deleteNodes(ids) {
      for (const batch of chunked(ids, batchSize)) await write(cypher.DELETE_NODES, { ids: batch });
    },

    async deleteRelationships(kind) {
      await ready();
      await connection.autoCommit(cypher.deleteRelationships(kind));
    },

    async replaceRelationships(kind, relationships) {
      const stray = relationships.find((relationship) => relationship.kind !== kind);
      if (stray) throw new Error(`neo4j store: replacing ${kind} relationships, given ${relationshipId(stray)}`);
      await store.deleteRelationships(kind);
      // None exists now, so each distinct pair is created (no lookup of an existing relationship).
      await writer.writeRelationships(kind, lastOfEach(relationships.map(relationshipRow), (row) => `${row.source}\u0000${row.target}`), 'create');
    },

    async getNode(id) {
      const [node] = await store.getNodes([id]);
      return node;
    },

    async getNodes(ids) {
      const found = new Map<string, GraphNode>();
      for (const batch of chunked([...new Set(ids)], batchSize)) {
        for (const record of await read<{ labels: string[]; props: Props }>(cypher.GET_NODES, { ids: batch })) {
          const node = decodeNode(record.labels, record.props);
          found.set(node.id, node);
        }
      }
      // A repeated id gets its own copy: callers never share objects.
      const given = new Set<string>();
      return ids.flatMap((id) => {
        const node = found.get(id);
        if (!node) return [];
        if (given.has(id)) return [structuredClone(node)];
        given.add(id);
        return [node];
      });
    },

    async countNodes(filter) {
      const query = cypher.countNodes(filter);
      if (!query) return 0;
      const [record] = await read<{ count: number }>(query, nodeParameters(filter));
      return record?.count ?? 0;
    },

    async nodeIds(filter, page = {}) {
      const query = cypher.nodeIds(filter, page.limit !== undefined);
      if (!query) return [];
      const records = await read<{ id: string }>(query, {
        ...nodeParameters(filter),
        from: '',
        offset: int(page.offset ?? 0),
        limit: int(page.limit ?? 0),
      });
      return records.map((record) => record.id);
    },

    async *scanNodes(filter, size = DEFAULT_SCAN_BATCH) {
      let after: string | undefined;
      for (;;) {
        const query = cypher.scanNodes(filter, after === undefined);
        if (!query) return;
        const records = await read<{ labels: string[]; props: Props }>(query, { ...nodeParameters(filter), after: after ?? '', limit: int(size) });
        if (records.length === 0) return;
        const nodes = records.map((record) => decodeNode(record.labels, record.props));
        yield nodes;
        if (nodes.length < size) return;
        after = (nodes[nodes.length - 1] as GraphNode).id;
      }
    },

    async countRelationships(filter) {
      const scored = filter.minScore !== undefined;
      const [record] = await read<{ count: number }>(cypher.countRelationships(filter.kind, scored), { minScore: filter.minScore ?? null });
      return record?.count ?? 0;
    },

    async *scanRelationships(filter: RelationshipFilter, size = DEFAULT_SCAN_BATCH) {
      let afterSource = '';
      let afterTarget = '';
      for (;;) {
        const records = await read<{ source: string; target: string; props: Props }>(cypher.scanRelationships(filter.kind), {
          afterSource,
          afterTarget,
          minScore: filter.minScore ?? null,
          limit: int(size),
        });
        if (records.length === 0) return;
        yield records.map((record) => decodeRelationship(RELATIONSHIP_TYPE[filter.kind], record.source, record.target, record.props));
        if (records.length < size) return;
        const last = records[records.length - 1] as { source: string; target: string };
        afterSource = last.source;
        afterTarget = last.target;
      }
    },

    async neighbours(id, filter) {
      return (await touching(id, filter)).sort(compareNeighbours);
    },

    async paths(startId, options) {
      if (options.kinds.length === 0 && options.hops > 0) return [];
      if ((await store.getNodes([startId])).length === 0) return [];
      const types = options.kinds.map((kind) => RELATIONSHIP_TYPE[kind]);
      return simplePaths(startId, options, async (ids) => {
        const records = await read<{ id: string; others: string[] }>(cypher.ADJACENT, { ids, types, minScore: options.minScore ?? null });
        return new Map(records.map((record) => [record.id, record.others]));
      });
    },

    async counts(): Promise<GraphCounts> {
      const count = async (query: string) => (await read<{ count: number }>(query))[0]?.count ?? 0;
      const nodes = { document: await count(cypher.COUNT_LABEL(LABEL.document)), chunk: await count(cypher.COUNT_LABEL(LABEL.chunk)) };
      const relationships: Record<string, number> = {};
      for (const kind of RELATIONSHIP_KINDS) relationships[kind] = await count(cypher.countRelationships(kind, false));
      return { nodes, relationships };
    },

    async getMeta<T>(key: string) {
      const [record] = await read<{ value: string }>(cypher.GET_META, { key });
      return record === undefined ? undefined : (JSON.parse(record.value) as T);
    },

    async setMeta(key, value) {
      const text = JSON.stringify(value);
      if (text === undefined) await write(cypher.DELETE_META, { key });
      else await write(cypher.SET_META, { key, value: text });
    },

    async metaEntries() {
      const records = await read<{ key: string; value: string }>(cypher.META_ENTRIES);
      return records.map((record) => [record.key, JSON.parse(record.value)] as [string, unknown]).sort(([a], [b]) => compareStrings(a, b));
    },

    async close() {
      await connection.close();
    },
  };
  return store;
}
