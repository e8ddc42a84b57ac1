import type { SynthesizeInput } from '../tasks.js';
import { cueTerms } from './support.js';
import { words } from './tokenize.js';

/**
 * How the slot's wanted difficulty steers the offline writer's words (synthesizers/phrasing.ts):
 * an easy question names the contexts' terms BM25 weighs most (`key`), a hard one keeps clear
 * of them (`avoid`) and describes its subject with the plainer words of the same sentences.
 * The writer cannot paraphrase the way a model can; what it can do honestly is choose which
 * of the text's own words to ask with. The sample's difficulty is still measured by ranking.
 */
export interface Steer {
  key: readonly string[];
  avoid: readonly string[];
}

export const steerOf = (input: SynthesizeInput): Steer => ({ key: input.keyTerms ?? [], avoid: input.avoidTerms ?? [] });

export const mentions = (text: string, term: string): boolean => text.toLowerCase().includes(term.toLowerCase());

/** Words of a term, identifiers also split at `_` and `-` (BM25 splits them). */
export const termWords = (term: string): string[] => [...words(term), ...words(term.replace(/[_-]+/g, ' '))];

/** Words a hard question may not use: every word of the avoided terms. */
export function avoidedWords(steer: Steer): Set<string> {
  return new Set(steer.avoid.flatMap(termWords));
}

/** Whether a text uses a word of the avoided terms. */
export function usesAvoided(text: string, avoided: ReadonlySet<string>): boolean {
  return termWords(text).some((word) => avoided.has(word));
}

/**
 * Terms of `text` for a hard question: salient phrases sharing no word with the avoided terms or
 * `exclude`, plainest first. Plain means the context repeats the phrase's words: a word the
 * chunk says often that BM25 still does not weigh among its heaviest is common in the corpus
 * ("shell", "command"), so it does not single the chunk out. Ties keep the salience order.
 */
export function plainTerms(text: string, context: string, exclude: readonly string[], steer: Steer, stopwords: ReadonlySet<string>, language: string): string[] {
  const avoided = avoidedWords(steer);
  const counts = new Map<string, number>();
  for (const word of words(context)) counts.set(word, (counts.get(word) ?? 0) + 1);
  const plainness = (term: string) => {
    const own = words(term).filter((word) => !stopwords.has(word));
    return own.length === 0 ? 0 : own.reduce((sum, word) => sum + (counts.get(word) ?? 0), 0) / own.length;
  };
  return cueTerms(text, exclude, stopwords, language)
    .filter((term) => !usesAvoided(term, avoided))
    .map((term, order) => ({ term, order, plain: plainness(term) }))
    .sort((a, b) => b.plain - a.plain || a.order - b.order)
    .map((entry) => entry.term);
}
