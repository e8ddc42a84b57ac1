/**
 * Near-duplicate questions: two questions whose normalised word sets overlap by at least
 * `threshold` (Jaccard) count as the same question, so a testset never asks one thing
 * twice in slightly different words.
 */

export const DEFAULT_DUPLICATE_THRESHOLD = 0.8;

export function questionWords(question: string): Set<string> {
  return new Set(
    question
      .normalize('NFKC')
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word !== ''),
  );
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Remembers accepted questions; `accept` returns false (and remembers nothing) for a near-duplicate. */
export function createDuplicateFilter(threshold = DEFAULT_DUPLICATE_THRESHOLD): { accept(question: string): boolean } {
  const accepted: Set<string>[] = [];
  return {
    accept(question) {
      const words = questionWords(question);
      // |A ∩ B| / |A ∪ B| ≥ t needs min/max size ≥ t, which skips most comparisons.
      const similar = accepted.some(
        (other) => Math.min(other.size, words.size) >= threshold * Math.max(other.size, words.size) && jaccard(words, other) >= threshold,
      );
      if (similar) return false;
      accepted.push(words);
      return true;
    },
  };
}
