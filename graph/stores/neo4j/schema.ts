import neo4j from 'neo4j-driver';
import { UsageError } from '../../../src/errors.js';
import { RELATIONSHIP_KINDS, type RelationshipKind } from '../../model.js';
import type { Neo4jConnection } from './connection.js';

/**
 * Names in the database. Labels and relationship types come only from these constants,
 * never from data, so they are the only text ever spliced into a query.
 */
export const LABEL = { document: 'Document', chunk: 'Chunk', entity: 'Entity', meta: 'RagsetMeta' } as const;

export const RELATIONSHIP_TYPE: Readonly<Record<RelationshipKind, string>> = {
  child: 'HAS_CHUNK',
  next: 'NEXT',
  similar: 'SIMILAR',
  shares_entities: 'SHARES_ENTITIES',
};
export { RELATIONSHIP_KINDS };
export const KIND_OF_TYPE: ReadonlyMap<string, RelationshipKind> = new Map(
  RELATIONSHIP_KINDS.map((kind) => [RELATIONSHIP_TYPE[kind], kind]),
);
/** Chunk → entity; not a GraphStore relationship, but lets Cypher users walk entities. */
export const MENTIONS = 'MENTIONS';

export const VECTOR_INDEX = 'ragset_chunk_embedding';
export const FULLTEXT_INDEX = 'ragset_chunk_text';

/** Constraints and indexes by name; the unique constraints also give ids their ordered index. */
const SCHEMA: ReadonlyMap<string, string> = new Map([
  ['ragset_document_id', 'CREATE CONSTRAINT ragset_document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE'],
  ['ragset_chunk_id', 'CREATE CONSTRAINT ragset_chunk_id IF NOT EXISTS FOR (n:Chunk) REQUIRE n.id IS UNIQUE'],
  ['ragset_entity_key', 'CREATE CONSTRAINT ragset_entity_key IF NOT EXISTS FOR (n:Entity) REQUIRE n.key IS UNIQUE'],
  ['ragset_meta_key', 'CREATE CONSTRAINT ragset_meta_key IF NOT EXISTS FOR (n:RagsetMeta) REQUIRE n.key IS UNIQUE'],
  ['ragset_chunk_document', 'CREATE INDEX ragset_chunk_document IF NOT EXISTS FOR (n:Chunk) ON (n.documentId)'],
]);

const CREATE_FULLTEXT_INDEX = `CREATE FULLTEXT INDEX ${FULLTEXT_INDEX} IF NOT EXISTS FOR (n:Chunk) ON EACH [n.text]`;

/** Vector indexes and `db.create.setNodeVectorProperty` arrived in 5.13. */
const MINIMUM_VERSION = [5, 13] as const;
/** The vector index's `vector.hnsw.*` settings arrived in 5.23. */
const HNSW_SETTINGS_VERSION = [5, 23] as const;

