import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { ingest } from '../../src/chunking/ingest.js';
import { createDiskCache } from '../../src/llm/cache.js';
import type { LlmClient } from '../../src/llm/types.js';
import { answerFromSchema } from '../support/fake-openai/answer.js';
import { startFakeOpenAI, type ChatResponder, type FakeChatRequest, type FakeOpenAI } from '../support/fake-openai.js';
import { createFakeLlmClient, type FakeClientOptions } from '../support/fake-openai-client.js';

/** Shared setup of the graph-build tests: the fixture corpus, a cached client, passage-only answers. */
export const CORPUS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/corpus');

/** Pair thresholds for the fake server's bag-of-words vectors, which score lower than real embeddings. */
export const FAKE_VECTOR_OPTIONS = { similarMinScore: 0.2, sharedMinScore: 0.05 };

/** Small chunks, so most fixture documents have several (and `next` relationships exist). */
export const CHUNKING = { maxTokens: 160, overlapTokens: 0 };

export function ingestCorpus(paths: readonly string[] = [CORPUS_DIR]) {
  return ingest(paths, { chunk: CHUNKING });
}

/** The fenced passage of the extraction prompt (graph/builder/extract.ts, src/llm/fence.ts). */
export function passageOf(request: FakeChatRequest): string | undefined {
  const code = /^Boundary code: ([0-9a-f]+)$/m.exec(request.userText)?.[1];
  if (code === undefined) return undefined;
  return new RegExp(`^<<<BEGIN ${code} passage>>>\\n([\\s\\S]*)\\n<<<END ${code}>>>$`, 'm').exec(request.userText)?.[1];
}

/**
 * Extraction answers built from the passage alone, as a real model's would be: the prompt's
 * own words ("Document", "Passage") never become entities shared by every chunk.
 */
export const passageResponder: ChatResponder = (request) => {
  const passage = passageOf(request);
  if (request.schemaName !== 'extraction' || passage === undefined || !request.schema) return undefined;
  return answerFromSchema(request.schema, passage);
};

export interface CachedClientFactory {
  cacheDir: string;
  /** A fresh client (fresh usage ledger) sharing the one disk cache. */
  client(options?: FakeClientOptions): LlmClient;
  cleanup(): Promise<void>;
}

export async function cachedClients(fake: FakeOpenAI): Promise<CachedClientFactory> {
  const cacheDir = await mkdtemp(join(tmpdir(), 'ragset-build-cache-'));
  return {
    cacheDir,
    client: (options = {}) => createFakeLlmClient(fake, { cache: createDiskCache(cacheDir), ...options }),
    cleanup: () => rm(cacheDir, { recursive: true, force: true }),
  };
}

/**
 * Registers the hooks of a build test file: one fake server for the file, reset before each
 * test (passage-only answers, no faults) with a fresh response cache. Read the fields inside tests.
 */
export function useBuildHarness(): { fake: FakeOpenAI; clients: CachedClientFactory } {
  const harness = {} as { fake: FakeOpenAI; clients: CachedClientFactory };
  beforeAll(async () => {
    harness.fake = await startFakeOpenAI();
  });
  afterAll(async () => {
    await harness.fake.close();
  });
  beforeEach(async () => {
    harness.fake.reset();
    harness.fake.setFaults({});
    harness.fake.onChat(passageResponder);
    harness.clients = await cachedClients(harness.fake);
  });
  afterEach(async () => {
    await harness.clients.cleanup();
  });
  return harness;
}
