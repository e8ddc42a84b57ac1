import type { LimitFunction } from 'p-limit';
import { mapInOrder } from '../src/ordered-pool.js';
import type { Difficulty, Sample } from '../src/testset/sample.js';
import { writeCandidate, type CandidateSettings } from './candidate.js';
import { exchangeCell, type SteerOutcomes } from './cell-exchange.js';
import { createDuplicateFilter } from './dedupe.js';
import type { DifficultyCells } from './difficulty-mix.js';
import { placeSample, type SlotState } from './placement.js';
import type { Slot } from './plan.js';
import { createSlotFills, fillSlot, recordFailure, reopenSlot, type SampleFailure } from './slot-fills.js';
import type { SlotProgress } from './slot-progress.js';
import type { ScenarioSource } from './stream.js';
import { fillFromSurplus, type SurplusSample } from './surplus.js';
import type { Scenario } from './types.js';

/**
 * Scenarios → exactly one sample per slot. Each candidate costs one `synthesize` call and,
 * unless verification is off, what the verify stage spends (candidate.ts). A slot
 * whose candidate fails (call, validation, empty or near-duplicate question, or a verify
 * rejection) gets a fresh scenario of the same synthesizer; when that
 * synthesizer has none left, the slot moves to the next synthesizer that has. A slot gives
 * up after `attemptsPerSlot` rejected candidates, and the report says why.
 *
 * Every kept candidate is ranked (retrieval ranks and difficulty; questions are embedded in
 * batches, stage `embed_questions`). A slot that wants a difficulty takes only a sample of
 * that difficulty; a sample of another difficulty fills an open slot that wants it
 * (placement.ts) or is kept aside as surplus (surplus.ts). After `difficultyAttempts` such misfits a slot
 * takes any difficulty, first from the surplus (already paid for and ranked, no call), else
 * from new candidates, and the report shows the cell's shortfall with what its candidates
 * measured. Which slots want easy or hard steers their prompts (phrasing.ts). Calls run concurrently,
 * but results are judged in queue order (slots first, then replacements in the order they
 * were drawn), so the output never depends on which call finished first.
 */

/** A slot that used up its attempts: its synthesizer falls short. */
export interface AbandonedSlot {
  synthesizer: string;
  attempts: number;
}

export interface RunResult {
  /** In slot order. */
  samples: Sample[];
  failures: SampleFailure[];
  abandoned: AbandonedSlot[];
  /** Candidates per synthesizer (every attempt, kept or not). */
  candidates: Record<string, number>;
  /** Slots that reached `difficultyAttempts` and took a sample of any difficulty. */
  relaxed: number;
  /** Slots that traded their wanted difficulty with another kind's slot (cell-exchange.ts), and the cells after the trades. */
  exchanged: number;
  cells: DifficultyCells;
  /** What the ranked candidates written for slots that wanted a difficulty measured. */
  outcomes: SteerOutcomes;
}

export interface RunOptions extends CandidateSettings {
  slots: readonly Slot[];
  sources: ReadonlyMap<string, ScenarioSource>;
  /** Where an exhausted slot draws instead, best first. */
  fallbackOrder: readonly string[];
  /** Calls in flight, shared by every block of a run. */
  limit: LimitFunction;
  duplicateThreshold?: number;
  attemptsPerSlot: number;
  difficultyAttempts: number;
  /** Halfway to `difficultyAttempts`, a slot may trade its difficulty with another kind's slot (cell-exchange.ts). */
  difficultyTrades: boolean;
  onProgress?: (progress: SlotProgress) => void;
}

