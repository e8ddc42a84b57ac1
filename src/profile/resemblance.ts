import { FORMULATIONS, formulation, LENGTH_BUCKETS, lengthBucket, tokenCount } from './measure.js';
import type { Profile } from './profile.js';

/**
 * How much a testset resembles the real queries a profile summarises (statistical
 * resemblance): the distance between the length distributions (Kolmogorov–Smirnov: the
 * largest gap between the two CDFs; Wasserstein-1: the area between them, in word tokens),
 * bucket, formulation and category shares side by side, and, with the profile's embedding
 * model, the cosine distance between the mean question vector and the mean query vector.
 * The questions are measured by the same functions as the queries (measure.ts).
 */

export interface SideBySide {
  profile: number;
  testset: number;
}

export interface Resemblance {
  queries: number;
  samples: number;
  length: { ks: number; wasserstein: number; profile_mean: number; testset_mean: number; buckets: Record<string, SideBySide> };
  formulation: Record<string, SideBySide>;
  /** Per dimension and category; null when the profile or the testset has no categories. */
  categories: Record<string, Record<string, SideBySide>> | null;
  /** Null without question vectors from the profile's embedding model. */
  embedding: { model: string; cosine_distance: number } | null;
  notes: string[];
}

const round = (value: number, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits;

/** CDFs of two integer samples given as histograms (value → count) over their joint support. */
function cdfs(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): { ks: number; wasserstein: number } {
  const total = (h: ReadonlyMap<number, number>) => [...h.values()].reduce((sum, n) => sum + n, 0);
  const [na, nb] = [total(a), total(b)];
  if (na === 0 || nb === 0) return { ks: 1, wasserstein: 0 };
  const support = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => x - y);
  let [fa, fb, ks, wasserstein] = [0, 0, 0, 0];
  support.forEach((value, i) => {
    fa += (a.get(value) ?? 0) / na;
    fb += (b.get(value) ?? 0) / nb;
    ks = Math.max(ks, Math.abs(fa - fb));
    const next = support[i + 1];
    if (next !== undefined) wasserstein += Math.abs(fa - fb) * (next - value);
  });
  return { ks: round(ks), wasserstein: round(wasserstein, 3) };
}

function shareMap(values: readonly string[], labels: readonly string[]): Record<string, number> {
  return Object.fromEntries(labels.map((label) => [label, values.length === 0 ? 0 : round(values.filter((v) => v === label).length / values.length)]));
}

function sideBySide(profile: Readonly<Record<string, { share: number }>>, testset: Readonly<Record<string, number>>): Record<string, SideBySide> {
  return Object.fromEntries([...new Set([...Object.keys(profile), ...Object.keys(testset)])].map((label) => [label, { profile: profile[label]?.share ?? 0, testset: testset[label] ?? 0 }]));
}

function cosineDistance(a: readonly number[], b: readonly number[]): number {
  let [dot, na, nb] = [0, 0, 0];
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] ?? 0) * (b[i] ?? 0);
    na += (a[i] ?? 0) ** 2;
    nb += (b[i] ?? 0) ** 2;
  }
  return na === 0 || nb === 0 ? 1 : round(1 - dot / Math.sqrt(na * nb));
}

export interface ResemblanceInput {
  questions: readonly string[];
  /** `dimension → category` of each sample, when the testset has categories. */
  categories?: readonly (Readonly<Record<string, string>> | undefined)[];
  /** Question vectors from `embeddingModel`, in question order. */
  vectors?: readonly Float32Array[];
  embeddingModel?: string;
}

export function resemblance(profile: Profile, input: ResemblanceInput): Resemblance {
  const notes: string[] = [];
  const tokens = input.questions.map(tokenCount);
  const profileHistogram = new Map(Object.entries(profile.length.histogram).map(([value, count]) => [Number(value), count]));
  const testsetHistogram = new Map<number, number>();
  for (const n of tokens) testsetHistogram.set(n, (testsetHistogram.get(n) ?? 0) + 1);
  const buckets = LENGTH_BUCKETS.map((b) => b.name);

  let categories: Resemblance['categories'] = null;
  if (profile.categories && input.categories?.some((c) => c !== undefined)) {
    categories = Object.fromEntries(
      Object.entries(profile.categories.dimensions).map(([dimension, shares]) => {
        const names = Object.keys(shares);
        const made = (input.categories ?? []).map((c) => c?.[dimension]).filter((name): name is string => name !== undefined);
        return [dimension, sideBySide(shares, shareMap(made, names))];
      }),
    );
  }

  let embedding: Resemblance['embedding'] = null;
  const vectors = input.vectors ?? [];
  if (profile.embedding && vectors.length > 0) {
    if (input.embeddingModel !== profile.embedding.model || vectors[0]?.length !== profile.embedding.dimensions) {
      notes.push(`No embedding distance: the profile's vectors come from ${profile.embedding.model} (${profile.embedding.dimensions} dimensions), the questions' from ${input.embeddingModel ?? 'another model'}.`);
    } else {
      const mean = Array.from({ length: profile.embedding.dimensions }, (_, d) => vectors.reduce((sum, v) => sum + (v[d] ?? 0), 0) / vectors.length);
      embedding = { model: profile.embedding.model, cosine_distance: cosineDistance(mean, profile.embedding.mean) };
    }
  }

  return {
    queries: profile.queries,
    samples: input.questions.length,
    length: {
      ...cdfs(profileHistogram, testsetHistogram),
      profile_mean: profile.length.mean,
      testset_mean: tokens.length === 0 ? 0 : round(tokens.reduce((a, b) => a + b, 0) / tokens.length, 2),
      buckets: sideBySide(profile.length.buckets, shareMap(tokens.map(lengthBucket), buckets)),
    },
    formulation: sideBySide(profile.formulation, shareMap(input.questions.map(formulation), FORMULATIONS)),
    categories,
    embedding,
    notes,
  };
}
