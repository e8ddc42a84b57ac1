import { access } from 'node:fs/promises';
import { z } from 'zod';
import type { GraphStore } from '../store.js';
import { loadGraph, saveGraph } from './graph-file.js';
import { createMemoryStore } from './memory.js';
import { LEXICAL_SCHEMA_NAMES } from './neo4j/lexical-schema.js';
import { Neo4jOptions } from './neo4j/options.js';

/** The graph file `build` writes when given none. */
export const DEFAULT_GRAPH_FILE = 'graph.ragset';
export const STORE_KINDS = ['memory', 'neo4j'] as const;
export const GRAPH_SCHEMAS = ['ragset', ...LEXICAL_SCHEMA_NAMES] as const;

/**
 * The store stage: where the graph lives. Neo4j credentials come from the environment only
 * (NEO4J_USERNAME, NEO4J_PASSWORD); the URI and database fall back to NEO4J_URI and NEO4J_DATABASE.
 */
export const StoreOptions = z.object({
  kind: z.enum(STORE_KINDS).default('memory').describe('graph store: memory (a graph file) or neo4j'),
  path: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe(`graph file to write, and to continue from when it exists (default: ${DEFAULT_GRAPH_FILE}; generate: <out>.graph.ragset)`),
  neo4jUri: z.string().trim().min(1).optional().describe('with store neo4j: bolt://host:port (env NEO4J_URI; user and password from NEO4J_USERNAME, NEO4J_PASSWORD)'),
  neo4jDatabase: z.string().trim().min(1).optional().describe('with store neo4j: database (env NEO4J_DATABASE; default: the server default)'),
  neo4jTimeout: Neo4jOptions.shape.timeoutSeconds.describe('with store neo4j: longest wait in seconds to connect and for the Bolt handshake'),
  neo4jSearchIndexes: Neo4jOptions.shape.searchIndexes.describe(
    'with store neo4j: a vector and a fulltext index on chunks, for your own Cypher queries (ragset never queries them; filling them costs Neo4j more than writing the chunks)',
  ),
  neo4jIndexWait: Neo4jOptions.shape.searchIndexWaitSeconds.describe(
    'with store neo4j: longest wait in seconds, at the end of a load into an empty graph, for Neo4j to fill the search indexes (one still filling then fails the load)',
  ),
  neo4jVectorM: Neo4jOptions.shape.vectorIndexM.describe('with store neo4j: HNSW links per node of the vector index (vector.hnsw.m, Neo4j 5.23+)'),
  neo4jVectorEfConstruction: Neo4jOptions.shape.vectorIndexEfConstruction.describe(
    'with store neo4j: HNSW candidates per insertion into the vector index (vector.hnsw.ef_construction, Neo4j 5.23+); lower fills it faster at some recall',
  ),
  schema: z.enum(GRAPH_SCHEMAS).default('ragset').describe('with store neo4j: read a graph another tool made (ragset: one ragset built)'),
  schemaMap: z.string().trim().min(1).optional().describe('JSON file of labels and property names that adapts schema to your graph'),
});
export type StoreOptions = z.output<typeof StoreOptions>;

/**
 * Opens the graph store a run works on. Each kind is one schema in the union and one case
 * in the switch below.
 */
export const MemoryStoreConfig = z.object({
  kind: z.literal('memory'),
  /** Graph file to load if it exists and to save to on `persist()`; none keeps the graph in memory only. */
  path: z.string().min(1).optional(),
});

/** Connection settings fall back to NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE. */
export const Neo4jStoreConfig = z.object({
  kind: z.literal('neo4j'),
  uri: z.string().min(1).optional(),
  username: z.string().min(1).optional(),
  password: z.string().optional(),
  database: z.string().min(1).optional(),
  timeoutSeconds: Neo4jOptions.shape.timeoutSeconds.optional(),
  searchIndexes: Neo4jOptions.shape.searchIndexes.optional(),
  searchIndexWaitSeconds: Neo4jOptions.shape.searchIndexWaitSeconds.optional(),
  vectorIndexM: Neo4jOptions.shape.vectorIndexM.optional(),
  vectorIndexEfConstruction: Neo4jOptions.shape.vectorIndexEfConstruction.optional(),
});

export const StoreConfig = z.discriminatedUnion('kind', [MemoryStoreConfig, Neo4jStoreConfig]);
export type StoreConfig = z.input<typeof StoreConfig>;

export interface OpenedStore {
  store: GraphStore;
  /** Makes the current graph durable: saves a memory store to its file; databases already are. */
  persist(): Promise<void>;
}

const exists = (path: string) => access(path).then(() => true, () => false);

export async function openStore(config: StoreConfig): Promise<OpenedStore> {
  const parsed = StoreConfig.parse(config);
  switch (parsed.kind) {
    case 'memory': {
      const { path } = parsed;
      const store = path !== undefined && (await exists(path)) ? await loadGraph(path) : createMemoryStore();
      return { store, persist: async () => (path === undefined ? undefined : saveGraph(store, path)) };
    }
    case 'neo4j': {
      const { kind: _kind, ...options } = parsed;
      // Loaded on demand: runs on the memory store never load the driver.
      const { createNeo4jStore } = await import('./neo4j.js');
      const store = createNeo4jStore(options);
      // Fail here, with a one-line error, rather than in the middle of a run.
      await store.ready().catch(async (error: unknown) => {
        await store.close();
        throw error;
      });
      return { store, persist: async () => undefined };
    }
  }
}
