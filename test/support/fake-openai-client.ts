import { createLlmClient, type LlmClientOptions } from '../../src/llm/client.js';
import { createOpenAIChatModel, createOpenAIEmbeddingModel } from '../../src/llm/openai.js';
import type { LlmClient } from '../../src/llm/types.js';
import type { FakeOpenAI } from './fake-openai.js';

/**
 * A real `LlmClient` (openai SDK, retry, cache, ledger) talking to a fake server, with
 * millisecond backoff so fault tests stay fast. Tests override any client option.
 */
export interface FakeClientOptions extends Partial<LlmClientOptions> {
  model?: string;
  embeddingModel?: string;
  apiKey?: string;
  timeoutMs?: number;
  dimensions?: number;
  maxBatch?: number;
}

export function createFakeLlmClient(fake: Pick<FakeOpenAI, 'baseURL'>, options: FakeClientOptions = {}): LlmClient {
  const { model, embeddingModel, apiKey, timeoutMs, dimensions, maxBatch, ...clientOptions } = options;
  const connection = { baseURL: fake.baseURL, apiKey, timeoutMs: timeoutMs ?? 10_000 };
  return createLlmClient({
    chat: createOpenAIChatModel({ ...connection, model: model ?? 'gpt-4o-mini' }),
    embedding: createOpenAIEmbeddingModel({
      ...connection,
      model: embeddingModel ?? 'text-embedding-3-small',
      dimensions,
      maxBatch: maxBatch ?? 2048,
    }),
    ...clientOptions,
    retry: { initialDelayMs: 1, maxDelayMs: 5, ...clientOptions.retry },
  });
}
