import type { Sample } from '../src/testset/sample.js';
import type { SlotState } from './placement.js';
import type { Slot } from './plan.js';
import type { RejectionReason } from './verify/reasons.js';

/**
 * What a block of slots holds while it runs: each slot's state and sample, how many are
 * filled, and every rejected candidate in judging order with a count per reason. One record
 * written by the judging loop (run.ts) and the surplus (surplus.ts), so a sample that moves
 * between a slot and the rejected list is counted on one side only.
 */

export interface SampleFailure {
  synthesizer: string;
  chunkIds: string[];
  code: RejectionReason;
  reason: string;
  /** The candidate, when synthesis got as far as one. */
  sample?: Sample;
}

export interface SlotFills {
  readonly slots: SlotState[];
  /** Per slot, its sample once it is filled. */
  readonly samples: (Sample | undefined)[];
  /** Slots filled now. */
  accepted: number;
  readonly failures: SampleFailure[];
  readonly rejections: Record<string, number>;
}

export function createSlotFills(slots: readonly Slot[]): SlotFills {
  return { slots: slots.map((slot) => ({ ...slot, filled: false })), samples: slots.map(() => undefined), accepted: 0, failures: [], rejections: {} };
}

export function fillSlot(fills: SlotFills, index: number, sample: Sample): void {
  (fills.slots[index] as SlotState).filled = true;
  fills.samples[index] = sample;
  fills.accepted++;
}

export function recordFailure(fills: SlotFills, failure: SampleFailure): void {
  fills.failures.push(failure);
  fills.rejections[failure.code] = (fills.rejections[failure.code] ?? 0) + 1;
}

/**
 * A filled slot whose wanted difficulty was traded away (cell-exchange.ts) is open again: its
 * sample becomes a `difficulty` rejection and is not reused (the near-duplicate filter has
 * seen it). The caller has it draw again.
 */
export function reopenSlot(fills: SlotFills, index: number): void {
  const sample = fills.samples[index] as Sample;
  const slot = fills.slots[index] as SlotState;
  fills.samples[index] = undefined;
  slot.filled = false;
  fills.accepted--;
  recordFailure(fills, { synthesizer: slot.synthesizer, chunkIds: sample.reference_context_ids, code: 'difficulty', reason: `${sample.difficulty} question, its slot traded for ${slot.difficulty}`, sample });
}
