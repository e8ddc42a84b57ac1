import { createRng, type Rng } from '../rng.js';
import { ApiCallError } from './api-error.js';

/**
 * The one retry loop (provider SDK retries are off): exponential backoff with seeded
 * jitter, and the server's `Retry-After` when it gives one. Non-retryable errors surface
 * at once; exhausted retries become a `RetryError` that keeps every attempt's error.
 */
export type RetryReason = 'maxRetriesExceeded' | 'errorNotRetryable' | 'aborted';

export class RetryError extends Error {
  readonly reason: RetryReason;
  readonly attempts: number;
  readonly errors: readonly unknown[];

  constructor(reason: RetryReason, errors: readonly unknown[]) {
    const last = errors[errors.length - 1];
    const lastMessage = last instanceof Error ? last.message : String(last);
    super(`failed after ${errors.length} attempt${errors.length === 1 ? '' : 's'} (${reason}): ${lastMessage}`, {
      cause: last,
    });
    this.name = 'RetryError';
    this.reason = reason;
    this.attempts = errors.length;
    this.errors = errors;
  }

  get lastError(): unknown {
    return this.errors[this.errors.length - 1];
  }
}

export interface RetryOptions {
  maxRetries: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Jitter source; seeded so runs are reproducible. */
  rng?: Rng;
  /** Replaceable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Called before each wait, e.g. for logging. */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

const DEFAULTS = { initialDelayMs: 500, maxDelayMs: 30_000 };
/** A Retry-After longer than this is not worth blocking a worker for; it counts as exhausted. */
const MAX_RETRY_AFTER_MS = 120_000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function isRetryable(error: unknown): boolean {
  return error instanceof ApiCallError && error.isRetryable;
}

/** Delay before attempt `attempt + 1`: Retry-After when given, else base·2^attempt with ±50% jitter. */
export function retryDelayMs(error: unknown, attempt: number, options: Required<Pick<RetryOptions, 'initialDelayMs' | 'maxDelayMs'>> & { rng: Rng }): number {
  if (error instanceof ApiCallError && error.retryAfterMs !== undefined) return error.retryAfterMs;
  const exponential = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** attempt);
  return Math.round(exponential * (0.5 + options.rng.next()));
}

export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const initialDelayMs = options.initialDelayMs ?? DEFAULTS.initialDelayMs;
  const maxDelayMs = options.maxDelayMs ?? DEFAULTS.maxDelayMs;
  const rng = options.rng ?? createRng('retry');
  const sleep = options.sleep ?? defaultSleep;
  const errors: unknown[] = [];
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      errors.push(error);
      if (error instanceof ApiCallError && error.kind === 'aborted') throw new RetryError('aborted', errors);
      if (!isRetryable(error)) {
        if (attempt === 0) throw error;
        throw new RetryError('errorNotRetryable', errors);
      }
      if (attempt >= options.maxRetries) throw new RetryError('maxRetriesExceeded', errors);
      const delayMs = retryDelayMs(error, attempt, { initialDelayMs, maxDelayMs, rng });
      if (delayMs > MAX_RETRY_AFTER_MS) throw new RetryError('maxRetriesExceeded', errors);
      options.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}

/** The error that decided the outcome: the last attempt's, or the error itself. */
export function finalError(error: unknown): unknown {
  return error instanceof RetryError ? error.lastError : error;
}
