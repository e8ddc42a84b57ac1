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
/** After terminal punctuation (a run of it is tried once, from its first mark, so a long run stays linear) (and closing quotes) followed by whitespace and a non-lower-case start, or after CJK stops. */
const SENTENCE_END = /(?<![.!?…])[.!?…]+["'”’)\]]*(?=\s+[^\s\p{Ll}])|[。！？]+["'”’」』)\]]*/gu;

/** Characters the first window holds per token it must hold; a window that falls short is doubled. */
const WINDOW_CHARS_PER_TOKEN = 4;

/**
 * Last resort for text without usable breaks (a long URL, base64, unpunctuated CJK): windows
 * of at most `max` tokens. A window is encoded once and cut after its `max`-th token (at a
 * character boundary, so never inside a surrogate pair); the cut text is counted again, since
 * the tokens of a prefix may differ from a prefix of the tokens, and moved back a token at a
 * time until it fits. Each window costs two encodings of about its own length: linear overall.
 */
function splitByTokens(text: string, range: Range, max: number, tokenizer: Tokenizer): (Range & { tokens: number })[] {
  const pieces: (Range & { tokens: number })[] = [];
  let start = range.start;
  let window = max * WINDOW_CHARS_PER_TOKEN;
  while (start < range.end) {
    const available = Math.min(window, range.end - start);
    const ends = tokenizer.tokenEnds(text.slice(start, start + available));
    if (ends.length <= max && available < range.end - start) {
      window *= 2;
      continue;
    }
    let k = Math.min(max, ends.length) - 1;
    let length = ends[k] ?? available;
    let tokens = tokenizer.countUpTo(text.slice(start, start + length), max);
    while (tokens > max && k > 0) {
      k--;
      while (k > 0 && (ends[k] ?? 0) >= length) k--;
      length = ends[k] ?? 0;
      tokens = tokenizer.countUpTo(text.slice(start, start + length), max);
    }
    if (length <= 0) {
      // The first token ends inside the first character: take that whole character.
      length = (text.codePointAt(start) ?? 0) > 0xffff ? 2 : 1;
      tokens = tokenizer.count(text.slice(start, start + length));
    }
    pieces.push({ start, end: start + length, tokens });
    start += length;
    // The next window holds about `max` tokens at this window's density, with a margin.
    window = Math.ceil((length / Math.max(1, tokens)) * max * 1.25) + 16;
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
      const tokens = tokenizer.countUpTo(text.slice(range.start, range.end), max);
      if (tokens <= max) return push(range, tokens, breakBefore, section);
    }
    if (!splitter) {
      splitByTokens(text, range, max, tokenizer).forEach((piece, i) =>
        push(piece, piece.tokens, i === 0 ? breakBefore : Break.token, section),
      );
      return;
    }
    const pieces = splitter.split(text, range);
    if (pieces.length <= 1) return visit(range, level + 1, breakBefore, section);
    pieces.forEach((piece, i) => visit(piece, level + 1, i === 0 ? breakBefore : splitter.breakBefore, section));
  };
  sections.forEach((section, i) => {
    const range = trimRange(text, section.start, section.end);
    if (range) visit(range, 0, Break.section, i);
  });
  return atoms;
}
