import { offlineAbsence } from '../../../src/llm/offline/absence.js';
import { negatedSentence } from '../../../src/llm/offline/false-premise.js';
import { offlinePremise } from '../../../src/llm/offline/premise.js';
import type { AbsenceOutput, PremiseOutput } from '../../../src/llm/tasks.js';
import { steeredSentence } from './phrasing.js';
import { passages } from './verdict.js';

/**
 * The fake server's answers for the question kinds that are not plain answerable ones.
 * Writer (schema with `correcting_quote`): the first sentence of context 1 holding a number (a
 * steered prompt's choice among them, ./phrasing.ts), with that number doubled, is the premise;
 * else, as a model would, the first sentence whose main-clause claim can be negated, negated
 * (the offline writer's rule, `negatedSentence`: "is" → "is not"); a context with neither gets
 * its first sentence back unchanged as the "premise",
 * which the pipeline rejects without a call (the context states it), so real corpora yield
 * real rejections. Judges: by default the premise check
 * approves (as the verify judge does); benches and tests that want real verdicts use the
 * lexical ones, which are the offline provider's judges run on the prompt's fenced passages.
 */

const TEXT_PERSONA = { name: 'reader', role_description: 'reads the documents' };

function contextsOf(prompt: string) {
  return passages(prompt)
    .filter((passage) => /^context \d+/.test(passage.label))
    .map((passage, i) => ({ id: String(i + 1), title: passage.label, text: passage.text }));
}

const passage = (prompt: string, label: string) => passages(prompt).find((p) => p.label === label)?.text ?? '';

export function falsePremiseAnswer(prompt: string) {
  const text = contextsOf(prompt)[0]?.text ?? '';
  const sentences = text.split(/(?<=[.!?])\s+/).map((sentence) => sentence.replace(/\s+/g, ' ').trim()).filter((sentence) => sentence.split(' ').length >= 5);
  const numbered = steeredSentence(prompt, sentences.filter((sentence) => /\b\d+\b/.test(sentence)));
  const negatable = numbered ? undefined : steeredSentence(prompt, sentences.filter((sentence) => negatedSentence(sentence) !== undefined));
  const quote = numbered ?? negatable ?? sentences[0] ?? text.trim();
  const premise = numbered ? numbered.replace(/\b\d+\b/, (n) => String(Number(n) * 2 + 1)) : negatable ? (negatedSentence(negatable) as string) : quote;
  const clause = premise.replace(/[.!?]$/, '');
  return { correcting_quote: quote, premise, question: `Why is it that ${clause.charAt(0).toLowerCase()}${clause.slice(1)}?`, answer: `That is not so: ${quote}` };
}

export function approvingPremise(): PremiseOutput {
  return { stating_quotes: [], premise_stated: false, cited_contradicts: true, question_assumes: true, standalone: true, style_followed: true, length_followed: true, persona_fits: true, problem: '' };
}

export function lexicalPremise(prompt: string): PremiseOutput {
  const [style, length] = ['perfect_grammar', 'medium'];
  return offlinePremise({ question: passage(prompt, 'question'), premise: passage(prompt, 'premise'), cited: passage(prompt, 'cited passage'), answer: passage(prompt, 'reference answer'), contexts: contextsOf(prompt), persona: TEXT_PERSONA, style, length });
}

export function lexicalAbsence(prompt: string): AbsenceOutput {
  return offlineAbsence({ question: passage(prompt, 'question'), contexts: contextsOf(prompt), persona: TEXT_PERSONA, style: 'perfect_grammar', length: 'medium' });
}
