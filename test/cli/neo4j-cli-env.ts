import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { FakeOpenAI } from '../support/fake-openai.js';

/**
 * For CLI tests against the test Neo4j: each test sees the fake endpoint as OPENAI_BASE_URL,
 * none of the machine's OpenAI or Neo4j settings, and a fresh folder; the environment is
 * restored after it. `dir` is valid inside tests and hooks.
 */
export function useNeo4jCliEnvironment(harness: { fake: FakeOpenAI }, prefix: string): { readonly dir: string } {
  let savedEnv: NodeJS.ProcessEnv | undefined;
  let dir: string | undefined;
  beforeEach(() => {
    savedEnv = { ...process.env };
    process.env.OPENAI_BASE_URL = harness.fake.baseURL;
    for (const name of ['OPENAI_API_KEY', 'NEO4J_URI', 'NEO4J_USERNAME', 'NEO4J_PASSWORD', 'NEO4J_DATABASE']) delete process.env[name];
    dir = mkdtempSync(join(tmpdir(), prefix));
  });
  afterEach(() => {
    if (savedEnv) process.env = savedEnv;
  });
  return {
    get dir() {
      if (!dir) throw new Error('the test folder is only available inside tests and hooks');
      return dir;
    },
  };
}
