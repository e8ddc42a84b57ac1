import { memoizeRecent } from './memo.js';

/**
 * Word tokens for any language the platform's ICU can segment: `Intl.Segmenter` splits
 * spaced scripts on word boundaries and unspaced ones (Chinese, Japanese, Thai) by
 * dictionary. Tokens keep their offsets so phrases can be cut from the original text.
 */

export interface WordToken {
  /** The word as written. */
  readonly text: string;
  /** Normalised form for counting: NFKC, lower case. */
  readonly norm: string;
  readonly start: number;
  readonly end: number;
  /** True when only punctuation-free whitespace or a joiner (hyphen, middle dot) separates it from the previous word. */
  readonly joined: boolean;
}

const wordSegmenter = new Intl.Segmenter('und', { granularity: 'word' });

/** Letters or numbers anywhere: keeps `1822` and `石碑`, drops punctuation-only segments. */
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;
/** Separators that keep a phrase together: spaces and in-word joiners, but not a newline. */
const PHRASE_JOINER = /^[ \t\u00a0\-‐‑・·']*$/u;

export function normalizeWord(word: string): string {
  return word.normalize('NFKC').toLowerCase();
}

/**
 * One extraction tokenizes the same chunk for language detection, RAKE (twice), TextRank
 * and the prompt's word count; segmentation is costly, so the last few results are kept.
 */
export const wordTokens: (text: string) => readonly WordToken[] = memoizeRecent(8, segmentWords);

function segmentWords(text: string): readonly WordToken[] {
  const tokens: WordToken[] = [];
  let gap = '';
  for (const segment of wordSegmenter.segment(text)) {
    if (segment.isWordLike && HAS_WORD_CHAR.test(segment.segment)) {
      const joined = tokens.length > 0 && PHRASE_JOINER.test(gap);
      tokens.push({
        text: segment.segment,
        norm: normalizeWord(segment.segment),
        start: segment.index,
        end: segment.index + segment.segment.length,
        joined,
      });
      gap = '';
    } else {
      gap += segment.segment;
    }
  }
  return tokens;
}

/** Normalised words only, for counting and hashing. */
export function words(text: string): string[] {
  return wordTokens(text).map((token) => token.norm);
}

/** Scripts written without spaces between words: phrases are joined without a space. */
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

export function isUnspaced(text: string): boolean {
  return UNSPACED_SCRIPT.test(text);
}
