import { sha256 } from '../src/hash.js';
import { boundaryCode, fencePassage, quoted, UNTRUSTED_PASSAGES_RULE } from '../src/llm/fence.js';
import type { QuestionType, SynthesizeInput } from '../src/llm/tasks.js';
import type { ChatMessage } from '../src/llm/types.js';
import { QUERY_LENGTHS, QUERY_STYLES } from './query-style.js';
import type { Synthesizer } from './types.js';

/**
 * The prompt frame every synthesizer shares: rules for grounded questions and answers,
 * then the synthesizer's own instructions, then the scenario and the contexts. The template
 * hash recorded in each sample changes whenever the frame or the instructions change.
 */

const ROLE = 'You write evaluation data for a retrieval-augmented question answering system.';
const INPUTS = 'You are given one or more context passages, a persona, a query style and a query length.';
const NO_SOURCE_MENTION = 'must not mention "the context", "the passage" or "the text".';
const STYLE_RULE = '- Follow the query style and length for the question only; the answer is always well written.';
const LANGUAGE_RULE = '- Write in the requested language; if none is requested, write in the language of the contexts.';

/** The JSON shape line of a system prompt, from the output's fields. */
const jsonShape = (fields: readonly string[]) =>
  `Answer with JSON only: {${fields.map((field) => `"${field}": ${field === 'unsupported_statements' ? 'string[]' : 'string'}`).join(', ')}}.`;

const TASK_RULES: Record<QuestionType, { task: string; rules: string[]; fields: string[] }> = {
  answerable: {
    task: 'Write the question that persona would really type, and a reference answer.',
    rules: [
      `- The question must be answerable from the contexts alone, and ${NO_SOURCE_MENTION}`,
      '- The answer must use only facts stated in the contexts; be complete but concise.',
    ],
    fields: ['question', 'answer'],
  },
  unanswerable: {
    task: 'Write a question that persona would really type about the subject area of the contexts, whose answer the contexts do not contain.',
    rules: [
      `- The question must be specific and plausible for documents like these, and ${NO_SOURCE_MENTION}`,
      '- The contexts must not answer it, not even in part; "missing" says what it asks for that they do not state.',
    ],
    fields: ['question', 'missing'],
  },
  false_premise: {
    task: 'Write a question that persona could really type, which takes for granted something the context contradicts, and a reference answer that corrects it.',
    rules: [
      '- First copy one fact of the context exactly ("correcting_quote"), then change one detail of it (a number, version, default, name or what something does) or negate it: that is the false "premise".',
      `- The question must take the premise for granted without saying it may be wrong, and ${NO_SOURCE_MENTION}`,
      '- The premise must be plausible but clearly false by the context; the context must not state it anywhere.',
      '- The answer says the premise is wrong and states what the context says instead, using only facts from the context.',
    ],
    fields: ['correcting_quote', 'premise', 'question', 'answer'],
  },
};

const FAITHFULNESS_RULE =
  '- Also write "unfaithful_answer": a fluent, confident answer to the question that looks right but adds or changes at least one fact the contexts do not support; and "unsupported_statements": each such statement, copied from it.';

/** The system prompt for one kind of question; with `faithfulnessPairs`, also asks for an unfaithful answer in the same call. */
export function synthesizeSystemPrompt(questionType: QuestionType = 'answerable', faithfulnessPairs = false): string {
  const { task, rules, fields } = TASK_RULES[questionType];
  return [
    ROLE,
    INPUTS,
    task,
    'Rules:',
    ...rules,
    STYLE_RULE,
    LANGUAGE_RULE,
    ...(faithfulnessPairs ? [FAITHFULNESS_RULE] : []),
    jsonShape(faithfulnessPairs ? [...fields, 'unfaithful_answer', 'unsupported_statements'] : fields),
    UNTRUSTED_PASSAGES_RULE,
  ].join('\n');
}

