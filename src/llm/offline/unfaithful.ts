import type { FaithfulnessPair } from '../../testset/sample.js';
import { splitSentences } from './sentences.js';

/**
 * The unfaithful half of a faithfulness pair without a model: the reference answer with one
 * fact changed, so a faithfulness metric has exactly one statement to catch. In order:
 * the first number of the answer moved by one (a year, a count, a version); else the
 * question's subject swapped for its second term in the sentence that names it ("A did X"
 * becomes "B did X"); else (and for an unanswerable question, which has no answer to alter)
 * an added sentence claiming that the subject depends on the second term, or, with one
 * term only, that it is no longer supported (English sentences whatever the corpus's
 * language). The changed or added sentence is the unsupported statement.
 */

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function changedNumber(sentence: string): string | undefined {
  const match = /\d+/.exec(sentence);
  if (!match) return undefined;
  const value = match[0];
  const moved = String(Number(value) + 1).padStart(value.length, '0');
  return `${sentence.slice(0, match.index)}${moved}${sentence.slice(match.index + value.length)}`;
}

function swappedTerm(sentence: string, terms: readonly string[]): string | undefined {
  const [subject, other] = terms;
  if (!subject || !other || subject.toLowerCase() === other.toLowerCase()) return undefined;
  const at = sentence.toLowerCase().indexOf(subject.toLowerCase());
  if (at === -1 || sentence.toLowerCase().includes(other.toLowerCase())) return undefined;
  return `${sentence.slice(0, at)}${other}${sentence.slice(at + subject.length)}`;
}

/** `terms`: the question's subject first, then its other terms. Undefined when no fact can be changed. */
export function unfaithfulPair(answer: string | undefined, terms: readonly string[]): FaithfulnessPair | undefined {
  const sentences = answer === undefined ? [] : splitSentences(answer).map((sentence) => sentence.text);
  for (const change of [changedNumber, (sentence: string) => swappedTerm(sentence, terms)]) {
    for (const sentence of sentences) {
      const changed = change(sentence);
      if (changed === undefined || changed === sentence || answer === undefined) continue;
      return { unfaithful_answer: answer.replace(sentence, changed), unsupported_statements: [changed] };
    }
  }
  const [subject, other] = terms;
  if (!subject) return undefined;
  const statement = other ? `${capitalised(subject)} depends directly on ${other}.` : `${capitalised(subject)} is no longer supported.`;
  return { unfaithful_answer: answer === undefined ? statement : `${answer} ${statement}`, unsupported_statements: [statement] };
}
