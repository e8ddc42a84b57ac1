import search from 'approx-string-match';

/**
 * Finds a quote the verifier copied from a context, in three steps: the exact text; then
 * the text with case, whitespace runs, typographic quotes and dashes normalised; then an
 * approximate match (Myers' bit-parallel edit-distance search from approx-string-match, the
 * library Hypothesis anchors annotations with) allowing one edit in `FUZZY_ERROR_SHARE`
 * characters. Offsets are the context's own, so `text.slice(start, end)` is the support.
 * A quote the model elided (`a … b`) is located piece by piece.
 */

export interface Located {
  start: number;
  end: number;
  how: 'exact' | 'normalised' | 'fuzzy';
}

/** One edit in eight characters: survives a changed word form or a dropped comma, not a rewritten sentence. */
export const FUZZY_ERROR_SHARE = 0.125;
/** Below this many characters a quote must match after normalisation: a short fuzzy match means nothing. */
const MIN_FUZZY_LENGTH = 16;

const FOLDED: Readonly<Record<string, string>> = {
  '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'", '\u2032': "'",
  '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u00ab': '"', '\u00bb': '"', '\u2033': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2212': '-',
  '\u00a0': ' ',
};

/** Normalised text plus, for each of its characters, the offset of the original character it came from. */
interface Folded {
  text: string;
  origin: number[];
}

function fold(text: string): Folded {
  let out = '';
  const origin: number[] = [];
  let lastSpace = true;
  for (let i = 0; i < text.length; i++) {
    const raw = text[i] as string;
    const char = FOLDED[raw] ?? raw;
    if (/\s/.test(char)) {
      if (!lastSpace) {
        out += ' ';
        origin.push(i);
      }
      lastSpace = true;
      continue;
    }
    // Lower-casing one UTF-16 unit at a time keeps the offset map one-to-one.
    const lower = char.toLowerCase();
    out += lower.length === 1 ? lower : char;
    origin.push(i);
    lastSpace = false;
  }
  if (out.endsWith(' ')) {
    out = out.slice(0, -1);
    origin.pop();
  }
  return { text: out, origin };
}

function toOriginal(folded: Folded, start: number, end: number, how: Located['how']): Located {
  return { start: folded.origin[start] as number, end: (folded.origin[end - 1] as number) + 1, how };
}

const QUOTE_MARKS = /^["'“”‘’«»„]+|["'“”‘’«»„]+$/g;

/** Trims what models wrap quotes in: enclosing quotation marks, ellipses, trailing punctuation. */
function quotePieces(quote: string): string[] {
  let text = quote.trim();
  // Marks are stripped only when they enclose the quote: a closing mark alone belongs to the text.
  if (/^["'“”‘’«»„]/.test(text)) text = text.replace(QUOTE_MARKS, '');
  return text
    .split(/\s*(?:\.\.\.|…|\[\s*…\s*\]|\[\.\.\.\])\s*/)
    .map((piece) => piece.trim().replace(/[\s,;:.]+$/, '').trim())
    .filter((piece) => piece.length > 0);
}

function locatePiece(text: string, folded: Folded, piece: string): Located | undefined {
  const exact = text.indexOf(piece);
  if (exact !== -1) return { start: exact, end: exact + piece.length, how: 'exact' };
  const needle = fold(piece).text;
  if (needle.length === 0) return undefined;
  const normalised = folded.text.indexOf(needle);
  if (normalised !== -1) return toOriginal(folded, normalised, normalised + needle.length, 'normalised');
  if (needle.length < MIN_FUZZY_LENGTH) return undefined;
  const matches = search(folded.text, needle, Math.floor(needle.length * FUZZY_ERROR_SHARE));
  // Fewest edits first, then the longest span (approx-string-match may report a shortened
  // end for the same start), then the earliest.
  const best = matches.sort((a, b) => a.errors - b.errors || b.end - b.start - (a.end - a.start) || a.start - b.start)[0];
  return best && best.end > best.start ? toOriginal(folded, best.start, best.end, 'fuzzy') : undefined;
}

/** Every piece of the quote in `text`, or undefined when any piece is not there. */
export function locateQuote(text: string, quote: string): Located[] | undefined {
  const pieces = quotePieces(quote);
  if (pieces.length === 0) return undefined;
  const folded = fold(text);
  const found: Located[] = [];
  for (const piece of pieces) {
    const located = locatePiece(text, folded, piece);
    if (!located) return undefined;
    found.push(located);
  }
  return found;
}
