import neo4j from 'neo4j-driver';
import type { ChunkNode, DocumentNode, GraphNode, RelationshipKind } from '../../model.js';
import { relationshipId } from '../../model.js';
import { compareNeighbours, compareStrings } from '../../order.js';
import type { GraphCounts, GraphStore, Neighbour, NodeFilter, RelationshipFilter } from '../../store.js';
import { type RelationshipRow, chunkRow, decodeNode, lastOfEach, mentionRows, decodeRelationship, documentRow, relationshipRow } from './codec.js';
import { type Neo4jConnection, connectNeo4j } from './connection.js';
import * as cypher from './cypher.js';
import { type Neo4jOptions, resolveNeo4jOptions } from './options.js';
import { simplePaths } from '../paths.js';
import { pipelined } from './pipeline.js';
import { type ServerSchema, LABEL, RELATIONSHIP_KINDS, RELATIONSHIP_TYPE, awaitIndexes, createSearchIndexes, dropSearchIndexes, ensureSchema, ensureVectorIndex } from './schema.js';

/**
 * The GraphStore on Neo4j (5.13+, 5.26 LTS tested): documents, chunks and entities as
 * labelled nodes, relationships as typed edges, meta as `RagsetMeta` nodes. Everything the
 * interface orders is ordered as the memory store orders it, so the same seed draws the
 * same testset from either store.
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
/** Relationship rows are small: a transaction takes this many times `batchSize` of them. */
const RELATIONSHIP_BATCH_FACTOR = 5;
const int = (value: number) => neo4j.int(value);

/** A batch had ends with other labels than the usual ones: rolled back, to be written again with either label. */
class OtherLabels extends Error {}

function chunked<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let offset = 0; offset < items.length; offset += size) batches.push(items.slice(offset, offset + size));
  return batches;
}

