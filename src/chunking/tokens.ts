import { Tiktoken, type TiktokenBPE } from 'js-tiktoken/lite';
import cl100kBase from 'js-tiktoken/ranks/cl100k_base';
import o200kBase from 'js-tiktoken/ranks/o200k_base';
import { z } from 'zod';

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
  encode(text: string): number[];
  decode(tokens: number[]): string;
}

/**
 * BPE never merges across the pre-tokenizer's pieces, so a text's count is the sum of its
 * pieces' counts. Natural text repeats pieces (" the", " of"), so caching per piece makes
 * counting several times faster than encoding, which matters at 100k chunks.
 */
function createTokenizer(encoding: TokenEncoding): Tokenizer {
  const ranks = RANKS[encoding];
  const bpe = new Tiktoken(ranks);
  const pieces = new RegExp(ranks.pat_str, 'gu');
  const cache = new Map<string, number>();
  const encode = (text: string): number[] => bpe.encode(text, [], []);
  return {
    encoding,
    encode,
    decode: (tokens) => bpe.decode(tokens),
    count(text) {
      let total = 0;
      for (const match of text.matchAll(pieces)) {
        const piece = match[0];
        let n = cache.get(piece);
        if (n === undefined) {
          n = encode(piece).length;
          if (piece.length <= MAX_CACHED_PIECE) {
            if (cache.size >= MAX_CACHE_ENTRIES) cache.clear();
            cache.set(piece, n);
          }
        }
        total += n;
      }
      return total;
    },
  };
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
