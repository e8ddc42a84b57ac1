import { answerRepeatsQuestion, echoesHints } from '../src/llm/echo.js';
import { SYNTHESIZE_TASK, synthesizeOutputSchema, type SynthesisOutput } from '../src/llm/tasks.js';
import type { LlmClient } from '../src/llm/types.js';
import type { Sample } from '../src/testset/sample.js';
import { finishFalsePremise } from './false-premise-sample.js';
import { phrasingFor } from './phrasing.js';
import { promptHash, synthesisInstructions, synthesizeMessages } from './prompt.js';
import { synthesizeInput, toSample, type ContextNode } from './record.js';
import type { RetrievalRanker } from './retrieval/ranker.js';
import { guaranteeQueryStyle } from './style-guarantee.js';
import type { Scenario, Synthesizer } from './types.js';
import { finishUnanswerable, type UnanswerableSettings } from './unanswerable-sample.js';
import { contextReference } from './verify/context-reference.js';
import { checkFaithfulnessPair } from './verify/faithfulness.js';
import { verifySample, type VerifySettings } from './verify/index.js';
import type { RejectionReason } from './verify/reasons.js';

/**
 * One candidate for a slot, from its scenario to a ranked sample or the reason it is refused:
 * one `synthesize` call, then the checks that need no call (empty, echoed instructions, an
 * answer that repeats the question, a source reference, a broken faithfulness pair), then the
 * verify stage (synthesizers/verify/; `absence` for an unanswerable question, `premise` for a
 * false-premise one), then its retrieval ranks and difficulty. Apart from the slot loop
 * (run.ts) because it knows nothing of slots: which slot it fills is decided after it is ranked.
 */

export type Candidate = { ok: true; sample: Sample } | { ok: false; code: RejectionReason; reason: string; sample?: Sample };

/** What writing and judging a candidate needs: the same for every candidate of a run. */
export interface CandidateSettings {
  synthesizers: ReadonlyMap<string, Synthesizer>;
  llm: LlmClient;
  loadContexts: (chunkIds: readonly string[]) => Promise<ContextNode[]>;
  language: string | null;
  seed: string;
  verify: VerifySettings;
  /** Ranks every kept question among the graph's chunks. */
  ranker: RetrievalRanker;
  /** Refusal and distractor count of unanswerable questions. */
  unanswerable: UnanswerableSettings;
  /** Every synthesis call also writes an unfaithful answer (no extra call). */
  faithfulnessPairs: boolean;
}

export async function writeCandidate(scenario: Scenario, settings: CandidateSettings): Promise<Candidate> {
  const { llm } = settings;
  const synthesizer = settings.synthesizers.get(scenario.synthesizer) as Synthesizer;
  const questionType = synthesizer.questionType ?? 'answerable';
  const contexts = await settings.loadContexts(scenario.chunkIds);
  const steered = scenario.difficulty === 'easy' || scenario.difficulty === 'hard';
  const phrasing = steered ? phrasingFor(scenario.difficulty, settings.ranker.distinctiveTerms(scenario.chunkIds)) : undefined;
  const input = synthesizeInput(scenario, contexts, settings.language, { questionType, faithfulnessPairs: settings.faithfulnessPairs, phrasing });
  const result = await llm.object({
    stage: 'synthesize',
    name: 'sample',
    schema: synthesizeOutputSchema(questionType, settings.faithfulnessPairs),
    messages: synthesizeMessages(synthesizer, input),
    task: { name: SYNTHESIZE_TASK, input },
  });
  if (!result.ok) return { ok: false, code: 'synthesis_failed', reason: result.reason };
  const output: SynthesisOutput = result.value;
  const answer = questionType === 'unanswerable' ? settings.unanswerable.refusal : (output.answer ?? '');
  if (output.question.trim() === '' || answer.trim() === '') {
    return { ok: false, code: 'synthesis_failed', reason: 'empty question or answer' };
  }
  // Small models copy the task into the question; no judge is needed to see it, so none is asked.
  if (echoesHints(output.question, synthesisInstructions(synthesizer, settings.faithfulnessPairs))) {
    return { ok: false, code: 'synthesis_failed', reason: "the question repeats the prompt's instructions" };
  }
  if (questionType !== 'unanswerable' && answerRepeatsQuestion(output.question, answer)) {
    return { ok: false, code: 'synthesis_failed', reason: 'the answer only repeats the question' };
  }
  const generation = { model: llm.chatModelIdFor('synthesize'), promptHash: promptHash(synthesizer, settings.faithfulnessPairs), seed: settings.seed };
  const styled = guaranteeQueryStyle(output.question.trim(), input);
  const pair = output.unfaithful_answer !== undefined && output.unsupported_statements !== undefined
    ? { unfaithful_answer: output.unfaithful_answer.trim(), unsupported_statements: output.unsupported_statements.map((statement) => statement.trim()) }
    : undefined;
  // The no-call pre-check reads the question as the model wrote it too: the misspelled-style rewrite ("the passsage") must not hide a source reference.
  const cited = settings.verify.verify && styled.source === 'rewrite' ? contextReference(output.question) : undefined;
  if (cited) {
    const sample = toSample(scenario, { question: styled.question, answer }, questionType === 'unanswerable' ? [] : contexts, generation, styled.source, pair);
    return { ok: false, code: 'context_reference', reason: `the question says "${cited}"`, sample };
  }
  const pairProblem = pair ? checkFaithfulnessPair(pair, contexts) : settings.faithfulnessPairs ? 'no unfaithful answer' : undefined;
  if (pairProblem) return { ok: false, code: 'faithfulness_pair', reason: pairProblem };
  if (questionType === 'unanswerable') {
    const draft = (extra: Partial<Sample>) => toSample(scenario, { question: styled.question, answer }, [], generation, styled.source, { ...pair, ...extra });
    return finishUnanswerable(draft, scenario, { llm, ranker: settings.ranker, loadContexts: settings.loadContexts, verify: settings.verify, settings: settings.unanswerable }, styled.question);
  }
  const draft = (extra: Partial<Sample> = {}) => toSample(scenario, { question: styled.question, answer }, contexts, generation, styled.source, { ...pair, ...extra });
  const kept =
    questionType === 'false_premise'
      ? await finishFalsePremise(draft, { correcting_quote: output.correcting_quote ?? '', premise: output.premise ?? '' }, scenario, { llm, contexts, verify: settings.verify })
      : await verified(draft(), scenario, contexts, settings);
  if (!kept.ok) return kept;
  const [facts] = await settings.ranker.rank([
    { question: kept.sample.user_input, chunkIds: kept.sample.reference_context_ids, contexts: kept.sample.reference_contexts },
  ]);
  return { ok: true, sample: { ...kept.sample, ...facts } };
}

async function verified(sample: Sample, scenario: Scenario, contexts: readonly ContextNode[], settings: CandidateSettings): Promise<Candidate> {
  if (!settings.verify.verify) return { ok: true, sample };
  const verdict = await verifySample(settings.llm, { sample, scenario, contexts }, settings.verify);
  if (!verdict.ok) return { ok: false, code: verdict.reason, reason: verdict.detail, sample };
  return { ok: true, sample: { ...sample, reference_spans: verdict.spans, verification: verdict.verification } };
}
