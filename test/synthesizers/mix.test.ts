import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { allocateCounts, normalisedMixNote, parseMix } from '../../synthesizers/mix.js';
import { BUILTIN_SYNTHESIZERS } from '../../synthesizers/registry.js';

const weights = (input: Parameters<typeof parseMix>[0]) => parseMix(input, BUILTIN_SYNTHESIZERS).map((e) => e.weight);

describe('parseMix', () => {
  it('defaults to 0.5 / 0.25 / 0.25 in registry order', () => {
    expect(parseMix(undefined, BUILTIN_SYNTHESIZERS)).toEqual([
      { name: 'single_hop_specific', weight: 0.5 },
      { name: 'multi_hop_specific', weight: 0.25 },
      { name: 'multi_hop_abstract', weight: 0.25 },
    ]);
  });

  it('accepts full names, aliases and hyphens, and normalises weights', () => {
    expect(weights('single_hop_specific=2,multi-hop-specific=1,multi_hop_abstract=1')).toEqual([0.5, 0.25, 0.25]);
    expect(weights('ma=3, s=1')).toEqual([0.25, 0, 0.75]);
    expect(weights('single=1,multi_specific=1,multi_abstract=2')).toEqual([0.25, 0.25, 0.5]);
    expect(weights({ ms: 1 })).toEqual([0, 1, 0]);
  });

  it('rejects unknown names with the valid ones listed', () => {
    expect(() => weights('singel=1')).toThrow(UsageError);
    try {
      weights('singel=1');
    } catch (error) {
      expect((error as UsageError).hint).toContain('multi_hop_abstract');
    }
  });

  it('rejects negative, non-numeric, zero-sum, duplicate and malformed entries', () => {
    expect(() => weights('s=-1,ms=1')).toThrow(/≥ 0/);
    expect(() => weights('s=abc')).toThrow(UsageError);
    expect(() => weights('s=0,ms=0')).toThrow(/sum to 0/);
    expect(() => weights('s=1,single=1')).toThrow(/twice/);
    expect(() => weights('s')).toThrow(/bad mix entry/);
    expect(() => weights('')).toThrow(/empty/);
  });
});

describe('allocateCounts', () => {
  it('gives exactly the total, by largest remainder with ties to the earlier entry', () => {
    expect(allocateCounts(10, [0.5, 0.25, 0.25])).toEqual([5, 3, 2]);
    expect(allocateCounts(7, [0.5, 0.25, 0.25])).toEqual([3, 2, 2]);
    expect(allocateCounts(1, [0.5, 0.25, 0.25])).toEqual([1, 0, 0]);
    expect(allocateCounts(3, [1 / 3, 1 / 3, 1 / 3])).toEqual([1, 1, 1]);
    expect(allocateCounts(5, [0, 1, 0])).toEqual([0, 5, 0]);
    expect(allocateCounts(2, [0, 0.5, 0.5])).toEqual([0, 1, 1]);
  });

  it('sums to the total for many sizes and mixes', () => {
    const mixes = [[0.5, 0.25, 0.25], [0.1, 0.2, 0.7], [1, 1, 1], [0.34, 0.33, 0.33], [3, 0, 1]];
    for (const mix of mixes) {
      for (let n = 1; n <= 60; n++) {
        const counts = allocateCounts(n, mix);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(n);
        const sum = mix.reduce((a, b) => a + b, 0);
        counts.forEach((count, i) => expect(Math.abs(count - (n * (mix[i] as number)) / sum)).toBeLessThan(1));
      }
    }
  });
});

describe('normalisedMixNote', () => {
  const note = (input: Parameters<typeof parseMix>[0]) => normalisedMixNote(input, parseMix(input, BUILTIN_SYNTHESIZERS));

  it('says the shares used when the weights do not sum to 1', () => {
    expect(note('single=0.5,ms=0.2')).toBe(
      'The mix weights sum to 0.7; normalised to single_hop_specific=0.714, multi_hop_specific=0.286.',
    );
    expect(note({ multi_hop_abstract: 2, single_hop_specific: 2 })).toBe(
      'The mix weights sum to 4; normalised to single_hop_specific=0.5, multi_hop_abstract=0.5.',
    );
  });

  it('is silent for weights that sum to 1, and without a mix', () => {
    expect(note('single=0.5,ms=0.25,ma=0.25')).toBeNull();
    expect(note({ single_hop_specific: 0.1, multi_hop_specific: 0.2, multi_hop_abstract: 0.7 })).toBeNull();
    expect(note(undefined)).toBeNull();
  });
});
