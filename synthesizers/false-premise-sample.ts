import type { LlmClient } from '../src/llm/types.js';
import type { FalsePremise, Sample } from '../src/testset/sample.js';
import type { ContextNode } from './record.js';
import type { Scenario } from './types.js';
import type { VerifySettings } from './verify/index.js';
import { locateQuote } from './verify/locate.js';
import { verifyPremise } from './verify/premise.js';
import type { RejectionReason } from './verify/reasons.js';

/**
 * A false-premise candidate after its synthesis call. The writer's `correcting_quote` is
 * located in the contexts as verify locates quotes (exact, then normalised, then fuzzy) and
 * becomes the span that contradicts the premise, in document offsets. Two checks need no
 * call: the quote must be in a context, and the premise must not be (verbatim or up to case,
 * spacing and typographic marks; a fuzzy match is not a statement, since one changed digit is
 * the whole point). Then, unless verification is off, one `premise` verify call
 * (verify/premise.ts). Cost: one synthesize call and at most one verify call per candidate.
 */

export type FalsePremiseOutcome = { ok: true; sample: Sample } | { ok: false; code: RejectionReason; reason: string; sample?: Sample };

/** Where the quote is: the first context holding every piece of it, spanning from its first piece to its last. */
export function locateCorrection(quote: string, contexts: readonly ContextNode[]): FalsePremise['span'] | undefined {
  for (const { chunk } of contexts) {
    const pieces = locateQuote(chunk.text, quote);
    if (!pieces) continue;
    const start = Math.min(...pieces.map((piece) => piece.start));
    const end = Math.max(...pieces.map((piece) => piece.end));
    return { chunk_id: chunk.id, document_id: chunk.documentId, start: chunk.start + start, end: chunk.start + end, text: chunk.text.slice(start, end) };
  }
  return undefined;
}

/** The chunk whose text states `premise` (not fuzzily), if any. */
export function stating(premise: string, contexts: readonly ContextNode[]): ContextNode | undefined {
  return contexts.find(({ chunk }) => locateQuote(chunk.text, premise)?.every((piece) => piece.how !== 'fuzzy'));
}

export async function finishFalsePremise(
  draft: (extra: Partial<Sample>) => Sample,
  written: { correcting_quote: string; premise: string },
  scenario: Scenario,
  tools: { llm: LlmClient; contexts: readonly ContextNode[]; verify: VerifySettings },
): Promise<FalsePremiseOutcome> {
  const premise = written.premise.trim();
  const span = locateCorrection(written.correcting_quote, tools.contexts);
  if (!span) return { ok: false, code: 'premise_uncontradicted', reason: 'the correcting quote is not in the context' };
  const holder = stating(premise, tools.contexts);
  const sample = draft({ false_premise: { premise, span } });
  if (holder) return { ok: false, code: 'premise_stated', reason: `the "false" premise is stated in chunk ${holder.chunk.id}`, sample };
  if (!tools.verify.verify) return { ok: true, sample };
  const verdict = await verifyPremise(tools.llm, { question: sample.user_input, answer: sample.reference, premise: { premise, span }, scenario, contexts: tools.contexts }, tools.verify.hopCheck);
  if (!verdict.ok) return { ok: false, code: verdict.reason, reason: verdict.detail, sample };
  return { ok: true, sample: { ...sample, reference_spans: verdict.spans, verification: verdict.verification } };
}
