import { FNV_OFFSET, FNV_PRIME } from '../hash.js';

/**
 * The words of a text as 32-bit FNV-1a hashes, for near-duplicate detection. Words are runs of
 * letters and digits of the NFKC-folded, lower-cased text, so a PDF's ligatures, line breaks
 * and punctuation do not hide that its text is the HTML page's text.
 *
 * A document's words are hashed once, with where each came from (`documentWords`); the words
 * of any span of it (its kept text, each chunk) are then read from there (`wordsIn`) instead of
 * hashing the text again, equal to hashing the span's own text (`wordHashes`).
 *
 * NFKC may merge a character with the ones after it, but never with an ASCII character after
 * it: every ASCII character is a starter that nothing before it composes with. So the text is
 * folded piece by piece, each non-ASCII run with the ASCII character before it (`e` + U+0301
 * is `é`), and a span cut before an ASCII non-word character folds as the whole text does there.
 */

const NON_ASCII_RUN = /[^\x00-\x7f]+/g;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const EMPTY = new Uint32Array(0);

/** Per ASCII code, the lower-cased letter or digit; 0 for every other character. */
const ASCII_WORD = new Uint8Array(128);
for (let code = 48; code <= 57; code++) ASCII_WORD[code] = code;
for (let code = 97; code <= 122; code++) ASCII_WORD[code] = code;
for (let code = 65; code <= 90; code++) ASCII_WORD[code] = code + 32;

/** The lower-cased code unit of a non-ASCII word character of the folded text, or 0 for any other. */
function foldedWordCode(folded: string, i: number): number {
  const char = folded[i] as string;
  return WORD_CHAR.test(char) ? char.toLowerCase().charCodeAt(0) : 0;
}

/** An ASCII character that is not part of a word: a span may be cut before it without changing any word. */
function isCut(code: number): boolean {
  return code < 128 && ASCII_WORD[code] === 0;
}

/**
 * A text's words in order: their hashes, and where each starts — its first character, or for a
 * word that starts in a folded non-ASCII piece, the piece's start.
 */
export interface DocumentWords {
  count: number;
  hashes: Uint32Array;
  starts: Uint32Array;
}

/** The words found so far, and the word being read: its hash and start (−1 between words). */
interface Reader extends DocumentWords {
  hash: number;
  start: number;
}

/** Doubles the arrays (folding may give more words than the text has characters). */
function grow(words: DocumentWords): void {
  const grown = (from: Uint32Array) => {
    const to = new Uint32Array(from.length * 2);
    to.set(from);
    return to;
  };
  words.hashes = grown(words.hashes);
  words.starts = grown(words.starts);
}

function push(words: DocumentWords, hash: number, start: number): void {
  if (words.count === words.hashes.length) grow(words);
  words.hashes[words.count] = hash;
  words.starts[words.count++] = start;
}

/**
 * Reads `source[from, to)` on from where the last read stopped (a word may go on). With
 * `piece` −1 the source is the text itself; otherwise the source is the folded piece of the
 * text that starts at `piece`, and a word that starts in it starts there.
 */
function read(reader: Reader, source: string, from: number, to: number, piece: number): void {
  let { hash, start } = reader;
  for (let i = from; i < to; i++) {
    let code = source.charCodeAt(i);
    code = code < 128 ? (ASCII_WORD[code] as number) : foldedWordCode(source, i);
    if (code !== 0) {
      if (start === -1) {
        start = piece === -1 ? i : piece;
        hash = FNV_OFFSET;
      }
      hash = Math.imul(hash ^ code, FNV_PRIME);
    } else if (start !== -1) {
      push(reader, hash, start);
      start = -1;
    }
  }
  reader.hash = hash;
  reader.start = start;
}

/** The words of several texts in one list: text t's are `[first[t], first[t + 1])`, starts relative to the text. */
interface TextsWords {
  hashes: Uint32Array;
  starts: Uint32Array;
  first: Uint32Array;
}

/**
 * Hashes the words of all `texts` in one call, into one pair of arrays sized for the whole
 * corpus: a document at a time, each with its own growing arrays, cost the PostgreSQL manual
 * more CPU, V8 compiling the loop again for each caller.
 */
