import { sha256 } from '../../src/hash.js';
import { boundaryCode, fencePassage, quoted, UNTRUSTED_PASSAGES_RULE } from '../../src/llm/fence.js';
import type { AbsenceInput, AblationInput, PremiseInput, VerifyInput } from '../../src/llm/tasks.js';
import type { ChatMessage } from '../../src/llm/types.js';
import { categoryLines } from '../prompt.js';
import { QUERY_LENGTHS, QUERY_STYLES } from '../query-style.js';

/**
 * The verifier's prompts. They stay small: the contexts are sent once, and the model is
 * asked for short verbatim quotes and booleans, never for rewritten text. The contexts, and
 * the question and answer (written by a model that read them), are fenced like every other
 * prompt's passages (src/llm/fence.ts): a document cannot forge a verdict or a context.
 */

/** What the question was asked to be: the judge checks it against these. */
function requested(input: Pick<VerifyInput, 'style' | 'length' | 'persona'>): string[] {
  return [
    `Requested query style: ${QUERY_STYLES[input.style] ?? input.style}`,
    `Requested query length: ${QUERY_LENGTHS[input.length] ?? input.length}`,
    `Requested persona: ${quoted(input.persona.name)} — ${quoted(input.persona.role_description)}`,
  ];
}

export const VERIFY_SYSTEM_PROMPT = [
  'You check one sample of a question answering test set against the context passages it was written from.',
  UNTRUSTED_PASSAGES_RULE,
  '1. Split the reference answer into its statements. For each, copy the words of the contexts that support it:',
  '   short verbatim quotes (at most about 30 words each), with the number of the context they come from.',
  '   Give no quote for a statement the contexts do not support; do not paraphrase.',
  '2. answerable: can the question be answered from the contexts alone?',
  '3. standalone: does the question make sense to someone who never saw the contexts?',
  '   It must not refer to "the passage", "the text", "this document" or the like.',
  '4. Does the question follow the requested query style, query length and persona?',
  'Judge strictly: a wrong test sample costs more than a discarded one.',
].join('\n');

export const ABLATION_SYSTEM_PROMPT = [
  'Answer the question using only the context passages given here, then compare your answer with the reference answer.',
  UNTRUSTED_PASSAGES_RULE,
  'complete is true only when the contexts given here state every fact of the reference answer.',
].join('\n');

export const ABSENCE_SYSTEM_PROMPT = [
  'You check one question of a question answering test set that must NOT be answerable from a document collection.',
  'You are given the passages of the collection that rank nearest to the question.',
  UNTRUSTED_PASSAGES_RULE,
  '1. Copy the words of any passage that answer the question, fully or in part: short verbatim quotes (at most about 30 words each),',
  '   with the number of the passage they come from. Give no quote when no passage answers it; do not paraphrase.',
  '2. answered: does any passage answer the question, fully or in part?',
  '3. standalone: does the question make sense to someone who never saw the passages?',
  '4. Does the question follow the requested query style, query length and persona?',
  'Judge strictly: a question the collection does answer is a wrong test sample.',
].join('\n');

export const PREMISE_SYSTEM_PROMPT = [
  'You check one question of a question answering test set that must rest on a FALSE premise: it takes for granted a claim its contexts contradict.',
  'You are given the question, the premise it assumes, the passage cited as contradicting it, the reference answer, and the contexts.',
  UNTRUSTED_PASSAGES_RULE,
  '1. Copy the words of any context that state the premise as true, fully or in part: short verbatim quotes (at most about 30 words each),',
  '   with the number of the context they come from. Give no quote when no context states it; do not paraphrase.',
  '2. premise_stated: does any context state the premise as true?',
  '3. cited_contradicts: does the cited passage show that the premise is false (not merely fail to mention it)?',
  '4. question_assumes: does the question take the premise for granted, rather than ask whether it holds?',
  '5. standalone: does the question make sense to someone who never saw the contexts?',
  '6. Does the question follow the requested query style, query length and persona?',
  'Judge strictly: a premise that is true, or that the cited passage does not contradict, makes a wrong test sample.',
].join('\n');

export function premisePromptHash(): string {
  return sha256(PREMISE_SYSTEM_PROMPT).slice(0, 16);
}

export function premiseMessages(input: PremiseInput): ChatMessage[] {
  const lines = [
    ...requested(input),
    '',
    ...fencedSample({ ...input, claims: [{ label: 'premise', text: input.premise }, { label: 'cited passage', text: input.cited }] }, input.contexts.map((_, i) => i + 1)),
  ];
  return [
    { role: 'system', content: PREMISE_SYSTEM_PROMPT },
    { role: 'user', content: lines.join('\n').trimEnd() },
  ];
}

export function absencePromptHash(): string {
  return sha256(ABSENCE_SYSTEM_PROMPT).slice(0, 16);
}

export function absenceMessages(input: AbsenceInput): ChatMessage[] {
  const lines = [
    ...requested(input),
    '',
    ...fencedSample(input, input.contexts.map((_, i) => i + 1)),
  ];
  return [
    { role: 'system', content: ABSENCE_SYSTEM_PROMPT },
    { role: 'user', content: lines.join('\n').trimEnd() },
  ];
}

/** Changes whenever either prompt changes; recorded in each verified sample. */
export function verifyPromptHash(ablation: boolean): string {
  return sha256(ablation ? `${VERIFY_SYSTEM_PROMPT}\n\n${ABLATION_SYSTEM_PROMPT}` : VERIFY_SYSTEM_PROMPT).slice(0, 16);
}

/**
 * The sample under check and its contexts, each in a fence; contexts keep the numbers the
 * judge quotes by. An unanswerable question's check has no reference answer to show; a
 * false-premise question's shows its premise and cited passage (`claims`) after the question.
 */
function fencedSample(
  input: Pick<AblationInput, 'question' | 'contexts'> & { answer?: string; claims?: readonly { label: string; text: string }[] },
  numbers: readonly number[],
): string[] {
  const { contexts } = input;
  const answer = input.answer === undefined ? [] : [input.answer];
  const claims = input.claims ?? [];
  const code = boundaryCode([input.question, ...claims.map((claim) => claim.text), ...answer, ...contexts.flatMap((context) => [context.title, context.text])]);
  return [
    `Boundary code: ${code}`,
    '',
    fencePassage(code, 'question', input.question),
    '',
    ...claims.flatMap((claim) => [fencePassage(code, claim.label, claim.text), '']),
    ...answer.flatMap((text) => [fencePassage(code, 'reference answer', text), '']),
    ...contexts.flatMap((context, i) => [fencePassage(code, `context ${numbers[i] ?? i + 1}, from ${quoted(context.title)}`, context.text), '']),
  ];
}

export function verifyMessages(input: VerifyInput): ChatMessage[] {
  const lines = [
    ...requested(input),
    ...(input.categories.length > 0 ? ['', ...categoryLines(input.categories), 'Judge each category in categories_followed (one entry per dimension).'] : []),
    '',
    ...fencedSample(input, input.contexts.map((_, i) => i + 1)),
  ];
  return [
    { role: 'system', content: VERIFY_SYSTEM_PROMPT },
    { role: 'user', content: lines.join('\n').trimEnd() },
  ];
}

/** `kept` are the original numbers of the contexts left in, so the model sees the same labels as in the verify call. */
export function ablationMessages(input: AblationInput, kept: readonly number[]): ChatMessage[] {
  return [
    { role: 'system', content: ABLATION_SYSTEM_PROMPT },
    { role: 'user', content: fencedSample(input, kept).join('\n').trimEnd() },
  ];
}