function olderThan(version: string, [wantMajor, wantMinor]: readonly [number, number]): boolean {
  const [major = 0, minor = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  // Calendar versions (2025.x) are newer than any 5.x.
  return major < wantMajor || (major === wantMajor && minor < wantMinor);
}

/** HNSW build parameters of the vector index. */
export interface HnswSettings {
  m: number;
  efConstruction: number;
}

/** What the server lets the store set up. */
export interface ServerSchema {
  /** Whether the vector index takes `vector.hnsw.*` settings (5.23+). */
  hnswSettings: boolean;
}

/**
 * Checks the server can hold the graph and creates constraints and indexes once (the
 * fulltext one with `searchIndexes`).
 */
export async function ensureSchema(connection: Neo4jConnection, searchIndexes: boolean): Promise<ServerSchema> {
  const [component] = await connection.read<{ versions: string[] }>(
    "CALL dbms.components() YIELD name, versions WHERE name = 'Neo4j Kernel' RETURN versions",
  );
  const version = component?.versions[0] ?? '0';
  if (olderThan(version, MINIMUM_VERSION)) {
    throw new UsageError(
      `Neo4j ${version} at ${connection.uri} has no vector indexes`,
      `use Neo4j ${MINIMUM_VERSION.join('.')} or newer (5.26 LTS recommended)`,
    );
  }
  // Constraints show up as indexes too (the index backing each has the constraint's name).
  const [existing] = await connection.read<{ names: string[] }>('SHOW INDEXES YIELD name RETURN collect(name) AS names');
  const present = new Set(existing?.names ?? []);
  for (const [name, statement] of SCHEMA) if (!present.has(name)) await connection.autoCommit(statement);
  if (searchIndexes && !present.has(FULLTEXT_INDEX)) await connection.autoCommit(CREATE_FULLTEXT_INDEX);
  return { hnswSettings: !olderThan(version, HNSW_SETTINGS_VERSION) };
}

/**
 * The search indexes (vector and fulltext on chunks) serve only users' own queries, and
 * keeping them up to date on every write is about half of what a chunk costs Neo4j. A bulk
 * load into an empty graph drops them and creates them at its end, when Neo4j fills each in
 * one pass over the store (bench/neo4j-load).
 */
export async function dropSearchIndexes(connection: Neo4jConnection): Promise<void> {
  await connection.autoCommit(`DROP INDEX ${VECTOR_INDEX} IF EXISTS`);
  await connection.autoCommit(`DROP INDEX ${FULLTEXT_INDEX} IF EXISTS`);
}

/**
 * Creates the search indexes (the vector one when a chunk has an embedding); Neo4j fills
 * them in the background. Returns the vector index's dimension.
 */
export async function createSearchIndexes(connection: Neo4jConnection, dimension: number | undefined, hnsw: HnswSettings | undefined): Promise<number | undefined> {
  await connection.autoCommit(CREATE_FULLTEXT_INDEX);
  return dimension === undefined ? undefined : ensureVectorIndex(connection, dimension, hnsw);
}

/** Waits until every index is online; one that failed to fill, or still fills after `seconds`, is an error. */
export async function awaitIndexes(connection: Neo4jConnection, seconds: number): Promise<void> {
  await connection.autoCommit('CALL db.awaitIndexes($seconds)', { seconds: neo4j.int(seconds) });
}

/** The dimension of the chunk-embedding vector index, or undefined when there is none yet. */
export async function vectorIndexDimension(connection: Neo4jConnection): Promise<number | undefined> {
  const [index] = await connection.read<{ options: { indexConfig: Record<string, unknown> } }>(
    'SHOW VECTOR INDEXES YIELD name, options WHERE name = $name RETURN options',
    { name: VECTOR_INDEX },
  );
  const dimension = index?.options.indexConfig['vector.dimensions'];
  return typeof dimension === 'number' ? dimension : undefined;
}

/**
 * Creates the cosine vector index on chunk embeddings for `dimension` unless one exists,
 * and returns the dimension the index has. An index of another dimension is replaced
 * while no chunk has an embedding (a database reused for another embedding model), and
 * kept otherwise. The index serves your own Cypher queries (ragset ranks `similar` pairs
 * itself); it is quantized as the server's default has it from 5.23 on, which costs less to
 * write, and built with `hnsw` (undefined: a server before 5.23, with fixed parameters).
 */
export async function ensureVectorIndex(connection: Neo4jConnection, dimension: number, hnsw: HnswSettings | undefined): Promise<number> {
  const existing = await vectorIndexDimension(connection);
  if (existing === dimension) return existing;
  if (existing !== undefined) {
    const [usage] = await connection.read<{ used: boolean }>(
      'RETURN EXISTS { MATCH (n:Chunk) WHERE n.embedding IS NOT NULL } AS used',
    );
    if (usage?.used) return existing;
    await connection.autoCommit(`DROP INDEX ${VECTOR_INDEX} IF EXISTS`);
  }
  const settings = hnsw ? ', `vector.hnsw.m`: $m, `vector.hnsw.ef_construction`: $efConstruction' : '';
  await connection.autoCommit(
    `CREATE VECTOR INDEX ${VECTOR_INDEX} IF NOT EXISTS FOR (n:Chunk) ON n.embedding
     OPTIONS { indexConfig: { \`vector.dimensions\`: $dimension, \`vector.similarity_function\`: 'cosine'${settings} } }`,
    { dimension: neo4j.int(dimension), ...(hnsw && { m: neo4j.int(hnsw.m), efConstruction: neo4j.int(hnsw.efConstruction) }) },
  );
  return (await vectorIndexDimension(connection)) ?? dimension;
}
