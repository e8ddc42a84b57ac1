import type { Difficulty, Sample } from '../src/testset/sample.js';
import type { createDuplicateFilter } from './dedupe.js';
import { placeSample, type SlotState } from './placement.js';
import { fillSlot, type SampleFailure, type SlotFills } from './slot-fills.js';
import type { Scenario } from './types.js';

/**
 * The surplus: ranked samples no open slot wanted when they were judged (rejected with code
 * `difficulty`), in judging order. They are paid for and ranked already, so a slot that
 * relaxes its difficulty or trades it (cell-exchange.ts) takes the first one it can hold
 * (placement.ts) before it pays for a new candidate; that sample then leaves the rejected list.
 */

export interface SurplusSample {
  /** Its entry in the rejected list. */
  failure: SampleFailure;
  /** The scenario it was written from: its synthesizer and labels. */
  drawn: Scenario;
  sample: Sample;
}

export function fillFromSurplus(fills: SlotFills, surplus: SurplusSample[], index: number, duplicates: ReturnType<typeof createDuplicateFilter>): void {
  const { slots, failures, rejections } = fills;
  for (let i = 0; i < surplus.length && !(slots[index] as SlotState).filled; i++) {
    const { failure, drawn, sample } = surplus[i] as SurplusSample;
    const target = drawn.synthesizer === (slots[index] as SlotState).synthesizer ? placeSample(slots, index, drawn, sample.difficulty as Difficulty) : undefined;
    if (target === undefined || !duplicates.accept(sample.user_input)) continue;
    fillSlot(fills, target, sample);
    surplus.splice(i--, 1);
    failures.splice(failures.indexOf(failure), 1);
    rejections.difficulty = (rejections.difficulty ?? 1) - 1;
  }
}
