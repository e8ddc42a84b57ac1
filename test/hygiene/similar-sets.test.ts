import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/rng.js';
import { similarSetPairs } from '../../src/hygiene/similar-sets.js';

/**
 * Random ascending sets over a vocabulary of `vocabulary` words, with near-copies, so many pairs
 * sit near the threshold; `spread` maps word k to its value (e.g. a 32-bit hash).
 */
function randomSets(seed: string, count: number, vocabulary = 200, spread = (k: number) => k): Uint32Array[] {
  const rng = createRng(seed);
  const sets: Uint32Array[] = [];
  for (let i = 0; i < count; i++) {
    const base = i > 0 && rng.int(3) === 0 ? [...(sets[rng.int(sets.length)] as Uint32Array)] : [];
    const words = new Set(base.filter(() => rng.int(20) > 0));
    const extra = 1 + rng.int(base.length > 0 ? 4 : 30);
    for (let k = 0; k < extra; k++) words.add(spread(rng.int(vocabulary)));
    sets.push(Uint32Array.from(words).sort());
  }
  return sets;
}

/** What comparing every pair finds: the reference the exact algorithm must match. */
function allPairs(sets: Uint32Array[], threshold: number): { i: number; j: number; jaccard: number }[] {
  const expected: { i: number; j: number; jaccard: number }[] = [];
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      const [a, b] = [new Set(sets[i]), new Set(sets[j])];
      const shared = [...a].filter((value) => b.has(value)).length;
      const similarity = shared / (a.size + b.size - shared);
      if (similarity >= threshold) expected.push({ i, j, jaccard: similarity });
    }
  }
  return expected;
}

describe('similarSetPairs', () => {
  it('finds exactly the pairs a comparison of all pairs finds, with the same Jaccard index, in (i, j) order', () => {
    for (const threshold of [0.5, 0.7, 0.8, 0.9]) {
      const sets = randomSets(`similar-sets-${threshold}`, 300);
      const expected = allPairs(sets, threshold);
      expect(expected.length).toBeGreaterThan(3);
      expect(similarSetPairs(sets, threshold)).toEqual(expected);
      // The same sets as unordered values with repeats: each input is taken as the set of its values.
      const shuffled = sets.map((set) => Uint32Array.from([...set, ...set.slice(0, 3)].reverse()));
      expect(similarSetPairs(shuffled, threshold)).toEqual(expected);
    }
  });

  it('finds the same pairs over 32-bit hashes (half of them above 2³¹) and thousands of distinct values', () => {
    const hash = (k: number) => Math.imul(k + 1, 0x9e3779b1) >>> 0;
    for (const threshold of [0.6, 0.8]) {
      const sets = randomSets(`similar-sets-hashes-${threshold}`, 400, 5000, hash);
      const distinct = new Set(sets.flatMap((set) => [...set]));
      expect(distinct.size).toBeGreaterThan(2000);
      expect([...distinct].some((value) => value >= 2 ** 31)).toBe(true);
      const expected = allPairs(sets, threshold);
      expect(expected.length).toBeGreaterThan(3);
      expect(similarSetPairs(sets, threshold)).toEqual(expected);
    }
  });

  it('finds a pair exactly at the threshold where t·|x| is not exact in floating point (0.55 × 100 = 55.00000000000001)', () => {
    const large = Uint32Array.from({ length: 100 }, (_, k) => k);
    const sets = [large, Uint32Array.of(500), large.slice(0, 55)];
    expect(similarSetPairs(sets, 0.55)).toEqual([{ i: 0, j: 2, jaccard: 0.55 }]);
  });
});
