import { describe, expect, it } from 'vitest';
import { createDuplicateFilter, jaccard, questionWords } from '../../synthesizers/dedupe.js';
import { balancedLabels, weightedOrder } from '../../synthesizers/weighted.js';
import { createRng } from '../../src/rng.js';

describe('createDuplicateFilter', () => {
  it('rejects exact and near-duplicate questions, keeps distinct ones', () => {
    const filter = createDuplicateFilter();
    expect(filter.accept('When was the Rosetta Stone found near Rashid?')).toBe(true);
    expect(filter.accept('when was the rosetta stone found near rashid')).toBe(false);
    expect(filter.accept('When was the Rosetta Stone found, near Rashid in Egypt?')).toBe(false);
    expect(filter.accept('Who read the cartouche of Ptolemy first?')).toBe(true);
    expect(filter.accept('Where is the Rosetta Stone displayed today?')).toBe(true);
  });

  it('measures word overlap', () => {
    expect(jaccard(questionWords('a b c'), questionWords('A, b; c!'))).toBe(1);
    expect(jaccard(questionWords('a b'), questionWords('c d'))).toBe(0);
  });
});

describe('weighted choices', () => {
  it('puts heavy items first more often, deterministically per seed', () => {
    const rng = createRng('w');
    let heavyFirst = 0;
    for (let i = 0; i < 400; i++) if (weightedOrder(['light', 'heavy'], (x) => (x === 'heavy' ? 9 : 1), rng)[0] === 'heavy') heavyFirst++;
    expect(heavyFirst).toBeGreaterThan(320);
    expect(weightedOrder([1, 2, 3], () => 1, createRng(3))).toEqual(weightedOrder([1, 2, 3], () => 1, createRng(3)));
  });

  it('balances labels', () => {
    const labels = balancedLabels(['a', 'b', 'c'], 7, createRng(1));
    expect(labels).toHaveLength(7);
    for (const label of ['a', 'b', 'c']) expect(labels.filter((l) => l === label).length).toBeGreaterThanOrEqual(2);
  });
});
