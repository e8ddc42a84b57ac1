import { stopwordsFor, type StopwordLanguage } from './stopwords.js';
import { words } from './tokenize.js';

/**
 * A rough language guess, enough to pick stopwords, question templates and whether the
 * English NER model applies: the script first (kana means Japanese, Han alone Chinese),
 * then, for Latin text, the share of each language's function words.
 */
export type DetectedLanguage = StopwordLanguage | 'ko' | 'und';

const LATIN_CANDIDATES: StopwordLanguage[] = ['en', 'de', 'fr', 'es'];
/** Below this share of function words a Latin text is not confidently any listed language. */
const MIN_STOPWORD_SHARE = 0.08;

function countMatches(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

export function detectLanguage(text: string): DetectedLanguage {
  const letters = countMatches(text, /\p{L}/gu);
  if (letters === 0) return 'und';
  const kana = countMatches(text, /[\p{Script=Hiragana}\p{Script=Katakana}]/gu);
  const han = countMatches(text, /\p{Script=Han}/gu);
  const hangul = countMatches(text, /\p{Script=Hangul}/gu);
  if (kana / letters > 0.05) return 'ja';
  if (hangul / letters > 0.3) return 'ko';
  if (han / letters > 0.3) return 'zh';
  const latin = countMatches(text, /\p{Script=Latin}/gu);
  if (latin / letters < 0.5) return 'und';

  const tokens = words(text);
  if (tokens.length === 0) return 'und';
  let best: DetectedLanguage = 'und';
  let bestShare = MIN_STOPWORD_SHARE;
  for (const language of LATIN_CANDIDATES) {
    const stopwords = stopwordsFor(language);
    const share = tokens.filter((token) => stopwords.has(token)).length / tokens.length;
    if (share > bestShare) {
      best = language;
      bestShare = share;
    }
  }
  return best;
}

/** The language to write in: the one asked for when it is one we have templates for, else the detected one. */
export function resolveLanguage(requested: string | null, text: string): DetectedLanguage {
  if (requested) {
    const code = requested.trim().toLowerCase().slice(0, 2);
    const byName: Record<string, DetectedLanguage> = {
      english: 'en', german: 'de', deutsch: 'de', french: 'fr', français: 'fr', francais: 'fr',
      spanish: 'es', español: 'es', espanol: 'es', chinese: 'zh', japanese: 'ja', korean: 'ko',
    };
    const named = byName[requested.trim().toLowerCase()];
    if (named) return named;
    if (['en', 'de', 'fr', 'es', 'zh', 'ja', 'ko'].includes(code)) return code as DetectedLanguage;
  }
  return detectLanguage(text);
}
