import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real-model tests need node-llama-cpp and a GGUF model: `npm run test:local-model` (vitest.local-model.config.ts).
    exclude: [...configDefaults.exclude, 'test/local-model/**'],
    // A bound for hangs, not a speed check: on a loaded 2-core machine (load average 15-25) a build
    // against Neo4j took over 30 s. Speed is measured by bench/, never by a test's timeout.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // A CLI run that takes over 10 s on a busy machine would print progress lines into the stderr tests capture.
    env: { RAGSET_PROGRESS: 'off' },
    // Starts one Neo4j when the run includes test files named *neo4j* (see the file).
    globalSetup: ['test/setup/neo4j.ts'],
  },
});
