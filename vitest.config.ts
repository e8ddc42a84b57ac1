import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // A CLI run that takes over 10 s on a busy machine would print progress lines into the stderr tests capture.
    env: { RAGSET_PROGRESS: 'off' },
    // Starts one Neo4j when the run includes test files named *neo4j* (see the file).
    globalSetup: ['test/setup/neo4j.ts'],
  },
});
