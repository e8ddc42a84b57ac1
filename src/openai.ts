/** `ragset/openai`: the OpenAI-compatible chat and embedding models (loads the openai SDK); `createLlm` in `ragset` builds them for you. */
export { createOpenAIChatModel, createOpenAIEmbeddingModel } from './llm/openai.js';
