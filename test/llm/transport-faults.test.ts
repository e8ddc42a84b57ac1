import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { UnreachableError } from '../../src/errors.js';
import { startFakeOpenAI } from '../support/fake-openai.js';
import { createFakeLlmClient } from '../support/fake-openai-client.js';
import type { TransportFaultMode } from '../support/fake-openai/transport-faults.js';
import { useFakeOpenAI } from '../support/fake-openai-vitest.js';
import { ALAN_TURING, PANAMA_CANAL, TRANSIT_OF_VENUS } from './texts.js';

/**
 * Every transport failure of a request is transient: retried like a 5xx, counted, and when
 * retries run out a recorded item failure, never a throw. Only a refused key, an unknown
 * model or nothing listening stops the client.
 */

const Facts = z.object({ topic: z.string().min(1), facts: z.array(z.string().min(1)).min(1).max(4) });
const factsRequest = (text: string) => ({
  stage: 'extract' as const,
  name: 'facts',
  schema: Facts,
  messages: [
    { role: 'system' as const, content: 'List the facts the passage states.' },
    { role: 'user' as const, content: text },
  ],
});

const fake = useFakeOpenAI();
/** Well above any answer of the fake server on a busy machine, well below a stalled test. */
const TIMEOUT_MS = 3000;

const TRANSIENT: TransportFaultMode[] = ['truncate', 'invalid-json', 'html', 'empty', 'trickle', 'hang', 'reset'];

describe('transient transport faults', () => {
  it.each(TRANSIENT)('%s: the retry gets the answer, and the retry is counted', async (mode) => {
    fake.setFaults({ transport: { mode, rate: 1, times: 1, byteIntervalMs: 1000 }, endpoints: ['chat'] });
    const llm = createFakeLlmClient(fake, { timeoutMs: TIMEOUT_MS });
    const started = Date.now();
    const result = await llm.object(factsRequest(PANAMA_CANAL));
    expect(result.ok).toBe(true);
    expect(fake.counters.chat).toBe(2);
    expect(fake.counters.faults).toBe(1);
    const timedOut = mode === 'trickle' || mode === 'hang' ? 1 : 0;
    expect(llm.usage().stages.extract).toMatchObject({ calls: 1, failures: 0, retries: 1, timeouts: timedOut });
    // One deadline covers the body too: a trickling body ends at the timeout, not after 300+ s.
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 2 + 5000);
  });

  it.each(TRANSIENT)('%s on every attempt: one recorded item failure after the retries, and the client goes on', async (mode) => {
    fake.setFaults({ transport: { mode, rate: 1, times: 2, byteIntervalMs: 1000 }, endpoints: ['chat'] });
    const llm = createFakeLlmClient(fake, { timeoutMs: TIMEOUT_MS, maxRetries: 1 });
    const failed = await llm.object(factsRequest(TRANSIT_OF_VENUS));
    expect(failed).toEqual({ ok: false, reason: expect.stringMatching(/2 attempts/) });
    expect(llm.usage().stages.extract).toMatchObject({ calls: 0, failures: 1, retries: 1 });
    fake.setFaults({});
    expect((await llm.object(factsRequest(ALAN_TURING))).ok).toBe(true);
  });

  it('names what was wrong with the body', async () => {
    const reasons: Record<string, RegExp> = {
      truncate: /cut off/,
      'invalid-json': /not JSON/,
      html: /not JSON: "<!DOCTYPE html>/,
      empty: /empty body/,
      hang: /timed out after 0\.3 s/,
    };
    for (const [mode, reason] of Object.entries(reasons)) {
      fake.setFaults({ transport: { mode: mode as TransportFaultMode, rate: 1, times: Infinity }, endpoints: ['chat'] });
      const llm = createFakeLlmClient(fake, { timeoutMs: 300, maxRetries: 0 });
      const result = await llm.object(factsRequest(`${PANAMA_CANAL} (${mode})`));
      expect(result).toEqual({ ok: false, reason: expect.stringMatching(reason) });
    }
  });

  it('embedding requests are retried the same way', async () => {
    fake.setFaults({ transport: { mode: 'truncate', rate: 1, times: 1 }, endpoints: ['embeddings'] });
    const llm = createFakeLlmClient(fake, { timeoutMs: TIMEOUT_MS });
    const vectors = await llm.embed({ stage: 'embed', texts: ['Gatun Lake', 'Culebra Cut'] });
    expect(vectors).toHaveLength(2);
    expect(llm.usage().stages.embed).toMatchObject({ calls: 1, retries: 1 });
  });

  it('picks the same requests at a given rate whatever the order they arrive in', async () => {
    const texts = Array.from({ length: 40 }, (_, i) => `${ALAN_TURING} Variant ${i}.`);
    const hitFor = async (order: string[]) => {
      fake.reset();
      fake.setFaults({ transport: { mode: 'html', rate: 0.25, times: Infinity }, endpoints: ['chat'] });
      const llm = createFakeLlmClient(fake, { timeoutMs: TIMEOUT_MS, maxRetries: 0, concurrency: 8 });
      const results = await Promise.all(order.map(async (text) => [text, (await llm.object(factsRequest(text))).ok] as const));
      return results.filter(([, ok]) => !ok).map(([text]) => text).sort();
    };
    const forward = await hitFor(texts);
    const backward = await hitFor([...texts].reverse());
    expect(forward).toEqual(backward);
    expect(forward.length).toBeGreaterThan(2);
    expect(forward.length).toBeLessThan(20);
  });
});

