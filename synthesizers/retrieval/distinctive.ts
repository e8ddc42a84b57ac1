import { ALL_STOPWORDS } from '../../src/llm/offline/stopwords.js';
import { normaliseForTerms, tokenBounds } from './terms.js';

/**
 * The terms that single a chunk out: its tokens by BM25's idf over the graph's chunks times
 * their count in the chunk, heaviest first (ties: first occurrence). The count is not
 * saturated as BM25's tf part is: a topic word the chunk repeats ("widgets" ×5) singles it
 * out better than a word it says once that happens to be rare ("hubris"); on the zsh manual
 * the steer hit its cell a little more often this way. A keyword search finds the chunk by
 * these, so a question that names them is easy to retrieve and one that avoids them is hard: the
 * synthesis prompt lists them to use (easy slots) or to avoid (hard slots). Tokens of three
 * characters or more, no stopword of any listed language, no bare number; each is shown as
 * written, widened to the identifier it is part of (`HIST_IGNORE_DUPS`, `zle-line-init`), so
 * a model sees a term of the text and not a fragment.
 */

const IDENTIFIER_PART = /[\p{L}\p{N}_-]/u;

function widened(text: string, start: number, end: number): string {
  let from = start;
  let to = end;
  while (from > 0 && IDENTIFIER_PART.test(text[from - 1] as string)) from--;
  while (to < text.length && IDENTIFIER_PART.test(text[to] as string)) to++;
  return text.slice(from, to).replace(/^[-_]+|[-_]+$/g, '');
}

export function distinctiveTerms(text: string, idf: (term: string) => number, count: number): string[] {
  if (count <= 0) return [];
  const normalised = normaliseForTerms(text);
  // Offsets of the normalised text are the original's unless NFKC changed a length.
  const sameOffsets = normalised.length === text.length;
  const bounds = Array.from(tokenBounds(normalised));
  const tokens = new Map<string, { written: string; tf: number; at: number }>();
  for (let i = 0; i < bounds.length; i += 2) {
    const [start, end] = [bounds[i] as number, bounds[i + 1] as number];
    const term = normalised.slice(start, end);
    if (term.length < 3 || /^\p{N}+$/u.test(term) || ALL_STOPWORDS.has(term)) continue;
    const seen = tokens.get(term);
    if (seen) seen.tf++;
    else tokens.set(term, { written: sameOffsets ? widened(text, start, end) : term, tf: 1, at: start });
  }
  const weighted = [...tokens].map(([term, { written, tf, at }]) => ({ written, at, weight: idf(term) * tf }));
  weighted.sort((a, b) => b.weight - a.weight || a.at - b.at);
  const terms: string[] = [];
  const seen = new Set<string>();
  for (const token of weighted) {
    const key = token.written.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push(token.written);
    if (terms.length === count) break;
  }
  return terms;
}
