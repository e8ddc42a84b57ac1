import type { Section } from './sections.js';
import type { Tokenizer } from './tokens.js';

/** How strong the break before an atom is; the packer prefers to end chunks at strong breaks. */
export const Break = { token: 0, word: 1, line: 2, sentence: 3, paragraph: 4, section: 5 } as const;
export type Break = (typeof Break)[keyof typeof Break];

/**
 * The smallest unit the packer moves: a whole section, paragraph, sentence, line, word or
 * token window, whichever is the largest that fits in `maxTokens`. `start..end` never
 * includes surrounding whitespace.
 */
export interface Atom {
  start: number;
  end: number;
  tokens: number;
  /** Tokens of the whitespace between the previous atom and this one (e.g. a `\n\n` token). */
  gapTokens: number;
  breakBefore: Break;
  section: number;
}

interface Range {
  start: number;
  end: number;
}

const WHITESPACE = /\s/;

function trimRange(text: string, start: number, end: number): Range | undefined {
  while (start < end && WHITESPACE.test(text[start] ?? '')) start++;
  while (end > start && WHITESPACE.test(text[end - 1] ?? '')) end--;
  return start < end ? { start, end } : undefined;
}

/**
 * Pieces of `range` cut at each match of `pattern` (a global regex), trimmed and non-empty.
 * `keepMatch` leaves the match at the end of the piece before it (sentence punctuation);
 * otherwise the match is a separator and dropped.
 */
function splitAt(text: string, range: Range, pattern: RegExp, keepMatch: boolean): Range[] {
  const pieces: Range[] = [];
  let from = range.start;
  for (const match of text.slice(range.start, range.end).matchAll(pattern)) {
    const matchEnd = range.start + match.index + match[0].length;
    const piece = trimRange(text, from, keepMatch ? matchEnd : range.start + match.index);
    if (piece) pieces.push(piece);
    from = matchEnd;
  }
  const last = trimRange(text, from, range.end);
  if (last) pieces.push(last);
  return pieces;
}

const PARAGRAPH_SEPARATOR = /\n[^\S\n]*\n\s*/g;
const LINE_SEPARATOR = /\n/g;
const WORD_SEPARATOR = /\s+/g;
/** After terminal punctuation (and closing quotes) followed by whitespace and a non-lower-case start, or after CJK stops. */
const SENTENCE_END = /[.!?…]+["'”’)\]]*(?=\s+[^\s\p{Ll}])|[。！？]+["'”’」』)\]]*/gu;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Last resort for text without usable breaks (a long URL, base64, unpunctuated CJK): the
 * longest prefix within `max` tokens, found by galloping then bisecting on its length, never
 * cutting a surrogate pair.
 */
function splitByTokens(text: string, range: Range, max: number, tokenizer: Tokenizer): Range[] {
  const pieces: Range[] = [];
  let start = range.start;
  const fits = (length: number) => tokenizer.count(text.slice(start, start + length)) <= max;
  const snap = (length: number) => (length > 1 && isHighSurrogate(text.charCodeAt(start + length - 1)) ? length - 1 : length);
  while (start < range.end) {
    const remaining = range.end - start;
    let good = snap(Math.min(remaining, 2));
    let bad = remaining + 1;
    for (let probe = Math.min(remaining, max * 2); ; probe = Math.min(remaining, probe * 2)) {
      if (!fits(snap(probe))) {
        bad = probe;
        break;
      }
      good = snap(probe);
      if (probe === remaining) break;
    }
    while (bad - good > 1) {
      const mid = snap(Math.floor((good + bad) / 2));
      if (mid <= good) break;
      if (fits(mid)) good = mid;
      else bad = mid;
    }
    pieces.push({ start, end: start + good });
    start += good;
  }
  return pieces;
}

const SPLITTERS: readonly { breakBefore: Break; split: (text: string, range: Range) => Range[] }[] = [
  { breakBefore: Break.paragraph, split: (text, range) => splitAt(text, range, PARAGRAPH_SEPARATOR, false) },
  { breakBefore: Break.sentence, split: (text, range) => splitAt(text, range, SENTENCE_END, true) },
  { breakBefore: Break.line, split: (text, range) => splitAt(text, range, LINE_SEPARATOR, false) },
  { breakBefore: Break.word, split: (text, range) => splitAt(text, range, WORD_SEPARATOR, false) },
];

/**
 * Cuts sections into atoms of at most `max` tokens: a section that fits is one atom; one that
 * does not becomes sentences, and whatever is still too big goes on to lines, words and
 * token windows.
 */
export function atomize(text: string, sections: readonly Section[], max: number, tokenizer: Tokenizer): Atom[] {
  const atoms: Atom[] = [];
  const push = (range: Range, tokens: number, breakBefore: Break, section: number) => {
    const previous = atoms.at(-1);
    const gap = previous ? text.slice(previous.end, range.start) : '';
    const gapTokens = gap === '' || gap === ' ' ? 0 : tokenizer.count(gap);
    atoms.push({ ...range, tokens, gapTokens, breakBefore, section });
  };
  const visit = (range: Range, level: number, breakBefore: Break, section: number): void => {
    const splitter = SPLITTERS[level];
    // Paragraphs of a section that is split anyway go down to sentences even when they fit,
    // so the packer can end chunks mid-paragraph and overlap by whole sentences.
    if (splitter?.breakBefore !== Break.sentence) {
      const tokens = tokenizer.count(text.slice(range.start, range.end));
      if (tokens <= max) return push(range, tokens, breakBefore, section);
    }
    const pieces = splitter ? splitter.split(text, range) : splitByTokens(text, range, max, tokenizer);
    if (splitter && pieces.length <= 1) return visit(range, level + 1, breakBefore, section);
    pieces.forEach((piece, i) => {
      const pieceBreak = i === 0 ? breakBefore : (splitter?.breakBefore ?? Break.token);
      if (splitter) visit(piece, level + 1, pieceBreak, section);
      else push(piece, tokenizer.count(text.slice(piece.start, piece.end)), pieceBreak, section);
    });
  };
  sections.forEach((section, i) => {
    const range = trimRange(text, section.start, section.end);
    if (range) visit(range, 0, Break.section, i);
  });
  return atoms;
}
