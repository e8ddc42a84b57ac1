import { gzipSync } from 'node:zlib';

/**
 * How varied a set of questions is, by the measures of Shaib et al., "Standardizing the
 * Measurement of Text Diversity" (2024): distinct-n, compression ratio and self-repetition
 * on words; and, given embeddings, the mean pairwise cosine (homogenisation).
 */

/** Lower-cased words: runs of letters and digits, in any script. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function ngrams(tokens: readonly string[], n: number): string[] {
  const grams: string[] = [];
  for (let i = 0; i + n <= tokens.length; i += 1) grams.push(tokens.slice(i, i + n).join(' '));
  return grams;
}

/** Distinct n-grams over all n-grams of all texts (Li et al. 2016); 0 when there are none. */
export function distinctN(texts: readonly string[], n: number): number {
  let total = 0;
  const seen = new Set<string>();
  for (const text of texts) {
    for (const gram of ngrams(words(text), n)) {
      total += 1;
      seen.add(gram);
    }
  }
  return total === 0 ? 0 : seen.size / total;
}

/**
 * Size of the texts (one a line, UTF-8) over their gzip size at level 9: 1 is incompressible,
 * higher means more repeated material. Empty input gives 0.
 */
export function compressionRatio(texts: readonly string[]): number {
  const raw = Buffer.from(texts.join('\n'), 'utf8');
  if (raw.length === 0) return 0;
  return raw.length / gzipSync(raw, { level: 9 }).length;
}

export interface SelfRepetition {
  /** Length of the n-grams compared. */
  n: number;
  /** Mean over texts of log(1 + Σ over the text's distinct n-grams of the other texts containing it). */
  score: number;
  /** Share of texts with at least one n-gram that another text also contains. */
  share: number;
}

/**
 * Self-repetition of long n-grams (Salkar et al. 2022): 0 when no two texts share a run of
 * `n` words; it grows with how many other texts repeat each text's phrases.
 */
export function selfRepetition(texts: readonly string[], n = 4): SelfRepetition {
  const gramsOf = texts.map((text) => new Set(ngrams(words(text), n)));
  const textsWith = new Map<string, number>();
  for (const grams of gramsOf) for (const gram of grams) textsWith.set(gram, (textsWith.get(gram) ?? 0) + 1);
  let scoreSum = 0;
  let repeating = 0;
  for (const grams of gramsOf) {
    let others = 0;
    for (const gram of grams) others += (textsWith.get(gram) ?? 1) - 1;
    scoreSum += Math.log(1 + others);
    if (others > 0) repeating += 1;
  }
  const count = texts.length;
  return { n, score: count === 0 ? 0 : scoreSum / count, share: count === 0 ? 0 : repeating / count };
}

/**
 * Mean cosine similarity over all pairs i < j, in O(N·d): with unit vectors u, Σ_{i≠j} u_i·u_j
 * = |Σ u|² − N. Zero vectors are left out; fewer than two vectors give null.
 */
export function meanPairwiseCosine(vectors: readonly Float32Array[]): number | null {
  const units = vectors.filter((vector) => vector.some((x) => x !== 0));
  if (units.length < 2) return null;
  const sum = new Float64Array(units[0]?.length ?? 0);
  for (const vector of units) {
    let norm = 0;
    for (const x of vector) norm += x * x;
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < sum.length; i += 1) sum[i] = (sum[i] as number) + (vector[i] ?? 0) * scale;
  }
  let squared = 0;
  for (const x of sum) squared += x * x;
  const count = units.length;
  return (squared - count) / (count * (count - 1));
}
