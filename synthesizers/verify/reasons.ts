import { z } from 'zod';
import { Sample } from '../../src/testset/sample.js';

/**
 * Why a candidate sample was not kept, one code per outcome, in the order they are checked.
 * The report counts rejections by these codes, per synthesizer.
 */
export const REJECTION_REASONS = {
  synthesis_failed: 'the synthesis call failed or its answer did not validate',
  duplicate: 'near-duplicate of a kept question',
  context_reference: 'the question refers to its source text (lexical pre-check, no call)',
  verify_failed: 'the verify call failed or its answer did not validate',
  ungrounded: 'a statement of the answer has no quote located in the contexts',
  unanswerable: 'the contexts alone do not answer the question',
  not_standalone: 'the question needs the contexts to make sense',
  hop_unused: 'a context supports no statement of the answer',
  hop_redundant: 'the answer stays complete with a context left out (ablation)',
  off_request: 'the question does not follow the requested style, length or persona',
  answer_present: 'an unanswerable question is answered by a chunk that ranks near it (BM25 or dense top-k)',
  premise_uncontradicted: 'a false-premise question whose cited span is not in its context or does not contradict the premise',
  premise_stated: 'the "false" premise is in fact stated in a context of the question',
  premise_not_assumed: 'the false-premise question does not take its premise for granted',
  faithfulness_pair: 'the unfaithful answer is missing, or a statement it calls unsupported is in the contexts',
  difficulty: 'kept, but of a retrieval difficulty no open slot of its synthesizer wants (--difficulty)',
} as const;

export type RejectionReason = keyof typeof REJECTION_REASONS;
export const REJECTION_CODES = Object.keys(REJECTION_REASONS) as RejectionReason[];

/** One line of `<out>.rejected.jsonl`: a candidate the run did not keep, why, and what it was. */
export const RejectedCandidate = z.object({
  reason: z.enum(REJECTION_CODES as [RejectionReason, ...RejectionReason[]]),
  detail: z.string(),
  sample: Sample,
});
export type RejectedCandidate = z.infer<typeof RejectedCandidate>;
