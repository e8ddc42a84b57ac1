import type { LimitFunction } from 'p-limit';
import { answerRepeatsQuestion, echoesHints } from '../src/llm/echo.js';
import { mapInOrder } from '../src/ordered-pool.js';
import { SYNTHESIZE_TASK, synthesizeOutputSchema, type SynthesisOutput } from '../src/llm/tasks.js';
import type { LlmClient } from '../src/llm/types.js';
import type { Difficulty, Sample } from '../src/testset/sample.js';
import { createDuplicateFilter } from './dedupe.js';
import { phrasingFor } from './phrasing.js';
import { exchangeCell, type SteerOutcomes } from './cell-exchange.js';
import type { DifficultyCells } from './difficulty-mix.js';
import { placeSample, type SlotState } from './placement.js';
import type { Slot } from './plan.js';
import { promptHash, synthesisInstructions, synthesizeMessages } from './prompt.js';
import { synthesizeInput, toSample, type ContextNode } from './record.js';
import type { RetrievalRanker } from './retrieval/ranker.js';
import type { ScenarioSource } from './stream.js';
import { guaranteeQueryStyle } from './style-guarantee.js';
import { checkFaithfulnessPair } from './verify/faithfulness.js';
import { finishFalsePremise } from './false-premise-sample.js';
import { finishUnanswerable, type UnanswerableSettings } from './unanswerable-sample.js';
import type { Scenario, Synthesizer } from './types.js';
import { contextReference } from './verify/context-reference.js';
import { verifySample, type VerifySettings } from './verify/index.js';
import type { RejectionReason } from './verify/reasons.js';

/**
 * Scenarios → exactly one sample per slot. Each candidate costs one `synthesize` call and,
 * unless verification is off, what the verify stage spends (synthesizers/verify/; one
 * `absence` call for an unanswerable question, one `premise` call for a false-premise one). A slot
 * whose candidate fails (call, validation, empty or near-duplicate question, or a verify
 * rejection) gets a fresh scenario of the same synthesizer; when that
 * synthesizer has none left, the slot moves to the next synthesizer that has. A slot gives
 * up after `attemptsPerSlot` rejected candidates, and the report says why.
 *
 * Every kept candidate is ranked (retrieval ranks and difficulty; questions are embedded in
 * batches, stage `embed_questions`). A slot that wants a difficulty takes only a sample of
 * that difficulty; a sample of another difficulty fills an open slot that wants it
 * (placement.ts) or is kept aside as surplus. After `difficultyAttempts` such misfits a slot
 * takes any difficulty, first from the surplus (already paid for and ranked, no call), else
 * from new candidates, and the report shows the cell's shortfall with what its candidates
 * measured. Which slots want easy or hard steers their prompts (phrasing.ts). Calls run concurrently,
 * but results are judged in queue order (slots first, then replacements in the order they
 * were drawn), so the output never depends on which call finished first.
 */

export interface SampleFailure {
  synthesizer: string;
  chunkIds: string[];
  code: RejectionReason;
  reason: string;
  /** The candidate, when synthesis got as far as one. */
  sample?: Sample;
}

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
  verify: VerifySettings;
  /** Ranks every kept question among the graph's chunks. */
  ranker: RetrievalRanker;
  attemptsPerSlot: number;
  difficultyAttempts: number;
  /** Halfway to `difficultyAttempts`, a slot may trade its difficulty with another kind's slot (cell-exchange.ts). */
  difficultyTrades: boolean;
  /** Refusal and distractor count of unanswerable questions. */
  unanswerable: UnanswerableSettings;
  /** Every synthesis call also writes an unfaithful answer (no extra call). */
  faithfulnessPairs: boolean;
  onProgress?: (progress: SlotProgress) => void;
}

/** Where one block of slots stands: slots filled or being judged, candidates judged, rejections per reason. */
export interface SlotProgress {
  done: number;
  judged: number;
  rejections: Readonly<Record<string, number>>;
}

type Attempt = { ok: true; sample: Sample } | { ok: false; code: RejectionReason; reason: string; sample?: Sample };

