import type { Rng } from '../src/rng.js';

/**
 * A random order in which heavier items tend to come first (Efraimidis–Spirakis: sort by
 * `u^(1/w)`). Taking the first k is weighted sampling without replacement. Items with
 * weight ≤ 0 go last, in their given order.
 */
export function weightedOrder<T>(items: readonly T[], weight: (item: T) => number, rng: Rng): T[] {
  const keyed = items.map((item, index) => {
    const w = weight(item);
    return { item, index, key: w > 0 ? Math.pow(rng.next(), 1 / w) : -1 };
  });
  keyed.sort((a, b) => b.key - a.key || a.index - b.index);
  return keyed.map(({ item }) => item);
}

/**
 * `count` labels as evenly as possible (each label `⌊count/k⌋` or one more times), in a
 * shuffled order: styles and lengths are balanced instead of left to chance.
 */
export function balancedLabels(labels: readonly string[], count: number, rng: Rng): string[] {
  if (labels.length === 0 || count <= 0) return [];
  const full = Math.floor(count / labels.length);
  const extra = rng.shuffle(labels).slice(0, count - full * labels.length);
  const pool = [...labels.flatMap((label) => Array<string>(full).fill(label)), ...extra];
  return rng.shuffle(pool);
}
