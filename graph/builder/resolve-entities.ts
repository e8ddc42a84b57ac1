import nlp from 'compromise';
import { distance } from 'fastest-levenshtein';
import { z } from 'zod';
import { compareStrings } from '../order.js';
import { canonicalEntityKey } from './entities.js';

/**
 * Entity resolution over the whole corpus: canonical keys (graph/builder/entities.ts) absorb
 * case, punctuation and plurals within one name, but a model names the same entity
 * differently from chunk to chunk ("Rosetta Stone", "the Rosetta stone", "Rosetta";
 * "British Museum", "BM"; "Champollion", "Champolion"), and then no two chunks share it.
 * This joins such variants into one key, deterministically, with three kinds of evidence:
 *
 * - a **part of a longer name**: a key that is the leading or trailing words of exactly
 *   one longer key ("rosetta" → "rosetta stone", "champollion" → "jean françois champollion"),
 *   when it is a name in this corpus: a word the texts also use in lower case ("stone",
 *   "museum", "young") is a common noun and joins nothing, and a name of several words
 *   does not join itself plus common words ("rosetta stone" stays apart from "rosetta stone decree"),
 *   nor a name of its own built on it ("alexandria" stays apart from "capitulation of alexandria",
 *   while "philae" joins "island of philae"), and an English adjective or demonym does not join
 *   the name it leads ("coptic" stays apart from "coptic church");
 * - an **acronym** written in capitals of exactly one longer name written as a name, every
 *   word capitalised ("BM" → "British Museum");
 * - a **near spelling**: names alike but for one word, that word at least `minSimilarLength`
 *   letters long in both and at least `minSimilarity` of its characters alike by edit distance
 *   (fastest-levenshtein) with the same digits, or the same but for accents ("Champolion",
 *   "Jean-Francois Champollion"; not "float4"/"float8", "Ptolemy IV"/"Ptolemy V", "min age"/"max age").
 *
 * A part or acronym that fits several longer names is ambiguous and joins none of them.
 * Each group takes the key most chunks use (ties: the longer key, then code-point order).
 */
export const EntityResolutionOptions = z.object({
  /** Least share of the longer word's characters alike, 1 − edits / length. */
  minSimilarity: z.number().min(0).max(1).default(0.88),
  /** Shortest word compared by spelling: short words that differ by a letter are usually other words. */
  minSimilarLength: z.number().int().min(1).default(6),
  /** Longest acronym considered, in letters. */
  maxAcronymLength: z.number().int().min(2).default(6),
});
export type EntityResolutionOptions = z.input<typeof EntityResolutionOptions>;

export interface ResolvableChunk {
  text: string;
  /** Each mention's surface name and its canonical key. */
  entities: readonly { name: string; key: string }[];
}

export interface EntityResolution {
  /** Canonical key → the key of its group; keys that joined nothing map to themselves. */
  keyOf: ReadonlyMap<string, string>;
  /** Joins made: canonical keys that now resolve to another key. */
  joined: number;
}

/** Words that join a name's parts and take no initial in its acronym. */
const CONNECTIVES = new Set(['of', 'the', 'and', 'for', 'de', 'du', 'des', 'la', 'le', 'von', 'van', 'der', 'di', 'da', '&']);
const NUMBER_WORD = /^(?:\p{N}+|[ivxlcdm]+)$/u;
const LOWER_CASE_WORD = /(?<![\p{L}\p{N}])\p{Ll}[\p{Ll}\p{M}]*(?![\p{L}\p{N}])/gu;
const ACRONYM = /^(?:\p{Lu}\.?){2,}s?$/u;

class UnionFind {
  private readonly parent = new Map<string, string>();
  find(key: string): string {
    let root = key;
    while (this.parent.get(root) !== undefined && this.parent.get(root) !== root) root = this.parent.get(root) as string;
    this.parent.set(key, root);
    return root;
  }
  union(a: string, b: string): void {
    const [rootA, rootB] = [this.find(a), this.find(b)];
    if (rootA !== rootB) this.parent.set(rootA, rootB);
  }
}

