import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { UsageError } from '../../src/errors.js';
import { addStageOptions } from '../../src/cli/schema-options.js';
import { llmFlags } from '../../src/cli/stage-flags.js';
import { llmClientFromOptions, loadPriceTable, resolveLlmOptions } from '../../src/llm/options.js';
import { useFakeOpenAI } from '../support/fake-openai-vitest.js';
import { TRANSIT_OF_VENUS } from './texts.js';

const Answer = z.object({ answer: z.string().min(1) });
const ask = { stage: 'synthesize' as const, name: 'answer', schema: Answer, messages: [{ role: 'user' as const, content: TRANSIT_OF_VENUS }] };

function parseFlags(argv: string[]): Record<string, unknown> {
  const command = addStageOptions(new Command('test').exitOverride().configureOutput({ writeErr: () => undefined }), [llmFlags()]);
  command.parse(argv, { from: 'user' });
  return command.opts();
}

const chatServer = useFakeOpenAI();
const embeddingServer = useFakeOpenAI({ apiKey: 'sk-embedding-only-7777' });
let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'ragset-options-'));
  return () => rm(cwd, { recursive: true, force: true });
});

describe('resolveLlmOptions', () => {
  it('fills defaults and takes keys only from the environment', () => {
    const options = resolveLlmOptions({}, { OPENAI_API_KEY: 'sk-env', RAGSET_MODEL: 'gpt-4.1-mini' });
    expect(options).toMatchObject({
      provider: 'openai',
      model: 'gpt-4.1-mini',
      apiKey: 'sk-env',
      structuredMode: 'json_schema',
      concurrency: 8,
      maxRetries: 4,
      timeout: 120,
      cache: true,
      cacheDir: '.ragset-cache',
    });
    // Unset models are the provider's to default (openai: gpt-4o-mini, text-embedding-3-small).
    expect(options.embeddingModel).toBeUndefined();
  });

  it('lets flags win over the environment and reads commander flags', () => {
    const flags = parseFlags([
      '--base-url', 'http://127.0.0.1:9/v1', '--model', 'qwen2.5:7b', '--no-cache', '--concurrency', '3',
      '--structured-mode', 'tools', '--timeout', '30', '--max-cost', '1.5',
    ]);
    const options = resolveLlmOptions(flags, { OPENAI_BASE_URL: 'http://elsewhere:1/v1', RAGSET_MODEL: 'ignored' });
    expect(options).toMatchObject({
      baseUrl: 'http://127.0.0.1:9/v1',
      model: 'qwen2.5:7b',
      cache: false,
      concurrency: 3,
      structuredMode: 'tools',
      timeout: 30,
      maxCost: 1.5,
    });
  });

  it('rejects bad values with a one-line UsageError', () => {
    expect(() => resolveLlmOptions({ concurrency: '0' }, {})).toThrow(UsageError);
    expect(() => resolveLlmOptions({ baseUrl: 'localhost:11434' }, {})).toThrow(/baseUrl: must be an http\(s\) URL/);
    expect(() => parseFlags(['--structured-mode', 'yaml'])).toThrow(/Allowed choices are json_schema, json_object, tools/);
  });
});