/** Creates a store; nothing connects until the first call, which also sets up the schema. */
export function createNeo4jStore(options: Partial<Neo4jOptions> = {}): Neo4jStore {
  const resolved = resolveNeo4jOptions(options);
  const connection = connectNeo4j(resolved);
  const { batchSize, searchIndexes } = resolved;
  let schema: Promise<ServerSchema> | undefined;
  let vectorDimension: number | undefined;
  /**
   * Inside a bulk load into an empty graph: the search indexes wait until the nodes are
   * written (the first relationship write, or the end of the load), and `written` holds the
   * chunks this load wrote, the only ones the graph can hold.
   */
  let loading: { dimension: number | undefined; indexed: boolean; written: Set<string> } | undefined;
  /** Creates the deferred search indexes; Neo4j fills them while the load goes on. */
  const indexChunks = async () => {
    if (!loading || loading.indexed) return;
    loading.indexed = true;
    vectorDimension = await createSearchIndexes(connection, loading.dimension, await hnsw());
  };

  const ready = () =>
    (schema ??= ensureSchema(connection, searchIndexes).catch((error: unknown) => {
      schema = undefined;
      throw error;
    }));
  /** The vector index's build parameters, where the server takes them. */
  const hnsw = async () => ((await ready()).hnswSettings ? { m: resolved.vectorIndexM, efConstruction: resolved.vectorIndexEfConstruction } : undefined);
  const read = async <T extends Props>(query: string, parameters: Props = {}) => {
    await ready();
    return connection.read<T>(query, parameters);
  };
  const write = async (query: string, parameters: Props) => {
    await ready();
    await connection.write((tx) => tx.run(query, parameters));
  };

  async function writeChunks(nodes: readonly ChunkNode[]): Promise<void> {
    const dimension = nodes.find((node) => node.embedding && node.embedding.length > 0)?.embedding?.length;
    if (loading && !loading.indexed) loading.dimension ??= dimension;
    else if (searchIndexes && dimension !== undefined && vectorDimension === undefined) {
      vectorDimension = await ensureVectorIndex(connection, dimension, await hnsw());
    }
    await ready();
    const batches = chunked(lastOfEach(nodes, (node) => node.id), batchSize);
    if (!loading) {
      for (const batch of batches) await writeChunkBatch(batch);
      return;
    }
    // Into an empty graph, batches of new chunks share no node but entities, so the next is
    // packed and sent while Neo4j commits the one before; one that upserts a chunk this load
    // already wrote (and may drop the entities it no longer mentions) goes alone.
    const { written } = loading;
    await pipelined(batches, resolved.loadTransactions, (batch) => batch.some((node) => written.has(node.id)), (batch) => {
      for (const node of batch) written.add(node.id);
      return writeChunkBatch(batch);
    });
  }

  /** One transaction: chunks the graph holds are upserted, new ones created with their mentions. */
  async function writeChunkBatch(batch: readonly ChunkNode[]): Promise<void> {
    const rows = batch.map(chunkRow);
    await connection.write(async (tx) => {
      const held = new Set<string>((await tx.run(cypher.EXISTING_CHUNKS, { ids: rows.map((row) => row.id) })).records[0]?.get('ids') ?? []);
      const known = rows.filter((row) => held.has(row.id));
      const fresh = rows.filter((row) => !held.has(row.id));
      if (known.length > 0) await tx.run(cypher.UPSERT_CHUNKS, { rows: known });
      if (fresh.length === 0) return;
      await tx.run(cypher.CREATE_CHUNKS, { rows: fresh });
      const { entities, mentions } = mentionRows(fresh);
      await tx.run(cypher.MERGE_ENTITIES, { entities });
      await tx.run(cypher.CREATE_MENTIONS, { mentions });
    });
  }

  /**
   * Writes rows of one kind a transaction per batch. A batch whose ends are not all found with
   * the usual labels is rolled back and written again with either label; one that names a
   * node the graph lacks is refused, like the memory store does, and rolled back.
   */
  async function writeRelationships(kind: RelationshipKind, rows: readonly RelationshipRow[], verb: 'merge' | 'create'): Promise<void> {
    await ready();
    await indexChunks();
    for (const batch of chunked(rows, batchSize * RELATIONSHIP_BATCH_FACTOR)) {
      const attempt = (usualEnds: boolean) =>
        connection.write(async (tx) => {
          const written = (await tx.run(cypher.writeRelationships(kind, verb, usualEnds), { rows: batch })).records[0]?.get('written');
          if (written === batch.length) return;
          if (usualEnds) throw new OtherLabels();
          const ids = [...new Set(batch.flatMap((row) => [row.source, row.target]))];
          const missing = new Set<string>((await tx.run(cypher.MISSING_NODES, { ids })).records[0]?.get('missing') ?? []);
          const row = batch.find((candidate) => missing.has(candidate.source) || missing.has(candidate.target));
          const id = row && (missing.has(row.source) ? row.source : row.target);
          throw new Error(`neo4j store: relationship ${row ? relationshipId({ kind, ...row }) : kind} names node ${id}, which is not in the graph`);
        });
      await attempt(true).catch((error: unknown) => {
        if (error instanceof OtherLabels) return attempt(false);
        throw error;
      });
    }
  }

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

    async bulkLoad(work) {
      if (loading) return work();
      await ready();
      if ((await store.countNodes({ kind: 'chunk' })) > 0) return work();
      // Without search indexes there is nothing to defer: `indexed` from the start.
      loading = { dimension: undefined, indexed: !searchIndexes, written: new Set() };
      try {
        if (searchIndexes) {
          await dropSearchIndexes(connection);
          vectorDimension = undefined;
        }
        const result = await work();
        await indexChunks();
        if (searchIndexes) await awaitIndexes(connection, resolved.searchIndexWaitSeconds);
        return result;
      } catch (error) {
        // A failed load leaves the indexes too, over whatever it wrote; its own error is the one to report.
        await indexChunks().catch(() => undefined);
        throw error;
      } finally {
        loading = undefined;
      }
    },

    async upsertNodes(nodes) {
      const documents = nodes.filter((node): node is DocumentNode => node.kind === 'document');
      const chunks = nodes.filter((node): node is ChunkNode => node.kind === 'chunk');
      for (const batch of chunked(documents, batchSize)) await write(cypher.UPSERT_DOCUMENTS, { rows: batch.map(documentRow) });
      await writeChunks(chunks);
    },

    async upsertRelationships(relationships) {
      for (const kind of RELATIONSHIP_KINDS) {
        const ofKind = relationships.filter((relationship) => relationship.kind === kind);
        if (ofKind.length > 0) await writeRelationships(kind, ofKind.map(relationshipRow), 'merge');
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
      await writeRelationships(kind, lastOfEach(relationships.map(relationshipRow), (row) => `${row.source}\u0000${row.target}`), 'create');
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
