import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDiskCache } from '../../src/llm/cache.js';
import { createFakeLlmClient } from '../support/fake-openai-client.js';
import { useFakeOpenAI } from '../support/fake-openai-vitest.js';
import { ALAN_TURING, PANAMA_CANAL, TRANSIT_OF_VENUS } from './texts.js';

const Summary = z.object({ summary: z.string().min(1), keyphrases: z.array(z.string()).max(5) });
const API_KEY = 'sk-cache-test-secret-4242';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

const fake = useFakeOpenAI({ apiKey: API_KEY });
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ragset-cache-'));
  return () => rm(dir, { recursive: true, force: true });
});

const summarise = (text: string) => ({
  stage: 'extract' as const,
  name: 'summary',
  schema: Summary,
  messages: [{ role: 'user' as const, content: text }],
});

describe('response cache', () => {
  it('answers a second run from disk with zero HTTP calls, and stores no API key', async () => {
    const texts = [PANAMA_CANAL, TRANSIT_OF_VENUS, ALAN_TURING];
    const first = createFakeLlmClient(fake, { apiKey: API_KEY, cache: createDiskCache(dir) });
    const firstResults = await Promise.all(texts.map((t) => first.object(summarise(t))));
    const firstVectors = await first.embed({ stage: 'embed', texts });
    expect(fake.counters.chat + fake.counters.embeddings).toBe(4);

    fake.reset();
    const second = createFakeLlmClient(fake, { apiKey: API_KEY, cache: createDiskCache(dir) });
    const secondResults = await Promise.all(texts.map((t) => second.object(summarise(t))));
    const secondVectors = await second.embed({ stage: 'embed', texts });
    expect(fake.counters.chat + fake.counters.embeddings).toBe(0);
    expect(secondResults.map((r) => r.ok && r.value)).toEqual(firstResults.map((r) => r.ok && r.value));
    expect(secondResults.every((r) => r.ok && r.cached)).toBe(true);
    expect(secondVectors).toEqual(firstVectors);
    expect(second.usage().stages).toEqual({
      extract: { calls: 0, cacheHits: 3, failures: 0, retries: 0, timeouts: 0, repairs: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 },
      embed: { calls: 0, cacheHits: 3, failures: 0, retries: 0, timeouts: 0, repairs: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 },
    });

    const files = await filesUnder(dir);
    expect(files.length).toBe(6);
    expect(files.every((f) => f.endsWith('.json'))).toBe(true);
    for (const file of files) expect(await readFile(file, 'utf8')).not.toContain(API_KEY);
  });

  it('caches the repair too, so a rerun reproduces a repaired answer without calls', async () => {
    fake.setFaults({ malformed: { times: 1 }, endpoints: ['chat'] });
    const first = createFakeLlmClient(fake, { apiKey: API_KEY, cache: createDiskCache(dir) });
    const answer = await first.object(summarise(PANAMA_CANAL));
    expect(fake.counters.chat).toBe(2);
    fake.reset();
    const second = createFakeLlmClient(fake, { apiKey: API_KEY, cache: createDiskCache(dir) });
    expect(await second.object(summarise(PANAMA_CANAL))).toEqual({ ...answer, cached: true });
    expect(fake.counters.chat).toBe(0);
  });

  it('keeps no answer of an item that failed, so a rerun asks the model again', async () => {
    fake.setFaults({ malformed: { times: 2 }, endpoints: ['chat'] });
    const first = createFakeLlmClient(fake, { apiKey: API_KEY, cache: createDiskCache(dir) });
    expect((await first.object(summarise(PANAMA_CANAL))).ok).toBe(false);
    expect(fake.counters.chat).toBe(2);
    expect(await filesUnder(dir)).toEqual([]);

    fake.reset();
    const second = createFakeLlmClient(fake, { apiKey: API_KEY, cache: createDiskCache(dir) });
    expect(await second.object(summarise(PANAMA_CANAL))).toMatchObject({ ok: true, cached: false });
    expect(fake.counters.chat).toBe(1);
  });

  it('keys on the model and the structured mode', async () => {
    const cache = createDiskCache(dir);
    await createFakeLlmClient(fake, { apiKey: API_KEY, cache }).object(summarise(ALAN_TURING));
    await createFakeLlmClient(fake, { apiKey: API_KEY, cache, model: 'gpt-4.1-mini' }).object(summarise(ALAN_TURING));
    await createFakeLlmClient(fake, { apiKey: API_KEY, cache, structuredMode: 'tools' }).object(summarise(ALAN_TURING));
    expect(fake.counters.chat).toBe(3);
  });

  it('sends only the texts a partly cached batch is missing', async () => {
    const sentences = [PANAMA_CANAL, TRANSIT_OF_VENUS, ALAN_TURING].flatMap((t) => t.split('. '));
    const cache = createDiskCache(dir);
    const all = await createFakeLlmClient(fake, { apiKey: API_KEY, cache: createDiskCache(join(dir, 'other')) }).embed({
      stage: 'embed',
      texts: sentences,
    });
    fake.reset();
    await createFakeLlmClient(fake, { apiKey: API_KEY, cache }).embed({ stage: 'embed', texts: sentences.slice(0, 5) });
    fake.reset();
    const llm = createFakeLlmClient(fake, { apiKey: API_KEY, cache });
    const vectors = await llm.embed({ stage: 'embed', texts: sentences });
    expect(fake.counters.embeddings).toBe(1);
    expect(fake.counters.embeddedTexts).toBe(sentences.length - 5);
    expect(vectors).toEqual(all);
    expect(llm.usage().stages.embed).toMatchObject({ calls: 1, cacheHits: 5 });
  });

  it('treats a corrupt entry as a miss', async () => {
    const cache = createDiskCache(dir);
    await createFakeLlmClient(fake, { apiKey: API_KEY, cache }).object(summarise(TRANSIT_OF_VENUS));
    const [file] = await filesUnder(dir);
    await writeFile(file as string, '{"text": 42', 'utf8');
    fake.reset();
    const result = await createFakeLlmClient(fake, { apiKey: API_KEY, cache }).object(summarise(TRANSIT_OF_VENUS));
    expect(result.ok).toBe(true);
    expect(fake.counters.chat).toBe(1);
  });
});
