import type { PremiseInput, PremiseOutput } from '../tasks.js';
import { splitSentences } from './sentences.js';
import { ALL_STOPWORDS } from './stopwords.js';
import { words } from './tokenize.js';

/**
 * The premise check of a false-premise question without a model, lexically. A sentence
 * states the premise when it holds all of the premise's content words and numbers and as many
 * negations. The cited passage contradicts it when it is about
 * the same thing (it holds at least 60 % of the premise's content words) and differs in a
 * number or in its count of negations. The question takes the premise for granted when it
 * carries the premise's distinguishing detail (its changed numbers; a negation when the premise
 * adds one, none needed when it drops one) and at least half of its content words (or three), and does not ask "is it true that…". Standalone and adherence are not judged
 * (they come back true), as in the offline verify task.
 */

const NEGATION = /\b(?:not|no|never|none|nor|nothing|neither|cannot)\b|n't\b/gi;
const SAME_SUBJECT = 0.6;

const contentWords = (text: string) => new Set(words(text).filter((word) => !ALL_STOPWORDS.has(word)));
const numbers = (text: string) => new Set(text.match(/\d+/g) ?? []);
/** How many negations: a claim and its denial differ in this count (one added or removed "not"). */
const negations = (text: string) => text.match(NEGATION)?.length ?? 0;
const share = (part: ReadonlySet<string>, whole: ReadonlySet<string>) => (part.size === 0 ? 0 : [...part].filter((word) => whole.has(word)).length / part.size);

function states(text: string, premise: string): boolean {
  const held = contentWords(text);
  const figures = numbers(text);
  return [...contentWords(premise)].every((word) => held.has(word)) && [...numbers(premise)].every((n) => figures.has(n)) && negations(text) === negations(premise);
}

export function offlinePremise(input: PremiseInput): PremiseOutput {
  const { premise, cited, question } = input;
  const quotes = input.contexts.flatMap((context, i) =>
    splitSentences(context.text)
      .filter((sentence) => states(sentence.text, premise))
      .map((sentence) => ({ context: i + 1, quote: sentence.text })),
  );
  const changed = [...numbers(premise)].filter((n) => !numbers(cited).has(n));
  const flipped = negations(premise) !== negations(cited);
  const sameSubject = share(contentWords(premise), contentWords(cited)) >= SAME_SUBJECT;
  const citedContradicts = sameSubject && (flipped || (changed.length > 0 && numbers(cited).size > 0)) && !states(cited, premise);
  const asked = contentWords(question);
  const carries = changed.every((n) => numbers(question).has(n)) && (!flipped || (negations(question) > 0) === (negations(premise) > negations(cited)));
  // Half the premise's content words, or three of them: a search-style question keeps only the words around the change.
  const premiseWords = contentWords(premise);
  const assumes = carries && share(premiseWords, asked) >= Math.min(0.5, 3 / Math.max(1, premiseWords.size)) && !/^\s*(?:is|are)\s+it\s+(?:true|right|correct)\b/i.test(question);
  const problems = [
    quotes.length > 0 ? `context ${quotes[0]?.context} states the premise` : '',
    citedContradicts ? '' : 'the cited passage does not differ from the premise in a number or in polarity',
    assumes ? '' : 'the question does not carry the premise',
  ].filter(Boolean);
  return {
    stating_quotes: quotes.slice(0, 3),
    premise_stated: quotes.length > 0,
    cited_contradicts: citedContradicts,
    question_assumes: assumes,
    standalone: true,
    style_followed: true,
    length_followed: true,
    persona_fits: true,
    problem: problems.join('; '),
  };
}
