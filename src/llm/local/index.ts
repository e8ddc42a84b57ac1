import { z } from 'zod';
import { UsageError } from '../../errors.js';
import { createOfflineEmbeddingModel } from '../offline/index.js';
import type { ChatModel, EmbeddingModel, ModelNote } from '../types.js';
import { createLocalChatModel } from './chat-model.js';
import { createLocalEmbeddingModel } from './embedding.js';
import { resolveModelFile } from './model-file.js';
import { LocalOptions, type LocalOptionsInput } from './options.js';

/**
 * The local provider: GGUF models run in this process by llama.cpp (node-llama-cpp), for
 * documents that must not leave the machine and machines without a model server.
 */
export { LocalOptions, DEFAULT_MODEL_DIR, type LocalOptionsInput } from './options.js';

export interface LocalModelsInput {
  /** GGUF path or model URI of the chat model. */
  model: string | undefined;
  /** GGUF path or model URI of an embedding model; without one, lexical embeddings. */
  embeddingModel: string | undefined;
  embeddingDimensions?: number;
  options: LocalOptionsInput;
  cwd?: string;
}

export async function createLocalModels(input: LocalModelsInput): Promise<{ chat: ChatModel; embedding: EmbeddingModel; notes: ModelNote[] }> {
  const parsed = LocalOptions.safeParse(input.options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`invalid local model option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? z.prettifyError(parsed.error)}`, 'see ragset <command> --help');
  }
  const settings = parsed.data;
  if (input.model === undefined) {
    throw new UsageError('--provider local needs --model: a GGUF file or a model URI', 'e.g. --model ./models/qwen2.5-0.5b-instruct-q4_k_m.gguf or --model hf:<user>/<repo>/<file>.gguf');
  }
  const where = { modelDir: settings.modelDir, cwd: input.cwd };
  const chat = createLocalChatModel({ modelPath: await resolveModelFile(input.model, { ...where, flag: '--model' }), settings });
  if (input.embeddingModel === undefined) {
    return {
      chat,
      embedding: createOfflineEmbeddingModel({ dimensions: input.embeddingDimensions }),
      notes: [{ text: 'Local provider without --embedding-model: chunks were embedded with the offline lexical (TF-IDF) embedder; a GGUF embedding model gives semantic `similar` links.' }],
    };
  }
  const embeddingPath = await resolveModelFile(input.embeddingModel, { ...where, flag: '--embedding-model' });
  return { chat, embedding: createLocalEmbeddingModel({ modelPath: embeddingPath, settings }), notes: [] };
}
