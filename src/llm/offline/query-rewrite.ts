import type { Rng } from '../../rng.js';
import { wordTokens, type WordToken } from './tokenize.js';

/**
 * Deterministic rewrites that give a template question the requested query style: typos
 * (keyboard neighbours, swapped, dropped or doubled letters), broken grammar (dropped
 * articles and auxiliaries), or a keyword-only search query. The question's subject terms
 * are protected, so a misspelled question still names the entity it asks about.
 */

const QWERTY_NEIGHBOURS: Readonly<Record<string, string>> = {
  q: 'wa', w: 'qes', e: 'wrd', r: 'etf', t: 'ryg', y: 'tuh', u: 'yij', i: 'uok', o: 'ipl', p: 'ol',
  a: 'qsz', s: 'awdz', d: 'sefx', f: 'drgc', g: 'fthv', h: 'gyjb', j: 'hukn', k: 'jilm', l: 'kop',
  z: 'asx', x: 'zsdc', c: 'xdfv', v: 'cfgb', b: 'vghn', n: 'bhjm', m: 'njk',
};

/** Words a hurried writer leaves out, per language. */
const DROPPABLE: Readonly<Record<string, ReadonlySet<string>>> = {
  en: new Set(['the', 'a', 'an', 'is', 'are', 'was', 'were', 'does', 'do', 'did', 'it', 'to']),
  de: new Set(['der', 'die', 'das', 'den', 'dem', 'des', 'ein', 'eine', 'einen', 'ist', 'sind', 'wird', 'es']),
  fr: new Set(['le', 'la', 'les', 'un', 'une', 'est', 'il', 'ils', 'y']),
  es: new Set(['el', 'la', 'los', 'las', 'un', 'una', 'es', 'se']),
  zh: new Set(['的', '了', '是', '在']),
  ja: new Set(['の', 'は', 'を', 'が', 'に']),
};

type Span = readonly [number, number];

/** Character spans of every protected term in the text (case-insensitive). */
function protectedSpans(text: string, terms: readonly string[]): Span[] {
  const lower = text.toLowerCase();
  const spans: Span[] = [];
  for (const term of terms) {
    const needle = term.toLowerCase();
    if (!needle) continue;
    for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + needle.length)) spans.push([at, at + needle.length]);
  }
  return spans;
}

function isProtected(token: WordToken, spans: readonly Span[]): boolean {
  return spans.some(([start, end]) => token.start < end && token.end > start);
}

function replaceTokens(text: string, edits: ReadonlyMap<WordToken, string>): string {
  let out = '';
  let at = 0;
  for (const [token, replacement] of [...edits.entries()].sort((a, b) => a[0].start - b[0].start)) {
    out += text.slice(at, token.start) + replacement;
    at = token.end;
  }
  return out + text.slice(at);
}

function typo(word: string, rng: Rng): string {
  const chars = [...word];
  const latin = /^[a-z]+$/i.test(word);
  const inner = Math.max(1, chars.length - 2);
  const i = Math.min(chars.length - 1, 1 + rng.int(inner));
  const operation = latin ? rng.int(4) : 1 + rng.int(3);
  const char = chars[i] ?? '';
  if (operation === 0) {
    const neighbours = QWERTY_NEIGHBOURS[char.toLowerCase()];
    if (neighbours) {
      const swap = neighbours[rng.int(neighbours.length)] ?? char;
      chars[i] = char === char.toUpperCase() ? swap.toUpperCase() : swap;
      return chars.join('');
    }
  }
  if (operation <= 1 && i + 1 < chars.length && chars[i] !== chars[i + 1]) {
    [chars[i], chars[i + 1]] = [chars[i + 1] ?? '', char];
    return chars.join('');
  }
  if (operation === 2 && chars.length > 3) {
    chars.splice(i, 1);
    return chars.join('');
  }
  chars.splice(i, 0, char);
  return chars.join('');
}

/** Two or three typos in unprotected words (longer words first: short ones read as other words). */
export function misspell(question: string, protectedTerms: readonly string[], rng: Rng): string {
  const spans = protectedSpans(question, protectedTerms);
  const tokens = wordTokens(question).filter((token) => !/^\p{N}+$/u.test(token.text));
  const shortPenalty = (token: WordToken) => ([...token.text].length >= 4 || /[^\p{Script=Latin}]/u.test(token.text) ? 0 : 1);
  const eligible = tokens.filter((token) => !isProtected(token, spans) && [...token.text].length >= 2);
  const pool = eligible.length > 0 ? eligible : tokens.filter((token) => [...token.text].length >= 2);
  const ordered = rng.shuffle(pool).sort((a, b) => shortPenalty(a) - shortPenalty(b));
  const edits = new Map<WordToken, string>();
  for (const token of ordered.slice(0, 2 + rng.int(2))) edits.set(token, typo(token.text, rng));
  return replaceTokens(question, edits);
}

/** Drops most articles and auxiliaries, lower-cases the start and often loses the question mark. */
export function roughenGrammar(question: string, language: string, protectedTerms: readonly string[], rng: Rng): string {
  const droppable = DROPPABLE[language] ?? DROPPABLE.en ?? new Set<string>();
  const spans = protectedSpans(question, protectedTerms);
  const candidates = wordTokens(question).filter((token) => droppable.has(token.norm) && !isProtected(token, spans));
  const dropped = candidates.filter(() => rng.next() < 0.75);
  if (dropped.length === 0 && candidates[0]) dropped.push(candidates[0]);
  let out = '';
  let at = 0;
  for (const token of dropped.sort((a, b) => a.start - b.start)) {
    out += question.slice(at, token.start);
    at = token.end;
    while (question[at] === ' ') at++;
  }
  out = (out + question.slice(at)).replace(/\s+([?？,，])/gu, '$1').trim();
  const first = out[0] ?? '';
  const startsWithProtected = spans.some(([start]) => start === 0);
  if (!startsWithProtected) out = first.toLowerCase() + out.slice(1);
  return rng.next() < 0.5 ? out.replace(/\s*[?？]$/u, '') : out;
}

/** A search-engine query: the keywords, lower-cased, de-duplicated, no punctuation. */
export function searchQuery(keywords: readonly string[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const keyword of keywords) {
    const cleaned = keyword.toLowerCase().replace(/[?？!！。,，;；:：]+/gu, ' ').replace(/\s+/gu, ' ').trim();
    if (cleaned && !seen.has(cleaned)) {
      seen.add(cleaned);
      parts.push(cleaned);
    }
  }
  return parts.join(' ');
}
