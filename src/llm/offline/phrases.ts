import { englishNounPhrases } from './english.js';
import { rake } from './rake.js';
import { isUnspaced } from './tokenize.js';

/**
 * Short candidate terms (1–3 words) of a text: the stopword-free runs of its noun phrases
 * in English (compromise's tagger), or RAKE's candidate runs in any other language. Each
 * carries its RAKE score over the whole text and how often its words occur there, so
 * callers rank them as they need: questions want specific names, themes recurring topics.
 */

export interface ShortPhrase {
  text: string;
  words: string[];
  /** Sum of the text-level RAKE word scores (deg/freq). */
  score: number;
  /** Mean occurrences of its words in the text. */
  frequency: number;
  /** Starts with a capital letter: likely a name. */
  capitalised: boolean;
  /** Order of discovery, for stable ties. */
  order: number;
}

const MAX_WORDS = 3;

function sources(text: string, language: string): string[] {
  if (language !== 'en') return [text];
  return englishNounPhrases(text).filter((phrase) => phrase.trim() !== '');
}

export function shortPhrases(text: string, stopwords: ReadonlySet<string>, language: string): ShortPhrase[] {
  const { wordScores, frequency } = rake(text, { stopwords, max: 0 });
  const found = new Map<string, ShortPhrase>();
  for (const source of sources(text, language)) {
    for (const phrase of rake(source, { stopwords, max: 50 }).phrases) {
      const key = phrase.words.join(' ');
      const minChars = isUnspaced(phrase.text) ? 2 : 3;
      if (phrase.words.length > MAX_WORDS || [...phrase.text].length < minChars || found.has(key)) continue;
      if (/^[\p{N}\p{P}\s]+$/u.test(phrase.text)) continue;
      found.set(key, {
        text: phrase.text,
        words: phrase.words,
        score: phrase.words.reduce((sum, word) => sum + (wordScores.get(word) ?? 0), 0),
        frequency: phrase.words.reduce((sum, word) => sum + (frequency.get(word) ?? 0), 0) / phrase.words.length,
        capitalised: /^\p{Lu}/u.test(phrase.text),
        order: found.size,
      });
    }
  }
  return [...found.values()];
}
