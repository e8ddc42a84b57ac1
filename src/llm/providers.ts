import type { ChatModel, EmbeddingModel } from './types.js';

/**
 * Provider dispatch: one entry per `--provider` value, each turning resolved settings into
 * a chat model and an embedding model. Entries import their implementation lazily, so
 * `ragset --help` never loads an SDK. Adding a provider is adding one line here.
 */
export interface ProviderSettings {
  model: string;
  embeddingModel: string;
  baseUrl?: string;
  apiKey?: string;
  embeddingBaseUrl?: string;
  embeddingApiKey?: string;
  embeddingDimensions?: number;
  timeoutMs: number;
}

export interface ProviderModels {
  chat: ChatModel;
  embedding: EmbeddingModel;
}

export type ProviderFactory = (settings: ProviderSettings) => Promise<ProviderModels>;

/** The OpenAI embeddings endpoint accepts up to 2048 inputs per request. */
const OPENAI_MAX_EMBEDDING_BATCH = 2048;

export const PROVIDERS = {
  openai: async (settings) => {
    const { createOpenAIChatModel, createOpenAIEmbeddingModel } = await import('./openai.js');
    return {
      chat: createOpenAIChatModel({
        model: settings.model,
        baseURL: settings.baseUrl,
        apiKey: settings.apiKey,
        timeoutMs: settings.timeoutMs,
      }),
      // The embedding endpoint defaults to the chat endpoint and its key. A separate embedding
      // endpoint gets only its own key: OPENAI_API_KEY is never sent to another server.
      embedding: createOpenAIEmbeddingModel({
        model: settings.embeddingModel,
        baseURL: settings.embeddingBaseUrl ?? settings.baseUrl,
        apiKey: settings.embeddingBaseUrl === undefined ? (settings.embeddingApiKey ?? settings.apiKey) : settings.embeddingApiKey,
        dimensions: settings.embeddingDimensions,
        maxBatch: OPENAI_MAX_EMBEDDING_BATCH,
        timeoutMs: settings.timeoutMs,
      }),
    };
  },
  // No endpoint at all: classical NLP answers the pipeline's tasks (src/llm/offline/, docs/offline.md).
  offline: async (settings) => {
    const { createOfflineChatModel, createOfflineEmbeddingModel } = await import('./offline/index.js');
    return { chat: createOfflineChatModel(), embedding: createOfflineEmbeddingModel({ dimensions: settings.embeddingDimensions }) };
  },
} satisfies Record<string, ProviderFactory>;

export type ProviderName = keyof typeof PROVIDERS;
export const PROVIDER_NAMES = Object.keys(PROVIDERS) as [ProviderName, ...ProviderName[]];