describe('llmClientFromOptions', () => {
  it('explains OPENAI_API_KEY / OPENAI_BASE_URL when no endpoint is configured', async () => {
    const error = await llmClientFromOptions({}, {}, { cwd }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(`${(error as UsageError).message} — ${(error as UsageError).hint}`).toMatch(/OPENAI_API_KEY.*OPENAI_BASE_URL/);
  });

  it('accepts a base URL without a key (local servers) and caches under the working directory', async () => {
    const llm = await llmClientFromOptions({}, { OPENAI_BASE_URL: chatServer.baseURL }, { cwd });
    expect(llm.provider).toBe('openai');
    expect(llm.chatModelId).toBe('gpt-4o-mini');
    expect(llm.embeddingModelId).toBe('text-embedding-3-small');
    expect((await llm.object(ask)).ok).toBe(true);
    expect(chatServer.counters.chat).toBe(1);
    expect(existsSync(join(cwd, '.ragset-cache', 'chat'))).toBe(true);
  });

  it('sends the verify and ablation stages to --verify-model (or RAGSET_VERIFY_MODEL) on the same endpoint', async () => {
    const llm = await llmClientFromOptions(parseFlags(['--verify-model', 'judge-model', '--no-cache']), { OPENAI_BASE_URL: chatServer.baseURL }, { cwd });
    expect([llm.chatModelIdFor('synthesize'), llm.chatModelIdFor('verify'), llm.chatModelIdFor('ablation')]).toEqual(['gpt-4o-mini', 'judge-model', 'judge-model']);
    expect((await llm.object({ ...ask, stage: 'verify' })).ok).toBe(true);
    expect(chatServer.counters.byModel['judge-model']).toBe(1);
    const fromEnv = await llmClientFromOptions(parseFlags(['--no-cache']), { OPENAI_BASE_URL: chatServer.baseURL, RAGSET_VERIFY_MODEL: 'env-judge' }, { cwd });
    expect(fromEnv.chatModelIdFor('verify')).toBe('env-judge');
    const same = await llmClientFromOptions(parseFlags(['--no-cache']), { OPENAI_BASE_URL: chatServer.baseURL }, { cwd });
    expect(same.chatModelIdFor('verify')).toBe('gpt-4o-mini');
  });

  it('writes no cache with --no-cache', async () => {
    const llm = await llmClientFromOptions(parseFlags(['--no-cache']), { OPENAI_BASE_URL: chatServer.baseURL }, { cwd });
    await llm.object(ask);
    expect(existsSync(join(cwd, '.ragset-cache'))).toBe(false);
  });

  it('sends embeddings to their own endpoint with their own key', async () => {
    const env = {
      OPENAI_BASE_URL: chatServer.baseURL,
      RAGSET_EMBEDDING_BASE_URL: embeddingServer.baseURL,
      RAGSET_EMBEDDING_API_KEY: 'sk-embedding-only-7777',
    };
    const llm = await llmClientFromOptions(parseFlags(['--embedding-model', 'nomic-embed-text']), env, { cwd });
    await llm.object(ask);
    const [vector] = await llm.embed({ stage: 'embed', texts: ['James Cook observed the transit from Tahiti.'] });
    expect(vector).toHaveLength(256);
    expect(chatServer.counters).toMatchObject({ chat: 1, embeddings: 0 });
    expect(embeddingServer.counters).toMatchObject({ chat: 0, embeddings: 1, byModel: { 'nomic-embed-text': 1 } });
  });

  it('never sends OPENAI_API_KEY to a separate embedding endpoint', async () => {
    const seen: (string | undefined)[] = [];
    const spy = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"message":"no"}}');
    });
    await new Promise<void>((done) => spy.listen(0, '127.0.0.1', done));
    const { port } = spy.address() as AddressInfo;
    try {
      const env = { OPENAI_API_KEY: 'sk-chat-secret-1234', OPENAI_BASE_URL: chatServer.baseURL, RAGSET_EMBEDDING_BASE_URL: `http://127.0.0.1:${port}/v1` };
      const llm = await llmClientFromOptions(parseFlags(['--max-retries', '0']), env, { cwd });
      await expect(llm.embed({ stage: 'embed', texts: ['Cook sailed on the Endeavour.'] })).rejects.toThrow();
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.join(' ')).not.toContain('sk-chat-secret-1234');
    } finally {
      await new Promise<void>((done) => spy.close(() => done()));
    }
  });
});

describe('price tables', () => {
  it('merges a price file over the defaults and rejects a malformed one', async () => {
    const file = join(cwd, 'prices.json');
    await writeFile(file, JSON.stringify({ 'llama3.1:8b': { inputPerMillion: 0.05, outputPerMillion: 0.08 } }));
    const table = await loadPriceTable(file);
    expect(table['llama3.1:8b']).toEqual({ inputPerMillion: 0.05, outputPerMillion: 0.08 });
    expect(table['gpt-4o-mini']).toBeDefined();
    await writeFile(file, JSON.stringify({ 'gpt-4o': { inputPerMillion: 'cheap' } }));
    await expect(loadPriceTable(file)).rejects.toThrow(UsageError);
  });
});
