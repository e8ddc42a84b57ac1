import pLimit from 'p-limit';
import { BudgetError, UnreachableError } from '../errors.js';
import { ApiCallError } from './api-error.js';
import { CachedChat, CachedVector, chatCacheKey, decodeVector, disabledCache, embeddingCacheKey, encodeVector, type ResponseCache } from './cache.js';
import { finalError, withRetry, type RetryOptions } from './retry.js';
import { generateObject, type ChatCall } from './structured.js';
import type { ChatModel, EmbeddingModel, LlmClient, Stage, StructuredMode, ModelNote } from './types.js';
import { costUsd, createUsageLedger, DEFAULT_PRICES, resolvePrice, type PriceTable } from './usage.js';

/**
 * The one place model calls happen: cache first, then a shared concurrency limit, one
 * retry loop, structured validation with one repair, and the usage ledger. An item that
 * still fails is a recorded `{ ok: false }`; an endpoint that cannot work at all (nothing
 * listening, key refused, unknown model) stops the run with `UnreachableError`, because
 * every other item would fail the same way.
 */
export interface LlmBudget {
  maxCostUsd?: number;
  maxTokens?: number;
}

export interface LlmClientOptions {
  chat: ChatModel;
  embedding: EmbeddingModel;
  /** Stages whose calls (and their repairs) go to another chat model, e.g. `{ verify: judge }`. */
  stageChat?: Partial<Record<Stage, ChatModel>>;
  structuredMode?: StructuredMode;
  /** Requests in flight at once, chat and embeddings together. */
  concurrency?: number;
  maxRetries?: number;
  cache?: ResponseCache;
  prices?: PriceTable;
  budget?: LlmBudget;
  /** Texts per embedding request (capped by the model's `maxBatch`). */
  embeddingBatchSize?: number;
  /** Sent with every chat request (models that honour it answer more reproducibly); part of the cache key. */
  seed?: number;
  /** Cap on answer tokens per chat request; unset: the model's or server's own. Part of the cache key. */
  maxOutputTokens?: number;
  /** What a run should tell its user about these models (from the provider). */
  notes?: readonly ModelNote[];
  /** Backoff tuning and a replaceable sleep, mainly for tests. */
  retry?: Omit<RetryOptions, 'maxRetries'>;
}

const DEFAULTS = { structuredMode: 'json_schema' as StructuredMode, concurrency: 8, maxRetries: 4, embeddingBatchSize: 128 };
/**
 * Requests that ran out of retries on transport errors (timeouts, resets, broken bodies)
 * before any request of the run got an answer: past this many, the endpoint counts as
 * unreachable (a server that accepts connections but never answers) rather than flaky.
 */
const UNANSWERED_LIMIT = 3;
/** Cache lookups run in slices so a 50k-chunk corpus does not open 50k files at once. */
const CACHE_READ_SLICE = 256;

function oneLine(text: string, max = 400): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function unreachableError(error: ApiCallError, role: 'chat' | 'embedding', modelId: string): UnreachableError {
  const what = role === 'chat' ? 'LLM' : 'embedding';
  const urlFlag = role === 'chat' ? '--base-url / OPENAI_BASE_URL' : '--embedding-base-url / RAGSET_EMBEDDING_BASE_URL';
  const keyVar = role === 'chat' ? 'OPENAI_API_KEY' : 'RAGSET_EMBEDDING_API_KEY (or OPENAI_API_KEY)';
  const modelFlag = role === 'chat' ? '--model' : '--embedding-model';
  if (error.kind === 'connection') {
    return new UnreachableError(`cannot reach the ${what} endpoint at ${error.endpoint} (${error.networkCode ?? 'connection failed'})`, {
      hint: `start the server or fix ${urlFlag}`,
    });
  }
  if (error.statusCode === 404) {
    return new UnreachableError(`the ${what} endpoint at ${error.endpoint} answered 404 for model "${modelId}"`, {
      hint: `check ${modelFlag}, and that the base URL ends with /v1`,
    });
  }
  return new UnreachableError(`the ${what} endpoint at ${error.endpoint} refused the request (HTTP ${error.statusCode})`, {
    hint: `check ${keyVar}`,
  });
}

