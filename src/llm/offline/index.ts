/** The offline provider: classical NLP behind the same model spec as a remote endpoint. */
export { createOfflineChatModel } from './chat-model.js';
export { createOfflineEmbeddingModel, OfflineEmbeddingOptions, type OfflineEmbeddingModel } from './embedding.js';
