import { z } from 'zod';
import { fnv1a } from '../hash.js';

/**
 * Which terms may join two chunks into a multi-hop question (a bridge) or name a persona.
 * Not content: single letters, option letters (`-L`), numbers and section numbers, punctuation
 * runs, index letter bars ("F G H"). Not content either: navigation words ("Index",
 * "Contents", "Next", "Chapter"). And a term found in a large share of the chunks says
 * nothing about any of them ("file" in a shell manual).
 */

export const TERM_RULES = ['non_content', 'navigation', 'frequent'] as const;
export type TermRule = (typeof TERM_RULES)[number];

export const TermOptions = z.object({
  /** A term in more than this share of the chunks is frequent… */
  maxChunkShare: z.number().gt(0).max(1).default(0.05),
  /** …when that is also more than this many chunks (small corpora repeat their subject). */
  minFrequentChunks: z.number().int().min(1).default(10),
});
export type TermOptions = z.output<typeof TermOptions>;

/** Words of page navigation and document structure; a term made only of these (and "of", "to", "the") is navigation. */
const NAVIGATION_WORDS = new Set([
  'index', 'indices', 'contents', 'toc', 'top', 'up', 'next', 'prev', 'previous', 'home', 'back', 'forward',
  'menu', 'navigation', 'breadcrumb', 'breadcrumbs', 'skip', 'chapter', 'chapters', 'section', 'sections', 'subsection',
  'appendix', 'about', 'page', 'pages', 'go', 'search', 'see', 'also', 'here', 'click',
]);
const NAVIGATION_PHRASES = new Set(['table of contents', 'list of tables', 'list of figures', 'list of examples']);
const GLUE = new Set(['of', 'to', 'the', 'this', 'a']);
const ROMAN = /^[ivxlcdm]+$/;

/** Words of a term; `+` and `#` stay, as in entity keys, so `C++` and `C#` are names, not letters. */
function words(key: string): string[] {
  return key.normalize('NFKC').toLowerCase().split(/[^\p{L}\p{N}+#]+/u).filter((word) => /[\p{L}\p{N}]/u.test(word));
}

/** The navigation words' hashes as words.ts hashes a word: FNV-1a of its lower-cased letters. */
const NAVIGATION_HASHES = new Set([...NAVIGATION_WORDS].map((word) => fnv1a(word)));
/**
 * Their low 16 bits: one typed-array load rules out nearly every word. A `Set` lookup of a hash
 * above 2³¹ (a heap number) costs ten times more, 40 ms for the PostgreSQL manual's words.
 */
const NAVIGATION_LOW_BITS = new Uint8Array(1 << 16);
for (const hash of NAVIGATION_HASHES) NAVIGATION_LOW_BITS[hash & 0xffff] = 1;

/**
 * Share of a text's words (words.ts: the runs of letters and digits of its folded, lower-cased
 * text, which hygiene hashes once per document) that are navigation words, and how many words
 * it has.
 */
export function navigationWordShare(words: Uint32Array): { share: number; words: number } {
  let navigation = 0;
  for (let k = 0; k < words.length; k++) {
    const hash = words[k] as number;
    if (NAVIGATION_LOW_BITS[hash & 0xffff] === 1 && NAVIGATION_HASHES.has(hash)) navigation++;
  }
  return { share: words.length === 0 ? 0 : navigation / words.length, words: words.length };
}

/** The rule a term breaks by itself, whatever the corpus: not content, or navigation. */
export function intrinsicRule(key: string): TermRule | undefined {
  const parts = words(key);
  const letters = parts.join('');
  if (letters.length <= 1) return 'non_content';
  if (parts.every((part) => part.length === 1 || /^\d+$/.test(part) || ROMAN.test(part))) return 'non_content';
  // Fragments of character classes and option lists: "A-Za-z" → "za z".
  if (parts.length > 1 && parts.every((part) => part.length <= 2)) return 'non_content';
  if (NAVIGATION_PHRASES.has(parts.join(' ')) || parts.every((part) => NAVIGATION_WORDS.has(part) || GLUE.has(part))) return 'navigation';
  return undefined;
}

/** Counts terms by chunk and says which rule, if any, keeps each from bridging or naming a persona. */
export function createTermFilter(chunkTerms: readonly Iterable<string>[], options: Partial<TermOptions> = {}): TermFilter {
  const { maxChunkShare, minFrequentChunks } = TermOptions.parse(options);
  const chunks = new Map<string, number>();
  for (const terms of chunkTerms) for (const key of new Set(terms)) chunks.set(key, (chunks.get(key) ?? 0) + 1);
  const limit = Math.max(minFrequentChunks, maxChunkShare * chunkTerms.length);
  const rule = (key: string): TermRule | undefined => intrinsicRule(key) ?? ((chunks.get(key) ?? 0) > limit ? 'frequent' : undefined);
  return {
    rule,
    removed: () => {
      const counts = Object.fromEntries(TERM_RULES.map((name) => [name, 0])) as Record<TermRule, number>;
      for (const key of chunks.keys()) {
        const broken = rule(key);
        if (broken) counts[broken]++;
      }
      return counts;
    },
  };
}

export interface TermFilter {
  /** The rule `key` breaks, or undefined when it may bridge chunks and name a persona. */
  rule(key: string): TermRule | undefined;
  /** How many distinct terms of the corpus each rule removes. */
  removed(): Record<TermRule, number>;
}
