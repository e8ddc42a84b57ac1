import type { LocalOptionsInput } from './local/options.js';
import type { ChatModel, EmbeddingModel, ModelNote } from './types.js';

/**
 * Provider dispatch: one entry per `--provider` value, each turning resolved settings into
 * a chat model and an embedding model. Entries import their implementation lazily, so
 * `ragset --help` never loads an SDK. Adding a provider is adding one line here.
 */
export interface ProviderSettings {
  /** As given; each provider applies its own default. */
  model?: string;
  embeddingModel?: string;
  baseUrl?: string;
  apiKey?: string;
  embeddingBaseUrl?: string;
  embeddingApiKey?: string;
  embeddingDimensions?: number;
  timeoutMs: number;
  /** Settings of the in-process provider (threads, context size…); the others ignore them. */
  local: LocalOptionsInput;
  /** Relative model paths resolve from here. */
  cwd: string;
}

export interface ProviderModels {
  chat: ChatModel;
  embedding: EmbeddingModel;
  /** What a run should tell its user about these models (for example a fallback in use). */
  notes?: ModelNote[];
}

export type ProviderFactory = (settings: ProviderSettings) => Promise<ProviderModels>;

/** The OpenAI embeddings endpoint accepts up to 2048 inputs per request. */
const OPENAI_MAX_EMBEDDING_BATCH = 2048;
const OPENAI_DEFAULTS = { model: 'gpt-4o-mini', embeddingModel: 'text-embedding-3-small' };

export const PROVIDERS = {
  openai: async (settings) => {
    const { createOpenAIChatModel, createOpenAIEmbeddingModel } = await import('./openai.js');
    return {
      chat: createOpenAIChatModel({
        model: settings.model ?? OPENAI_DEFAULTS.model,
        baseURL: settings.baseUrl,
        apiKey: settings.apiKey,
        timeoutMs: settings.timeoutMs,
      }),
      // The embedding endpoint defaults to the chat endpoint and its key. A separate embedding
      // endpoint gets only its own key: OPENAI_API_KEY is never sent to another server.
      embedding: createOpenAIEmbeddingModel({
        model: settings.embeddingModel ?? OPENAI_DEFAULTS.embeddingModel,
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
    return {
      chat: createOfflineChatModel(),
      embedding: createOfflineEmbeddingModel({ dimensions: settings.embeddingDimensions }),
      notes: [
        { text: 'Offline provider: questions are template-based and answers are quoted sentences; an LLM endpoint (--provider openai with OPENAI_API_KEY or OPENAI_BASE_URL) gives natural questions.' },
        {
          stage: 'verify',
          text: 'Offline verification is lexical: each answer sentence must be found in a context, and each context of a multi-hop sample must contribute one; answerability, standalone questions (beyond the phrase check) and style adherence are not judged.',
        },
      ],
    };
  },
  // GGUF models in this process through llama.cpp (src/llm/local/, docs/local.md).
  local: async (settings) => {
    const { createLocalModels } = await import('./local/index.js');
    return createLocalModels({
      model: settings.model,
      embeddingModel: settings.embeddingModel,
      embeddingDimensions: settings.embeddingDimensions,
      options: settings.local,
      cwd: settings.cwd,
    });
  },
} satisfies Record<string, ProviderFactory>;

export type ProviderName = keyof typeof PROVIDERS;
export const PROVIDER_NAMES = Object.keys(PROVIDERS) as [ProviderName, ...ProviderName[]];
