import { createHash } from 'node:crypto';
import { z } from 'zod';
import { UsageError } from '../../errors.js';
import { fnv1a } from '../../hash.js';
import type { EmbeddingModel } from '../types.js';
import { ALL_STOPWORDS } from './stopwords.js';
import { words } from './tokenize.js';

/**
 * Lexical embeddings: hashed TF-IDF. Features are content-word unigrams and bigrams (stopwords
 * of every listed language removed, bigrams over the remaining neighbours), hashed into
 * `dimensions` buckets with a sign bit (Weinberger et al., "Feature Hashing for Large Scale
 * Multitask Learning", 2009) so collisions cancel instead of piling up. Weights are
 * sublinear tf (1 + ln tf) times smoothed idf, ln((1 + N) / (1 + df)) + 1, fitted on the
 * corpus by `fit`; before a fit every idf is 1. Vectors are L2-normalised.
 */

export const OfflineEmbeddingOptions = z.object({
  dimensions: z.number().int().min(8).max(65_536).default(512),
});
export type OfflineEmbeddingOptions = z.input<typeof OfflineEmbeddingOptions>;

export interface OfflineEmbeddingModel extends EmbeddingModel {
  readonly dimensions: number;
  fit(corpus: readonly string[]): void;
  fingerprint(): string;
}

const VERSION = 'offline-tfidf-v1';

/** MurmurHash3's finaliser: decorrelates the sign bit from the bucket. */
function mix(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Term frequencies by feature hash, plus the number of words read. */
function featureCounts(text: string): { counts: Map<number, number>; tokens: number } {
  const all = words(text);
  const content = all.filter((word) => !ALL_STOPWORDS.has(word));
  const features = content.map((word) => `u:${word}`);
  for (let i = 1; i < content.length; i++) features.push(`b:${content[i - 1]} ${content[i]}`);
  if (features.length === 0) {
    // Text made only of stopwords or symbols still gets a deterministic, non-zero vector.
    const chars = [...text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim()];
    for (let i = 0; i < chars.length; i++) features.push(`c:${chars.slice(i, i + 3).join('')}`);
  }
  const counts = new Map<number, number>();
  for (const feature of features) {
    const hash = fnv1a(feature);
    counts.set(hash, (counts.get(hash) ?? 0) + 1);
  }
  return { counts, tokens: all.length };
}

export function createOfflineEmbeddingModel(options: OfflineEmbeddingOptions = {}): OfflineEmbeddingModel {
  const parsed = OfflineEmbeddingOptions.safeParse(options);
  if (!parsed.success) {
    throw new UsageError('offline embeddings: dimensions must be a whole number from 8 to 65536', 'fix --embedding-dimensions');
  }
  const { dimensions } = parsed.data;
  let documentCount = 0;
  let documentFrequency = new Map<number, number>();
  let fitted = `${VERSION}:d${dimensions}:unfitted`;

  const idf = (hash: number): number =>
    documentCount === 0 ? 1 : Math.log((1 + documentCount) / (1 + (documentFrequency.get(hash) ?? 0))) + 1;

  const embed = (text: string): { vector: Float32Array; tokens: number } => {
    const { counts, tokens } = featureCounts(text);
    const vector = new Float32Array(dimensions);
    for (const [hash, tf] of counts) {
      const mixed = mix(hash);
      const sign = mixed & 1 ? -1 : 1;
      vector[hash % dimensions] = (vector[hash % dimensions] ?? 0) + sign * (1 + Math.log(tf)) * idf(hash);
    }
    let norm = 0;
    for (const value of vector) norm += value * value;
    if (norm === 0) {
      vector[0] = 1;
      return { vector, tokens };
    }
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < dimensions; i++) vector[i] = (vector[i] ?? 0) * scale;
    return { vector, tokens };
  };

  return {
    provider: 'offline',
    modelId: 'offline',
    price: { inputPerMillion: 0, outputPerMillion: 0 },
    lexical: true,
    maxBatch: 256,
    dimensions,
    /** Replaces any previous fit: the idf is the corpus's, not an accumulation over calls. */
    fit(corpus) {
      const frequency = new Map<number, number>();
      for (const text of corpus) {
        for (const hash of featureCounts(text).counts.keys()) frequency.set(hash, (frequency.get(hash) ?? 0) + 1);
      }
      documentCount = corpus.length;
      documentFrequency = frequency;
      const digest = createHash('sha256').update(`${VERSION}|${dimensions}|${documentCount}`);
      const entries = Float64Array.from([...frequency.entries()].sort((a, b) => a[0] - b[0]).flat());
      digest.update(new Uint8Array(entries.buffer));
      fitted = `${VERSION}:d${dimensions}:${digest.digest('hex').slice(0, 16)}`;
    },
    fingerprint: () => fitted,
    async doEmbed(texts) {
      const results = texts.map(embed);
      return { vectors: results.map((result) => result.vector), tokens: results.reduce((sum, result) => sum + result.tokens, 0) };
    },
  };
}
