import type { SynthesizeInput } from '../src/llm/tasks.js';
import type { Difficulty } from '../src/testset/sample.js';

/**
 * How the difficulty a slot wants steers the wording of its question. Retrieval finds a
 * chunk by the terms BM25 weighs most for it (retrieval/distinctive.ts), so:
 * - `hard`: paraphrase, and do not use those terms (listed);
 * - `easy`: name those terms (listed), as someone who knows the terminology would;
 * - `medium` or no difficulty mix: no steer, the input is what it was before steering existed
 *   (so older cache keys stay valid).
 * The lists go to every provider: a model reads them in the prompt (prompt.ts), the offline
 * writer reads them from the task input. Whether the question came out easy or hard is still
 * measured by ranking it; the steer only makes the wanted cell likelier.
 */

export type Phrasing = Pick<SynthesizeInput, 'paraphrase' | 'keyTerms' | 'avoidTerms'>;

/** Each context's terms in turn (rarest of every context first), without repeats: a cut of the list keeps every context. */
export function interleaveTerms(perContext: readonly (readonly string[])[]): string[] {
  const terms: string[] = [];
  const seen = new Set<string>();
  const depth = perContext.reduce((most, list) => Math.max(most, list.length), 0);
  for (let i = 0; i < depth; i++) {
    for (const list of perContext) {
      const term = list[i];
      if (term === undefined || seen.has(term.toLowerCase())) continue;
      seen.add(term.toLowerCase());
      terms.push(term);
    }
  }
  return terms;
}

export function phrasingFor(difficulty: Difficulty | null, perContext: readonly (readonly string[])[]): Phrasing {
  const terms = interleaveTerms(perContext);
  if (difficulty === 'hard') return { paraphrase: true, ...(terms.length > 0 ? { avoidTerms: terms } : {}) };
  if (difficulty === 'easy' && terms.length > 0) return { paraphrase: false, keyTerms: terms };
  return { paraphrase: false };
}
