import { access } from 'node:fs/promises';
import { z } from 'zod';
import type { GraphStore } from '../store.js';
import { loadGraph, saveGraph } from './graph-file.js';
import { createMemoryStore } from './memory.js';
import { Neo4jOptions } from './neo4j/options.js';

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
