import { detectLanguage } from '../llm/offline/language.js';
import { words } from '../llm/offline/tokenize.js';
import { typoWords } from '../llm/offline/typos.js';

/**
 * What can be measured of one query without a model: its length in word tokens (the unit
 * of the query lengths the synthesis prompt asks for), its length bucket, whether it is a
 * keyword query or a question, its misspelled words against a vocabulary, its language.
 */

/** Bucket bounds in word tokens, matching the prompt's query lengths (synthesizers/query-style.ts). */
export const LENGTH_BUCKETS = [
  { name: 'short', maxTokens: 10 },
  { name: 'medium', maxTokens: 20 },
  { name: 'long', maxTokens: Infinity },
] as const;
export type LengthBucket = (typeof LENGTH_BUCKETS)[number]['name'];

export const FORMULATIONS = ['keyword', 'question'] as const;
export type Formulation = (typeof FORMULATIONS)[number];

/** Words that open a question or a request, in the languages the offline provider knows. */
const QUESTION_OPENERS = new Set(
  [
    'what whats which who whom whose when where why how is are am was were do does did can could should would will shall may might must has have had',
    'explain describe tell show list give help compare',
    'wie was warum wann wo welche welcher welches wer kann können ist sind gibt muss soll',
    'comment que quoi pourquoi quand où quel quelle quels est peut puis',
    'cómo como qué que por cuándo cuando dónde donde cuál cual quién quien puedo es hay',
  ].flatMap((line) => line.split(' ')),
);

export const tokenCount = (query: string): number => words(query).length;

export function lengthBucket(tokens: number): LengthBucket {
  return LENGTH_BUCKETS.find((bucket) => tokens <= bucket.maxTokens)?.name ?? 'long';
}

/** A question: it ends with a question mark or opens with a question word, auxiliary or request verb; else keywords. */
export function formulation(query: string): Formulation {
  const text = query.trim();
  if (/[?？¿]/u.test(text)) return 'question';
  const first = words(text)[0];
  return first !== undefined && QUESTION_OPENERS.has(first) ? 'question' : 'keyword';
}

export interface QueryMeasures {
  tokens: number;
  bucket: LengthBucket;
  formulation: Formulation;
  language: string;
  /** Words checked for spelling (letters only) and those found misspelled; null without a vocabulary. */
  spelling: { checked: number; misspelled: number } | null;
}

export function measureQuery(query: string, vocabulary: ReadonlySet<string> | null): QueryMeasures {
  const tokens = tokenCount(query);
  const checked = words(query).filter((word) => /^\p{L}+$/u.test(word)).length;
  return {
    tokens,
    bucket: lengthBucket(tokens),
    formulation: formulation(query),
    language: detectLanguage(query),
    spelling: vocabulary ? { checked, misspelled: typoWords(query, vocabulary).length } : null,
  };
}
