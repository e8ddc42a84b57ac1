import type { ChunkFacts, Corpus } from './corpus.js';
import { termKey } from './corpus.js';
import type { FocusTerm } from './types.js';

/**
 * Focus terms and their weights. The weight is idf², so a term found in one document is
 * several times likelier to become a question's subject than one every document repeats.
 */

const weightOf = (corpus: Corpus, key: string) => corpus.idf(key) ** 2;

/** A chunk's entities, then its key phrases, one term per key. */
export function chunkFocusTerms(chunk: ChunkFacts, corpus: Corpus): FocusTerm[] {
  const terms = new Map<string, FocusTerm>();
  const add = (text: string, key: string) => {
    if (key === '' || text.trim() === '' || terms.has(key)) return;
    // A question "about" a navigation word or a lone letter has no subject; frequent terms are only down-weighted (idf).
    const rule = corpus.terms.rule(key);
    if (rule === 'non_content' || rule === 'navigation') return;
    terms.set(key, { text: text.trim(), key, weight: weightOf(corpus, key) });
  };
  for (const entity of chunk.entities) add(entity.name, entity.key);
  for (const phrase of chunk.keyphrases) add(phrase, termKey(phrase));
  return [...terms.values()];
}

/** Entity keys every chunk mentions and that may bridge them (src/hygiene/terms.ts), named as the first chunk writes them. */
export function sharedEntityTerms(chunks: readonly ChunkFacts[], keys: readonly string[], corpus: Corpus): FocusTerm[] {
  const first = chunks[0];
  if (!first) return [];
  return [...new Set(keys)]
    .filter((key) => key !== '' && corpus.terms.rule(key) === undefined && chunks.every((chunk) => chunk.entities.some((entity) => entity.key === key)))
    .map((key) => {
      const name = first.entities.find((entity) => entity.key === key)?.name ?? key;
      return { text: name, key, weight: weightOf(corpus, key) };
    });
}

/**
 * Themes of a group of chunks: those at least two chunks share come first (weight 2),
 * then the rest (weight 1), one per key, as first written.
 */
export function groupThemes(chunks: readonly ChunkFacts[]): { shared: string[]; terms: FocusTerm[] } {
  const byKey = new Map<string, { text: string; chunks: number }>();
  for (const chunk of chunks) {
    for (const key of new Set(chunk.themes.map(termKey).filter((k) => k !== ''))) {
      const text = chunk.themes.find((theme) => termKey(theme) === key)?.trim() ?? key;
      const entry = byKey.get(key) ?? { text, chunks: 0 };
      entry.chunks++;
      byKey.set(key, entry);
    }
  }
  const entries = [...byKey.entries()];
  const shared = entries.filter(([, entry]) => entry.chunks >= 2);
  const terms = entries.map(([key, entry]) => ({ text: entry.text, key, weight: entry.chunks >= 2 ? 2 : 1 }));
  return { shared: shared.map(([, entry]) => entry.text), terms };
}
