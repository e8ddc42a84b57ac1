import { Tiktoken, type TiktokenBPE } from 'js-tiktoken/lite';
import cl100kBase from 'js-tiktoken/ranks/cl100k_base';
import o200kBase from 'js-tiktoken/ranks/o200k_base';
import { z } from 'zod';
import { nonSpaceRuns } from '../documents/white-space.js';
import { createBytePairMerger } from './byte-pair.js';

/** Bundled BPE ranks (no download): o200k for GPT-4o/4.1/5-era models, cl100k for GPT-4/3.5. */
export const TokenEncoding = z.enum(['o200k_base', 'cl100k_base']);
export type TokenEncoding = z.infer<typeof TokenEncoding>;
export const DEFAULT_TOKEN_ENCODING: TokenEncoding = 'o200k_base';

const RANKS: Record<TokenEncoding, TiktokenBPE> = { o200k_base: o200kBase, cl100k_base: cl100kBase };

/** Pieces longer than this are rare (long numbers, URLs) and not worth caching. */
const MAX_CACHED_PIECE = 48;
const MAX_CACHE_ENTRIES = 200_000;

export interface Tokenizer {
  readonly encoding: TokenEncoding;
  /** Exact token count; special-token text such as `<|endoftext|>` counts as ordinary text. */
  count(text: string): number;
  /**
   * `count(text)` when it is at most `limit`, otherwise some number above `limit`, found
   * without encoding more than needed: pieces too long to fit are never merged.
   */
  countUpTo(text: string, limit: number): number;
  /**
   * Where each token of `text` ends, as UTF-16 offsets; a token ending inside a character
   * (one byte of a multi-byte character) ends where that character starts.
   */
  tokenEnds(text: string): number[];
  encode(text: string): number[];
  decode(tokens: number[]): string;
}

/** UTF-16 offset of the character holding byte `byte` of `text` (whose UTF-8 form is walked once, in order). */
function utf16Offsets(text: string): (byte: number) => number {
  let unit = 0;
  let byteAt = 0;
  return (byte) => {
    for (;;) {
      const code = text.codePointAt(unit) ?? 0;
      const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
      if (unit >= text.length || byteAt + size > byte) return unit;
      byteAt += size;
      unit += code >= 0x10000 ? 2 : 1;
    }
  };
}

/**
 * BPE never merges across the pre-tokenizer's pieces, so a text's count is the sum of its
 * pieces' counts. Natural text repeats pieces (" the", " of"), so caching per piece makes
 * counting several times faster than encoding, which matters at 100k chunks. Counting
 * merges with a heap (`byte-pair.ts`), so a long piece costs O(n log n), not O(n²).
 */
function createTokenizer(encoding: TokenEncoding): Tokenizer {
  const ranks = RANKS[encoding];
  // js-tiktoken only encodes and decodes (rarely needed); building it takes seconds, so on first use.
  let bpe: Tiktoken | undefined;
  const encoder = () => (bpe ??= new Tiktoken(ranks));
  const merger = createBytePairMerger(ranks);
  const pieces = new RegExp(ranks.pat_str, 'gu');
  const cache = new Map<string, number>();
  const countPiece = (piece: string): number => {
    let n = cache.get(piece);
    if (n === undefined) {
      n = merger.tokenLengths(Buffer.from(piece, 'utf8')).length;
      if (piece.length <= MAX_CACHED_PIECE) {
        if (cache.size >= MAX_CACHE_ENTRIES) cache.clear();
        cache.set(piece, n);
      }
    }
    return n;
  };
  const countUpTo = (text: string, limit: number): number => {
    let total = 0;
    for (const match of text.matchAll(pieces)) {
      // UTF-16 units never outnumber UTF-8 bytes, so a piece this long cannot fit.
      if (match[0].length > (limit - total) * merger.maxTokenBytes) return limit + 1;
      total += countPiece(match[0]);
      if (total > limit) return total;
    }
    return total;
  };
  return {
    encoding,
    encode: (text) => encoder().encode(text, [], []),
    decode: (tokens) => encoder().decode(tokens),
    count: (text) => countUpTo(text, Number.POSITIVE_INFINITY),
    countUpTo,
    tokenEnds(text) {
      const ends: number[] = [];
      for (const match of text.matchAll(pieces)) {
        const toUnit = utf16Offsets(match[0]);
        let byte = 0;
        for (const length of merger.tokenLengths(Buffer.from(match[0], 'utf8'))) {
          byte += length;
          ends.push(match.index + toUnit(byte));
        }
      }
      return ends;
    },
  };
}

const SLASH = 47;

/**
 * A lower bound on the token count of `text` in either encoding, up to `limit` (counting stops
 * there), found without encoding: its runs of non-white-space that do not start with `/`. Every
 * pre-tokenizer piece is at least one token, and no piece holds two such runs: white space sits
 * only at a piece's edges, except that o200k's punctuation piece may take line breaks and `/`
 * after it (`-->\n/`), so a run starting with `/` is not counted.
 */
export function tokensAtLeast(text: string, limit: number): number {
  return nonSpaceRuns(text, limit, SLASH);
}

const tokenizers = new Map<TokenEncoding, Tokenizer>();

/** One tokenizer per encoding per process, built on first use (building takes about a second). */
export function getTokenizer(encoding: TokenEncoding = DEFAULT_TOKEN_ENCODING): Tokenizer {
  let tokenizer = tokenizers.get(encoding);
  if (!tokenizer) {
    tokenizer = createTokenizer(encoding);
    tokenizers.set(encoding, tokenizer);
  }
  return tokenizer;
}

export function countTokens(text: string, encoding: TokenEncoding = DEFAULT_TOKEN_ENCODING): number {
  return getTokenizer(encoding).count(text);
}
