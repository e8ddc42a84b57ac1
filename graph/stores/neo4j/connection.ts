import neo4j, { type Driver, type ManagedTransaction, type RecordShape } from 'neo4j-driver';
import { UnreachableError, UsageError } from '../../../src/errors.js';
import type { ResolvedNeo4jOptions } from './options.js';

/**
 * One driver per store, and the three ways the store talks to it: read and write
 * transactions (retried by the driver on transient errors) and auto-commit queries (for
 * `CALL { … } IN TRANSACTIONS` and schema commands). Every driver error a user can fix
 * becomes a one-line RagsetError.
 */
export interface Neo4jConnection {
  readonly driver: Driver;
  readonly uri: string;
  readonly database: string | undefined;
  read<T extends RecordShape>(query: string, parameters?: Record<string, unknown>): Promise<T[]>;
  /** Runs `work` in one write transaction; a throw rolls everything back. */
  write<R>(work: (tx: ManagedTransaction) => Promise<R>): Promise<R>;
  autoCommit<T extends RecordShape>(query: string, parameters?: Record<string, unknown>): Promise<T[]>;
  close(): Promise<void>;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** Maps a driver error to what the user should do about it; anything else passes through. */
export function neo4jError(error: unknown, options: { uri: string; database: string | undefined }): unknown {
  const code = errorCode(error);
  if (code === 'ServiceUnavailable' || code === 'SessionExpired') {
    return new UnreachableError(`cannot reach Neo4j at ${options.uri}`, {
      hint: 'start Neo4j, or set NEO4J_URI to a running server',
      cause: error,
    });
  }
  if (code === 'Neo.ClientError.Security.Unauthorized' || code === 'Neo.ClientError.Security.AuthenticationRateLimit') {
    return new UnreachableError(`Neo4j at ${options.uri} refused the credentials`, {
      hint: 'check NEO4J_USERNAME/NEO4J_PASSWORD',
      cause: error,
    });
  }
  if (code === 'Neo.ClientError.Database.DatabaseNotFound') {
    return new UsageError(`Neo4j at ${options.uri} has no database "${options.database ?? '(default)'}"`, 'check NEO4J_DATABASE');
  }
  if (code === 'Neo.ClientError.Security.Forbidden') {
    return new UsageError(`Neo4j at ${options.uri} forbids this user to write the graph`, 'use a user with write and schema rights');
  }
  return error;
}

/** A failed connection attempt that no server error code explains, as one line. */
function handshakeError(error: unknown, options: ResolvedNeo4jOptions): UnreachableError {
  const message = error instanceof Error ? error.message : String(error);
  if (/responded HTTP/i.test(message)) {
    return new UnreachableError(`Neo4j at ${options.uri} answered HTTP, not Bolt`, {
      hint: 'use the Bolt port (7687 by default), e.g. bolt://localhost:7687',
      cause: error,
    });
  }
  if (/timed out/i.test(message)) {
    return new UnreachableError(`Neo4j at ${options.uri} did not answer within ${options.timeoutSeconds} s`, {
      hint: 'check that the URI is the Bolt port of a running server, or raise --neo4j-timeout',
      cause: error,
    });
  }
  return new UnreachableError(`cannot talk to Neo4j at ${options.uri}: ${message.split('\n')[0]}`, {
    hint: 'check that the URI is the Bolt port of a running Neo4j',
    cause: error,
  });
}

export function connectNeo4j(options: ResolvedNeo4jOptions): Neo4jConnection {
  const auth = options.username === undefined ? undefined : neo4j.auth.basic(options.username, options.password ?? '');
  const driver = neo4j.driver(options.uri, auth, {
    disableLosslessIntegers: true,
    // Fail fast on an unreachable or silent server; retries are for transient errors of a live one.
    connectionTimeout: options.timeoutSeconds * 1000,
    connectionAcquisitionTimeout: options.timeoutSeconds * 1000,
    maxTransactionRetryTime: 15_000,
    userAgent: 'ragset',
  });
  const database = options.database;
  const context = { uri: options.uri, database };
  let verified: Promise<void> | undefined;

  /**
   * Connects once before the first query: the driver would otherwise retry a dead server for
   * seconds. Whatever stops the handshake that is not a known server answer (no answer in
   * time, an HTTP port, a TLS mismatch) means Neo4j cannot be reached there.
   */
  const ready = () =>
    (verified ??= driver.verifyConnectivity({ database }).then(
      () => undefined,
      (error: unknown) => {
        verified = undefined;
        const known = neo4jError(error, context);
        throw known === error ? handshakeError(error, options) : known;
      },
    ));

  async function guarded<R>(body: () => Promise<R>): Promise<R> {
    try {
      await ready();
      return await body();
    } catch (error) {
      throw neo4jError(error, context);
    }
  }

  return {
    driver,
    uri: options.uri,
    database,
    read: <T extends RecordShape>(query: string, parameters: Record<string, unknown> = {}) =>
      guarded(() =>
        driver
          .executeQuery(query, parameters, { database, routing: neo4j.routing.READ })
          .then((result) => result.records.map((record) => record.toObject() as T)),
      ),
    write: (work) =>
      guarded(async () => {
        const session = driver.session({ database, defaultAccessMode: neo4j.session.WRITE });
        try {
          return await session.executeWrite(work);
        } finally {
          await session.close();
        }
      }),
    autoCommit: <T extends RecordShape>(query: string, parameters: Record<string, unknown> = {}) =>
      guarded(async () => {
        const session = driver.session({ database, defaultAccessMode: neo4j.session.WRITE });
        try {
          const result = await session.run(query, parameters);
          return result.records.map((record) => record.toObject() as T);
        } finally {
          await session.close();
        }
      }),
    close: () => driver.close(),
  };
}