function hashTexts(texts: readonly string[]): TextsWords {
  let total = 0;
  for (const text of texts) total += text.length;
  // Prose has a word in about six characters: this rarely grows.
  const capacity = (total >> 2) + 16;
  const reader: Reader = { count: 0, hashes: new Uint32Array(capacity), starts: new Uint32Array(capacity), hash: FNV_OFFSET, start: -1 };
  const first = new Uint32Array(texts.length + 1);
  for (let t = 0; t < texts.length; t++) {
    const text = texts[t] as string;
    first[t] = reader.count;
    reader.start = -1;
    NON_ASCII_RUN.lastIndex = 0;
    let from = 0;
    for (let run = NON_ASCII_RUN.exec(text); run; run = NON_ASCII_RUN.exec(text)) {
      // The ASCII text before the run, then the run folded with the character before it.
      const piece = Math.max(run.index - 1, from);
      const pieceEnd = run.index + run[0].length;
      read(reader, text, from, piece, -1);
      const folded = text.slice(piece, pieceEnd).normalize('NFKC');
      read(reader, folded, 0, folded.length, piece);
      from = pieceEnd;
    }
    read(reader, text, from, text.length, -1);
    if (reader.start !== -1) push(reader, reader.hash, reader.start);
  }
  first[texts.length] = reader.count;
  return { hashes: reader.hashes, starts: reader.starts, first };
}

/** Text t's words, read from the words of several texts. */
function wordsOfText(words: TextsWords, t: number): DocumentWords {
  const from = words.first[t] as number;
  const to = words.first[t + 1] as number;
  return { count: to - from, hashes: words.hashes.subarray(from, to), starts: words.starts.subarray(from, to) };
}

export function documentWords(text: string): DocumentWords {
  return wordsOfText(hashTexts([text]), 0);
}

/** The hashes of a text's words, in order. */
export function wordHashes(text: string): Uint32Array {
  const words = documentWords(text);
  return words.hashes.subarray(0, words.count);
}

/** First index in the ascending `values[0, count)` whose value is at least `value`. */
function lowerBound(values: Uint32Array, count: number, value: number): number {
  let low = 0;
  let high = count;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The hashes of the words of `text.slice(start, end)`, in order, as `wordHashes` of that slice
 * gives them, from the words of the whole `text`: the span is cut at its first and last ASCII
 * non-word characters (unless it starts or ends at a word boundary already), the words between
 * are read from `words`, only the two ends are hashed.
 * A new array, the caller's to sort.
 */
export function wordsIn(words: DocumentWords, text: string, start: number, end: number): Uint32Array {
  if (start === 0 && end === text.length) return words.hashes.slice(0, words.count);
  let from = start;
  // A span that starts at an ASCII character after an ASCII non-word one (most chunks: "… The")
  // starts where the whole text's words do; any other start is cut at the next such character.
  const clean = start === 0 || (isCut(text.charCodeAt(start - 1)) && text.charCodeAt(start) < 128);
  if (!clean) while (from < end && !isCut(text.charCodeAt(from))) from++;
  let to = end;
  if (to < text.length && !isCut(text.charCodeAt(to))) {
    to = end - 1;
    while (to > from && !isCut(text.charCodeAt(to))) to--;
  }
  if (from >= to) return wordHashes(text.slice(start, end));
  const head = from > start ? wordHashes(text.slice(start, from)) : EMPTY;
  const tail = to < end ? wordHashes(text.slice(to, end)) : EMPTY;
  const first = lowerBound(words.starts, words.count, from);
  // No word crosses `to` (an ASCII non-word character, never inside a folded piece): the words starting before it end there.
  const last = lowerBound(words.starts, words.count, to);
  const hashes = new Uint32Array(head.length + (last - first) + tail.length);
  hashes.set(head);
  hashes.set(words.hashes.subarray(first, last), head.length);
  hashes.set(tail, head.length + last - first);
  return hashes;
}

/** Documents' words, hashed on first use (all documents in one pass), then read per span (kept text, chunks). */
export interface WordIndex {
  /** The word hashes of `text.slice(start, end)` of the document with this id, in order (a new array). */
  span(documentId: string, start: number, end: number): Uint32Array;
}

export function createWordIndex(documents: readonly { id: string; text: string }[]): WordIndex {
  const indexes = new Map(documents.map((document, i) => [document.id, i]));
  let all: TextsWords | undefined;
  const words = new Map<number, DocumentWords>();
  return {
    span(documentId, start, end) {
      const i = indexes.get(documentId);
      if (i === undefined) throw new Error(`word index: no document ${documentId}`);
      all ??= hashTexts(documents.map((document) => document.text));
      let found = words.get(i);
      if (!found) {
        found = wordsOfText(all, i);
        words.set(i, found);
      }
      return wordsIn(found, (documents[i] as { text: string }).text, start, end);
    },
  };
}
