import type { z } from 'zod';
import type { ExtractedEntity } from '../tasks.js';
import { findCodeIdentifiers, type Found } from './code-identifiers.js';
import { englishNames } from './english.js';
import type { DetectedLanguage } from './language.js';
import type { Keyphrase } from './rake.js';
import { stopwordsFor } from './stopwords.js';

/**
 * Named entities without a model call. English text goes through compromise's NER (people,
 * places, organisations); every language gets code identifiers, capitalised multi-word names
 * and, for scripts without letter case, frequent statistical terms from RAKE.
 */

type Entity = z.infer<typeof ExtractedEntity>;

interface Candidate extends Found {
  type: string;
  /** Higher wins the cap: NER and code first, then by frequency. */
  weight: number;
}

const MAX_ENTITIES = 15;
const EDGE_PUNCTUATION = /^[\s"'“”‘’«»()[\]{},.;:!?]+|[\s"'“”‘’«»()[\]{},.;:!?]+$/gu;
const POSSESSIVE = /['’]s$/u;
/** Lower-case words allowed inside a name: "Valley of the Kings", "Institut de France". */
const NAME_CONNECTORS = new Set(['of', 'the', 'de', 'du', 'des', 'la', 'le', 'von', 'van', 'der', 'den', 'di', 'da', 'del', 'y', 'al', 'am', '&']);
const ORGANIZATION_WORDS =
  /\b(?:Museum|University|Institute|Society|Company|Corporation|Inc|Ltd|Foundation|Academy|Library|Bank|Association|Commission|Council|Ministry|Agency|Universität|Université|Institut|Gesellschaft|Société|Akademie|Académie|Bibliothèque|Bibliothek|Universidad|Museo|Musée)\b/u;

/** Months and weekdays are capitalised in English but are dates, not names. */
const CALENDAR_WORDS = new Set(
  'january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday'.split(' '),
);

function clean(name: string): string {
  return name.replace(EDGE_PUNCTUATION, '').replace(POSSESSIVE, '').trim();
}

function occurrences(text: string, name: string): number {
  let count = 0;
  for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + name.length)) count++;
  return count;
}

function nerEntities(text: string): Candidate[] {
  const groups: Array<[string, string[]]> = [
    ['PERSON', englishNames(text, 'people')],
    ['LOCATION', englishNames(text, 'places')],
    ['ORGANIZATION', englishNames(text, 'organizations')],
  ];
  return groups.flatMap(([type, names]) =>
    names.map(clean).flatMap((name) => {
      const start = text.indexOf(name);
      return name.length > 1 && start !== -1 ? [{ name, start, type, weight: 3 }] : [];
    }),
  );
}

/**
 * Runs of capitalised words (optionally joined by connectors), e.g. "Rosetta Stone". Single
 * words count only mid-sentence and only where capitals mark names (not German nouns).
 */
function capitalisedNames(text: string, language: DetectedLanguage): Candidate[] {
  const stopwords = stopwordsFor(language);
  const singlesMarkNames = language !== 'de';
  const found: Candidate[] = [];
  // Whole words only: not the `ReadStream` inside `createReadStream`, nor the `Number` of `Number.parseInt`.
  const token = /(?<![\p{L}\p{N}_$.])(?:[\p{Lu}][\p{L}\p{M}'’-]*|[\p{Ll}&]+)(?![\p{L}\p{M}\p{N}_$(]|\.[\p{L}_$])/gu;
  for (const sentence of text.split(/(?<=[.!?。])\s+|\n+/u)) {
    const base = text.indexOf(sentence);
    const words = [...sentence.matchAll(token)];
    let i = 0;
    while (i < words.length) {
      const first = words[i];
      if (!first || !/^\p{Lu}/u.test(first[0]) || stopwords.has(first[0].toLowerCase())) {
        i++;
        continue;
      }
      let j = i;
      let end = i;
      while (j + 1 < words.length) {
        const next = words[j + 1];
        const gapStart = (words[j]?.index ?? 0) + (words[j]?.[0].length ?? 0);
        if (!next || !/^[\s-]*$/u.test(sentence.slice(gapStart, next.index))) break;
        if (/^\p{Lu}/u.test(next[0])) end = j + 1;
        else if (!NAME_CONNECTORS.has(next[0])) break;
        j++;
      }
      const from = first.index ?? 0;
      const last = words[end];
      const name = clean(sentence.slice(from, (last?.index ?? 0) + (last?.[0].length ?? 0)));
      const multiWord = end > i;
      const midSentence = i > 0;
      const calendar = !multiWord && CALENDAR_WORDS.has(name.toLowerCase());
      if (name.length > 1 && !calendar && (multiWord || (singlesMarkNames && midSentence))) {
        const type = ORGANIZATION_WORDS.test(name) ? 'ORGANIZATION' : 'OTHER';
        found.push({ name, start: base + from, type, weight: multiWord ? 2 : 1 });
      }
      i = end + 1;
    }
  }
  return found;
}

/** Foreign names in Japanese are written in katakana; Latin words inside CJK text are names too. */
function unspacedScriptNames(text: string): Candidate[] {
  const pattern = /[\p{Script=Katakana}ー・]{3,}|[\p{Script=Latin}][\p{Script=Latin}\p{N}.-]+/gu;
  return [...text.matchAll(pattern)].map((match) => ({ name: clean(match[0]), start: match.index ?? 0, type: 'OTHER', weight: 2 }));
}

/** Where capitals say little, recurring keyphrases stand in for names (frequent n-grams). */
function statisticalTerms(text: string, keyphrases: readonly Keyphrase[], nothingElse: boolean): Candidate[] {
  const recurring = keyphrases.filter((phrase) => occurrences(text, phrase.text) > 1);
  const chosen = recurring.length > 0 || !nothingElse ? recurring : keyphrases.slice(0, 3);
  return chosen.slice(0, 5).map((phrase) => ({ name: phrase.text, start: phrase.start, type: 'CONCEPT', weight: 0 }));
}

export function extractEntities(text: string, language: DetectedLanguage, keyphrases: readonly Keyphrase[]): Entity[] {
  const candidates: Candidate[] = findCodeIdentifiers(text).map((found) => ({ ...found, type: 'TECHNOLOGY', weight: 3 }));
  const hasCase = /[\p{Lu}]/u.test(text);
  if (language === 'en') candidates.push(...nerEntities(text));
  if (hasCase) candidates.push(...capitalisedNames(text, language));
  if (language === 'ja' || language === 'zh') candidates.push(...unspacedScriptNames(text));
  if (language !== 'en' && (!hasCase || language === 'de' || language === 'ja' || language === 'zh')) {
    candidates.push(...statisticalTerms(text, keyphrases, candidates.length === 0));
  }

  // The first (highest-weight) claim on a name decides its type; the cap keeps the most frequent.
  const byKey = new Map<string, Candidate & { count: number }>();
  for (const candidate of candidates.sort((a, b) => b.weight - a.weight || a.start - b.start)) {
    const key = candidate.name.toLowerCase();
    if (key.length < 2 || byKey.has(key)) continue;
    byKey.set(key, { ...candidate, count: occurrences(text, candidate.name) });
  }
  return [...byKey.values()]
    .filter((entity) => entity.count > 0)
    .sort((a, b) => Math.sign(b.weight) - Math.sign(a.weight) || b.count - a.count || a.start - b.start)
    .slice(0, MAX_ENTITIES)
    .sort((a, b) => a.start - b.start)
    .map(({ name, type }) => ({ name, type }));
}
