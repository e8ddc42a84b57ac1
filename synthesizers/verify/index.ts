import { z } from 'zod';
import { ABLATION_TASK, AblationInput, AblationOutput, VERIFY_TASK, VerifyCategoriesOutput, VerifyInput, VerifyOutput } from '../../src/llm/tasks.js';
import type { LlmClient } from '../../src/llm/types.js';
import type { ReferenceSpan, Sample, Verification } from '../../src/testset/sample.js';
import type { ContextNode } from '../record.js';
import type { Scenario } from '../types.js';
import { contextReference } from './context-reference.js';
import { ablationMessages, verifyMessages, verifyPromptHash } from './prompt.js';
import type { RejectionReason } from './reasons.js';
import { FOLLOWED, missedRequest, problemSuffix, taskContexts } from './request.js';
import { locateSupport } from './support.js';

/**
 * The verify stage: one candidate sample in, kept (with its verdicts and the spans that
 * support its answer) or rejected with one reason. Cost: nothing for a question the lexical
 * pre-check rejects; otherwise one `verify` call, plus, in `ablation` mode and only for a
 * multi-context sample that passed, one `ablation` call per context.
 */

export const HOP_CHECKS = ['support', 'ablation'] as const;

export const VerifySettings = z.object({
  /** False skips the stage: samples say `verification: null`. */
  verify: z.boolean().default(true).describe('check every candidate with a judge call (off: samples say verification: null)'),
  /**
   * `support`: a context is a hop when it supports a statement of the answer. `ablation`
   * (strict, k more calls): the question is also answered with each context left out, and
   * the answer must then be incomplete.
   */
  hopCheck: z
    .enum(HOP_CHECKS)
    .default('support')
    .describe('multi-hop check: support (a context must support a statement) or ablation (strict: k more calls, leave-one-out)'),
});
export type VerifySettings = z.output<typeof VerifySettings>;

export type VerifyOutcome =
  | { ok: true; verification: Verification; spans: ReferenceSpan[] }
  | { ok: false; reason: RejectionReason; detail: string };

const reject = (reason: RejectionReason, detail: string): VerifyOutcome => ({ ok: false, reason, detail });


/** Leave-one-out: the index of the first context without which the answer is still complete, or a failure. */
async function redundantContext(llm: LlmClient, sample: Sample, contexts: readonly ContextNode[]): Promise<{ ok: true; redundant: number | undefined } | { ok: false; detail: string }> {
  const all = taskContexts(contexts);
  const results = await Promise.all(
    all.map((_, left) => {
      const kept = all.map((_, i) => i).filter((i) => i !== left);
      const input = AblationInput.parse({ question: sample.user_input, answer: sample.reference, contexts: kept.map((i) => all[i]) });
      return llm.object({
        stage: 'ablation',
        name: 'ablation',
        schema: AblationOutput,
        messages: ablationMessages(input, kept.map((i) => i + 1)),
        task: { name: ABLATION_TASK, input },
        temperature: 0,
      });
    }),
  );
  for (const result of results) if (!result.ok) return { ok: false, detail: result.reason };
  const redundant = results.findIndex((result) => result.ok && result.value.complete);
  return { ok: true, redundant: redundant === -1 ? undefined : redundant };
}

/** `dimension → followed` for the requested categories; a dimension the judge left out is null (not judged). */
function categoryVerdicts(requested: VerifyInput['categories'], verdicts: readonly { dimension: string; followed: boolean }[] | undefined): Record<string, boolean | null> | undefined {
  if (requested.length === 0) return undefined;
  return Object.fromEntries(requested.map(({ dimension }) => [dimension, verdicts?.find((v) => v.dimension.trim() === dimension)?.followed ?? null]));
}

export async function verifySample(
  llm: LlmClient,
  candidate: { sample: Sample; scenario: Scenario; contexts: readonly ContextNode[] },
  settings: Pick<VerifySettings, 'hopCheck'>,
): Promise<VerifyOutcome> {
  const { sample, scenario, contexts } = candidate;
  const phrase = contextReference(sample.user_input);
  if (phrase) return reject('context_reference', `the question says "${phrase}"`);

  const input = VerifyInput.parse({
    synthesizer: scenario.synthesizer,
    question: sample.user_input,
    answer: sample.reference,
    contexts: taskContexts(contexts),
    persona: scenario.persona,
    style: scenario.style,
    length: scenario.length,
    categories: scenario.categories,
  });
  // Categories are judged in the same call; runs without them keep the plain schema (and their cached answers).
  const result = await llm.object({
    stage: 'verify',
    name: 'verification',
    schema: input.categories.length > 0 ? VerifyCategoriesOutput : VerifyOutput,
    messages: verifyMessages(input),
    task: { name: VERIFY_TASK, input },
    temperature: 0,
  });
  if (!result.ok) return reject('verify_failed', result.reason);
  const verdict = result.value;
  const problem = problemSuffix(verdict);

  const support = locateSupport(verdict.statements, contexts);
  if (verdict.statements.length === 0) return reject('ungrounded', `the verifier found no statement in the answer${problem}`);
  if (support.unsupported.length > 0) return reject('ungrounded', `no located support for "${support.unsupported[0]}"${problem}`);
  if (!verdict.answerable) return reject('unanswerable', `the contexts do not answer the question${problem}`);
  if (!verdict.standalone) return reject('not_standalone', `the question needs its contexts${problem}`);
  const multiHop = contexts.length > 1;
  const unused = contexts.map((_, i) => i).filter((i) => !support.contextsUsed.has(i));
  if (multiHop && unused.length > 0) return reject('hop_unused', `context ${unused.map((i) => i + 1).join(', ')} supports no statement`);
  const judged = VerifyCategoriesOutput.shape.categories_followed.safeParse((verdict as Record<string, unknown>).categories_followed);
  const categories = categoryVerdicts(input.categories, judged.success ? judged.data : undefined);
  const missed = [
    ...missedRequest(verdict),
    ...Object.entries(categories ?? {}).filter(([, followed]) => followed === false).map(([dimension]) => `${dimension} category`),
  ];
  if (missed.length > 0) return reject('off_request', `the question does not follow the requested ${missed.join(', ')}${problem}`);
  const adherence = { ...FOLLOWED, ...(categories ? { categories } : {}) };

  if (multiHop && settings.hopCheck === 'ablation') {
    const ablation = await redundantContext(llm, sample, contexts);
    if (!ablation.ok) return reject('verify_failed', ablation.detail);
    if (ablation.redundant !== undefined) return reject('hop_redundant', `the answer is complete without context ${ablation.redundant + 1}`);
  }

  return {
    ok: true,
    spans: support.spans,
    verification: {
      grounded: true,
      answerable: true,
      standalone: true,
      hops_needed: multiHop ? true : null,
      adherence,
      hop_check: settings.hopCheck,
      model: llm.chatModelIdFor('verify'),
      prompt_hash: verifyPromptHash(settings.hopCheck === 'ablation'),
    },
  };
}
