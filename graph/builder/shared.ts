import { z } from 'zod';
import { UsageError } from '../../src/errors.js';
import type { RelationshipOf } from '../model.js';
import { compareStrings } from '../order.js';
import { idfWeight } from './entities.js';

/**
 * `shares_entities` relationships through an inverted index (entity key → chunks), never
 * by comparing all pairs. A pair's score is the cosine of the two chunks' idf-weighted
 * entity sets: Σ idf(shared)² / (‖a‖·‖b‖), in [0, 1], so a rare shared entity counts far
 * more than a boilerplate one.
 *
 * Keys found in more than `maxDocFrequency` chunks are not used to *find* pairs (their
 * posting lists would make pairing quadratic) but still count in the score of every pair
 * found through another key.
 */
export const SharedEntityOptions = z.object({
  /** Bound and default: `sharedMinScore` of the build (graph/builder/options.ts). */
  minScore: z.number().min(0).max(1),
  /** Each chunk proposes its best `maxPerChunk` partners; the relationships are the union; default `maxSharedPerChunk` of the build. */
  maxPerChunk: z.number().int().min(0),
  /** Posting lists longer than this are skipped for pairing; default max(64, 2·√n). */
  maxDocFrequency: z.number().int().min(1).optional(),
});
export type SharedEntityOptions = z.input<typeof SharedEntityOptions> & {
  /** Weight per key (see `entityIdf`); a missing key is weighted by its frequency in `chunks`. */
  idf?: ReadonlyMap<string, number>;
};

interface Index {
  ids: string[];
  keys: string[];
  /** Per chunk, its key indices ascending. */
  chunkKeys: Int32Array[];
  /** Per key, the chunk indices mentioning it, ascending. */
  postings: number[][];
  /** Per key, idf². */
  squaredWeight: Float64Array;
  /** Per chunk, ‖idf-weighted entity set‖. */
  norm: Float64Array;
}

function buildIndex(chunks: readonly { id: string; keys: readonly string[] }[], idf: ReadonlyMap<string, number> | undefined): Index {
  const sorted = [...chunks].sort((x, y) => compareStrings(x.id, y.id));
  sorted.forEach((chunk, i) => {
    if (i > 0 && sorted[i - 1]?.id === chunk.id) throw new UsageError(`sharedEntityPairs: duplicate id ${chunk.id}`);
  });
  const keys = [...new Set(sorted.flatMap((chunk) => chunk.keys.filter((key) => key !== '')))].sort(compareStrings);
  const keyIndex = new Map(keys.map((key, i) => [key, i]));
  const postings: number[][] = keys.map(() => []);
  const chunkKeys = sorted.map((chunk, c) => {
    const indices = Int32Array.from(new Set(chunk.keys.filter((key) => key !== '').map((key) => keyIndex.get(key) as number))).sort();
    for (const k of indices) postings[k]?.push(c);
    return indices;
  });
  const squaredWeight = Float64Array.from(keys, (key, k) => (idf?.get(key) ?? idfWeight(sorted.length, postings[k]?.length ?? 0)) ** 2);
  const norm = Float64Array.from(chunkKeys, (indices) => Math.sqrt(indices.reduce((sum, k) => sum + (squaredWeight[k] as number), 0)));
  return { ids: sorted.map((chunk) => chunk.id), keys, chunkKeys, postings, squaredWeight, norm };
}

/** Keys both chunks mention, ascending (merge of two sorted lists). */
function sharedKeys(a: Int32Array, b: Int32Array): number[] {
  const shared: number[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      shared.push(a[i] as number);
      i++;
      j++;
    } else if ((a[i] as number) < (b[j] as number)) i++;
    else j++;
  }
  return shared;
}

/** Membership bitsets for the keys too frequent to pair through: n bits each, at most n·mentions/cap bits in all. */
function frequentKeyBits(index: Index, cap: number): Map<number, Uint32Array> {
  const bits = new Map<number, Uint32Array>();
  index.postings.forEach((posting, k) => {
    if (posting.length <= cap) return;
    const set = new Uint32Array(Math.ceil(index.ids.length / 32));
    for (const c of posting) set[c >>> 5] = (set[c >>> 5] as number) | (1 << (c & 31));
    bits.set(k, set);
  });
  return bits;
}

/**
 * Undirected `shares_entities` relationships with `source < target`, ordered by
 * (source, target); `entities` lists every shared key, ascending.
 */
export function sharedEntityPairs(
  chunks: readonly { id: string; keys: readonly string[] }[],
  options: SharedEntityOptions,
): RelationshipOf<'shares_entities'>[] {
  const { minScore, maxPerChunk, maxDocFrequency } = SharedEntityOptions.parse(options);
  const index = buildIndex(chunks, options.idf);
  const n = index.ids.length;
  const cap = maxDocFrequency ?? Math.max(64, Math.ceil(2 * Math.sqrt(n)));
  const accumulated = new Float64Array(n);
  const touched = new Uint8Array(n);
  const proposals = new Map<number, number>();
  const frequentBits = frequentKeyBits(index, cap);

  for (let a = 0; a < n && maxPerChunk > 0; a++) {
    const own = index.chunkKeys[a] as Int32Array;
    const candidates: number[] = [];
    const frequentKeys: Uint32Array[] = [];
    const frequentWeights: number[] = [];
    let frequentWeightSum = 0;
    // Sums run over keys in ascending order, so score(a, b) and score(b, a) are the same float.
    for (const k of own) {
      const posting = index.postings[k] as number[];
      if (posting.length > cap) {
        frequentKeys.push(frequentBits.get(k) as Uint32Array);
        frequentWeights.push(index.squaredWeight[k] as number);
        frequentWeightSum += index.squaredWeight[k] as number;
        continue;
      }
      const weight = index.squaredWeight[k] as number;
      for (const b of posting) {
        if (b === a) continue;
        if (!touched[b]) {
          touched[b] = 1;
          candidates.push(b);
        }
        accumulated[b] = (accumulated[b] as number) + weight;
      }
    }
    const scored: { b: number; score: number }[] = [];
    for (const b of candidates) {
      let dot = accumulated[b] as number;
      accumulated[b] = 0;
      touched[b] = 0;
      const norms = (index.norm[a] as number) * (index.norm[b] as number);
      // Frequent keys weigh little: skip the lookups when even all of them could not reach minScore.
      if ((dot + frequentWeightSum) / norms < minScore - 1e-12) continue;
      for (let f = 0; f < frequentKeys.length; f++) {
        if (((frequentKeys[f] as Uint32Array)[b >>> 5] as number) & (1 << (b & 31))) dot += frequentWeights[f] as number;
      }
      const score = dot / norms;
      if (score >= minScore) scored.push({ b, score });
    }
    scored.sort((x, y) => y.score - x.score || x.b - y.b);
    for (const { b, score } of scored.slice(0, maxPerChunk)) proposals.set(Math.min(a, b) * n + Math.max(a, b), score);
  }

  return [...proposals.entries()]
    .sort(([x], [y]) => x - y)
    .map(([pair, score]) => {
      const a = Math.floor(pair / n);
      const b = pair - a * n;
      return {
        kind: 'shares_entities' as const,
        source: index.ids[a] as string,
        target: index.ids[b] as string,
        score,
        entities: sharedKeys(index.chunkKeys[a] as Int32Array, index.chunkKeys[b] as Int32Array).map((k) => index.keys[k] as string),
      };
    });
}
