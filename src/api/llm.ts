import { type LlmOptionsInput, llmClientFromOptions } from '../llm/options.js';
import type { LlmClient } from '../llm/types.js';

/**
 * An `LlmClient` from plain options, with the CLI's defaults and environment fallbacks
 * (`OPENAI_API_KEY`, `OPENAI_BASE_URL`, …). Keys given here win over the environment.
 *
 *   const llm = await createLlm({ provider: 'offline' });
 *   const llm = await createLlm({ baseUrl: 'http://localhost:11434/v1', model: 'llama3.1', embeddingModel: 'nomic-embed-text' });
 */
export async function createLlm(options: LlmOptionsInput = {}, env: Readonly<Record<string, string | undefined>> = process.env): Promise<LlmClient> {
  const { apiKey, embeddingApiKey, ...rest } = options;
  return llmClientFromOptions(rest, {
    ...env,
    OPENAI_API_KEY: apiKey ?? env.OPENAI_API_KEY,
    RAGSET_EMBEDDING_API_KEY: embeddingApiKey ?? env.RAGSET_EMBEDDING_API_KEY,
  });
}
