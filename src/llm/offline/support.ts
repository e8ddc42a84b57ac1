import { shortPhrases } from './phrases.js';
import { textStructure, type Sentence } from './sentences.js';
import { centralSentences } from './textrank.js';
import { normalizeWord, words } from './tokenize.js';

/**
 * Grounding for generated questions: the sentences of a context that state something about
 * a term (verbatim mention first, then word overlap, then the most central sentence), and
 * the other salient terms of such a sentence, which give a question its second anchor.
 */

export interface Supported {
  sentence: Sentence;
  /** 2 for a verbatim mention, (0, 1] for partial word overlap, 0 for the central fallback. */
  score: number;
  /** Index among the context's sentences, to reach neighbours. */
  index: number;
}

/** The context's prose sentences, or its whole trimmed text when it has none (a code block, a table). */
export function contextSentences(text: string): Sentence[] {
  const sentences = textStructure(text).sentences;
  if (sentences.length > 0) return sentences;
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  return end > start ? [{ text: text.slice(start, end), start, end }] : [];
}

function termScore(sentence: string, term: string, stopwords: ReadonlySet<string>): number {
  const haystack = normalizeWord(sentence);
  const needle = normalizeWord(term).trim();
  if (needle && haystack.includes(needle)) return 2;
  const termWords = words(term).filter((word) => !stopwords.has(word));
  if (termWords.length === 0) return 0;
  const sentenceWords = new Set(words(sentence));
  return termWords.filter((word) => sentenceWords.has(word)).length / termWords.length;
}

/** Sentences about the terms, best first; earlier terms count more. Never empty for a non-empty text. */
export function supportFor(text: string, terms: readonly string[], stopwords: ReadonlySet<string>): Supported[] {
  const sentences = contextSentences(text);
  const scored = sentences
    .map((sentence, index) => {
      const score = terms.reduce((best, term, rank) => Math.max(best, termScore(sentence.text, term, stopwords) / (1 + rank * 0.25)), 0);
      return { sentence, score, index };
    })
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index);
  if (scored.length > 0) return scored;
  const central = centralSentences(sentences, stopwords, 1)[0];
  return central ? [{ sentence: central, score: 0, index: sentences.indexOf(central) }] : [];
}

/**
 * The sentence plus, when it is too short to stand alone, the one after it: a reference
 * answer quotes whole sentences, so it stays verbatim and grounded.
 */
export function answerSentences(text: string, supported: Supported, minWords = 10): Sentence[] {
  const sentences = contextSentences(text);
  const next = sentences[supported.index + 1];
  return words(supported.sentence.text).length < minWords && next ? [supported.sentence, next] : [supported.sentence];
}

/** Salient short terms of a text that share no word with `exclude`, best first; names get a bonus, as the most specific anchors. */
export function cueTerms(text: string, exclude: readonly string[], stopwords: ReadonlySet<string>, language: string): string[] {
  const excluded = new Set(exclude.flatMap((term) => words(term)));
  return shortPhrases(text, stopwords, language)
    .filter((phrase) => !phrase.words.some((word) => excluded.has(word)))
    .map((phrase) => ({ ...phrase, rank: phrase.score + (phrase.capitalised ? 1 : 0) }))
    .sort((a, b) => b.rank - a.rank || a.order - b.order)
    .map((phrase) => phrase.text);
}

/** The first year (1000–2099) a sentence states. */
export function yearIn(sentence: string): string | undefined {
  return /(?<![\p{N}])(1\d{3}|20\d{2})(?![\p{N}])/u.exec(sentence)?.[1];
}
