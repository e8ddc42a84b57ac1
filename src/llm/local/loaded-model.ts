import { UsageError } from '../../errors.js';
import { loadLlama, type Llama, type LlamaModel } from './runtime.js';

/**
 * GGUF files loaded once per process, on first use: a run whose answers are all cached
 * never loads a model, and the same file given as chat and embedding model loads once.
 */
const loaded = new Map<string, Promise<{ llama: Llama; model: LlamaModel }>>();

export function loadModel(path: string): Promise<{ llama: Llama; model: LlamaModel }> {
  let entry = loaded.get(path);
  if (!entry) {
    entry = loadLlama().then(async (llama) => {
      try {
        return { llama, model: await llama.loadModel({ modelPath: path }) };
      } catch (error) {
        loaded.delete(path);
        const why = (error instanceof Error ? error.message : String(error)).split('\n')[0];
        throw new UsageError(`cannot load the model ${path}: ${why}`, 'check that it is a complete GGUF file that llama.cpp supports');
      }
    });
    loaded.set(path, entry);
  }
  return entry;
}
