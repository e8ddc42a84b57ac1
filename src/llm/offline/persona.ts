import { stableHash } from '../../hash.js';
import { createRng } from '../../rng.js';
import { PersonaOutput, type PersonaInput } from '../tasks.js';
import { stopwordsOrAll } from './extract.js';
import { isEnglishNounPhrase, isEnglishProperNoun } from './english.js';
import { detectLanguage } from './language.js';
import { rake } from './rake.js';
import { words } from './tokenize.js';

/**
 * The persona task without a model: the cluster's most prominent short term becomes the
 * topic ("Rosetta Stone"), a role noun makes it a person ("Rosetta Stone Researcher"), and
 * the next terms say what they want to know. Names already taken are skipped.
 */

const ROLES = ['Researcher', 'Practitioner', 'Analyst', 'Specialist', 'Student', 'Enthusiast', 'Consultant', 'Educator'];
const MAX_TOPICS = 6;

interface Term {
  text: string;
  words: string[];
  score: number;
}

/** Keyphrases ranked by how often the summaries mention them, then by their given order. */
function rankedTerms(input: PersonaInput, stopwords: ReadonlySet<string>): Term[] {
  const summaries = input.summaries.join('\n').toLowerCase();
  const fromSummaries = rake(input.summaries.join('\n'), { stopwords, max: 10 }).phrases.map((phrase) => phrase.text);
  const seen = new Set<string>();
  const terms: Term[] = [];
  [...input.keyphrases, ...fromSummaries].forEach((text, rank) => {
    const termWords = words(text).filter((word) => !stopwords.has(word));
    const key = termWords.join(' ');
    if (termWords.length === 0 || termWords.length > 3 || seen.has(key)) return;
    seen.add(key);
    const mentions = summaries.split(text.toLowerCase()).length - 1;
    terms.push({ text: text.trim(), words: termWords, score: mentions + 1 / (1 + rank) });
  });
  return terms.sort((a, b) => b.score - a.score);
}

function titleCase(text: string, stopwords: ReadonlySet<string>): string {
  return text
    .split(/\s+/u)
    .map((word, i) => (i > 0 && stopwords.has(word.toLowerCase()) ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join(' ');
}

function listPhrase(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * A name, not a phrase that happens to open a sentence: compromise knows it as a proper noun,
 * or it is capitalised where no sentence starts ("… in 1822 Champollion read", "Rosetta Stone").
 */
function looksLikeName(text: string, summaries: string): boolean {
  if (!/^\p{Lu}/u.test(text)) return false;
  if (isEnglishProperNoun(text)) return true;
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`[\\p{L}\\p{N},;:)] +${escaped}`, 'u').test(summaries);
}

export function offlinePersona(input: PersonaInput): PersonaOutput {
  const language = detectLanguage([...input.summaries, ...input.keyphrases].join('\n'));
  const stopwords = stopwordsOrAll(language);
  const ranked = rankedTerms(input, stopwords);
  // A persona is named after a topic, so in English keep the noun phrases ("found" or
  // "Champollion became curator" name nobody); other languages keep every term.
  const nounPhrases = language === 'en' ? ranked.filter((term) => isEnglishNounPhrase(term.text)) : ranked;
  const candidates = nounPhrases.length > 0 ? nounPhrases : ranked;
  // Among the leading terms, names ("Rosetta Stone", "Demotic") come before common phrases
  // ("broken part"): they say whose questions these are.
  const summaries = input.summaries.join('\n');
  const isName = (term: Term) => language === 'en' && looksLikeName(term.text, summaries);
  const leading = candidates.slice(0, MAX_TOPICS);
  const terms = [...leading.filter(isName), ...leading.filter((term) => !isName(term)), ...candidates.slice(MAX_TOPICS)];
  const roles = createRng(stableHash(input)).shuffle(ROLES);
  const taken = new Set(input.takenNames.map((name) => name.trim().toLowerCase()));
  const topics = terms.slice(0, MAX_TOPICS).map((term) => titleCase(term.text, stopwords));
  if (topics.length === 0) topics.push('General Knowledge');

  let name = '';
  let topicIndex = 0;
  search: for (const [i, topic] of topics.entries()) {
    for (const role of roles) {
      if (!taken.has(`${topic} ${role}`.toLowerCase())) {
        name = `${topic} ${role}`;
        topicIndex = i;
        break search;
      }
    }
  }
  for (let n = 2; !name; n++) {
    const candidate = `${topics[0]} ${roles[0]} ${n}`;
    if (!taken.has(candidate.toLowerCase())) name = candidate;
  }

  const topicTerm = terms[topicIndex];
  const interests = terms
    .filter((term) => term !== topicTerm && !term.words.some((word) => topicTerm?.words.includes(word)))
    .slice(0, 3)
    .map((term) => term.text);
  const role = name.slice((topics[topicIndex] ?? '').length + 1).replace(/ \d+$/, '').toLowerCase();
  const topic = topicTerm?.text ?? 'the subject';
  const article = /^[aeiou]/i.test(role) ? 'An' : 'A';
  const wants = interests.length > 0 ? `wants to know about ${listPhrase(interests)}, and how they relate to ${topic}` : `wants clear, factual answers about ${topic}`;
  return PersonaOutput.parse({ name, role_description: `${article} ${role} focused on ${topic}, who ${wants}.` });
}