export function createLlmClient(options: LlmClientOptions): LlmClient {
  const { chat, embedding } = options;
  const structuredMode = options.structuredMode ?? DEFAULTS.structuredMode;
  const cache = options.cache ?? disabledCache;
  const prices = options.prices ?? DEFAULT_PRICES;
  const ledger = createUsageLedger(prices);
  const limit = pLimit(options.concurrency ?? DEFAULTS.concurrency);
  const retry: RetryOptions = { ...options.retry, maxRetries: options.maxRetries ?? DEFAULTS.maxRetries };
  const batchSize = Math.max(1, Math.min(options.embeddingBatchSize ?? DEFAULTS.embeddingBatchSize, embedding.maxBatch));
  const extras = {
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.maxOutputTokens === undefined ? {} : { maxTokens: options.maxOutputTokens }),
  };
  // Sticky: once the endpoint is known to be unusable, or the budget is spent, every call stops at once.
  let stopped: Error | undefined;
  let answered = false;
  let unanswered = 0;

  const ensureRunnable = () => {
    if (stopped) throw stopped;
    const { maxCostUsd, maxTokens } = options.budget ?? {};
    const total = ledger.report().total;
    const tokens = total.promptTokens + total.completionTokens;
    if ((maxCostUsd !== undefined && total.costUsd >= maxCostUsd) || (maxTokens !== undefined && tokens >= maxTokens)) {
      stopped = new BudgetError(
        `LLM budget spent: $${total.costUsd.toFixed(4)} and ${tokens} tokens after ${total.calls} calls`,
        cache.dir === undefined ? 'raise the budget and rerun (the cache is off: a rerun pays again)' : 'raise the budget and rerun: answers so far are cached',
      );
      throw stopped;
    }
  };

  /** Turns a final API error into a stop (unreachable) or returns it for an item-level failure. */
  const classify = (error: unknown, role: 'chat' | 'embedding', modelId: string): ApiCallError => {
    const final = finalError(error);
    if (!(final instanceof ApiCallError)) throw error;
    if (final.isUnreachable) {
      stopped ??= unreachableError(final, role, modelId);
      throw stopped;
    }
    if (!answered && final.isRetryable && final.statusCode === undefined && ++unanswered >= UNANSWERED_LIMIT) {
      const what = role === 'chat' ? 'LLM' : 'embedding';
      stopped ??= new UnreachableError(`the ${what} endpoint at ${final.endpoint} has answered none of ${unanswered} requests (${oneLine(final.message, 160)})`, {
        hint: 'check that the server is up and serving, or raise --timeout for a slow model',
      });
      throw stopped;
    }
    return final;
  };

  /** One retried request whose retries and timed-out attempts are counted for its stage. */
  const retried = <T>(stage: Stage, request: () => Promise<T>): Promise<T> =>
    withRetry(
      async () => {
        // A stop decided while this request waited for its retry ends it too.
        if (stopped) throw stopped;
        try {
          return await request();
        } catch (error) {
          if (error instanceof ApiCallError && error.kind === 'timeout') ledger.recordTimeout(stage);
          throw error;
        }
      },
      {
        ...retry,
        onRetry: (info) => {
          ledger.recordRetry(stage);
          retry.onRetry?.(info);
        },
      },
    );

  const chatFor = (stage: Stage): ChatModel => options.stageChat?.[stage] ?? chat;

  const callChat = (model: ChatModel): ChatCall => async (stage, request) => {
    if (stopped) throw stopped;
    const key = chatCacheKey(model, request);
    const hit = await cache.read('chat', key, CachedChat);
    if (hit) {
      ledger.recordCacheHit(stage);
      return { ok: true, text: hit.text, cached: true, keep: async () => undefined };
    }
    // Classified inside the slot, so a stop is decided before the slot takes the next request.
    const outcome = await limit(async () => {
      ensureRunnable();
      try {
        const result = await retried(stage, () => model.doChat(request));
        answered = true;
        ledger.recordCall(stage, model.modelId, result.usage, model.price);
        return { ok: true as const, result };
      } catch (error) {
        if (stopped && finalError(error) === stopped) throw stopped;
        classify(error, 'chat', model.modelId);
        return { ok: false as const, reason: oneLine(error instanceof Error ? error.message : String(error)) };
      }
    });
    if (!outcome.ok) return outcome;
    const { result } = outcome;
    const keep = () => cache.write('chat', key, { text: result.text, usage: result.usage });
    return { ok: true, text: result.text, cached: false, truncated: result.truncated === true, keep };
  };

  const readCachedVectors = async (texts: readonly string[], vectors: Map<string, Float32Array>) => {
    for (let start = 0; start < texts.length; start += CACHE_READ_SLICE) {
      const slice = texts.slice(start, start + CACHE_READ_SLICE);
      const entries = await Promise.all(slice.map((text) => cache.read('embed', embeddingCacheKey(embedding, text), CachedVector)));
      entries.forEach((entry, i) => {
        if (entry) vectors.set(slice[i] as string, decodeVector(entry));
      });
    }
  };

  const embedBatch = async (stage: Stage, batch: string[], vectors: Map<string, Float32Array>) => {
    ensureRunnable();
    const result = await retried(stage, () => embedding.doEmbed(batch));
    if (result.vectors.length !== batch.length) {
      throw new Error(`embedding model ${embedding.modelId} returned ${result.vectors.length} vectors for ${batch.length} texts`);
    }
    answered = true;
    ledger.recordCall(stage, embedding.modelId, { promptTokens: result.tokens, completionTokens: 0 }, embedding.price);
    await Promise.all(
      batch.map((text, i) => {
        const vector = result.vectors[i] as Float32Array;
        vectors.set(text, vector);
        return cache.write('embed', embeddingCacheKey(embedding, text), encodeVector(vector));
      }),
    );
  };

  /**
   * Vectors of the texts from the cache, then from batched requests. The first batch that still
   * fails after its retries stops the others from starting, unless `keepGoing`; each failure is
   * returned for the caller to classify (a stop of the run, or failed items).
   */
  const embedTexts = async (stage: Stage, texts: readonly string[], { keepGoing = false } = {}) => {
    const vectors = new Map<string, Float32Array>();
    const failures: Error[] = [];
    if (texts.length === 0) return { vectors, failures };
    if (stopped) throw stopped;
    const unique = [...new Set(texts)];
    await readCachedVectors(unique, vectors);
    if (vectors.size > 0) ledger.recordCacheHit(stage, vectors.size);
    const misses = unique.filter((text) => !vectors.has(text));
    const batches: string[][] = [];
    for (let start = 0; start < misses.length; start += batchSize) batches.push(misses.slice(start, start + batchSize));
    await Promise.all(
      batches.map((batch) =>
        limit(async () => {
          if (failures.length > 0 && !keepGoing) return;
          try {
            await embedBatch(stage, batch, vectors);
          } catch (error) {
            failures.push(error as Error);
          }
        }),
      ),
    );
    // A stop (unreachable endpoint, budget) decided meanwhile ends the run, not one batch.
    if (stopped && failures.some((failure) => finalError(failure) === stopped)) throw stopped;
    return { vectors, failures };
  };

  return {
    chatModelId: chat.modelId,
    chatModelIdFor: (stage) => chatFor(stage).modelId,
    embeddingModelId: embedding.modelId,
    provider: chat.provider,
    notes: [...(options.notes ?? [])],
    lexicalEmbeddings: embedding.lexical === true,

    async object(request) {
      const result = await generateObject(request, structuredMode, callChat(chatFor(request.stage)), extras, () => ledger.recordRepair(request.stage));
      if (!result.ok) ledger.recordFailure(request.stage);
      return result;
    },

    async embed({ stage, texts }) {
      const { vectors, failures } = await embedTexts(stage, texts);
      const failed = failures[0];
      if (failed) {
        const final = classify(failed, 'embedding', embedding.modelId);
        ledger.recordFailure(stage);
        throw new UnreachableError(`embedding requests to ${final.endpoint} keep failing: ${oneLine(failed.message, 200)}`, {
          hint: `retry later${cache.dir === undefined ? '' : ' (answers so far are cached)'} or raise --max-retries`,
          cause: failed,
        });
      }
      return texts.map((text) => vectors.get(text) as Float32Array);
    },

    async embedEach({ stage, texts }) {
      const { vectors, failures } = await embedTexts(stage, texts, { keepGoing: true });
      for (const failure of failures) {
        classify(failure, 'embedding', embedding.modelId);
        ledger.recordFailure(stage);
      }
      return texts.map((text) => vectors.get(text) ?? null);
    },

    fitEmbeddings(corpus) {
      embedding.fit?.(corpus);
    },

    estimateCostUsd(stage, usage) {
      const model = chatFor(stage);
      const price = resolvePrice(prices, model.modelId, model.price);
      return price === undefined ? undefined : costUsd(price, usage);
    },

    usage: () => ledger.report(),
  };
}
