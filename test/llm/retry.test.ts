import { describe, expect, it } from 'vitest';
import { ApiCallError, parseRetryAfter } from '../../src/llm/api-error.js';
import { RetryError, withRetry } from '../../src/llm/retry.js';
import { createRng } from '../../src/rng.js';

const httpError = (statusCode: number, retryAfterMs?: number) =>
  new ApiCallError(`HTTP ${statusCode}`, { kind: 'http', endpoint: 'http://127.0.0.1/v1', statusCode, retryAfterMs });

function failing(errors: unknown[], value = 'done') {
  let calls = 0;
  const fn = async () => {
    const error = errors[calls++];
    if (error) throw error;
    return value;
  };
  return { fn, calls: () => calls };
}

describe('withRetry', () => {
  it('backs off exponentially with seeded jitter: the same seed gives the same delays', async () => {
    const run = async () => {
      const delays: number[] = [];
      const { fn } = failing([httpError(500), httpError(502), httpError(429)]);
      await withRetry(fn, { maxRetries: 3, initialDelayMs: 100, rng: createRng('s'), sleep: async (ms) => void delays.push(ms) });
      return delays;
    };
    const delays = await run();
    expect(delays).toEqual(await run());
    delays.forEach((delay, attempt) => {
      expect(delay).toBeGreaterThanOrEqual(50 * 2 ** attempt);
      expect(delay).toBeLessThan(150 * 2 ** attempt);
    });
  });

  it('waits what Retry-After says', async () => {
    const delays: number[] = [];
    const { fn } = failing([httpError(429, 1234)]);
    expect(await withRetry(fn, { maxRetries: 2, sleep: async (ms) => void delays.push(ms) })).toBe('done');
    expect(delays).toEqual([1234]);
  });

  it('gives up with the reason and every attempt when retries run out', async () => {
    const { fn, calls } = failing(Array.from({ length: 5 }, () => httpError(503)));
    const error = await withRetry(fn, { maxRetries: 2, sleep: async () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryError);
    expect(error).toMatchObject({ reason: 'maxRetriesExceeded', attempts: 3 });
    expect((error as RetryError).message).toMatch(/3 attempts.*HTTP 503/);
    expect(calls()).toBe(3);
  });

  it('does not retry 400/401/404, and stops retrying when a later error is not retryable', async () => {
    const first = failing([httpError(401)]);
    await expect(withRetry(first.fn, { maxRetries: 3, sleep: async () => undefined })).rejects.toMatchObject({ statusCode: 401 });
    expect(first.calls()).toBe(1);
    const later = failing([httpError(500), httpError(400)]);
    await expect(withRetry(later.fn, { maxRetries: 3, sleep: async () => undefined })).rejects.toMatchObject({
      reason: 'errorNotRetryable',
      attempts: 2,
    });
  });

  it('does not retry bugs (non-API errors)', async () => {
    const bug = failing([new TypeError('undefined is not a function')]);
    await expect(withRetry(bug.fn, { maxRetries: 3 })).rejects.toBeInstanceOf(TypeError);
    expect(bug.calls()).toBe(1);
  });
});

describe('ApiCallError', () => {
  it('classifies retryable and unreachable failures', () => {
    expect([408, 409, 429, 500, 503].map((s) => httpError(s).isRetryable)).toEqual([true, true, true, true, true]);
    expect([400, 401, 404, 422].map((s) => httpError(s).isRetryable)).toEqual([false, false, false, false]);
    expect([401, 403, 404].map((s) => httpError(s).isUnreachable)).toEqual([true, true, true]);
    const refused = new ApiCallError('x', { kind: 'connection', endpoint: 'e', networkCode: 'ECONNREFUSED' });
    const reset = new ApiCallError('x', { kind: 'connection', endpoint: 'e', networkCode: 'ECONNRESET' });
    expect([refused.isRetryable, refused.isUnreachable, reset.isRetryable, reset.isUnreachable]).toEqual([true, true, true, false]);
  });

  it('parses retry-after-ms, retry-after seconds and HTTP dates', () => {
    const headers = (values: Record<string, string>) => (name: string) => values[name];
    expect(parseRetryAfter(headers({ 'retry-after-ms': '250.5' }))).toBe(250.5);
    expect(parseRetryAfter(headers({ 'retry-after': '3' }))).toBe(3000);
    const now = Date.parse('2024-05-01T12:00:00Z');
    expect(parseRetryAfter(headers({ 'retry-after': 'Wed, 01 May 2024 12:00:05 GMT' }), now)).toBe(5000);
    expect(parseRetryAfter(headers({}))).toBeUndefined();
  });
});
