import nlp from 'compromise';
import { memoizeRecent } from './memo.js';

/**
 * compromise's parse of an English text, shared by the NER and noun-phrase steps: tagging is
 * by far the costliest part of offline extraction, so each text is parsed once. A small
 * first-in-first-out memo covers the repeats (a chunk's extraction, then its questions).
 */

type EnglishDocument = ReturnType<typeof nlp>;

export const englishDocument: (text: string) => EnglishDocument = memoizeRecent(16, (text) => nlp(text));

/** Names of one kind, as written. */
export function englishNames(text: string, kind: 'people' | 'places' | 'organizations'): string[] {
  return englishDocument(text)[kind]().out('array') as string[];
}

export function englishNounPhrases(text: string): string[] {
  return englishDocument(text).nouns().out('array') as string[];
}

/** A naming phrase: a noun and no verb or adverb ("advisory locks", not "Champollion became curator"). */
export function isEnglishNounPhrase(phrase: string): boolean {
  const parsed = nlp(phrase);
  return parsed.has('#Noun') && !parsed.has('#Verb') && !parsed.has('#Adverb');
}

/** A proper name by compromise's lexicon and capitalisation rules ("Rosetta Stone", "Champollion"). */
export function isEnglishProperNoun(phrase: string): boolean {
  return nlp(phrase).has('#ProperNoun');
}
