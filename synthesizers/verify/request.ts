import type { ContextNode } from '../record.js';
import type { RejectionReason } from './reasons.js';

/**
 * What every judge (verify, absence, premise) says beside its kind's own verdicts: whether the
 * question stands alone, follows the requested style, length and persona, and what is wrong
 * in one sentence. One home for how those verdicts become rejections, so the kinds agree.
 */
export interface RequestVerdicts {
  problem: string;
  standalone: boolean;
  style_followed: boolean;
  length_followed: boolean;
  persona_fits: boolean;
}

/** The judge's problem as a suffix of a rejection's detail: " (…)", or "" when it gave none. */
export function problemSuffix(verdict: Pick<RequestVerdicts, 'problem'>): string {
  const problem = verdict.problem.trim();
  return problem ? ` (${problem})` : '';
}

/** The parts of the request (style, length, persona) the question does not follow. */
export function missedRequest(verdict: RequestVerdicts): string[] {
  const followed = { style: verdict.style_followed, length: verdict.length_followed, persona: verdict.persona_fits };
  return Object.entries(followed)
    .filter(([, yes]) => !yes)
    .map(([what]) => what);
}

/** A question that needs its contexts or does not follow the request, as its rejection; else undefined. */
export function requestRejection(verdict: RequestVerdicts): { reason: RejectionReason; detail: string } | undefined {
  const problem = problemSuffix(verdict);
  if (!verdict.standalone) return { reason: 'not_standalone', detail: `the question needs its contexts${problem}` };
  const missed = missedRequest(verdict);
  if (missed.length > 0) return { reason: 'off_request', detail: `the question does not follow the requested ${missed.join(', ')}${problem}` };
  return undefined;
}

/** The request's adherence once `requestRejection` passed it: every part followed. */
export const FOLLOWED = { style: true, length: true, persona: true } as const;

/** Contexts as the judges' prompts take them. */
export function taskContexts(contexts: readonly ContextNode[]) {
  return contexts.map(({ chunk, document }) => ({ id: chunk.id, title: document.title, text: chunk.text }));
}
