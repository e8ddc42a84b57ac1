import { ABSENCE_TASK, AbsenceInput, AbsenceOutput } from '../../src/llm/tasks.js';
import type { LlmClient } from '../../src/llm/types.js';
import type { Verification } from '../../src/testset/sample.js';
import type { ContextNode } from '../record.js';
import type { Scenario } from '../types.js';
import { contextReference } from './context-reference.js';
import type { VerifyOutcome } from './index.js';
import { absenceMessages, absencePromptHash } from './prompt.js';
import { FOLLOWED, problemSuffix, requestRejection, taskContexts } from './request.js';
import { locateSupport } from './support.js';

/**
 * Verifying an unanswerable question: the chunks that rank nearest to it under BM25 and
 * dense retrieval go to the judge in one `absence` call, which quotes whatever answers it.
 * The question is kept only when no quote is located in those chunks and the judge says
 * none answers it. Offline, the judge is lexical (src/llm/offline/absence.ts). Cost: one
 * call, none when the lexical pre-check rejects the question.
 */
export async function verifyAbsence(
  llm: LlmClient,
  candidate: { question: string; scenario: Scenario; near: readonly ContextNode[] },
  hopCheck: Verification['hop_check'],
): Promise<VerifyOutcome> {
  const { question, scenario, near } = candidate;
  const phrase = contextReference(question);
  if (phrase) return { ok: false, reason: 'context_reference', detail: `the question says "${phrase}"` };
  if (near.length === 0) {
    // Nothing in the graph ranks near it at all: nothing can answer it, and nothing to ask a judge about.
    return { ok: true, spans: [], verification: verification(llm, hopCheck) };
  }
  const input = AbsenceInput.parse({
    question,
    contexts: taskContexts(near),
    persona: scenario.persona,
    style: scenario.style,
    length: scenario.length,
  });
  const result = await llm.object({
    stage: 'verify',
    name: 'absence',
    schema: AbsenceOutput,
    messages: absenceMessages(input),
    task: { name: ABSENCE_TASK, input },
    temperature: 0,
  });
  if (!result.ok) return { ok: false, reason: 'verify_failed', detail: result.reason };
  const verdict = result.value;
  const problem = problemSuffix(verdict);
  const found = locateSupport([{ statement: 'answer', quotes: verdict.answering_quotes }], near);
  if (verdict.answered || found.spans.length > 0) {
    const where = found.spans[0] ? ` in chunk ${found.spans[0].chunk_id}` : '';
    return { ok: false, reason: 'answer_present', detail: `a chunk near the question answers it${where}${problem}` };
  }
  const offRequest = requestRejection(verdict);
  if (offRequest) return { ok: false, ...offRequest };
  return { ok: true, spans: [], verification: verification(llm, hopCheck) };
}

function verification(llm: LlmClient, hopCheck: Verification['hop_check']): Verification {
  // The refusal needs no support; "answerable: false" is the verdict this kind of question must get.
  return { grounded: true, answerable: false, standalone: true, hops_needed: null, adherence: FOLLOWED, hop_check: hopCheck, model: llm.chatModelIdFor('verify'), prompt_hash: absencePromptHash() };
}