/** The prompt of an answerable question without faithfulness pairs, as every testset before them was made. */
export const SYNTHESIZE_SYSTEM_PROMPT = synthesizeSystemPrompt();

/** For slots that want a hard retrieval question: a keyword search should not find its contexts. */
export const PARAPHRASE_INSTRUCTION =
  'Phrasing: ask in your own words, as someone who has not read the contexts would; do not copy their distinctive terms, names or phrases (use synonyms or descriptions).';

/** The lines that list the terms (phrasing.ts); a model stand-in reads them back (test/support/fake-openai/phrasing.ts). */
export const AVOID_TERMS_LABEL = 'Words not to use';
export const KEY_TERMS_LABEL = 'Terms to use';

/** For slots that want an easy retrieval question: a keyword search should find its contexts. */
export const KEY_TERMS_INSTRUCTION =
  "Phrasing: ask as someone who knows the subject's own terminology would; name the subject with the contexts' most specific terms, at least one from each context.";

type PromptSynthesizer = Pick<Synthesizer, 'instructions' | 'questionType'>;

/** Every instruction a synthesis prompt gives: a question that repeats one of them is an echo, not a question. */
export function synthesisInstructions(synthesizer: PromptSynthesizer, faithfulnessPairs = false): string[] {
  return [...synthesizeSystemPrompt(synthesizer.questionType, faithfulnessPairs).split('\n'), synthesizer.instructions, PARAPHRASE_INSTRUCTION, KEY_TERMS_INSTRUCTION];
}

export function promptHash(synthesizer: PromptSynthesizer, faithfulnessPairs = false): string {
  return sha256(`${synthesizeSystemPrompt(synthesizer.questionType, faithfulnessPairs)}\n\n${synthesizer.instructions}`).slice(0, 16);
}

/** The user's categories, quoted like the persona: a description is data about the question, one per line. */
export function categoryLines(categories: SynthesizeInput['categories']): string[] {
  return ['The question must fit each of these categories:', ...categories.map((c) => `- ${quoted(c.dimension)}: ${quoted(c.name)} — ${quoted(c.description)}`)];
}

export function synthesizeMessages(synthesizer: PromptSynthesizer, input: SynthesizeInput): ChatMessage[] {
  const lines = [
    `Task: ${synthesizer.instructions}`,
    '',
    `Persona: ${quoted(input.persona.name)} — ${quoted(input.persona.role_description)}`,
    `Query style: ${input.style} (${QUERY_STYLES[input.style] ?? input.style})`,
    `Query length: ${QUERY_LENGTHS[input.length] ?? input.length}`,
    `Focus on: ${input.focus.join('; ') || 'the main point of the contexts'}`,
  ];
  if (input.bridge.length > 0) {
    lines.push(input.questionType === 'unanswerable' ? `Related term: ${input.bridge.join('; ')}` : `Connect the contexts through: ${input.bridge.join('; ')}`);
  }
  if (input.paraphrase) lines.push(PARAPHRASE_INSTRUCTION);
  if (input.avoidTerms) lines.push(`${AVOID_TERMS_LABEL}: ${input.avoidTerms.join('; ')}`);
  if (input.keyTerms) lines.push(KEY_TERMS_INSTRUCTION, `${KEY_TERMS_LABEL}: ${input.keyTerms.join('; ')}`);
  if (input.categories.length > 0) lines.push(...categoryLines(input.categories));
  lines.push(`Language: ${input.language ?? 'the language of the contexts'}`, '');
  const { contexts } = input;
  const code = boundaryCode(contexts.flatMap((context) => [context.title, context.text]));
  lines.push(`Boundary code: ${code}`, '');
  contexts.forEach((context, i) => {
    lines.push(fencePassage(code, `context ${i + 1} of ${contexts.length}, from ${quoted(context.title)}`, context.text), '');
  });
  return [
    { role: 'system', content: synthesizeSystemPrompt(synthesizer.questionType, input.faithfulnessPairs === true) },
    { role: 'user', content: lines.join('\n').trimEnd() },
  ];
}
