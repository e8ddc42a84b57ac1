import { describe, expect, it } from 'vitest';
import { createNeo4jStore, resolveNeo4jOptions } from '../../graph/stores/neo4j.js';
import { openStore } from '../../graph/stores/open.js';
import { UnreachableError, UsageError, formatError } from '../../src/errors.js';
import { closedPort, useNeo4jDatabase } from '../setup/neo4j-database.js';
import { documentNode } from './graph-fixtures.js';

const database = useNeo4jDatabase();

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected a failure'),
    (error: unknown) => error,
  );
}

describe('Neo4j store errors', () => {
  it('reports an unreachable server in one line, quickly', async () => {
    const uri = `bolt://127.0.0.1:${await closedPort()}`;
    const started = Date.now();
    const error = await failure(openStore({ kind: 'neo4j', uri }));
    expect(error).toBeInstanceOf(UnreachableError);
    expect(formatError(error)).toBe(`cannot reach Neo4j at ${uri} — start Neo4j, or set NEO4J_URI to a running server`);
    expect(Date.now() - started).toBeLessThan(5000);

    const store = createNeo4jStore({ uri });
    expect(await failure(store.countNodes({ kind: 'chunk' }))).toBeInstanceOf(UnreachableError);
    await store.close();
  });

  it('rejects missing and malformed options with a hint', () => {
    expect(() => resolveNeo4jOptions({}, {})).toThrow(UsageError);
    expect(formatError(captured(() => resolveNeo4jOptions({}, {})))).toBe(
      'no Neo4j server given — set NEO4J_URI (e.g. bolt://localhost:7687) or pass --neo4j-uri',
    );
    expect(formatError(captured(() => resolveNeo4jOptions({ uri: 'http://localhost:7474' }, {})))).toMatch(
      /^invalid Neo4j options: .*expected bolt:\/\/host:port.* — check NEO4J_URI and NEO4J_DATABASE$/,
    );
    expect(
      resolveNeo4jOptions({ database: 'graphs' }, { NEO4J_URI: 'neo4j+s://db.example.org', NEO4J_USERNAME: 'ragset', NEO4J_PASSWORD: 'pw' }),
    ).toEqual({ uri: 'neo4j+s://db.example.org', username: 'ragset', password: 'pw', database: 'graphs', batchSize: 1000, loadTransactions: 2, timeoutSeconds: 10, searchIndexes: true, searchIndexWaitSeconds: 86_400, vectorIndexM: 16, vectorIndexEfConstruction: 40 });
  });

  it('names a database the server does not have', async () => {
    const store = createNeo4jStore({ uri: database.uri, database: 'missing' });
    const error = await failure(store.ready());
    expect(error).toBeInstanceOf(UsageError);
    expect(formatError(error)).toBe(`Neo4j at ${database.uri} has no database "missing" — check NEO4J_DATABASE`);
    await store.close();
  });

  it('refuses relationships to nodes it does not hold, writing none of the batch', async () => {
    const store = await database.freshStore();
    try {
      await store.upsertNodes([documentNode('doc_1')]);
      await expect(store.upsertRelationships([{ kind: 'child', source: 'doc_1', target: 'chunk_x' }])).rejects.toThrow(
        'neo4j store: relationship child:doc_1:chunk_x names node chunk_x, which is not in the graph',
      );
      expect(await store.countRelationships({ kind: 'child' })).toBe(0);
    } finally {
      await store.close();
    }
  });
});

function captured(body: () => unknown): unknown {
  try {
    body();
  } catch (error) {
    return error;
  }
  return undefined;
}
