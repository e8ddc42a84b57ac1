import { distance } from 'fastest-levenshtein';
import { words } from './tokenize.js';

/**
 * Typos against a vocabulary: a word that is not in it but is one or two edits from a word
 * that is ("Rosseta" for "Rosetta"), and not merely another inflection ("discovered" for
 * "discovery"). Used to guarantee the `misspelled` query style and to measure the
 * misspelling rate of real queries (`ragset profile`).
 */

/** Words shorter than this that share all but their last three letters are inflections, not typos. */
const INFLECTION_TAIL = 3;
const SHORT_WORD = 5;

function isTypoOf(word: string, known: string): boolean {
  const edits = distance(word, known);
  if (edits === 0 || edits > 2) return false;
  const shorter = Math.min(word.length, known.length);
  if (shorter < SHORT_WORD) return true;
  let prefix = 0;
  while (prefix < shorter && word[prefix] === known[prefix]) prefix++;
  return prefix < shorter - INFLECTION_TAIL;
}

/** Words of `text` that are not in `vocabulary` but one or two edits from a word that is (and not merely another inflection of it). */
export function typoWords(text: string, vocabulary: ReadonlySet<string>): string[] {
  const byLength = lengthIndex(vocabulary);
  const near = (word: string) => [-2, -1, 0, 1, 2].flatMap((delta) => byLength.get(word.length + delta) ?? []);
  return words(text)
    .filter((word) => /^\p{L}+$/u.test(word) && !vocabulary.has(word))
    .filter((word) => near(word).some((candidate) => isTypoOf(word, candidate)));
}

/** Known words by length (a typo is at most two edits, so only lengths ±2 are compared); kept per vocabulary. */
const indexes = new WeakMap<ReadonlySet<string>, Map<number, string[]>>();
function lengthIndex(vocabulary: ReadonlySet<string>): Map<number, string[]> {
  let index = indexes.get(vocabulary);
  if (!index) {
    index = new Map();
    for (const word of vocabulary) {
      const list = index.get(word.length);
      if (list) list.push(word);
      else index.set(word.length, [word]);
    }
    indexes.set(vocabulary, index);
  }
  return index;
}

export const hasTypo = (question: string, vocabulary: ReadonlySet<string>): boolean => typoWords(question, vocabulary).length > 0;