export async function runSlots(options: RunOptions): Promise<RunResult> {
  const { slots, sources, llm, limit } = options;
  const duplicates = createDuplicateFilter(options.duplicateThreshold);
  const filled: (Sample | undefined)[] = slots.map(() => undefined);
  const current: SlotState[] = slots.map((slot) => ({ ...slot, filled: false }));
  const failures: SampleFailure[] = [];
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
  let accepted = 0;

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

  const attempt = async (scenario: Scenario): Promise<Attempt> => {
    const synthesizer = options.synthesizers.get(scenario.synthesizer) as Synthesizer;
    const questionType = synthesizer.questionType ?? 'answerable';
    const contexts = await options.loadContexts(scenario.chunkIds);
    const steered = scenario.difficulty === 'easy' || scenario.difficulty === 'hard';
    const phrasing = steered ? phrasingFor(scenario.difficulty, options.ranker.distinctiveTerms(scenario.chunkIds)) : undefined;
    const input = synthesizeInput(scenario, contexts, options.language, { questionType, faithfulnessPairs: options.faithfulnessPairs, phrasing });
    const result = await llm.object({
      stage: 'synthesize',
      name: 'sample',
      schema: synthesizeOutputSchema(questionType, options.faithfulnessPairs),
      messages: synthesizeMessages(synthesizer, input),
      task: { name: SYNTHESIZE_TASK, input },
    });
    if (!result.ok) return { ok: false, code: 'synthesis_failed', reason: result.reason };
    const output: SynthesisOutput = result.value;
    const answer = questionType === 'unanswerable' ? options.unanswerable.refusal : (output.answer ?? '');
    if (output.question.trim() === '' || answer.trim() === '') {
      return { ok: false, code: 'synthesis_failed', reason: 'empty question or answer' };
    }
    // Small models copy the task into the question; no judge is needed to see it, so none is asked.
    if (echoesHints(output.question, synthesisInstructions(synthesizer, options.faithfulnessPairs))) {
      return { ok: false, code: 'synthesis_failed', reason: "the question repeats the prompt's instructions" };
    }
    if (questionType !== 'unanswerable' && answerRepeatsQuestion(output.question, answer)) {
      return { ok: false, code: 'synthesis_failed', reason: 'the answer only repeats the question' };
    }
    const generation = { model: llm.chatModelIdFor('synthesize'), promptHash: promptHash(synthesizer, options.faithfulnessPairs), seed: options.seed };
    const styled = guaranteeQueryStyle(output.question.trim(), input);
    const pair = output.unfaithful_answer !== undefined && output.unsupported_statements !== undefined
      ? { unfaithful_answer: output.unfaithful_answer.trim(), unsupported_statements: output.unsupported_statements.map((statement) => statement.trim()) }
      : undefined;
    // The no-call pre-check reads the question as the model wrote it too: the misspelled-style rewrite ("the passsage") must not hide a source reference.
    const cited = options.verify.verify && styled.source === 'rewrite' ? contextReference(output.question) : undefined;
    if (cited) {
      const sample = toSample(scenario, { question: styled.question, answer }, questionType === 'unanswerable' ? [] : contexts, generation, styled.source, pair);
      return { ok: false, code: 'context_reference', reason: `the question says "${cited}"`, sample };
    }
    const pairProblem = pair ? checkFaithfulnessPair(pair, contexts) : options.faithfulnessPairs ? 'no unfaithful answer' : undefined;
    if (pairProblem) return { ok: false, code: 'faithfulness_pair', reason: pairProblem };
    if (questionType === 'unanswerable') {
      const draft = (extra: Partial<Sample>) => toSample(scenario, { question: styled.question, answer }, [], generation, styled.source, { ...pair, ...extra });
      return finishUnanswerable(draft, scenario, { llm, ranker: options.ranker, loadContexts: options.loadContexts, verify: options.verify, settings: options.unanswerable }, styled.question);
    }
    const draft = (extra: Partial<Sample> = {}) => toSample(scenario, { question: styled.question, answer }, contexts, generation, styled.source, { ...pair, ...extra });
    const kept =
      questionType === 'false_premise'
        ? await finishFalsePremise(draft, { correcting_quote: output.correcting_quote ?? '', premise: output.premise ?? '' }, scenario, { llm, contexts, verify: options.verify })
        : await verified(draft(), scenario, contexts);
    if (!kept.ok) return kept;
    const [facts] = await options.ranker.rank([
      { question: kept.sample.user_input, chunkIds: kept.sample.reference_context_ids, contexts: kept.sample.reference_contexts },
    ]);
    return { ok: true, sample: { ...kept.sample, ...facts } };
  };

  const verified = async (sample: Sample, scenario: Scenario, contexts: readonly ContextNode[]): Promise<Attempt> => {
    if (!options.verify.verify) return { ok: true, sample };
    const verdict = await verifySample(llm, { sample, scenario, contexts }, options.verify);
    if (!verdict.ok) return { ok: false, code: verdict.reason, reason: verdict.detail, sample };
    return { ok: true, sample: { ...sample, reference_spans: verdict.spans, verification: verdict.verification } };
  };

  // One queue in slot order; a slot whose candidate is rejected gets its next scenario
  // appended when it is judged. Judging in queue order draws, accepts and gives up exactly
  // as rounds of waves would, but a slow call holds up only the judging behind it, never
  // the calls.
  const queue: { index: number; scenario: Scenario }[] = [];
  const rejections: Record<string, number> = {};
  // Ranked samples no open slot wanted (code `difficulty`), in judging order: a slot that
  // relaxes takes the first it can hold (placement.ts) before paying for a new candidate.
  const surplus: { failure: SampleFailure; drawn: Scenario; sample: Sample }[] = [];
  const fillFromSurplus = (index: number) => {
    for (let i = 0; i < surplus.length && !(current[index] as SlotState).filled; i++) {
      const { failure, drawn, sample } = surplus[i] as (typeof surplus)[number];
      const target = drawn.synthesizer === (current[index] as SlotState).synthesizer ? placeSample(current, index, drawn, sample.difficulty as Difficulty) : undefined;
      if (target === undefined || !duplicates.accept(sample.user_input)) continue;
      (current[target] as SlotState).filled = true;
      filled[target] = sample;
      accepted++;
      surplus.splice(i--, 1);
      failures.splice(failures.indexOf(failure), 1);
      rejections.difficulty = (rejections.difficulty ?? 1) - 1;
    }
  };
  // A filled slot whose wanted difficulty was traded away: its sample is dropped (the near-duplicate filter has seen it, so it is not reused) and it draws again.
  const reopenSlot = (index: number) => {
    const sample = filled[index] as Sample;
    const slot = current[index] as SlotState;
    filled[index] = undefined;
    slot.filled = false;
    accepted--;
    failures.push({ synthesizer: slot.synthesizer, chunkIds: sample.reference_context_ids, code: 'difficulty', reason: `${sample.difficulty} question, its slot traded for ${slot.difficulty}`, sample });
    rejections.difficulty = (rejections.difficulty ?? 0) + 1;
    if (pending[index] === 0) enqueue(index);
  };
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
        if (reopen) reopenSlot(partner);
        fillFromSurplus(index);
        if (slot.filled) return;
      }
    }
    if (slot.difficulty !== null && misfits[index] === bounds[index]) {
      // The difficulty bound: this slot now takes whatever difficulty comes; the report shows the cell's shortfall.
      slot.difficulty = null;
      relaxed++;
      fillFromSurplus(index);
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
  const progress = () => options.onProgress?.({ done: Math.min(slots.length, accepted + finished - judged), judged, rejections });
  await mapInOrder(
    queue,
    { width: limit.concurrency },
    ({ scenario }) =>
      limit(async () => {
        const outcome = await attempt(scenario);
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
        (current[target] as SlotState).filled = true;
        filled[target] = outcome.sample;
        accepted++;
        if (target !== index) misfits[index] = (misfits[index] as number) + 1;
      } else {
        const failure = !outcome.ok
          ? outcome
          : target === undefined
            ? { code: 'difficulty' as const, reason: `${outcome.sample.difficulty} question, no open ${scenario.synthesizer} slot wants one`, sample: outcome.sample }
            : { code: 'duplicate' as const, reason: 'near-duplicate question', sample: outcome.sample };
        if (failure.code === 'difficulty') misfits[index] = (misfits[index] as number) + 1;
        const failed: SampleFailure = { synthesizer: scenario.synthesizer, chunkIds: scenario.chunkIds, code: failure.code, reason: failure.reason, ...(failure.sample ? { sample: failure.sample } : {}) };
        failures.push(failed);
        rejections[failure.code] = (rejections[failure.code] ?? 0) + 1;
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
  return { samples: filled.filter((sample): sample is Sample => sample !== undefined), failures, abandoned, candidates, relaxed, exchanged, cells, outcomes };
}

/** `12 candidates judged, 9 rejected (ungrounded 6, unanswerable 3)`; nothing until a candidate is rejected. */
export function rejectionDetail(blocks: Iterable<SlotProgress>): string | undefined {
  let judged = 0;
  const byCode = new Map<string, number>();
  for (const block of blocks) {
    judged += block.judged;
    for (const [code, count] of Object.entries(block.rejections)) byCode.set(code, (byCode.get(code) ?? 0) + count);
  }
  const rejected = [...byCode.values()].reduce((sum, count) => sum + count, 0);
  if (rejected === 0) return undefined;
  const reasons = [...byCode].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([code, count]) => `${code} ${count}`);
  return `${judged} candidates judged, ${rejected} rejected (${reasons.join(', ')})`;
}