/** English adjectives and demonyms by compromise's lexicon ("Coptic", "French", "British"). */
function isModifier(word: string): boolean {
  const parsed = nlp(word);
  return parsed.has('#Adjective') || parsed.has('#Demonym');
}

function lowerCaseWords(chunks: readonly ResolvableChunk[]): Set<string> {
  const words = new Set<string>();
  for (const chunk of chunks) for (const match of chunk.text.normalize('NFKC').matchAll(LOWER_CASE_WORD)) words.add(match[0]);
  return words;
}

/** Longer keys by their proper leading and trailing word runs. */
function partsIndex(keys: readonly string[]): Map<string, Set<string>> {
  const wholes = new Map<string, Set<string>>();
  for (const key of keys) {
    const words = key.split(' ');
    for (let k = 1; k < words.length; k++) {
      for (const part of [words.slice(0, k).join(' '), words.slice(words.length - k).join(' ')]) {
        const set = wholes.get(part) ?? new Set<string>();
        set.add(key);
        wholes.set(part, set);
      }
    }
  }
  return wholes;
}

function acronymOf(key: string): string | undefined {
  const words = key.split(' ').filter((word) => !CONNECTIVES.has(word));
  if (words.length < 2) return undefined;
  return words.map((word) => [...word][0] ?? '').join('');
}

function withoutAccents(word: string): string {
  return word.normalize('NFD').replace(/\p{M}+/gu, '');
}

/** Two spellings of one word: alike by edit distance, the same digits ("float4" and "float8" are not), or the same but for accents. */
function isNearSpelling(a: string, b: string, minSimilarity: number): boolean {
  if (withoutAccents(a) === withoutAccents(b)) return true;
  if (a.replace(/\D+/g, ' ') !== b.replace(/\D+/g, ' ')) return false;
  return 1 - distance(a, b) / Math.max(a.length, b.length) >= minSimilarity;
}

