import type { LimitFunction } from 'p-limit';
import { SYNTHESIZE_TASK, SynthesizeOutput } from '../src/llm/tasks.js';
import type { LlmClient } from '../src/llm/types.js';
import type { OnProgress } from '../src/progress.js';
import type { Sample } from '../src/testset/sample.js';
import { createDuplicateFilter } from './dedupe.js';
import type { Slot } from './plan.js';
import { promptHash, synthesizeMessages } from './prompt.js';
import { synthesizeInput, toSample, type ContextNode } from './record.js';
import type { ScenarioSource } from './stream.js';
import type { Scenario, Synthesizer } from './types.js';

/**
 * Scenarios → exactly one sample per slot. Each sample costs one `synthesize` call. A slot
 * whose call fails, whose answer does not validate, or whose question is empty or a
 * near-duplicate gets a fresh scenario of the same synthesizer in the next wave; when that
 * synthesizer has none left, the slot moves to the next synthesizer that has. Calls run
 * concurrently, but results are judged in slot order, so the output never depends on
 * which call finished first.
 */

export interface SampleFailure {
  synthesizer: string;
  chunkIds: string[];
  reason: string;
}

export interface RunResult {
  /** In slot order. */
  samples: Sample[];
  failures: SampleFailure[];
}

export interface RunOptions {
  slots: readonly Slot[];
  sources: ReadonlyMap<string, ScenarioSource>;
  /** Where an exhausted slot draws instead, best first. */
  fallbackOrder: readonly string[];
  synthesizers: ReadonlyMap<string, Synthesizer>;
  llm: LlmClient;
  loadContexts: (chunkIds: readonly string[]) => Promise<ContextNode[]>;
  language: string | null;
  seed: string;
  /** Calls in flight, shared by every block of a run. */
  limit: LimitFunction;
  duplicateThreshold?: number;
  onProgress?: OnProgress;
}

type Attempt = { ok: true; sample: Sample } | { ok: false; reason: string };

export async function runSlots(options: RunOptions): Promise<RunResult> {
  const { slots, sources, llm, limit } = options;
  const duplicates = createDuplicateFilter(options.duplicateThreshold);
  const filled: (Sample | undefined)[] = slots.map(() => undefined);
  const current = slots.map((slot) => ({ ...slot }));
  const failures: SampleFailure[] = [];
  let accepted = 0;

  const draw = (slot: Slot): Scenario | undefined => {
    for (const name of [slot.synthesizer, ...options.fallbackOrder]) {
      const scenario = sources.get(name)?.next(slot);
      if (scenario) {
        slot.synthesizer = name;
        return scenario;
      }
    }
    return undefined;
  };

  const attempt = async (scenario: Scenario): Promise<Attempt> => {
    const synthesizer = options.synthesizers.get(scenario.synthesizer) as Synthesizer;
    const contexts = await options.loadContexts(scenario.chunkIds);
    const input = synthesizeInput(scenario, contexts, options.language);
    const result = await llm.object({
      stage: 'synthesize',
      name: 'sample',
      schema: SynthesizeOutput,
      messages: synthesizeMessages(synthesizer, input),
      task: { name: SYNTHESIZE_TASK, input },
    });
    if (!result.ok) return { ok: false, reason: result.reason };
    if (result.value.question.trim() === '' || result.value.answer.trim() === '') {
      return { ok: false, reason: 'empty question or answer' };
    }
    const generation = { model: llm.chatModelId, promptHash: promptHash(synthesizer), seed: options.seed };
    return { ok: true, sample: toSample(scenario, result.value, contexts, generation) };
  };

  let pending = slots.map((_, index) => index);
  while (pending.length > 0) {
    const wave: { index: number; scenario: Scenario }[] = [];
    for (const index of pending) {
      const scenario = draw(current[index] as Slot);
      // No synthesizer has scenarios left: the slot stays empty and the report says so.
      if (scenario) wave.push({ index, scenario });
    }
    let finished = 0;
    const outcomes = await Promise.all(
      wave.map(({ scenario }) =>
        limit(async () => {
          const outcome = await attempt(scenario);
          finished++;
          options.onProgress?.({ stage: 'synthesize', done: Math.min(slots.length, accepted + finished), total: slots.length });
          return outcome;
        }),
      ),
    );
    pending = [];
    wave.forEach(({ index, scenario }, i) => {
      const outcome = outcomes[i] as Attempt;
      if (outcome.ok && duplicates.accept(outcome.sample.user_input)) {
        filled[index] = outcome.sample;
        accepted++;
        return;
      }
      const reason = outcome.ok ? 'near-duplicate question' : outcome.reason;
      failures.push({ synthesizer: scenario.synthesizer, chunkIds: scenario.chunkIds, reason });
      pending.push(index);
    });
    options.onProgress?.({ stage: 'synthesize', done: accepted, total: slots.length });
  }
  return { samples: filled.filter((sample): sample is Sample => sample !== undefined), failures };
}
