import { wordTokens, type WordToken } from './tokenize.js';

/**
 * RAKE, Rapid Automatic Keyword Extraction (Rose, Engel, Cramer & Cowley, "Automatic
 * keyword extraction from individual documents", 2010):
 * 1. candidates are the runs of words between stopwords and phrase delimiters
 *    (punctuation, line breaks, numbers);
 * 2. each word scores deg(w) / freq(w), where deg(w) counts the words it co-occurs with
 *    inside candidates (itself included) and freq(w) its occurrences;
 * 3. a candidate scores the sum of its words' scores; repeated candidates count once.
 * Deviation from the paper: runs longer than `maxWords` are cut into windows of that length,
 * because unspaced scripts (Chinese, Japanese) give clause-long runs.
 */

export interface Keyphrase {
  /** As first written in the text. */
  text: string;
  /** Normalised words. */
  words: string[];
  score: number;
  /** Offset of the first occurrence, for stable ordering. */
  start: number;
}

export interface RakeResult {
  phrases: Keyphrase[];
  /** deg(w) / freq(w) per normalised word. */
  wordScores: Map<string, number>;
  /** freq(w): occurrences of each candidate word. */
  frequency: Map<string, number>;
}

const DEFAULTS = { maxWords: 4, max: 10 };

/** Digits, and Chinese/Japanese numerals, which are letters to Unicode. */
const NUMERIC = /^[\p{N}.,一二三四五六七八九十百千万两]+$/u;

function candidateRuns(tokens: readonly WordToken[], stopwords: ReadonlySet<string>, maxWords: number): WordToken[][] {
  const runs: WordToken[][] = [];
  let run: WordToken[] = [];
  const flush = () => {
    for (let i = 0; i < run.length; i += maxWords) runs.push(run.slice(i, i + maxWords));
    run = [];
  };
  for (const token of tokens) {
    const delimiter = stopwords.has(token.norm) || NUMERIC.test(token.norm);
    if (delimiter || !token.joined) flush();
    if (!delimiter) run.push(token);
  }
  flush();
  return runs;
}

export function rake(
  text: string,
  options: { stopwords: ReadonlySet<string>; maxWords?: number; max?: number },
): RakeResult {
  const { maxWords, max, stopwords } = { ...DEFAULTS, ...options };
  const runs = candidateRuns(wordTokens(text), stopwords, maxWords);

  const frequency = new Map<string, number>();
  const degree = new Map<string, number>();
  for (const run of runs) {
    for (const token of run) {
      frequency.set(token.norm, (frequency.get(token.norm) ?? 0) + 1);
      degree.set(token.norm, (degree.get(token.norm) ?? 0) + run.length);
    }
  }
  const wordScores = new Map<string, number>();
  for (const [word, freq] of frequency) wordScores.set(word, (degree.get(word) ?? 0) / freq);

  const phrases = new Map<string, Keyphrase>();
  for (const run of runs) {
    const first = run[0];
    const last = run[run.length - 1];
    if (!first || !last) continue;
    const normWords = run.map((token) => token.norm);
    const key = normWords.join(' ');
    if (phrases.has(key) || [...key.replace(/ /g, '')].length < 2) continue;
    const score = normWords.reduce((sum, word) => sum + (wordScores.get(word) ?? 0), 0);
    phrases.set(key, { text: text.slice(first.start, last.end), words: normWords, score, start: first.start });
  }
  const ranked = [...phrases.values()].sort((a, b) => b.score - a.score || a.start - b.start);
  return { phrases: ranked.slice(0, max), wordScores, frequency };
}
