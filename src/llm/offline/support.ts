import nlp from 'compromise';
import { rake } from './rake.js';
import { textStructure, type Sentence } from './sentences.js';
import { centralSentences } from './textrank.js';
import { isUnspaced, normalizeWord, words } from './tokenize.js';

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

/** Noun phrases of English text (compromise's tagger); other languages use RAKE's runs directly. */
function phraseSources(text: string, language: string): string[] {
  if (language !== 'en') return [text];
  return (nlp(text).nouns().out('array') as string[]).filter((phrase) => phrase.trim() !== '');
}

/**
 * Salient 1–3 word terms of a text that share no word with `exclude`, best first: the
 * stopword-free runs of its noun phrases (all of it outside English), ranked by the text's
 * RAKE word scores with a bonus for capitalised names, which make the most specific anchors.
 */
export function cueTerms(text: string, exclude: readonly string[], stopwords: ReadonlySet<string>, language: string): string[] {
  const excluded = new Set(exclude.flatMap((term) => words(term)));
  const { wordScores } = rake(text, { stopwords, max: 0 });
  const scored = new Map<string, { text: string; score: number; order: number }>();
  for (const source of phraseSources(text, language)) {
    for (const phrase of rake(source, { stopwords, max: 30 }).phrases) {
      const key = phrase.words.join(' ');
      const minChars = isUnspaced(phrase.text) ? 2 : 3;
      if (phrase.words.length > 3 || [...phrase.text].length < minChars || scored.has(key)) continue;
      if (phrase.words.some((word) => excluded.has(word)) || /^[\p{N}\p{P}\s]+$/u.test(phrase.text)) continue;
      const name = /^\p{Lu}/u.test(phrase.text) ? 1 : 0;
      const score = phrase.words.reduce((sum, word) => sum + (wordScores.get(word) ?? 0), 0) + name;
      scored.set(key, { text: phrase.text, score, order: scored.size });
    }
  }
  return [...scored.values()].sort((a, b) => b.score - a.score || a.order - b.order).map((entry) => entry.text);
}

/** The first year (1000–2099) a sentence states. */
export function yearIn(sentence: string): string | undefined {
  return /(?<![\p{N}])(1\d{3}|20\d{2})(?![\p{N}])/u.exec(sentence)?.[1];
}
