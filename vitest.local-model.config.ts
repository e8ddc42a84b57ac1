import { defineConfig } from 'vitest/config';

/**
 * The real-model tests (test/local-model/): a GGUF model run in-process by llama.cpp. Kept
 * out of `npm test` because they need node-llama-cpp and the model, which
 * `npm run test:local-model` fetches first; CI runs both.
 */
export default defineConfig({
  test: {
    include: ['test/local-model/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    // A real model takes minutes: its progress lines would land in the stderr the test checks is empty.
    env: { RAGSET_PROGRESS: 'off' },
  },
});
