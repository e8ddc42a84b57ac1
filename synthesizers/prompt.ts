import { sha256 } from '../src/hash.js';
import { boundaryCode, fencePassage, quoted, UNTRUSTED_PASSAGES_RULE } from '../src/llm/fence.js';
import type { SynthesizeInput } from '../src/llm/tasks.js';
import type { ChatMessage } from '../src/llm/types.js';
import { QUERY_LENGTHS, QUERY_STYLES } from './query-style.js';
import type { Synthesizer } from './types.js';

/**
 * The prompt frame every synthesizer shares: rules for grounded questions and answers,
 * then the synthesizer's own instructions, then the scenario and the contexts. The template
 * hash recorded in each sample changes whenever the frame or the instructions change.
 */

export const SYNTHESIZE_SYSTEM_PROMPT = [
  'You write evaluation data for a retrieval-augmented question answering system.',
  'You are given one or more context passages, a persona, a query style and a query length.',
  'Write the question that persona would really type, and a reference answer.',
  'Rules:',
  '- The question must be answerable from the contexts alone, and must not mention "the context", "the passage" or "the text".',
  '- The answer must use only facts stated in the contexts; be complete but concise.',
  '- Follow the query style and length for the question only; the answer is always well written.',
  '- Write in the requested language; if none is requested, write in the language of the contexts.',
  'Answer with JSON only: {"question": string, "answer": string}.',
  UNTRUSTED_PASSAGES_RULE,
].join('\n');

/** For slots that want a hard retrieval question: a keyword search should not find its contexts. */
export const PARAPHRASE_INSTRUCTION =
  'Phrasing: ask in your own words, as someone who has not read the contexts would; do not copy their distinctive terms, names or phrases (use synonyms or descriptions).';

/** Every instruction a synthesis prompt gives: a question that repeats one of them is an echo, not a question. */
export function synthesisInstructions(synthesizer: Pick<Synthesizer, 'instructions'>): string[] {
  return [...SYNTHESIZE_SYSTEM_PROMPT.split('\n'), synthesizer.instructions, PARAPHRASE_INSTRUCTION];
}

export function promptHash(synthesizer: Pick<Synthesizer, 'instructions'>): string {
  return sha256(`${SYNTHESIZE_SYSTEM_PROMPT}\n\n${synthesizer.instructions}`).slice(0, 16);
}

/** The user's categories, quoted like the persona: a description is data about the question, one per line. */
export function categoryLines(categories: SynthesizeInput['categories']): string[] {
  return ['The question must fit each of these categories:', ...categories.map((c) => `- ${quoted(c.dimension)}: ${quoted(c.name)} — ${quoted(c.description)}`)];
}

export function synthesizeMessages(synthesizer: Pick<Synthesizer, 'instructions'>, input: SynthesizeInput): ChatMessage[] {
  const lines = [
    `Task: ${synthesizer.instructions}`,
    '',
    `Persona: ${quoted(input.persona.name)} — ${quoted(input.persona.role_description)}`,
    `Query style: ${input.style} (${QUERY_STYLES[input.style] ?? input.style})`,
    `Query length: ${QUERY_LENGTHS[input.length] ?? input.length}`,
    `Focus on: ${input.focus.join('; ') || 'the main point of the contexts'}`,
  ];
  if (input.bridge.length > 0) lines.push(`Connect the contexts through: ${input.bridge.join('; ')}`);
  if (input.paraphrase) lines.push(PARAPHRASE_INSTRUCTION);
  if (input.categories.length > 0) lines.push(...categoryLines(input.categories));
  lines.push(`Language: ${input.language ?? 'the language of the contexts'}`, '');
  const { contexts } = input;
  const code = boundaryCode(contexts.flatMap((context) => [context.title, context.text]));
  lines.push(`Boundary code: ${code}`, '');
  contexts.forEach((context, i) => {
    lines.push(fencePassage(code, `context ${i + 1} of ${contexts.length}, from ${quoted(context.title)}`, context.text), '');
  });
  return [
    { role: 'system', content: SYNTHESIZE_SYSTEM_PROMPT },
    { role: 'user', content: lines.join('\n').trimEnd() },
  ];
}
