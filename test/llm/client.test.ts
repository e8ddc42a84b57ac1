import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BudgetError, UnreachableError } from '../../src/errors.js';
import { createDiskCache, disabledCache, type ResponseCache } from '../../src/llm/cache.js';
import { TRUNCATED_REPAIR_MAX_TOKENS } from '../../src/llm/structured.js';
import type { ChatMessage, StructuredMode } from '../../src/llm/types.js';
import { startFakeOpenAI } from '../support/fake-openai.js';
import { createFakeLlmClient } from '../support/fake-openai-client.js';
import { useFakeOpenAI } from '../support/fake-openai-vitest.js';
import { ALAN_TURING, PANAMA_CANAL, TRANSIT_OF_VENUS } from './texts.js';

const Facts = z.object({
  topic: z.string().min(1),
  facts: z.array(z.string().min(1)).min(1).max(4),
  year: z.number().int().min(1000).max(2100).optional(),
  confidence: z.enum(['low', 'medium', 'high']),
});

const messagesFor = (text: string): ChatMessage[] => [
  { role: 'system', content: 'List the facts the passage states.' },
  { role: 'user', content: text },
];

const factsRequest = (text: string) => ({ stage: 'extract' as const, name: 'facts', schema: Facts, messages: messagesFor(text) });

const fake = useFakeOpenAI();

describe('structured modes', () => {
  it.each<StructuredMode>(['json_schema', 'json_object', 'tools'])('%s: a schema-valid object in one call', async (mode) => {
    const llm = createFakeLlmClient(fake, { structuredMode: mode });
    const result = await llm.object(factsRequest(PANAMA_CANAL));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Facts.parse(result.value)).toEqual(result.value);
    expect(result.cached).toBe(false);
    expect(fake.counters.chat).toBe(1);
    expect(fake.counters.bySchema).toEqual({ facts: 1 });
    const body = fake.requests[0]?.body ?? {};
    if (mode === 'json_schema') {
      expect(body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'facts', strict: true } });
    } else if (mode === 'tools') {
      expect(body.tool_choice).toEqual({ type: 'function', function: { name: 'facts' } });
      expect(body.response_format).toBeUndefined();
    } else {
      expect(body.response_format).toEqual({ type: 'json_object' });
      expect(JSON.stringify(body.messages)).toContain('<json-schema name=\\"facts\\">');
    }
  });

  it('answers follow the prompt: same text, same answer; other text, other answer', async () => {
    const llm = createFakeLlmClient(fake);
    const [a, b, c] = await Promise.all([
      llm.object(factsRequest(TRANSIT_OF_VENUS)),
      llm.object(factsRequest(TRANSIT_OF_VENUS)),
      llm.object(factsRequest(ALAN_TURING)),
    ]);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('tolerates code fences around the JSON without a repair', async () => {
    fake.onChat((_request, defaultAnswer) => `Here it is:\n\`\`\`json\n${JSON.stringify(defaultAnswer())}\n\`\`\``);
    const llm = createFakeLlmClient(fake, { structuredMode: 'json_object' });
    const result = await llm.object(factsRequest(PANAMA_CANAL));
    expect(result.ok).toBe(true);
    expect(fake.counters.chat).toBe(1);
  });
});

describe('retry', () => {
  it('honours Retry-After on 429 and then succeeds', async () => {
    fake.setFaults({ http: { status: 429, times: 2, retryAfterMs: 40 } });
    const delays: number[] = [];
    const llm = createFakeLlmClient(fake, { retry: { sleep: async (ms) => void delays.push(ms) } });
    const result = await llm.object(factsRequest(PANAMA_CANAL));
    expect(result.ok).toBe(true);
    expect(delays).toEqual([40, 40]);
    expect(fake.counters.chat).toBe(3);
    expect(llm.usage().stages.extract).toMatchObject({ calls: 1, failures: 0 });
  });

  it('reads Retry-After in seconds too', async () => {
    fake.setFaults({ http: { status: 429, times: 1, retryAfterSeconds: 2 } });
    const delays: number[] = [];
    const llm = createFakeLlmClient(fake, { retry: { sleep: async (ms) => void delays.push(ms) } });
    expect((await llm.object(factsRequest(PANAMA_CANAL))).ok).toBe(true);
    expect(delays).toEqual([2000]);
  });

  it('retries 500s and dropped connections', async () => {
    const llm = createFakeLlmClient(fake);
    fake.setFaults({ http: { status: 500, times: 2 } });
    expect((await llm.object(factsRequest(PANAMA_CANAL))).ok).toBe(true);
    expect(fake.counters.chat).toBe(3);
    fake.setFaults({ drop: { times: 1 } });
    expect((await llm.object(factsRequest(ALAN_TURING))).ok).toBe(true);
    expect(fake.counters.chat).toBe(5);
  });

  it('retries a timed-out request, then records the timeout as the item failure', async () => {
    fake.setFaults({ latencyMs: 300 });
    const llm = createFakeLlmClient(fake, { timeoutMs: 50, maxRetries: 1 });
    const result = await llm.object(factsRequest(TRANSIT_OF_VENUS));
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/2 attempts.*timed out/) });
    expect(fake.counters.chat).toBe(2);
  });

  it('records a failure, without throwing, when retries run out', async () => {
    fake.setFaults({ http: { status: 503, times: 10 } });
    const llm = createFakeLlmClient(fake, { maxRetries: 2 });
    const result = await llm.object(factsRequest(PANAMA_CANAL));
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/3 attempts.*503/) });
    expect(fake.counters.chat).toBe(3);
    expect(llm.usage().stages.extract).toMatchObject({ calls: 0, failures: 1 });
  });
});

