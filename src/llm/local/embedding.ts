import { ApiCallError } from '../api-error.js';
import type { EmbeddingModel } from '../types.js';
import { LOCAL_ENDPOINT } from './chat-model.js';
import { loadModel } from './loaded-model.js';
import { modelName } from './model-file.js';
import type { LocalOptions } from './options.js';
import type { LlamaEmbeddingContext, LlamaModel } from './runtime.js';

/**
 * Local embeddings from a GGUF embedding model (bge, nomic-embed, all-MiniLM…), computed one
 * text at a time in this process. Vectors are L2-normalised so cosine similarity is a dot
 * product, whatever pooling the model uses.
 */
const MAX_BATCH = 64;

function normalised(values: readonly number[]): Float32Array {
  const vector = Float32Array.from(values);
  let norm = 0;
  for (const value of vector) norm += value * value;
  if (norm === 0) return vector;
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] ?? 0) * scale;
  return vector;
}

export function createLocalEmbeddingModel(options: { modelPath: string; settings: LocalOptions }): EmbeddingModel {
  const { modelPath, settings } = options;
  let engine: Promise<{ model: LlamaModel; context: LlamaEmbeddingContext }> | undefined;

  const start = async () => {
    const { model } = await loadModel(modelPath);
    const contextSize = Math.min(settings.contextSize, model.trainContextSize);
    return { model, context: await model.createEmbeddingContext({ contextSize, threads: settings.threads }) };
  };

  return {
    provider: 'local',
    modelId: modelName(modelPath),
    endpoint: LOCAL_ENDPOINT,
    price: { inputPerMillion: 0, outputPerMillion: 0 },
    maxBatch: MAX_BATCH,
    async doEmbed(texts, callOptions = {}) {
      engine ??= start().catch((error: unknown) => {
        engine = undefined;
        throw error;
      });
      const { model, context } = await engine;
      const vectors: Float32Array[] = [];
      let tokens = 0;
      for (const text of texts) {
        if (callOptions.signal?.aborted) throw new ApiCallError('local embeddings: aborted', { kind: 'aborted', endpoint: LOCAL_ENDPOINT });
        try {
          vectors.push(normalised((await context.getEmbeddingFor(text)).vector));
        } catch (error) {
          const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
          throw new ApiCallError(`local embeddings: ${why}`, { kind: 'response', endpoint: LOCAL_ENDPOINT, cause: error });
        }
        tokens += model.tokenize(text).length;
      }
      return { vectors, tokens };
    },
  };
}
