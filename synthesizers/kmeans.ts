import type { Rng } from '../src/rng.js';

/**
 * Seeded spherical k-means with k-means++ seeding: vectors are unit-normalised, so the
 * squared distance is `2 − 2·cos`. Used to group chunk summaries into audiences (personas).
 * Deterministic for a given rng and input order.
 */

export interface Clustering {
  /** Unit-length centroid per cluster; clusters are ordered by their first member's index. */
  centroids: Float32Array[];
  /** Cluster index of each input vector. */
  assignments: number[];
}

const DEFAULTS = { maxIterations: 50 };

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

export function normalise(vector: Float32Array): Float32Array {
  const norm = Math.sqrt(dot(vector, vector));
  const out = new Float32Array(vector.length);
  if (norm > 0) for (let i = 0; i < vector.length; i++) out[i] = (vector[i] as number) / norm;
  return out;
}

/** Length of the longest vector (a loop, not a spread: corpora can hold more vectors than call arguments). */
export function maxDimensions(vectors: readonly Float32Array[]): number {
  let most = 0;
  for (const vector of vectors) most = Math.max(most, vector.length);
  return most;
}

/** Mean of vectors, normalised; the zero vector for an empty list. */
export function meanDirection(vectors: readonly Float32Array[], dimensions: number): Float32Array {
  const sum = new Float32Array(dimensions);
  for (const vector of vectors) for (let i = 0; i < dimensions; i++) sum[i] = (sum[i] as number) + (vector[i] ?? 0);
  return normalise(sum);
}

function nearest(vector: Float32Array, centroids: readonly Float32Array[]): number {
  let best = 0;
  let bestScore = -Infinity;
  centroids.forEach((centroid, i) => {
    const score = dot(vector, centroid);
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  return best;
}

function seedCentroids(points: readonly Float32Array[], k: number, rng: Rng): Float32Array[] {
  const centroids = [points[rng.int(points.length)] as Float32Array];
  const distances = points.map((point) => Math.max(0, 2 - 2 * dot(point, centroids[0] as Float32Array)));
  while (centroids.length < k) {
    const total = distances.reduce((sum, d) => sum + d, 0);
    // All remaining points coincide with a centroid: fewer distinct clusters than asked.
    if (total <= 1e-12) break;
    let target = rng.next() * total;
    let chosen = points.length - 1;
    for (let i = 0; i < points.length; i++) {
      target -= distances[i] as number;
      if (target < 0) {
        chosen = i;
        break;
      }
    }
    const centroid = points[chosen] as Float32Array;
    centroids.push(centroid);
    points.forEach((point, i) => {
      distances[i] = Math.min(distances[i] as number, Math.max(0, 2 - 2 * dot(point, centroid)));
    });
  }
  return centroids;
}

export function kmeans(vectors: readonly Float32Array[], k: number, rng: Rng, options: Partial<typeof DEFAULTS> = {}): Clustering {
  const { maxIterations } = { ...DEFAULTS, ...options };
  if (vectors.length === 0 || k <= 0) return { centroids: [], assignments: [] };
  const dimensions = maxDimensions(vectors);
  const points = vectors.map(normalise);
  let centroids = seedCentroids(points, Math.min(k, points.length), rng);
  let assignments = points.map((point) => nearest(point, centroids));
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    centroids = centroids.map((centroid, c) => {
      const members = points.filter((_, i) => assignments[i] === c);
      return members.length > 0 ? meanDirection(members, dimensions) : centroid;
    });
    const next = points.map((point) => nearest(point, centroids));
    const changed = next.some((cluster, i) => cluster !== assignments[i]);
    assignments = next;
    if (!changed) break;
  }
  return renumber(centroids, assignments);
}

/** Drops empty clusters and numbers the rest by first member, so output order never depends on seeding order. */
function renumber(centroids: readonly Float32Array[], assignments: readonly number[]): Clustering {
  const order: number[] = [];
  for (const cluster of assignments) if (!order.includes(cluster)) order.push(cluster);
  const newIndex = new Map(order.map((cluster, i) => [cluster, i]));
  return {
    centroids: order.map((cluster) => centroids[cluster] as Float32Array),
    assignments: assignments.map((cluster) => newIndex.get(cluster) as number),
  };
}
