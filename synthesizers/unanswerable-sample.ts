import type { LlmClient } from '../src/llm/types.js';
import type { DistractorContext, Sample } from '../src/testset/sample.js';
import type { ContextNode } from './record.js';
import type { NearChunk, RetrievalRanker } from './retrieval/ranker.js';
import type { Scenario } from './types.js';
import { verifyAbsence } from './verify/absence.js';
import type { VerifySettings } from './verify/index.js';
import type { RejectionReason } from './verify/reasons.js';

/**
 * An unanswerable candidate after its synthesis call: the chunks ranking nearest to its
 * question (top `distractors` under BM25 and under dense retrieval) become its
 * `distractor_contexts`, and the verify stage checks, in one call, that none of them answers
 * it. Its reference is the run's refusal statement; it has no reference contexts, so no
 * reference ranks and no difficulty.
 */

export interface UnanswerableSettings {
  refusal: string;
  distractors: number;
}

export type UnanswerableOutcome = { ok: true; sample: Sample } | { ok: false; code: RejectionReason; reason: string; sample?: Sample };

function distractorOf(near: NearChunk, context: ContextNode): DistractorContext {
  const { chunk, document } = context;
  return { chunk_id: chunk.id, document_id: document.id, source: document.source, start: chunk.start, end: chunk.end, text: chunk.text, bm25_rank: near.bm25Rank, dense_rank: near.denseRank };
}

export async function finishUnanswerable(
  draft: (extra: Partial<Sample>) => Sample,
  scenario: Scenario,
  tools: { llm: LlmClient; ranker: RetrievalRanker; loadContexts: (ids: readonly string[]) => Promise<ContextNode[]>; verify: VerifySettings; settings: UnanswerableSettings },
  question: string,
): Promise<UnanswerableOutcome> {
  const near = await tools.ranker.nearest(question, tools.settings.distractors);
  const contexts = await tools.loadContexts(near.map((chunk) => chunk.chunkId));
  const sample = draft({ distractor_contexts: near.map((chunk, i) => distractorOf(chunk, contexts[i] as ContextNode)) });
  if (!tools.verify.verify) return { ok: true, sample };
  const verdict = await verifyAbsence(tools.llm, { question, scenario, near: contexts }, tools.verify.hopCheck);
  if (!verdict.ok) return { ok: false, code: verdict.reason, reason: verdict.detail, sample };
  return { ok: true, sample: { ...sample, reference_spans: [], verification: verdict.verification } };
}