describe('configuration failures stop the client', () => {
  it('401: stops at once with UnreachableError, no retries', async () => {
    fake.setFaults({ transport: { mode: 'unauthorized', rate: 1, times: Infinity } });
    const llm = createFakeLlmClient(fake, { timeoutMs: TIMEOUT_MS });
    const error = await llm.object(factsRequest(PANAMA_CANAL)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreachableError);
    expect((error as UnreachableError).message).toMatch(/HTTP 401/);
    expect(fake.counters.chat).toBe(1);
  });

  it('a server that accepts but never answers: stops once three requests went unanswered, none answered before', async () => {
    fake.setFaults({ transport: { mode: 'hang', rate: 1, times: Infinity } });
    const llm = createFakeLlmClient(fake, { timeoutMs: 200, maxRetries: 1, concurrency: 2 });
    const texts = [PANAMA_CANAL, TRANSIT_OF_VENUS, ALAN_TURING, `${ALAN_TURING} Again.`, `${PANAMA_CANAL} Again.`];
    const outcomes = await Promise.all(texts.map((text) => llm.object(factsRequest(text)).then((r) => r.ok, (e: unknown) => e)));
    const stop = outcomes.find((outcome) => outcome instanceof UnreachableError) as UnreachableError;
    expect(stop.message).toMatch(/has answered none of 3 requests \(.*timed out after 0\.2 s/);
    expect(outcomes.filter((outcome) => outcome === false)).toHaveLength(2);
    expect(fake.counters.chat).toBeLessThanOrEqual(8);
  });

  it('once one request was answered, unanswered ones are item failures, not a stop', async () => {
    const llm = createFakeLlmClient(fake, { timeoutMs: 200, maxRetries: 0 });
    expect((await llm.object(factsRequest(PANAMA_CANAL))).ok).toBe(true);
    fake.setFaults({ transport: { mode: 'hang', rate: 1, times: Infinity } });
    const texts = [TRANSIT_OF_VENUS, ALAN_TURING, `${ALAN_TURING} Again.`, `${PANAMA_CANAL} Again.`];
    const outcomes = await Promise.all(texts.map((text) => llm.object(factsRequest(text))));
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([false, false, false, false]);
  });

  it('connection refused: stops with UnreachableError after the retries', async () => {
    const gone = await startFakeOpenAI();
    await gone.close();
    const llm = createFakeLlmClient(gone, { timeoutMs: TIMEOUT_MS, maxRetries: 2 });
    const error = await llm.object(factsRequest(PANAMA_CANAL)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreachableError);
    expect((error as UnreachableError).message).toMatch(/ECONNREFUSED/);
    expect(llm.usage().stages.extract).toMatchObject({ retries: 2 });
  });
});