describe('repair', () => {
  it('repairs one malformed answer with exactly one extra call, carrying the bad answer and the error', async () => {
    fake.setFaults({ malformed: { times: 1 }, endpoints: ['chat'] });
    const llm = createFakeLlmClient(fake);
    const result = await llm.object(factsRequest(PANAMA_CANAL));
    expect(result.ok).toBe(true);
    expect(fake.counters.chat).toBe(2);
    expect(fake.counters.repairs).toBe(1);
    const repairMessages = JSON.stringify(fake.requests[1]?.body.messages);
    expect(repairMessages).toContain('not valid JSON');
    const usage = llm.usage().stages;
    expect(usage.extract).toMatchObject({ calls: 1, failures: 0, repairs: 1 });
    expect(usage.repair).toMatchObject({ calls: 1, failures: 0 });
  });

  it('sends the zod validation error for a schema-invalid answer', async () => {
    let answered = 0;
    fake.onChat((_request, defaultAnswer) => (answered++ === 0 ? { topic: '', facts: [], confidence: 'certain' } : defaultAnswer()));
    const llm = createFakeLlmClient(fake);
    expect((await llm.object(factsRequest(ALAN_TURING))).ok).toBe(true);
    const repairText = fake.requests[1]?.body.messages as { content: string }[];
    expect(repairText.at(-1)?.content).toMatch(/confidence/);
    expect(repairText.at(-2)).toMatchObject({ role: 'assistant', content: expect.stringContaining('"certain"') });
  });

  it('gives up after one repair: two bad answers are a recorded failure', async () => {
    fake.setFaults({ malformed: { times: 2 }, endpoints: ['chat'] });
    const llm = createFakeLlmClient(fake);
    const result = await llm.object(factsRequest(PANAMA_CANAL));
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('after one repair') });
    expect(fake.counters.chat).toBe(2);
    expect(llm.usage().stages.extract).toMatchObject({ calls: 1, failures: 1 });
    expect(llm.usage().stages.repair).toMatchObject({ calls: 1 });
  });
});

describe('answers cut off at the output token cap', () => {
  for (const mode of ['json_object', 'tools'] as const) {
    it(`${mode}: repairs with a request for a shorter answer, without the long one, under the same cap`, async () => {
      fake.setFaults({ truncated: { times: 1 }, endpoints: ['chat'] });
      const llm = createFakeLlmClient(fake, { structuredMode: mode, maxOutputTokens: 300 });
      const result = await llm.object(factsRequest(PANAMA_CANAL));
      expect(result.ok).toBe(true);
      expect(fake.counters.chat).toBe(2);
      const [first, repair] = fake.requests.map((request) => request.body);
      expect(first?.max_completion_tokens).toBe(300);
      expect(repair?.max_completion_tokens).toBe(300);
      const messages = repair?.messages as { role: string; content: string }[];
      expect(messages.some((message) => message.role === 'assistant')).toBe(false);
      expect(messages.at(-1)?.content).toMatch(/cut off at the length limit.*much shorter/);
      expect(llm.usage().stages.repair).toMatchObject({ calls: 1, failures: 0 });
    });
  }

  it('caps the repair even when no cap was configured, and says why when it is cut off again', async () => {
    fake.setFaults({ truncated: { times: 2 }, endpoints: ['chat'] });
    const llm = createFakeLlmClient(fake, { structuredMode: 'json_object' });
    const result = await llm.object(factsRequest(PANAMA_CANAL));
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('the repair also hit the output token cap') });
    expect(fake.requests[0]?.body.max_completion_tokens).toBeUndefined();
    expect(fake.requests[1]?.body.max_completion_tokens).toBe(TRUNCATED_REPAIR_MAX_TOKENS);
  });
});

