import { NoInputError, UsageError } from '../../../src/errors.js';
import { NODE_KINDS, type Relationship } from '../../model.js';
import { type GraphCounts, type GraphStore, bulkLoad } from '../../store.js';
import { loadGraph, saveGraph } from '../graph-file.js';
import { createMemoryStore } from '../memory.js';
import type { Neo4jOptions } from './options.js';
import { LABEL, RELATIONSHIP_KINDS } from './schema.js';
import { type Neo4jStore, createNeo4jStore } from './store.js';

/**
 * Moves a graph between a graph file and Neo4j through the GraphStore interface only, a
 * batch at a time: `ragset graph push` and `ragset graph pull`.
 */
const TRANSFER_BATCH = 2000;

/**
 * Copies nodes (documents first, so relationships find their ends), relationships and meta.
 * Into an `empty` store, as one bulk load, and each relationship kind is written whole with
 * `replaceRelationships` (created without looking for an existing one); otherwise upserted.
 */
export async function copyGraph(from: GraphStore, to: GraphStore, meta: readonly [string, unknown][], empty = false): Promise<GraphCounts> {
  const copy = async () => {
    for (const kind of NODE_KINDS) {
      for await (const batch of from.scanNodes({ kind }, TRANSFER_BATCH)) await to.upsertNodes(batch);
    }
    for (const kind of RELATIONSHIP_KINDS) {
      if (empty) {
        const all: Relationship[] = [];
        for await (const batch of from.scanRelationships({ kind }, TRANSFER_BATCH)) all.push(...batch);
        if (all.length > 0) await to.replaceRelationships(kind, all);
      } else {
        for await (const batch of from.scanRelationships({ kind }, TRANSFER_BATCH)) await to.upsertRelationships(batch);
      }
    }
  };
  if (empty) await bulkLoad(to, copy);
  else await copy();
  for (const [key, value] of meta) await to.setMeta(key, value);
  return to.counts();
}

/** Deletes the ragset graph (documents, chunks, entities, meta); other data in the database stays. */
export async function clearNeo4jGraph(store: Neo4jStore): Promise<void> {
  await store.ready();
  for (const label of Object.values(LABEL)) {
    await store.connection.autoCommit(`MATCH (n:${label}) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS`);
  }
}

export interface PushOptions {
  neo4j?: Partial<Neo4jOptions>;
  /** What to do when the database already holds a graph; without it, pushing there is refused. */
  existing?: 'replace' | 'merge';
}

export async function pushGraph(file: string, options: PushOptions = {}): Promise<GraphCounts> {
  const source = await loadGraph(file);
  const target = createNeo4jStore(options.neo4j);
  try {
    const held = await target.counts();
    const documents = held.nodes.document ?? 0;
    const chunks = held.nodes.chunk ?? 0;
    const empty = documents + chunks === 0;
    if (!empty) {
      if (options.existing === undefined) {
        throw new UsageError(
          `Neo4j at ${target.connection.uri} already holds a graph (${documents} documents, ${chunks} chunks)`,
          'pass --replace to delete it first, or --merge to upsert over it',
        );
      }
      if (options.existing === 'replace') await clearNeo4jGraph(target);
    }
    return await copyGraph(source, target, source.metaEntries(), empty || options.existing === 'replace');
  } finally {
    await target.close();
  }
}

export async function pullGraph(file: string, options: { neo4j?: Partial<Neo4jOptions> } = {}): Promise<GraphCounts> {
  const source = createNeo4jStore(options.neo4j);
  try {
    const held = await source.counts();
    if ((held.nodes.document ?? 0) + (held.nodes.chunk ?? 0) === 0) {
      throw new NoInputError(`Neo4j at ${source.connection.uri} holds no graph`, 'build one with `ragset build --store neo4j` or `ragset graph push`');
    }
    const target = createMemoryStore();
    const counts = await copyGraph(source, target, await source.metaEntries());
    await saveGraph(target, file);
    return counts;
  } finally {
    await source.close();
  }
}
