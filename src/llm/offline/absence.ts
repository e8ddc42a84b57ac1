import type { AbsenceInput, AbsenceOutput } from '../tasks.js';
import { splitSentences } from './sentences.js';
import { ALL_STOPWORDS } from './stopwords.js';
import { words } from './tokenize.js';

/**
 * The absence check of an unanswerable question without a model, lexically. The question's
 * content words that occur anywhere in the nearest passages are its subjects there (words no
 * passage uses, such as "relate", say nothing about what the passages answer). A passage
 * answers the question when one of its sentences holds all of those subjects together and
 * they are at least half of the question's content words; that sentence is the answering
 * quote. So a question relating two terms the corpus never states together passes, and one
 * whose terms a sentence joins is rejected. Standalone and adherence are not judged
 * (they come back true), as in the offline verify task.
 */

const contentWords = (text: string) => new Set(words(text).filter((word) => !ALL_STOPWORDS.has(word)));

export function offlineAbsence(input: AbsenceInput): AbsenceOutput {
  const asked = contentWords(input.question);
  const used = new Set(input.contexts.flatMap((context) => [...contentWords(context.text)]));
  const subjects = [...asked].filter((word) => used.has(word));
  const enough = subjects.length > 0 && subjects.length * 2 >= asked.size;
  const quotes = enough
    ? input.contexts.flatMap((context, i) =>
        splitSentences(context.text)
          .filter((sentence) => {
            const held = contentWords(sentence.text);
            return subjects.every((word) => held.has(word));
          })
          .map((sentence) => ({ context: i + 1, quote: sentence.text })),
      )
    : [];
  const answered = quotes.length > 0;
  return {
    answering_quotes: quotes.slice(0, 3),
    answered,
    standalone: true,
    style_followed: true,
    length_followed: true,
    persona_fits: true,
    problem: answered ? `a sentence of context ${quotes[0]?.context} states ${subjects.join(', ')} together` : '',
  };
}