describe('limits and stops', () => {
  it('never has more requests in flight than the concurrency limit, chat and embeddings together', async () => {
    fake.setFaults({ latencyMs: 30 });
    const llm = createFakeLlmClient(fake, { concurrency: 3, embeddingBatchSize: 2 });
    const texts = [PANAMA_CANAL, TRANSIT_OF_VENUS, ALAN_TURING];
    await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => llm.object(factsRequest(`${texts[i % 3]} (${i})`))),
      llm.embed({ stage: 'embed', texts: texts.flatMap((t) => t.split('. ')) }),
    ]);
    expect(fake.counters.maxInFlight).toBe(3);
    expect(fake.counters.chat + fake.counters.embeddings).toBeGreaterThan(8);
  });

  it('stops with UnreachableError when nothing listens, and fails fast afterwards', async () => {
    const gone = await startFakeOpenAI();
    await gone.close();
    const llm = createFakeLlmClient(gone, { maxRetries: 1 });
    const error = await llm.object(factsRequest(PANAMA_CANAL)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreachableError);
    expect((error as UnreachableError).message).toContain(gone.baseURL);
    expect((error as UnreachableError).hint).toContain('OPENAI_BASE_URL');
    await expect(llm.embed({ stage: 'embed', texts: ['Gatun Lake'] })).rejects.toBe(error);
  });

  it('stops on a refused key without echoing it, and on an unknown model', async () => {
    const guarded = await startFakeOpenAI({ apiKey: 'sk-right-key-0001', models: ['gpt-4o-mini', 'text-embedding-3-small'] });
    try {
      const wrongKey = createFakeLlmClient(guarded, { apiKey: 'sk-wrong-key-9999' });
      const refused = await wrongKey.object(factsRequest(PANAMA_CANAL)).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(UnreachableError);
      expect(`${(refused as Error).message} ${(refused as UnreachableError).hint}`).toMatch(/401.*OPENAI_API_KEY/);
      expect(`${(refused as Error).message} ${(refused as UnreachableError).hint}`).not.toContain('sk-wrong-key-9999');
      expect(guarded.counters.chat).toBe(1);

      const unknownModel = createFakeLlmClient(guarded, { apiKey: 'sk-right-key-0001', embeddingModel: 'no-such-embedder' });
      await expect(unknownModel.embed({ stage: 'embed', texts: ['Gatun Lake'] })).rejects.toThrow(/404.*no-such-embedder/);
    } finally {
      await guarded.close();
    }
  });

  it('throws UnreachableError when an embedding batch keeps failing', async () => {
    fake.setFaults({ http: { status: 500, times: 10 }, endpoints: ['embeddings'] });
    const llm = createFakeLlmClient(fake, { maxRetries: 1 });
    await expect(llm.embed({ stage: 'embed', texts: ['Gatun Lake', 'Bletchley Park'] })).rejects.toBeInstanceOf(UnreachableError);
    expect(llm.usage().stages.embed).toMatchObject({ failures: 1 });
  });

  it('embedEach: a batch that keeps failing gives nulls and one failure, the other batches go on', async () => {
    fake.setFaults({ transport: { mode: 'html', every: 2, times: Infinity }, endpoints: ['embeddings'] });
    const llm = createFakeLlmClient(fake, { maxRetries: 1, embeddingBatchSize: 1 });
    const texts = ['Gatun Lake', 'Bletchley Park', 'Transit of Venus', 'Panama Canal'];
    const vectors = await llm.embedEach({ stage: 'embed', texts });
    expect(vectors.filter((vector) => vector === null)).toHaveLength(2);
    expect(vectors.filter((vector) => vector !== null).every((vector) => vector?.length === 256)).toBe(true);
    expect(llm.usage().stages.embed).toMatchObject({ calls: 2, failures: 2, retries: 2 });
  });

  it('embedEach still stops on what no retry fixes: a refused key', async () => {
    fake.setFaults({ transport: { mode: 'unauthorized', rate: 1, times: Infinity }, endpoints: ['embeddings'] });
    const llm = createFakeLlmClient(fake, { maxRetries: 1 });
    await expect(llm.embedEach({ stage: 'embed', texts: ['Gatun Lake'] })).rejects.toBeInstanceOf(UnreachableError);
  });

  it('stops with BudgetError once the token budget is spent', async () => {
    const llm = createFakeLlmClient(fake, { budget: { maxTokens: 50 } });
    expect((await llm.object(factsRequest(PANAMA_CANAL))).ok).toBe(true);
    await expect(llm.object(factsRequest(ALAN_TURING))).rejects.toBeInstanceOf(BudgetError);
    expect(fake.counters.chat).toBe(1);
  });

  it('says answers so far are cached only when the cache is on', async () => {
    const hintAfterBudget = async (cache: ResponseCache) => {
      const llm = createFakeLlmClient(fake, { budget: { maxTokens: 50 }, cache });
      await llm.object(factsRequest(PANAMA_CANAL));
      const error = await llm.object(factsRequest(ALAN_TURING)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BudgetError);
      return (error as BudgetError).hint;
    };
    expect(await hintAfterBudget(disabledCache)).not.toMatch(/cached/);
    expect(await hintAfterBudget(disabledCache)).toMatch(/cache is off/);
    expect(await hintAfterBudget(createDiskCache(mkdtempSync(join(tmpdir(), 'ragset-budget-'))))).toMatch(/answers so far are cached/);
  });
});
