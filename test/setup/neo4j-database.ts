import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, inject } from 'vitest';
import { type Neo4jStore, createNeo4jStore } from '../../graph/stores/neo4j.js';
import type { Neo4jTestContext } from './neo4j.js';

/**
 * For test files that use the run's Neo4j (their names contain `neo4j`, see neo4j.ts).
 * Files take turns through a lock, because they share one database; each store from
 * `freshStore()` starts on an empty graph.
 */
export interface Neo4jTestDatabase {
  /** The Bolt URI (valid inside tests and hooks). */
  readonly uri: string;
  /** Empties the database, then opens a store on it. */
  freshStore(): Promise<Neo4jStore>;
  /**
   * Deletes every node; indexes stay (dropping one makes Neo4j replan every query), and the
   * vector index takes the dimension of the next embedding written to the empty graph.
   */
  clear(): Promise<void>;
}

const LOCK_WAIT_MS = 20 * 60_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function acquireLock(lockDir: string): Promise<() => Promise<void>> {
  const lock = join(lockDir, 'lock');
  const owner = join(lock, 'pid');
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      await mkdir(lock);
      await writeFile(owner, String(process.pid));
      return () => rm(lock, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const pid = Number.parseInt(await readFile(owner, 'utf8').catch(() => ''), 10);
    // A worker that died holding the lock leaves it behind: take it over.
    if (Number.isInteger(pid) && !isAlive(pid)) await rm(lock, { recursive: true, force: true });
    if (Date.now() > deadline) throw new Error('waited 20 minutes for another Neo4j test file to finish');
    await sleep(100);
  }
}

/** A 127.0.0.1 port with nothing listening on it: an unreachable Neo4j. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function clearNeo4j(uri: string): Promise<void> {
  const driver = neo4j.driver(uri);
  try {
    const session = driver.session();
    try {
      await session.run('MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
    } finally {
      await session.close();
    }
  } finally {
    await driver.close();
  }
}

export function useNeo4jDatabase(): Neo4jTestDatabase {
  let uri: string | undefined;
  let release: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const context: Neo4jTestContext | undefined = inject('neo4j');
    if (!context) throw new Error('no test Neo4j: files that use it need "neo4j" in their name (test/setup/neo4j.ts)');
    if (!context.uri) throw new Error(context.error ?? 'no test Neo4j');
    release = await acquireLock(context.lockDir);
    uri = context.uri;
  }, LOCK_WAIT_MS + 60_000);

  afterAll(async () => {
    await release?.();
  });

  const database: Neo4jTestDatabase = {
    get uri() {
      if (!uri) throw new Error('the test Neo4j is only available inside tests and hooks');
      return uri;
    },
    async clear() {
      await clearNeo4j(database.uri);
    },
    async freshStore() {
      await database.clear();
      return createNeo4jStore({ uri: database.uri });
    },
  };
  return database;
}
