import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../atomic-write.js';
import { base64ToFloat32, float32ToBase64 } from '../float32-base64.js';
import { sha256, stableHash } from '../hash.js';
import type { ChatModel, ChatRequest, EmbeddingModel } from './types.js';

/**
 * A persistent response cache: one small JSON file per answer under `<dir>/<namespace>/<ab>/`,
 * named by a hash of everything that decides the answer (provider, endpoint, model,
 * messages, structured mode and schema, sampling settings) and nothing secret: keys are
 * never part of a request we hash. Rerunning with the same inputs costs no calls.
 * Writes go to a temporary file first and are renamed into place, so concurrent runs never
 * see half a file. Entries are parsed on read; an unreadable one is a miss.
 */
export type CacheNamespace = 'chat' | 'embed';

export interface ResponseCache {
  /** The cache folder, or undefined when caching is off. */
  readonly dir: string | undefined;
  read<T>(namespace: CacheNamespace, key: string, schema: z.ZodType<T>): Promise<T | undefined>;
  write(namespace: CacheNamespace, key: string, value: unknown): Promise<void>;
}

export const DEFAULT_CACHE_DIR = '.ragset-cache';
const KEY_VERSION = 1;

export const CachedChat = z.object({
  text: z.string(),
  usage: z.object({ promptTokens: z.number(), completionTokens: z.number() }),
});
export type CachedChat = z.infer<typeof CachedChat>;

/** Vectors are stored as base64 of their float32 bytes: exact and a quarter of the JSON size. */
export const CachedVector = z.object({ vector: z.base64() });

export const encodeVector = (vector: Float32Array): { vector: string } => ({ vector: float32ToBase64(vector) });
export const decodeVector = (entry: { vector: string }): Float32Array => base64ToFloat32(entry.vector);

export function chatCacheKey(model: ChatModel, request: ChatRequest): string {
  return stableHash({
    v: KEY_VERSION,
    kind: 'chat',
    provider: model.provider,
    endpoint: model.endpoint ?? null,
    model: model.modelId,
    messages: request.messages,
    structured: request.structured ?? null,
    temperature: request.temperature ?? null,
    maxTokens: request.maxTokens ?? null,
    seed: request.seed ?? null,
  });
}

/** Per text, so a batch that is partly cached only sends the texts that are not. */
export function embeddingCacheKey(model: EmbeddingModel, text: string): string {
  return stableHash({
    v: KEY_VERSION,
    kind: 'embed',
    provider: model.provider,
    endpoint: model.endpoint ?? null,
    model: model.modelId,
    dimensions: model.dimensions ?? null,
    fingerprint: model.fingerprint?.() ?? null,
    text: sha256(text),
  });
}

export const disabledCache: ResponseCache = {
  dir: undefined,
  read: async () => undefined,
  write: async () => undefined,
};

export function createDiskCache(dir: string): ResponseCache {
  const fileOf = (namespace: CacheNamespace, key: string) => join(dir, namespace, key.slice(0, 2), `${key}.json`);
  return {
    dir,
    async read(namespace, key, schema) {
      let text: string;
      try {
        text = await readFile(fileOf(namespace, key), 'utf8');
      } catch {
        return undefined;
      }
      try {
        const parsed = schema.safeParse(JSON.parse(text));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    async write(namespace, key, value) {
      const file = fileOf(namespace, key);
      // A cache that cannot be written only costs calls on the next run; the answer in hand is kept.
      await writeFileAtomic(file, JSON.stringify(value), { durable: false }).catch(() => undefined);
    },
  };
}
