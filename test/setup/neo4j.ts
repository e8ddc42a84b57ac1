import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startNeo4jServer } from '../../tools/neo4j/launch.js';

/**
 * vitest globalSetup: one Neo4j for the whole run, started only when the run includes a
 * test file with `neo4j` in its name (others pay nothing). `NEO4J_URI` in the environment
 * points the tests at an existing server instead. When the server cannot start, the run
 * goes on and every Neo4j test fails with the reason (they never skip).
 */
export interface Neo4jTestContext {
  uri?: string;
  /** Why there is no server. */
  error?: string;
  /** Where test files take turns: they share one database. */
  lockDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: Neo4jTestContext;
  }
}

export const usesNeo4j = (file: string) => basename(file).includes('neo4j');

async function runIncludesNeo4j(project: TestProject): Promise<boolean> {
  // The CLI's file filters are not public API; without them every file counts, which only costs a start.
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern ?? [];
  const { testFiles } = await project.globTestFiles(filters);
  return testFiles.some(usesNeo4j);
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (!(await runIncludesNeo4j(project))) return undefined;
  const lockDir = await mkdtemp(join(tmpdir(), 'ragset-neo4j-tests-'));
  const external = process.env.NEO4J_URI;
  if (external) {
    project.provide('neo4j', { uri: external, lockDir });
    return () => rm(lockDir, { recursive: true, force: true });
  }
  try {
    const server = await startNeo4jServer({ log: (line) => process.stderr.write(`[neo4j] ${line}\n`) });
    project.provide('neo4j', { uri: server.uri, lockDir });
    return async () => {
      await server.stop();
      await rm(lockDir, { recursive: true, force: true });
    };
  } catch (error) {
    project.provide('neo4j', { error: `the test Neo4j could not start: ${(error as Error).message}`, lockDir });
    return () => rm(lockDir, { recursive: true, force: true });
  }
}