export function resolveEntities(chunks: readonly ResolvableChunk[], options: EntityResolutionOptions = {}): EntityResolution {
  const { minSimilarity, minSimilarLength, maxAcronymLength } = EntityResolutionOptions.parse(options);
  const chunkCount = new Map<string, number>();
  const names = new Map<string, Set<string>>();
  for (const chunk of chunks) {
    for (const key of new Set(chunk.entities.map((entity) => entity.key))) if (key !== '') chunkCount.set(key, (chunkCount.get(key) ?? 0) + 1);
    for (const { name, key } of chunk.entities) if (key !== '') names.set(key, (names.get(key) ?? new Set()).add(name));
  }
  const keys = [...chunkCount.keys()].sort(compareStrings);
  const common = lowerCaseWords(chunks);
  const groups = new UnionFind();
  const isName = (key: string) => key.split(' ').some((word) => !common.has(word) && !CONNECTIVES.has(word) && !NUMBER_WORD.test(word));

  // Parts of exactly one longer name.
  const wholes = partsIndex(keys);
  for (const key of keys) {
    const longer = wholes.get(key);
    if (longer?.size !== 1 || !isName(key)) continue;
    const whole = [...longer][0] as string;
    // A name of several words plus common words is another thing ("rosetta stone" → "rosetta stone decree").
    const partLength = key.split(' ').length;
    const wholeWords = whole.split(' ');
    const leading = whole.startsWith(`${key} `);
    const added = leading ? wholeWords.slice(partLength) : wholeWords.slice(0, wholeWords.length - partLength);
    if (partLength > 1 && !isName(added.join(' '))) continue;
    // An adjective or demonym leading a longer name modifies it ("coptic church", "french army"): another thing.
    if (leading && partLength === 1 && isModifier(key)) continue;
    // "<name> of <part>" is something of the part ("capitulation of alexandria"); "<common noun> of <part>" is the part ("island of philae").
    if (!leading && CONNECTIVES.has(added.at(-1) ?? '') && isName(added.slice(0, -1).join(' '))) continue;
    groups.union(key, whole);
  }

  // Acronyms of exactly one longer name, written in capitals somewhere.
  const byAcronym = new Map<string, string[]>();
  for (const key of keys) {
    const acronym = acronymOf(key);
    if (acronym !== undefined && acronym.length <= maxAcronymLength) byAcronym.set(acronym, [...(byAcronym.get(acronym) ?? []), key]);
  }
  // The expansion must be written as a name: every word capitalised ("British Museum", not "cs_parse_url").
  const writtenAsName = (key: string) =>
    [...(names.get(key) ?? [])].some((name) => name.split(/\s+/).every((word) => CONNECTIVES.has(word.toLowerCase()) || /^\p{Lu}\p{L}/u.test(word)));
  for (const key of keys) {
    const expansions = byAcronym.get(key);
    const writtenAsAcronym = [...(names.get(key) ?? [])].some((name) => ACRONYM.test(name.trim()));
    const expansion = expansions?.length === 1 ? (expansions[0] as string) : undefined;
    if (expansion !== undefined && writtenAsAcronym && writtenAsName(expansion)) groups.union(key, expansion);
  }

  // Near spellings: keys alike but for one word, compared within blocks of that shape.
  const blocks = new Map<string, string[]>();
  for (const key of keys) {
    const words = key.split(' ');
    words.forEach((word, i) => {
      if ([...word].length < minSimilarLength) return;
      const shape = [...words.slice(0, i), `*${[...word][0]}`, ...words.slice(i + 1)].join(' ');
      blocks.set(shape, [...(blocks.get(shape) ?? []), `${i}|${key}`]);
    });
  }
  for (const block of blocks.values()) {
    const variants = block.map((entry) => {
      const bar = entry.indexOf('|');
      const key = entry.slice(bar + 1);
      return { key, word: key.split(' ')[Number(entry.slice(0, bar))] as string };
    });
    variants.sort((a, b) => a.word.length - b.word.length || compareStrings(a.key, b.key));
    for (let i = 0; i < variants.length; i++) {
      const a = variants[i] as { key: string; word: string };
      for (let j = i + 1; j < variants.length; j++) {
        const b = variants[j] as { key: string; word: string };
        // Sorted by length: once b is too long for the similarity to reach the bound, so is every later one.
        if (1 - (b.word.length - a.word.length) / b.word.length < minSimilarity) break;
        if (isNearSpelling(a.word, b.word, minSimilarity)) groups.union(a.key, b.key);
      }
    }
  }

  const members = new Map<string, string[]>();
  for (const key of keys) {
    const root = groups.find(key);
    members.set(root, [...(members.get(root) ?? []), key]);
  }
  const keyOf = new Map<string, string>();
  let joined = 0;
  for (const group of members.values()) {
    const [representative] = [...group].sort(
      (a, b) => (chunkCount.get(b) ?? 0) - (chunkCount.get(a) ?? 0) || b.length - a.length || compareStrings(a, b),
    ) as [string];
    for (const key of group) keyOf.set(key, representative);
    joined += group.length - 1;
  }
  return { keyOf, joined };
}

/**
 * The build's entity stage: every chunk's mentions keyed by their group. Keys are resolved
 * from the names each time (`canonicalEntityKey`), so a rebuild over a changed corpus
 * regroups from scratch; `changed` lists the chunks whose keys moved, to be written back.
 */
export function resolveChunkEntities<T extends ResolvableChunk & { status: string; entities: readonly { name: string; key: string }[] }>(
  chunks: readonly T[],
  options: EntityResolutionOptions = {},
): { chunks: T[]; changed: T[]; joined: number } {
  const named = chunks.map((chunk) => ({ ...chunk, entities: chunk.entities.map((entity) => ({ ...entity, key: canonicalEntityKey(entity.name) })) }));
  const { keyOf, joined } = resolveEntities(
    named.filter((chunk) => chunk.status === 'extracted'),
    options,
  );
  const changed: T[] = [];
  const resolved = named.map((chunk, i) => {
    const entities = chunk.entities.map((entity) => ({ ...entity, key: keyOf.get(entity.key) ?? entity.key }));
    const before = chunks[i] as T;
    if (entities.every((entity, e) => entity.key === before.entities[e]?.key)) return before;
    const updated = { ...before, entities };
    changed.push(updated);
    return updated;
  });
  return { chunks: resolved, changed, joined };
}