export async function runSlots(options: RunOptions): Promise<RunResult> {
  const { slots, sources, limit } = options;
  const duplicates = createDuplicateFilter(options.duplicateThreshold);
  const fills = createSlotFills(slots);
  const { slots: current, failures, rejections } = fills;
  const abandoned: AbandonedSlot[] = [];
  const attempts = slots.map(() => 0);
  // Candidates of another difficulty than the slot wanted: they do not count against attemptsPerSlot.
  const misfits = slots.map(() => 0);
  // Misfits a slot may see before it trades or relaxes; the difficulty each slot is to have (after trades, never null'ed by relaxing).
  const bounds = slots.map(() => options.difficultyAttempts);
  const tradeAt = Math.ceil(options.difficultyAttempts / 2);
  // The difficulties each slot has wanted: a trade never hands a slot one it has already given up on, so a slot trades at most twice and two slots never swap back and forth.
  const wanted = slots.map((slot) => new Set(slot.difficulty === null ? [] : [slot.difficulty]));
  const targets = slots.map((slot) => slot.difficulty);
  // Candidates in flight per slot: a reopened slot draws only when none is.
  const pending = slots.map(() => 0);
  let relaxed = 0;
  let exchanged = 0;
  const outcomes: SteerOutcomes = {};
  const candidates: Record<string, number> = {};

  const draw = (slot: SlotState): Scenario | undefined => {
    for (const name of [slot.synthesizer, ...options.fallbackOrder]) {
      const scenario = sources.get(name)?.next(slot);
      if (scenario) {
        slot.synthesizer = name;
        return scenario;
      }
    }
    return undefined;
  };

  // One queue in slot order; a slot whose candidate is rejected gets its next scenario
  // appended when it is judged. Judging in queue order draws, accepts and gives up exactly
  // as rounds of waves would, but a slow call holds up only the judging behind it, never
  // the calls.
  const queue: { index: number; scenario: Scenario }[] = [];
  const surplus: SurplusSample[] = [];
  const enqueue = (index: number) => {
    const slot = current[index] as SlotState;
    if (slot.filled) return;
    if ((attempts[index] as number) - (misfits[index] as number) >= options.attemptsPerSlot) {
      abandoned.push({ synthesizer: slot.synthesizer, attempts: attempts[index] as number });
      return;
    }
    if (slot.difficulty !== null && options.difficultyTrades && misfits[index] === (bounds[index] as number) - options.difficultyAttempts + tradeAt) {
      // Halfway to its current bound: a slot may trade for a difficulty its kind reaches (cell-exchange.ts); it then gets a full bound more.
      const trade = exchangeCell(current, index, outcomes, wanted);
      if (trade) {
        const { partner, reopen } = trade;
        targets[index] = slot.difficulty;
        targets[partner] = (current[partner] as SlotState).difficulty;
        wanted[index]?.add(slot.difficulty);
        if (targets[partner]) wanted[partner]?.add(targets[partner]);
        bounds[index] = (misfits[index] as number) + options.difficultyAttempts;
        exchanged++;
        if (reopen) {
          reopenSlot(fills, partner);
          if (pending[partner] === 0) enqueue(partner);
        }
        fillFromSurplus(fills, surplus, index, duplicates);
        if (slot.filled) return;
      }
    }
    if (slot.difficulty !== null && misfits[index] === bounds[index]) {
      // The difficulty bound: this slot now takes whatever difficulty comes; the report shows the cell's shortfall.
      slot.difficulty = null;
      relaxed++;
      fillFromSurplus(fills, surplus, index, duplicates);
      if (slot.filled) return;
    }
    const scenario = draw(slot);
    // No synthesizer has scenarios left: the slot stays empty and the report says so.
    if (!scenario) return;
    attempts[index] = (attempts[index] as number) + 1;
    pending[index] = (pending[index] as number) + 1;
    candidates[scenario.synthesizer] = (candidates[scenario.synthesizer] ?? 0) + 1;
    queue.push({ index, scenario });
  };
  for (const index of slots.keys()) enqueue(index);
  let judged = 0;
  let finished = 0;
  const progress = () => options.onProgress?.({ done: Math.min(slots.length, fills.accepted + finished - judged), judged, rejections });
  await mapInOrder(
    queue,
    { width: limit.concurrency },
    ({ scenario }) =>
      limit(async () => {
        const outcome = await writeCandidate(scenario, options);
        finished++;
        progress();
        return outcome;
      }),
    (outcome, { index, scenario }) => {
      judged++;
      pending[index] = (pending[index] as number) - 1;
      const measured = outcome.ok ? outcome.sample.difficulty : outcome.sample?.difficulty;
      if (scenario.difficulty && measured) {
        const cell = ((outcomes[scenario.synthesizer] ??= {})[scenario.difficulty] ??= { easy: 0, medium: 0, hard: 0 });
        cell[measured]++;
      }
      const target = outcome.ok ? placeSample(current, index, scenario, outcome.sample.difficulty as Difficulty) : undefined;
      if (outcome.ok && target !== undefined && duplicates.accept(outcome.sample.user_input)) {
        fillSlot(fills, target, outcome.sample);
        if (target !== index) misfits[index] = (misfits[index] as number) + 1;
      } else {
        const failure = !outcome.ok
          ? outcome
          : target === undefined
            ? { code: 'difficulty' as const, reason: `${outcome.sample.difficulty} question, no open ${scenario.synthesizer} slot wants one`, sample: outcome.sample }
            : { code: 'duplicate' as const, reason: 'near-duplicate question', sample: outcome.sample };
        if (failure.code === 'difficulty') misfits[index] = (misfits[index] as number) + 1;
        const failed: SampleFailure = { synthesizer: scenario.synthesizer, chunkIds: scenario.chunkIds, code: failure.code, reason: failure.reason, ...(failure.sample ? { sample: failure.sample } : {}) };
        recordFailure(fills, failed);
        // Ranked, but no open slot wanted its difficulty: kept aside for a slot that relaxes or trades.
        if (failure.code === 'difficulty' && failure.sample) surplus.push({ failure: failed, drawn: scenario, sample: failure.sample });
      }
      // A slot still open (its candidate failed or filled another slot) draws again.
      enqueue(index);
      progress();
    },
  );
  const cells: DifficultyCells = {};
  targets.forEach((target, i) => {
    if (target) (cells[(current[i] as SlotState).synthesizer] ??= { easy: 0, medium: 0, hard: 0 })[target]++;
  });
  return { samples: fills.samples.filter((sample): sample is Sample => sample !== undefined), failures, abandoned, candidates, relaxed, exchanged, cells, outcomes };
}
