import { resolve } from 'node:path';
import { DEFAULT_GRAPH_FILE, type StoreConfig, type StoreOptions } from '../../graph/stores/open.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** The store to open and how to name it in messages; Neo4j credentials come from the environment only. */
export function storeTarget(store: StoreOptions, cwd: string, env: Env): { graph: string; config: StoreConfig } {
  if (store.kind === 'memory') {
    const path = resolve(cwd, store.path ?? DEFAULT_GRAPH_FILE);
    return { graph: path, config: { kind: 'memory', path } };
  }
  const uri = store.neo4jUri ?? env.NEO4J_URI;
  const database = store.neo4jDatabase ?? env.NEO4J_DATABASE;
  return {
    graph: `${uri ?? 'neo4j'}${database ? ` (database ${database})` : ''}`,
    config: { kind: 'neo4j', uri, database, username: env.NEO4J_USERNAME || undefined, password: env.NEO4J_PASSWORD, ...neo4jSettings(store) },
  };
}

/** The store stage's Neo4j settings beyond where the server is, as the store takes them. */
export function neo4jSettings(store: StoreOptions) {
  return {
    timeoutSeconds: store.neo4jTimeout,
    searchIndexes: store.neo4jSearchIndexes,
    searchIndexWaitSeconds: store.neo4jIndexWait,
    vectorIndexM: store.neo4jVectorM,
    vectorIndexEfConstruction: store.neo4jVectorEfConstruction,
  };
}
