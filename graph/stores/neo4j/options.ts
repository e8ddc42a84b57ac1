import { z } from 'zod';
import { UsageError } from '../../../src/errors.js';

/** Where the Neo4j store connects; flags win over `NEO4J_*` environment variables. */
export const Neo4jOptions = z.object({
  uri: z
    .string()
    .regex(/^(bolt|neo4j)(\+s|\+ssc)?:\/\/\S+$/, 'expected bolt://host:port or neo4j://host:port (optionally +s or +ssc)'),
  username: z.string().min(1).optional(),
  password: z.string().optional(),
  /** Defaults to the server's default database. */
  database: z.string().min(1).optional(),
  /** Rows per write transaction (`UNWIND $rows`). */
  batchSize: z.number().int().min(1).max(100_000).default(1000),
  /**
   * Chunk transactions in flight during a load into an empty graph: while Neo4j commits one
   * batch, this process packs and sends the next (the two took turns, each idle half the
   * time: bench/neo4j-load). 1 writes one batch after another.
   */
  loadTransactions: z.number().int().min(1).max(8).default(2),
  /**
   * Longest wait to open a connection (TCP and the Bolt handshake) and to get one from the
   * pool. The driver's own acquisition default is 60 s, during which a server that accepts
   * TCP but never answers Bolt looks like a hang.
   */
  timeoutSeconds: z.number().positive().max(600).default(10),
  /**
   * The vector and fulltext indexes on chunks, for your own Cypher queries (ragset ranks
   * `similar` pairs itself and never queries them). Filling the vector index is most of
   * what a large load costs Neo4j beyond the writes themselves (bench/neo4j-load).
   */
  searchIndexes: z.boolean().default(true),
  /**
   * How long the end of a bulk load waits for Neo4j to fill the search indexes: populating
   * them is part of the load, and one still filling after this long, or failed, fails it.
   */
  searchIndexWaitSeconds: z.number().int().min(1).max(604_800).default(86_400),
  /**
   * HNSW links per node of the chunk-embedding vector index (`vector.hnsw.m`, Neo4j 5.23+;
   * older servers use their fixed parameters). The server's default is 16.
   */
  vectorIndexM: z.number().int().min(1).max(512).default(16),
  /**
   * Candidates tracked per insertion into the vector index (`vector.hnsw.ef_construction`,
   * Neo4j 5.23+). The server's default is 100; 40 fills the index with 0.41× its CPU at a
   * recall@10 of 0.953 instead of 0.986 (bench/neo4j-vector-index, 20k synthetic chunks),
   * which brings the 100k load within its target. 100 restores the server's build.
   */
  vectorIndexEfConstruction: z.number().int().min(1).max(3200).default(40),
});
export type Neo4jOptions = z.input<typeof Neo4jOptions>;
export type ResolvedNeo4jOptions = z.output<typeof Neo4jOptions>;

const Neo4jEnvironment = z.object({
  NEO4J_URI: z.string().min(1).optional(),
  NEO4J_USERNAME: z.string().min(1).optional(),
  NEO4J_PASSWORD: z.string().optional(),
  NEO4J_DATABASE: z.string().min(1).optional(),
});

/**
 * Resolves options from explicit values, then `NEO4J_URI`, `NEO4J_USERNAME`,
 * `NEO4J_PASSWORD` and `NEO4J_DATABASE`. A missing or malformed URI is a usage error.
 */
export function resolveNeo4jOptions(
  options: Partial<Neo4jOptions> = {},
  env: Record<string, string | undefined> = process.env,
): ResolvedNeo4jOptions {
  const fromEnv = Neo4jEnvironment.parse({
    NEO4J_URI: env.NEO4J_URI || undefined,
    NEO4J_USERNAME: env.NEO4J_USERNAME || undefined,
    NEO4J_PASSWORD: env.NEO4J_PASSWORD,
    NEO4J_DATABASE: env.NEO4J_DATABASE || undefined,
  });
  const uri = options.uri ?? fromEnv.NEO4J_URI;
  if (uri === undefined) {
    throw new UsageError('no Neo4j server given', 'set NEO4J_URI (e.g. bolt://localhost:7687) or pass --neo4j-uri');
  }
  const parsed = Neo4jOptions.safeParse({
    uri,
    username: options.username ?? fromEnv.NEO4J_USERNAME,
    password: options.password ?? fromEnv.NEO4J_PASSWORD,
    database: options.database ?? fromEnv.NEO4J_DATABASE,
    batchSize: options.batchSize,
    loadTransactions: options.loadTransactions,
    timeoutSeconds: options.timeoutSeconds,
    searchIndexes: options.searchIndexes,
    searchIndexWaitSeconds: options.searchIndexWaitSeconds,
    vectorIndexM: options.vectorIndexM,
    vectorIndexEfConstruction: options.vectorIndexEfConstruction,
  });
  if (!parsed.success) {
    throw new UsageError(`invalid Neo4j options: ${z.prettifyError(parsed.error).replaceAll('\n', ' ')}`, 'check NEO4J_URI and NEO4J_DATABASE');
  }
  return parsed.data;
}
