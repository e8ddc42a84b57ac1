import { Extraction, type ExtractInput } from '../tasks.js';
import { extractEntities } from './entities.js';
import { detectLanguage, type DetectedLanguage } from './language.js';
import { shortPhrases, type ShortPhrase } from './phrases.js';
import { rake } from './rake.js';
import { textStructure, type Sentence } from './sentences.js';
import { ALL_STOPWORDS, stopwordsFor } from './stopwords.js';
import { centralSentences } from './textrank.js';
import { isUnspaced } from './tokenize.js';

/**
 * The extract task without a model: keyphrases by RAKE, a summary of the most central
 * sentences by TextRank, headlines from the document structure, entities from NER, code
 * patterns and capitalisation, themes from the top keyphrases.
 */

const MAX_HEADLINES = 5;
const MAX_KEYPHRASES = 10;
const MAX_THEMES = 5;
const MAX_SUMMARY_CHARS = 600;

/** Stopwords for a language, or every list when the language is unknown. */
export function stopwordsOrAll(language: DetectedLanguage): ReadonlySet<string> {
  return language === 'und' ? ALL_STOPWORDS : stopwordsFor(language);
}

function summarise(sentences: Sentence[], stopwords: ReadonlySet<string>, fallback: string): string {
  const count = sentences.length > 6 ? 3 : Math.min(2, sentences.length);
  const chosen = centralSentences(sentences, stopwords, count);
  let summary = '';
  for (const sentence of chosen) {
    const joined = summary ? `${summary}${isUnspaced(sentence.text) ? '' : ' '}${sentence.text}` : sentence.text;
    if (summary && joined.length > MAX_SUMMARY_CHARS) break;
    summary = joined;
  }
  if (summary.length > MAX_SUMMARY_CHARS) summary = `${summary.slice(0, MAX_SUMMARY_CHARS).replace(/\s+\S*$/u, '')}…`;
  return summary || fallback;
}

function headlines(input: ExtractInput, markdownHeadings: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const heading of [...input.headings, ...markdownHeadings]) {
    const text = heading.trim();
    if (text && !seen.has(text.toLowerCase())) {
      seen.add(text.toLowerCase());
      out.push(text);
    }
  }
  return out.slice(0, MAX_HEADLINES);
}

/**
 * Themes are short (1–3 words) and recurring: noun-phrase runs ranked by how often their
 * words occur, so topics that run through the passage beat one-off details.
 */
function themes(text: string, stopwords: ReadonlySet<string>, language: DetectedLanguage): string[] {
  const ranked = shortPhrases(text, stopwords, language).sort(
    (a, b) => b.frequency - a.frequency || b.score - a.score || a.order - b.order,
  );
  const chosen: ShortPhrase[] = [];
  for (const candidate of ranked) {
    if (chosen.length >= MAX_THEMES) break;
    const covered = chosen.some((theme) => candidate.words.every((word) => theme.words.includes(word)));
    if (!covered) chosen.push(candidate);
  }
  return chosen.map((theme) => theme.text);
}

export function offlineExtract(input: ExtractInput): Extraction {
  const language = detectLanguage(input.text);
  const stopwords = stopwordsOrAll(language);
  const structure = textStructure(input.text);
  const { phrases } = rake(input.text, { stopwords, max: MAX_KEYPHRASES });
  const fallbackSummary = input.text.trim().slice(0, 200) || input.title.trim() || 'An empty passage.';
  return Extraction.parse({
    summary: summarise(structure.sentences, stopwords, fallbackSummary),
    headlines: headlines(input, structure.headings),
    keyphrases: phrases.map((phrase) => phrase.text),
    entities: extractEntities(input.text, language, phrases),
    themes: themes(input.text, stopwords, language),
  });
}
