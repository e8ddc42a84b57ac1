import { compareStrings } from '../order.js';

/**
 * Canonical entity keys and their weights. Two chunks "share" an entity when their
 * mentions reduce to the same key, so the key must absorb the surface noise an LLM
 * produces (case, width forms, punctuation, possessives, plurals, leading articles)
 * without merging distinct names.
 */

const LEADING_ARTICLES = new Set(['the', 'a', 'an']);

/** Words ending in `s` that are not plurals (or whose singular would be a different word). */
const INVARIANT_WORDS = new Set([
  'alias', 'analysis', 'atlas', 'axis', 'basis', 'bias', 'canvas', 'chaos', 'christmas', 'cosmos', 'crisis',
  'diagnosis', 'economics', 'ethics', 'ethos', 'gas', 'genesis', 'hypothesis', 'kubernetes', 'kudos', 'lens',
  'logistics', 'macos', 'mathematics', 'news', 'pathos', 'physics', 'politics', 'series', 'species', 'statistics',
  'synthesis', 'texas', 'thesis', 'windows',
]);

/** Suffixes that end singular words: glass, bus, analysis, status. */
const SINGULAR_ENDINGS = ['ss', 'us', 'is'];
/** Plurals formed with `es` after a sibilant: classes, boxes, switches, wishes, buzzes. */
const SIBILANT_PLURALS = ['sses', 'xes', 'ches', 'shes', 'zzes'];

/** Singular form of one lower-case ASCII word; other scripts and short words pass through. */
function singular(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word) || !word.endsWith('s') || INVARIANT_WORDS.has(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (SIBILANT_PLURALS.some((ending) => word.endsWith(ending))) return word.slice(0, -2);
  if (SINGULAR_ENDINGS.some((ending) => word.endsWith(ending))) return word;
  return word.slice(0, -1);
}

/**
 * The key two mentions of the same entity share: NFKC, lower case, possessives and
 * punctuation removed (`+`, `#` and `&` kept so `C++`, `C#` and `AT&T` stay distinct),
 * whitespace collapsed, a leading article dropped, acronym plurals and the last word
 * singularised (`"The Routers"` → `"router"`, `"Google's policies"` → `"google policy"`,
 * `"APIs"` → `"api"`).
 * Returns `''` for names with no letters or digits; callers skip those.
 */
export function canonicalEntityKey(name: string): string {
  const words = name
    .normalize('NFKC')
    // Acronym plurals lose their case below, so strip the `s` now: "APIs" → "API".
    .replace(/(\p{Lu}{2,})s\b/gu, '$1')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    // Possessives: "router's" → "router", "users'" → "users".
    .replace(/(\p{L})'s\b/gu, '$1')
    .replace(/(\p{L}s)'(?=\s|$)/gu, '$1')
    // Dots and apostrophes inside names join letters: "U.S." → "us", "O'Reilly" → "oreilly".
    .replace(/['.]/g, '')
    .replace(/[^\p{L}\p{M}\p{N}+#&]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((word) => word.length > 0);
  if (words.length > 1 && LEADING_ARTICLES.has(words[0] as string)) words.shift();
  const last = words.length - 1;
  if (last >= 0) words[last] = singular(words[last] as string);
  return words.join(' ');
}

/** How often each entity key occurs across chunks, and the weight that follows from it. */
export interface EntityWeights {
  /** Number of chunks counted. */
  chunkCount: number;
  /** Chunks mentioning each key (each chunk counts once per key). */
  frequency: ReadonlyMap<string, number>;
  /**
   * Smoothed inverse document frequency, `ln((1 + N) / (1 + df)) + 1`: always ≥ 1, so an
   * entity found in every chunk is down-weighted but never dropped.
   */
  idf: ReadonlyMap<string, number>;
}

/** Smoothed idf of a key found in `frequency` of `chunkCount` chunks. */
export function idfWeight(chunkCount: number, frequency: number): number {
  return Math.log((1 + chunkCount) / (1 + frequency)) + 1;
}

/** Document-frequency weights over chunks; empty keys are ignored, keys iterate sorted. */
export function entityIdf(chunks: readonly { id: string; keys: readonly string[] }[]): EntityWeights {
  const counts = new Map<string, number>();
  for (const chunk of chunks) {
    for (const key of new Set(chunk.keys)) {
      if (key !== '') counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const keys = [...counts.keys()].sort(compareStrings);
  const frequency = new Map(keys.map((key) => [key, counts.get(key) as number]));
  const idf = new Map(keys.map((key) => [key, idfWeight(chunks.length, frequency.get(key) as number)]));
  return { chunkCount: chunks.length, frequency, idf };
}

export interface CanonicalEntity {
  key: string;
  /** The most frequent surface form (ties: the first in code-point order). */
  name: string;
  /** How many mentions reduced to this key. */
  mentions: number;
}

/** One display name per key, ordered by key. Mentions with an empty key are skipped. */
export function canonicalEntities(mentions: Iterable<{ name: string; key: string }>): CanonicalEntity[] {
  const forms = new Map<string, Map<string, number>>();
  for (const { name, key } of mentions) {
    if (key === '') continue;
    const byName = forms.get(key) ?? new Map<string, number>();
    byName.set(name, (byName.get(name) ?? 0) + 1);
    forms.set(key, byName);
  }
  return [...forms.keys()].sort(compareStrings).map((key) => {
    const byName = [...(forms.get(key) as Map<string, number>)].sort(
      ([nameA, countA], [nameB, countB]) => countB - countA || compareStrings(nameA, nameB),
    );
    const [name] = byName[0] as [string, number];
    return { key, name, mentions: byName.reduce((sum, [, count]) => sum + count, 0) };
  });
}
