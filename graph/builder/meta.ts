import { z } from 'zod';
import type { ChunkNode } from '../model.js';
import { compareStrings } from '../order.js';
import { canonicalEntities, entityIdf, type EntityWeights } from './entities.js';

/**
 * The graph facts `buildGraph` keeps in store meta, as schemas so readers (stats,
 * synthesizers) parse them like any other store read.
 */
export const BUILD_META_KEY = 'build';
export const ENTITIES_META_KEY = 'entities';

export const BuildMeta = z.object({
  /** Hash of the extraction prompt template (graph/builder/extract.ts). */
  extractPrompt: z.string(),
  chatModel: z.string(),
  embeddingModel: z.string(),
  provider: z.string(),
  documents: z.number().int(),
  chunks: z.number().int(),
  extracted: z.number().int(),
  failed: z.number().int(),
  options: z.record(z.string(), z.unknown()),
});
export type BuildMeta = z.infer<typeof BuildMeta>;

export const EntityFact = z.object({
  key: z.string(),
  /** The most frequent surface form. */
  name: z.string(),
  /** The most frequent type given to it. */
  type: z.string(),
  /** Chunks mentioning it. */
  chunks: z.number().int(),
  idf: z.number(),
});
export type EntityFact = z.infer<typeof EntityFact>;

export const EntitiesMeta = z.object({
  /** Extracted chunks the frequencies are counted over. */
  chunkCount: z.number().int(),
  /** Ascending by key. */
  entities: z.array(EntityFact),
});
export type EntitiesMeta = z.infer<typeof EntitiesMeta>;

/** Stage 3, entities: document frequencies and idf of every canonical entity over extracted chunks. */
export function entityFacts(chunks: readonly ChunkNode[]): { weights: EntityWeights; meta: EntitiesMeta } {
  const extracted = chunks.filter((chunk) => chunk.status === 'extracted');
  const weights = entityIdf(extracted.map((chunk) => ({ id: chunk.id, keys: chunk.entities.map((e) => e.key) })));
  const mentions = extracted.flatMap((chunk) => chunk.entities);
  const types = new Map<string, Map<string, number>>();
  for (const { key, type } of mentions) {
    const byType = types.get(key) ?? new Map<string, number>();
    byType.set(type, (byType.get(type) ?? 0) + 1);
    types.set(key, byType);
  }
  const entities = canonicalEntities(mentions).map(({ key, name }) => ({
    key,
    name,
    type: mostFrequent(types.get(key)),
    chunks: weights.frequency.get(key) ?? 0,
    idf: weights.idf.get(key) ?? 0,
  }));
  return { weights, meta: { chunkCount: weights.chunkCount, entities } };
}

function mostFrequent(counts: ReadonlyMap<string, number> | undefined): string {
  const sorted = [...(counts ?? [])].sort(([a, countA], [b, countB]) => countB - countA || compareStrings(a, b));
  return sorted[0]?.[0] ?? 'OTHER';
}
