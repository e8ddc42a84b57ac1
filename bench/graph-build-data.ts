import type { Rng } from '../src/rng.js';

/**
 * Synthetic stand-ins for embedded, entity-tagged chunks: vectors near cluster centres
 * with a low-dimensional within-cluster structure (as real text embeddings have), and
 * entity keys drawn from a Zipf-like vocabulary so a few keys are everywhere.
 */
export function gaussian(rng: Rng): number {
  // Box–Muller; 1 - next() avoids log(0).
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

function randomUnit(rng: Rng, dim: number): Float32Array {
  const v = new Float32Array(dim);
  let norm = 0;
  for (let k = 0; k < dim; k++) {
    v[k] = gaussian(rng);
    norm += (v[k] as number) ** 2;
  }
  for (let k = 0; k < dim; k++) v[k] = (v[k] as number) / Math.sqrt(norm);
  return v;
}

export interface ClusteredVectorsOptions {
  count: number;
  dim: number;
  clusters: number;
  /** Directions of variation inside a cluster. */
  intrinsicDim?: number;
  /** Spread along those directions, relative to the unit-length centre. */
  spread?: number;
  /** Isotropic noise per coordinate. */
  noise?: number;
}

export function clusteredVectors(rng: Rng, options: ClusteredVectorsOptions): Float32Array[] {
  const { count, dim, clusters, intrinsicDim = 8, spread = 0.35, noise = 0.01 } = options;
  const centres = Array.from({ length: clusters }, () => randomUnit(rng, dim));
  const bases = Array.from({ length: clusters }, () => Array.from({ length: intrinsicDim }, () => randomUnit(rng, dim)));
  return Array.from({ length: count }, () => {
    const c = rng.int(clusters);
    const v = Float32Array.from(centres[c] as Float32Array);
    for (const direction of bases[c] as Float32Array[]) {
      const weight = gaussian(rng) * spread;
      for (let k = 0; k < dim; k++) v[k] = (v[k] as number) + weight * (direction[k] as number);
    }
    for (let k = 0; k < dim; k++) v[k] = (v[k] as number) + gaussian(rng) * noise;
    return v;
  });
}

/** `perItem` distinct keys per item from a vocabulary whose rank-r key has weight 1/r^exponent. */
/** Draws ranks 0…vocabulary−1, rank r with weight 1/(r+1)^exponent. */
export function zipfDraw(rng: Rng, vocabulary: number, exponent = 1): () => number {
  const cumulative = new Float64Array(vocabulary);
  let total = 0;
  for (let r = 0; r < vocabulary; r++) cumulative[r] = total += 1 / (r + 1) ** exponent;
  return () => {
    const target = rng.next() * total;
    let lo = 0;
    let hi = vocabulary - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export function zipfKeys(rng: Rng, options: { count: number; vocabulary: number; perItem: number; exponent?: number }): string[][] {
  const { count, vocabulary, perItem, exponent = 1 } = options;
  const draw = zipfDraw(rng, vocabulary, exponent);
  return Array.from({ length: count }, () => {
    const keys = new Set<string>();
    for (let attempt = 0; keys.size < Math.min(perItem, vocabulary) && attempt < perItem * 20; attempt++) {
      keys.add(`entity ${draw()}`);
    }
    return [...keys].sort();
  });
}

/** Cosine similarity in float64, the reference the builders are checked against (NaN for a zero vector). */
export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let k = 0; k < a.length; k++) {
    dot += (a[k] as number) * (b[k] as number);
    na += (a[k] as number) ** 2;
    nb += (b[k] as number) ** 2;
  }
  return na === 0 || nb === 0 ? Number.NaN : dot / Math.sqrt(na * nb);
}
