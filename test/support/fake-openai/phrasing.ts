import { AVOID_TERMS_LABEL, KEY_TERMS_LABEL } from '../../../synthesizers/prompt.js';
import { textSource } from './answer.js';
import { passages } from './verdict.js';

/**
 * The fake server's writer follows the phrasing lines of a synthesis prompt
 * (synthesizers/phrasing.ts) the way an instruction-following model would, with what it has:
 * - "Terms to use: a; b; c": the question names the first three of them;
 * - "Words not to use: …" (with the paraphrase rule): the question asks how the two words the
 *   contexts repeat most, among those not listed, relate (the subject's general words).
 * Without those lines the question is left as the writer made it. Nothing here knows ranks: the
 * pipeline still measures the question's difficulty.
 */

function listLine(prompt: string, label: string): string[] {
  const line = new RegExp(`^${label}: (.*)$`, 'm').exec(prompt)?.[1] ?? '';
  return line.split('; ').map((term) => term.trim()).filter(Boolean);
}

export function promptSteer(prompt: string): { key: string[]; avoid: string[] } {
  return { key: listLine(prompt, KEY_TERMS_LABEL), avoid: listLine(prompt, AVOID_TERMS_LABEL) };
}

const wordsOf = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** A question that follows the prompt's steer, or `question` when the prompt gives none (or nothing fits it). */
export function steeredQuestion(prompt: string, question: string, contexts: readonly string[]): string {
  const { key, avoid } = promptSteer(prompt);
  if (key.length > 0) {
    const [first, ...rest] = key.slice(0, 3);
    return rest.length > 0 ? `What is known about ${first}, and how does it relate to ${rest.join(' and ')}?` : `What is known about ${first}?`;
  }
  if (avoid.length === 0) return question;
  const avoided = new Set(avoid.flatMap(wordsOf));
  const text = contexts.join('\n');
  const counts = new Map<string, number>();
  for (const word of wordsOf(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  // The contexts' own words that are no avoided term, most repeated first: the general words of the subject.
  const [a, b] = textSource(text)
    .words.filter((word) => !avoided.has(word) && !/\d/.test(word))
    .map((word, order) => ({ word, order, count: counts.get(word) ?? 0 }))
    .sort((x, y) => y.count - x.count || x.order - y.order)
    .map((entry) => entry.word);
  if (!a) return question;
  return b ? `How does the ${a} relate to the ${b}?` : `What should I know about the ${a}?`;
}

/** Of `sentences`, the one a steered writer restates: most key terms (easy), fewest avoided words (hard), else the first. */
export function steeredSentence(prompt: string, sentences: readonly string[]): string | undefined {
  const { key, avoid } = promptSteer(prompt);
  const avoided = new Set(avoid.flatMap(wordsOf));
  const score = (sentence: string) =>
    wordsOf(sentence).filter((word) => avoided.has(word)).length - key.filter((term) => sentence.toLowerCase().includes(term.toLowerCase())).length;
  return [...sentences].map((sentence, order) => ({ sentence, order, score: score(sentence) })).sort((x, y) => x.score - y.score || x.order - y.order)[0]?.sentence;
}

/** A synthesis answer whose question follows the prompt's phrasing lines (other answers pass through). */
export function followPhrasing(answer: unknown, prompt: string): unknown {
  if (typeof answer !== 'object' || answer === null || !('question' in answer) || typeof answer.question !== 'string') return answer;
  const contexts = passages(prompt).filter((passage) => /^context \d+/.test(passage.label)).map((passage) => passage.text);
  return { ...answer, question: steeredQuestion(prompt, answer.question, contexts) };
}
