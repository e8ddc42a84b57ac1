import { PREMISE_TASK, PremiseInput, PremiseOutput } from '../../src/llm/tasks.js';
import type { LlmClient } from '../../src/llm/types.js';
import type { FalsePremise, Verification } from '../../src/testset/sample.js';
import type { ContextNode } from '../record.js';
import type { Scenario } from '../types.js';
import { contextReference } from './context-reference.js';
import type { VerifyOutcome } from './index.js';
import { premiseMessages, premisePromptHash } from './prompt.js';
import { FOLLOWED, problemSuffix, requestRejection, taskContexts } from './request.js';
import { locateSupport } from './support.js';

/**
 * Verifying a false-premise question: one `premise` call shows the judge the question, its
 * premise, the cited span, the correcting answer and the contexts. The question is kept only
 * when the judge says the cited span contradicts the premise, no context states the premise
 * (no quote of it is located, and the judge says so), and the question takes the premise for
 * granted. Offline, the judge is lexical (src/llm/offline/premise.ts). Cost: one call, none
 * when the lexical pre-check rejects the question.
 */
export async function verifyPremise(
  llm: LlmClient,
  candidate: { question: string; answer: string; premise: FalsePremise; scenario: Scenario; contexts: readonly ContextNode[] },
  hopCheck: Verification['hop_check'],
): Promise<VerifyOutcome> {
  const { question, answer, premise, scenario, contexts } = candidate;
  const phrase = contextReference(question);
  if (phrase) return { ok: false, reason: 'context_reference', detail: `the question says "${phrase}"` };
  const input = PremiseInput.parse({
    question,
    premise: premise.premise,
    cited: premise.span.text,
    answer,
    contexts: taskContexts(contexts),
    persona: scenario.persona,
    style: scenario.style,
    length: scenario.length,
  });
  const result = await llm.object({
    stage: 'verify',
    name: 'premise',
    schema: PremiseOutput,
    messages: premiseMessages(input),
    task: { name: PREMISE_TASK, input },
    temperature: 0,
  });
  if (!result.ok) return { ok: false, reason: 'verify_failed', detail: result.reason };
  const verdict = result.value;
  const problem = problemSuffix(verdict);
  const stated = locateSupport([{ statement: 'premise', quotes: verdict.stating_quotes }], contexts);
  if (verdict.premise_stated || stated.spans.length > 0) {
    const where = stated.spans[0] ? ` in chunk ${stated.spans[0].chunk_id}` : '';
    return { ok: false, reason: 'premise_stated', detail: `a context states the premise${where}${problem}` };
  }
  if (!verdict.cited_contradicts) return { ok: false, reason: 'premise_uncontradicted', detail: `the cited span does not contradict the premise${problem}` };
  if (!verdict.question_assumes) return { ok: false, reason: 'premise_not_assumed', detail: `the question does not take the premise for granted${problem}` };
  const offRequest = requestRejection(verdict);
  if (offRequest) return { ok: false, ...offRequest };
  const { chunk_id, document_id, start, end } = premise.span;
  return {
    ok: true,
    // The correction is grounded in the span that contradicts the premise; hops are not judged for this kind.
    spans: [{ chunk_id, document_id, start, end }],
    verification: { grounded: true, answerable: true, standalone: true, hops_needed: null, adherence: FOLLOWED, hop_check: hopCheck, model: llm.chatModelIdFor('verify'), prompt_hash: premisePromptHash() },
  };
}
