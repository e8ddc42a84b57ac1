import type { Rng } from '../../src/rng.js';
import { type RowHeaps, type UnitRows, createRowHeaps, heapHas, heapOffer } from './knn.js';

/**
 * Approximate k-nearest-neighbour graph in two steps, as in PyNNDescent:
 * 1. a forest of random-projection trees (each split is the hyperplane between two
 *    random rows) whose leaves are joined exactly — cheap, and good at finding the
 *    right neighbourhood;
 * 2. NN-descent rounds ("a neighbour of my neighbour is likely my neighbour"), which
 *    join each row's neighbour lists and stop once few heaps still change.
 * Cost grows like n·(trees·leafSize + rounds·k²) dot products, never n².
 */
export interface ApproximateKnnOptions {
  k: number;
  rng: Rng;
  trees?: number;
  leafSize?: number;
  maxRounds?: number;
  /** Stop when a round changes fewer than this fraction of the n·k heap entries. */
  convergence?: number;
}

const DEFAULTS = { trees: 4, leafSize: 32, maxRounds: 6, convergence: 0.002 };

/** Splits row indices into leaves of at most `leafSize` rows along random hyperplanes. */
function treeLeaves(rows: UnitRows, indices: Int32Array, leafSize: number, rng: Rng): Int32Array[] {
  const { data, dim, stride, scratch } = rows;
  const normal = scratch * stride;
  const leaves: Int32Array[] = [];
  const stack = [indices];
  while (stack.length > 0) {
    const set = stack.pop() as Int32Array;
    if (set.length <= leafSize) {
      leaves.push(set);
      continue;
    }
    const p = set[rng.int(set.length)] as number;
    let q = set[rng.int(set.length - 1)] as number;
    if (q === p) q = set[set.length - 1] as number;
    // For unit rows the hyperplane equidistant from p and q passes through the origin.
    for (let k = 0; k < dim; k++) data[normal + k] = (data[p * stride + k] as number) - (data[q * stride + k] as number);
    const side = new Uint8Array(set.length);
    let right = 0;
    set.forEach((row, i) => {
      if (rows.dot(row, scratch) > 0) {
        side[i] = 1;
        right++;
      }
    });
    // Identical rows cannot be separated by any hyperplane: halve the set instead.
    if (right === 0 || right === set.length) {
      const half = set.length >> 1;
      stack.push(set.subarray(0, half), set.subarray(half));
      continue;
    }
    const leftSet = new Int32Array(set.length - right);
    const rightSet = new Int32Array(right);
    let l = 0;
    let r = 0;
    set.forEach((row, i) => {
      if (side[i]) rightSet[r++] = row;
      else leftSet[l++] = row;
    });
    stack.push(leftSet, rightSet);
  }
  return leaves;
}

/**
 * Scores a pair once and offers it to both rows; returns how many heaps changed. No score
 * threshold here: weak links still guide the descent, the caller filters at the end.
 */
function join(rows: UnitRows, heaps: RowHeaps, a: number, b: number): number {
  const hasA = heapHas(heaps, a, b);
  const hasB = heapHas(heaps, b, a);
  if (hasA && hasB) return 0;
  const score = rows.dot(a, b);
  let changed = 0;
  if (!hasA && heapOffer(heaps, a, b, score)) changed++;
  if (!hasB && heapOffer(heaps, b, a, score)) changed++;
  return changed;
}

/**
 * Each row's candidate lists for one NN-descent round: forward and reverse neighbours,
 * split into fresh (not yet joined) and old. Reverse lists are capped at `k` so hubs do
 * not make a round quadratic; the cap keeps the lowest row indices, which is deterministic.
 */
function candidateLists(heaps: RowHeaps): { fresh: number[][]; old: number[][] } {
  const rowCount = heaps.sizes.length;
  const fresh: number[][] = Array.from({ length: rowCount }, () => []);
  const old: number[][] = Array.from({ length: rowCount }, () => []);
  for (let row = 0; row < rowCount; row++) {
    const base = row * heaps.k;
    for (let i = base; i < base + (heaps.sizes[row] as number); i++) {
      const other = heaps.others[i] as number;
      const isFresh = heaps.fresh[i] === 1;
      (isFresh ? fresh : old)[row]?.push(other);
      const reverse = (isFresh ? fresh : old)[other] as number[];
      if (reverse.length < heaps.k && !reverse.includes(row)) reverse.push(row);
      heaps.fresh[i] = 0;
    }
  }
  return { fresh, old };
}

/** The approximate top-k heaps of every valid row. */
export function approximateKnn(rows: UnitRows, options: ApproximateKnnOptions): RowHeaps {
  const { k, rng, trees, leafSize, maxRounds, convergence } = { ...DEFAULTS, ...options };
  const heaps = createRowHeaps(rows.rows, k);
  const validRows: number[] = [];
  for (let row = 0; row < rows.rows; row++) if (rows.valid[row]) validRows.push(row);
  const all = Int32Array.from(validRows);

  for (let tree = 0; tree < trees; tree++) {
    for (const leaf of treeLeaves(rows, all, Math.max(leafSize, k + 1), rng.fork(`tree-${tree}`))) {
      for (let i = 0; i < leaf.length; i++) {
        for (let j = i + 1; j < leaf.length; j++) join(rows, heaps, leaf[i] as number, leaf[j] as number);
      }
    }
  }

  for (let round = 0; round < maxRounds; round++) {
    const { fresh, old } = candidateLists(heaps);
    let changed = 0;
    for (let row = 0; row < rows.rows; row++) {
      const freshList = fresh[row] as number[];
      const oldList = old[row] as number[];
      for (let i = 0; i < freshList.length; i++) {
        const a = freshList[i] as number;
        for (let j = i + 1; j < freshList.length; j++) {
          const b = freshList[j] as number;
          if (a !== b) changed += join(rows, heaps, a, b);
        }
        for (const b of oldList) if (a !== b) changed += join(rows, heaps, a, b);
      }
    }
    if (changed < convergence * rows.rows * k) break;
  }
  return heaps;
}
