import { UsageError } from '../../src/errors.js';
import { createSimdRows } from './simd-dot.js';

/**
 * Shared pieces of the k-nearest-neighbour builders: unit-normalised rows in WebAssembly
 * memory with a SIMD dot product, and a fixed-size heap per row kept in typed arrays so a
 * 100k-row graph never allocates an object per candidate.
 */
export interface UnitRows {
  /** Row-major, `(rows + 1) × stride`; rows of zero norm stay zero and are marked invalid. */
  data: Float32Array;
  rows: number;
  dim: number;
  /** Floats from one row to the next (`dim` padded for SIMD). */
  stride: number;
  /** 1 where the input vector had a non-zero, finite norm. */
  valid: Uint8Array;
  /** A row past the last one, free for callers' scratch vectors (a split's normal). */
  scratch: number;
  /** Cosine similarity of two rows (dot product of unit vectors). */
  dot(a: number, b: number): number;
}

/** Copies and normalises vectors once; mixed dimensions are a usage error (two embedding models). */
export function unitRows(vectors: readonly Float32Array[]): UnitRows {
  const dim = vectors[0]?.length ?? 0;
  const simd = createSimdRows(vectors.length + 1, dim);
  const { data, stride } = simd;
  const valid = new Uint8Array(vectors.length);
  vectors.forEach((vector, row) => {
    if (vector.length !== dim) {
      throw new UsageError(
        `embeddings have different dimensions (${dim} and ${vector.length})`,
        'rebuild the graph with a single embedding model',
      );
    }
    let norm = 0;
    for (let k = 0; k < dim; k++) norm += (vector[k] as number) * (vector[k] as number);
    norm = Math.sqrt(norm);
    if (!(norm > 0) || !Number.isFinite(norm)) return;
    valid[row] = 1;
    const offset = row * stride;
    for (let k = 0; k < dim; k++) data[offset + k] = (vector[k] as number) / norm;
  });
  return { data, rows: vectors.length, dim, stride, valid, scratch: vectors.length, dot: simd.dot };
}

/**
 * Per row, the best `k` (score, row) pairs seen so far: a binary min-heap whose root is
 * the worst kept entry. Ties on score keep the smaller row index, so results never depend
 * on the order candidates arrive in.
 */
export interface RowHeaps {
  k: number;
  scores: Float64Array;
  others: Int32Array;
  sizes: Int32Array;
  /** 1 while an entry has not yet been used by a refinement round (NN-descent's "new" flag). */
  fresh: Uint8Array;
}

export function createRowHeaps(rows: number, k: number): RowHeaps {
  return {
    k,
    scores: new Float64Array(rows * k),
    others: new Int32Array(rows * k),
    sizes: new Int32Array(rows),
    fresh: new Uint8Array(rows * k),
  };
}

/** True when entry (scoreA, otherA) ranks below (scoreB, otherB). */
function worse(scoreA: number, otherA: number, scoreB: number, otherB: number): boolean {
  return scoreA < scoreB || (scoreA === scoreB && otherA > otherB);
}

/** Whether `other` is already kept for `row` (heaps are small: a scan beats a set). */
export function heapHas(heaps: RowHeaps, row: number, other: number): boolean {
  const base = row * heaps.k;
  const end = base + (heaps.sizes[row] as number);
  for (let i = base; i < end; i++) if (heaps.others[i] === other) return true;
  return false;
}

/** Moves heap slot `from` to slot `to` (absolute positions). */
function moveEntry(heaps: RowHeaps, to: number, from: number): void {
  heaps.scores[to] = heaps.scores[from] as number;
  heaps.others[to] = heaps.others[from] as number;
  heaps.fresh[to] = heaps.fresh[from] as number;
}

function placeEntry(heaps: RowHeaps, at: number, other: number, score: number): void {
  heaps.scores[at] = score;
  heaps.others[at] = other;
  heaps.fresh[at] = 1;
}

/** Whether slot `a` ranks below slot `b` (absolute positions). */
const slotWorse = (heaps: RowHeaps, a: number, b: number): boolean =>
  worse(heaps.scores[a] as number, heaps.others[a] as number, heaps.scores[b] as number, heaps.others[b] as number);

/** Offers a candidate; returns true when it was kept. Callers ensure it is not already kept. */
export function heapOffer(heaps: RowHeaps, row: number, other: number, score: number): boolean {
  const { k, scores, others, sizes } = heaps;
  const base = row * k;
  const size = sizes[row] as number;
  if (size < k) {
    // Sift up from the new leaf.
    let child = size;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!worse(score, other, scores[base + parent] as number, others[base + parent] as number)) break;
      moveEntry(heaps, base + child, base + parent);
      child = parent;
    }
    placeEntry(heaps, base + child, other, score);
    sizes[row] = size + 1;
    return true;
  }
  if (k === 0 || !worse(scores[base] as number, others[base] as number, score, other)) return false;
  // Replace the root and sift down.
  let parent = 0;
  for (;;) {
    const left = 2 * parent + 1;
    if (left >= k) break;
    const right = left + 1;
    const smallest = right < k && slotWorse(heaps, base + right, base + left) ? right : left;
    if (!worse(scores[base + smallest] as number, others[base + smallest] as number, score, other)) break;
    moveEntry(heaps, base + parent, base + smallest);
    parent = smallest;
  }
  placeEntry(heaps, base + parent, other, score);
  return true;
}

/** An undirected pair of row indices, `a < b`, with its score. */
export interface RowPair {
  a: number;
  b: number;
  score: number;
}

/** The union of every row's kept neighbours as undirected pairs, ordered by (a, b). */
export function heapPairs(heaps: RowHeaps): RowPair[] {
  const seen = new Set<number>();
  const pairs: RowPair[] = [];
  const rows = heaps.sizes.length;
  for (let row = 0; row < rows; row++) {
    const base = row * heaps.k;
    for (let i = base; i < base + (heaps.sizes[row] as number); i++) {
      const other = heaps.others[i] as number;
      const a = Math.min(row, other);
      const b = Math.max(row, other);
      const key = a * rows + b;
      if (seen.has(key)) continue;
      seen.add(key);
      pairs.push({ a, b, score: heaps.scores[i] as number });
    }
  }
  return pairs.sort((x, y) => x.a - y.a || x.b - y.b);
}
