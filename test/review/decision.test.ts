import { describe, expect, it } from 'vitest';
import { applyDecision, Decision } from '../../src/review/decision.js';
import type { Sample } from '../../src/testset/sample.js';
import { singleHop } from '../testset/fixtures.js';

/** What each decision does to a sample; the server and its tests go through the same function. */

const AT = '2026-12-01T00:00:00.000Z';
const LATER = '2026-12-01T00:05:00.000Z';
const ok = (result: ReturnType<typeof applyDecision>): Sample => {
  if (!result.ok) throw new Error(result.reason);
  return result.sample;
};

describe('applyDecision', () => {
  it('accepts and rejects, with a time and an optional note', () => {
    expect(ok(applyDecision(singleHop, { action: 'accept' }, AT)).review).toEqual({ status: 'accepted', at: AT });
    expect(ok(applyDecision(singleHop, { action: 'reject', note: 'vague' }, AT)).review).toEqual({ status: 'rejected', note: 'vague', at: AT });
  });

  it('keeps the generated text once, through later edits and decisions', () => {
    const once = ok(applyDecision(singleHop, { action: 'edit', user_input: 'Where was the decree issued?' }, AT));
    expect(once.user_input).toBe('Where was the decree issued?');
    expect(once.reference).toBe(singleHop.reference);
    expect(once.review).toEqual({ status: 'edited', original: { user_input: singleHop.user_input, reference: singleHop.reference }, at: AT });
    const twice = ok(applyDecision(once, { action: 'edit', reference: 'In Memphis.' }, LATER));
    expect(twice.review?.original).toEqual({ user_input: singleHop.user_input, reference: singleHop.reference });
    const accepted = ok(applyDecision(twice, { action: 'accept' }, LATER));
    expect(accepted.review).toEqual({ status: 'accepted', original: twice.review?.original, at: LATER });
    expect(accepted.user_input).toBe('Where was the decree issued?');
  });

  it('adds or clears a note on a decided sample, and refuses one on an undecided sample', () => {
    const rejected = ok(applyDecision(singleHop, { action: 'reject' }, AT));
    expect(ok(applyDecision(rejected, { action: 'note', note: 'duplicate of #3' }, LATER)).review).toEqual({ status: 'rejected', note: 'duplicate of #3', at: LATER });
    const noted = ok(applyDecision(rejected, { action: 'note', note: 'x' }, LATER));
    expect(ok(applyDecision(noted, { action: 'note', note: '' }, LATER)).review).toEqual({ status: 'rejected', at: LATER });
    expect(ok(applyDecision(noted, { action: 'accept' }, LATER)).review?.note).toBe('x');
    expect(applyDecision(singleHop, { action: 'note', note: 'hm' }, AT)).toEqual({ ok: false, reason: expect.stringContaining('decide first') });
  });

  it('refuses an edit that changes nothing, and empty text', () => {
    expect(applyDecision(singleHop, { action: 'edit' }, AT).ok).toBe(false);
    expect(Decision.safeParse({ action: 'edit', user_input: '   ' }).success).toBe(false);
    expect(Decision.safeParse({ action: 'delete' }).success).toBe(false);
  });
});
