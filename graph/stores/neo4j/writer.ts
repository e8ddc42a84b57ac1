import type { ChunkNode, RelationshipKind } from '../../model.js';
import { relationshipId } from '../../model.js';
import { type RelationshipRow, chunked, chunkRow, lastOfEach, mentionRows } from './codec.js';
import type { Neo4jConnection } from './connection.js';
import * as cypher from './cypher.js';
import type { ResolvedNeo4jOptions } from './options.js';
import { pipelined } from './pipeline.js';
import { type ServerSchema, awaitIndexes, createSearchIndexes, dropSearchIndexes, ensureVectorIndex } from './schema.js';

/**
 * The Neo4j store's write path: chunks with their entity mentions, relationships, and the bulk
 * load into an empty graph. Writing is where the store keeps state across calls (the vector
 * index's dimension, and whether a bulk load is deferring the search indexes), so it lives
 * apart from the rest of the store (store.ts), whose calls each stand alone.
 */

/** Relationship rows are small: a transaction takes this many times `batchSize` of them. */
const RELATIONSHIP_BATCH_FACTOR = 5;

/** A batch had ends with other labels than the usual ones: rolled back, to be written again with either label. */
class OtherLabels extends Error {}

export interface Neo4jWriter {
  /** Neo4jStore.bulkLoad: into an empty graph, the search indexes wait until the nodes are written. */
  bulkLoad<T>(work: () => Promise<T>): Promise<T>;
  writeChunks(nodes: readonly ChunkNode[]): Promise<void>;
  writeRelationships(kind: RelationshipKind, rows: readonly RelationshipRow[], verb: 'merge' | 'create'): Promise<void>;
}

/** `ready` sets up the schema (once); `countChunks` tells whether the graph is empty, so a bulk load may defer the indexes. */
export function createNeo4jWriter(
  connection: Neo4jConnection,
  resolved: ResolvedNeo4jOptions,
  ready: () => Promise<ServerSchema>,
  countChunks: () => Promise<number>,
): Neo4jWriter {
  const { batchSize, searchIndexes } = resolved;
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
  /** The vector index's build parameters, where the server takes them. */
  const hnsw = async () => ((await ready()).hnswSettings ? { m: resolved.vectorIndexM, efConstruction: resolved.vectorIndexEfConstruction } : undefined);

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

  async function bulkLoad<T>(work: () => Promise<T>): Promise<T> {
    if (loading) return work();
    await ready();
    if ((await countChunks()) > 0) return work();
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
  }

  return { bulkLoad, writeChunks, writeRelationships };
}
