import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/rng.js';
import { parseMix } from '../../synthesizers/mix.js';
import { planCounts, planSlots } from '../../synthesizers/plan.js';
import { BUILTIN_SYNTHESIZERS } from '../../synthesizers/registry.js';

const mix = parseMix(undefined, BUILTIN_SYNTHESIZERS);
const plenty = { single_hop_specific: 100, multi_hop_specific: 100, multi_hop_abstract: 100 };

describe('planCounts', () => {
  it('plans the requested counts when the graph can supply them', () => {
    expect(planCounts(mix, 10, plenty)).toEqual({
      requested: { single_hop_specific: 5, multi_hop_specific: 3, multi_hop_abstract: 2 },
      planned: { single_hop_specific: 5, multi_hop_specific: 3, multi_hop_abstract: 2 },
    });
  });

  it('moves a shortfall to the other kinds by their weights', () => {
    const plan = planCounts(mix, 12, { ...plenty, multi_hop_specific: 0 });
    expect(plan.requested).toEqual({ single_hop_specific: 6, multi_hop_specific: 3, multi_hop_abstract: 3 });
    expect(plan.planned).toEqual({ single_hop_specific: 8, multi_hop_specific: 0, multi_hop_abstract: 4 });
  });

  it('respects every kind’s capacity and stops when all are exhausted', () => {
    expect(planCounts(mix, 10, { single_hop_specific: 6, multi_hop_specific: 0, multi_hop_abstract: 1 }).planned).toEqual({
      single_hop_specific: 6,
      multi_hop_specific: 0,
      multi_hop_abstract: 1,
    });
  });

  it('uses a kind weighted 0 only when nothing else can fill', () => {
    const onlyMulti = parseMix('ms=1', BUILTIN_SYNTHESIZERS);
    expect(planCounts(onlyMulti, 4, { ...plenty, multi_hop_specific: 1 }).planned).toEqual({
      single_hop_specific: 2,
      multi_hop_specific: 1,
      multi_hop_abstract: 1,
    });
  });
});

describe('planSlots', () => {
  it('balances styles and lengths within each synthesizer, deterministically', () => {
    const planned = { single_hop_specific: 8, multi_hop_specific: 3, multi_hop_abstract: 0 };
    const labels = { styles: ['a', 'b', 'c', 'd'], lengths: ['short', 'long'] };
    const slots = planSlots(mix, planned, labels, createRng(1));
    expect(slots.map((s) => s.synthesizer)).toEqual([...Array(8).fill('single_hop_specific'), ...Array(3).fill('multi_hop_specific')]);
    const single = slots.slice(0, 8);
    for (const style of labels.styles) expect(single.filter((s) => s.style === style)).toHaveLength(2);
    expect(single.filter((s) => s.length === 'short')).toHaveLength(4);
    expect(new Set(slots.slice(8).map((s) => s.style)).size).toBe(3);
    expect(planSlots(mix, planned, labels, createRng(1))).toEqual(slots);
    expect(planSlots(mix, planned, labels, createRng(2))).not.toEqual(slots);
  });
});
