import { z } from 'zod';
import type { Review, Sample } from '../testset/sample.js';

/**
 * A reviewer's decision on one sample, and what it does to the sample: pure, so the server,
 * the tests and library users apply decisions the same way. The generated text is kept in
 * `review.original` from the first edit on, whatever is decided after.
 */

const Note = z.string().trim().max(4000).optional();
const Text = z.string().trim().min(1, 'must not be empty').max(20_000);

export const Decision = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept'), note: Note }),
  z.object({ action: z.literal('reject'), note: Note }),
  z.object({ action: z.literal('edit'), user_input: Text.optional(), reference: Text.optional(), note: Note }),
  /** Only on a sample already decided: a note goes with a status. */
  z.object({ action: z.literal('note'), note: z.string().trim().max(4000) }),
]);
export type Decision = z.infer<typeof Decision>;

export type DecisionResult = { ok: true; sample: Sample } | { ok: false; reason: string };

const STATUS = { accept: 'accepted', reject: 'rejected', edit: 'edited' } as const;

/** The sample after the decision, at time `at` (ISO 8601). */
export function applyDecision(sample: Sample, decision: Decision, at: string): DecisionResult {
  const previous = sample.review;
  const note = decision.note === undefined ? previous?.note : decision.note === '' ? undefined : decision.note;
  if (decision.action === 'note') {
    if (!previous) return { ok: false, reason: 'decide first: accept, reject or edit the sample, then add a note' };
    return { ok: true, sample: { ...sample, review: reviewOf(previous.status, previous.original, note, at) } };
  }
  if (decision.action === 'edit') {
    if (decision.user_input === undefined && decision.reference === undefined) return { ok: false, reason: 'an edit needs a new question or answer' };
    const original = previous?.original ?? { user_input: sample.user_input, reference: sample.reference };
    const edited = { ...sample, user_input: decision.user_input ?? sample.user_input, reference: decision.reference ?? sample.reference };
    return { ok: true, sample: { ...edited, review: reviewOf('edited', original, note, at) } };
  }
  return { ok: true, sample: { ...sample, review: reviewOf(STATUS[decision.action], previous?.original, note, at) } };
}

function reviewOf(status: Review['status'], original: Review['original'], note: string | undefined, at: string): Review {
  return { status, ...(original ? { original } : {}), ...(note ? { note } : {}), at };
}
