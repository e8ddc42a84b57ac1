import { stableHash } from '../../hash.js';
import { createRng, type Rng } from '../../rng.js';
import { synthesizeOutputSchema, type SynthesisOutput, type SynthesizeInput } from '../tasks.js';
import { stopwordsOrAll } from './extract.js';
import { resolveLanguage, type DetectedLanguage } from './language.js';
import { misspell, roughenGrammar, searchQuery } from './query-rewrite.js';
import { fillTemplate, templatesFor, type QuestionKind } from './question-templates.js';
import { rake } from './rake.js';
import type { Sentence } from './sentences.js';
import { answerSentences, cueTerms, supportFor, yearIn } from './support.js';
import { avoidedWords, mentions, plainTerms, steerOf, usesAvoided, type Steer } from './steer.js';
import { isUnspaced } from './tokenize.js';
import { writeFalsePremise } from './false-premise.js';
import { unfaithfulPair } from './unfaithful.js';

/**
 * The synthesize task without a model. A question is planned from the scenario: its subject
 * (focus term, bridge entity or theme), the sentences of each context that state something
 * about it, and one more salient term from each of those sentences, so answering needs
 * every context. A template in the contexts' language turns the plan into a question; the
 * query style and length are deterministic rewrites. The reference answer quotes the
 * supporting sentences verbatim. The seed is a hash of the input, so the same scenario
 * always gives the same sample.
 */

type Context = SynthesizeInput['contexts'][number];

interface QuestionPlan {
  kind: QuestionKind;
  slots: Record<string, string>;
  /** Terms kept intact by style rewrites, and the keywords of a search-style query. */
  terms: string[];
  /** Sentences quoted by the answer, in context order. */
  answer: Sentence[];
}

/** A context without any text: nothing to quote, so no grounded sample. */
export class NoGroundingError extends Error {}

const CONJUNCTION: Readonly<Record<string, string>> = { en: ' and ', de: ' und ', fr: ' et ', es: ' y ', zh: '和', ja: 'と' };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The most salient term of a text, when the scenario names none. */
function topTerm(text: string, stopwords: ReadonlySet<string>): string | undefined {
  return rake(text, { stopwords, max: 10 }).phrases.find((phrase) => phrase.words.length <= 3)?.text;
}

/** A sentence-initial cue is lower-cased when the context also writes it in lower case (it is no name). */
function inlineCase(term: string, context: string): string {
  const lowered = term.charAt(0).toLowerCase() + term.slice(1);
  return lowered !== term && context.includes(lowered) ? lowered : term;
}

/** English common nouns read better with an article inside a question ("related to the project"). */
function asNounPhrase(term: string, language: DetectedLanguage): string {
  return language === 'en' && /^\p{Ll}/u.test(term) ? `the ${term}` : term;
}

/** One cue per context: a term of its supporting sentence, preferring terms the other contexts lack (easy: its rarest key term; hard: no avoided word). */
function cuesPerContext(
  contexts: readonly Context[],
  sentences: readonly Sentence[],
  subject: string,
  steer: Steer,
  stopwords: ReadonlySet<string>,
  language: string,
): string[] {
  const used = [subject];
  const candidates = (text: string, context: string) => (steer.avoid.length > 0 ? plainTerms(text, context, used, steer, stopwords, language) : cueTerms(text, used, stopwords, language));
  return contexts.map((context, i) => {
    const keys = steer.key.filter((term) => mentions(context.text, term) && !used.some((other) => mentions(other, term))).slice(0, 2);
    if (keys.length > 0) {
      used.push(...keys);
      return keys.join(CONJUNCTION[language] ?? ' and ');
    }
    const others = contexts.filter((_, j) => j !== i).map((other) => other.text.toLowerCase());
    const distinct = (found: string[]) => found.find((term) => !others.some((text) => text.includes(term.toLowerCase())));
    const fromSentence = candidates(sentences[i]?.text ?? '', context.text);
    // The whole context is searched only when its supporting sentence offers no distinct term.
    const fromContext = () => candidates(context.text, context.text);
    const cue = distinct(fromSentence) ?? distinct(fromContext()) ?? fromSentence[0] ?? fromContext()[0] ?? subject;
    used.push(cue);
    return inlineCase(cue, context.text);
  });
}

/**
 * A hard single-hop question: the answer is the same sentence as the plain plan's, but the
 * question names it by two plain terms of that sentence (or of the context) instead of the
 * focus term and the rare terms; without such terms the plain plan stands (and is ranked as it is).
 */
function planPlainSingle(plan: QuestionPlan, context: Context, sentence: string, exclude: readonly string[], steer: Steer, language: DetectedLanguage, stopwords: ReadonlySet<string>): QuestionPlan {
  const plain = [...new Set([...plainTerms(sentence, context.text, exclude, steer, stopwords, language), ...plainTerms(context.text, context.text, exclude, steer, stopwords, language)])];
  const [subject, cue] = plain.map((term) => inlineCase(term, context.text));
  if (!subject) return plan;
  const slots = { focus: asNounPhrase(subject, language), cue: cue ? asNounPhrase(cue, language) : '', year: '' };
  return { kind: cue ? 'single' : 'single_bare', slots, terms: cue ? [subject, cue] : [subject], answer: plan.answer };
}

function planSingle(input: SynthesizeInput, context: Context, language: DetectedLanguage, stopwords: ReadonlySet<string>, rng: Rng): QuestionPlan {
  const steer = steerOf(input);
  const key = steer.key.filter((term) => mentions(context.text, term));
  const focus = key[0] ?? input.focus[0] ?? input.bridge[0] ?? topTerm(context.text, stopwords) ?? context.title;
  const supported = supportFor(context.text, [focus, ...(key.length > 0 ? key.slice(1) : input.focus.slice(1))], stopwords)[0];
  if (!supported) throw new NoGroundingError('the context has no text to ground a question in');
  const answer = answerSentences(context.text, supported);
  // An easy question names two more key terms (those of the answer's sentence first): a short question's few words must point at this chunk.
  const keyCues = [...key.slice(1).filter((term) => mentions(supported.sentence.text, term)), ...key.slice(1)].filter((term, i, all) => all.indexOf(term) === i).slice(0, 2);
  const keyCue = keyCues.length > 0 ? keyCues.join(CONJUNCTION[language] ?? ' and ') : undefined;
  const cue = keyCue ?? cueTerms(supported.sentence.text, [focus], stopwords, language)[0] ?? cueTerms(context.text, [focus], stopwords, language)[0];
  const year = yearIn(supported.sentence.text);
  const kinds: QuestionKind[] = [];
  if (cue) kinds.push('single');
  if (year && !focus.includes(year)) kinds.push('single_year');
  const definition = new RegExp(`${escapeRegExp(focus)}\\s+(?:is|was|are|were)\\s+(?:a|an|the|one)\\b`, 'i');
  if (language === 'en' && definition.test(supported.sentence.text)) kinds.push('single_definition');
  const kind = rng.pick(kinds) ?? 'single_bare';
  const cueText = cue ? inlineCase(cue, context.text) : '';
  const slots: Record<string, string> = { focus, cue: asNounPhrase(cueText, language), year: year ?? '' };
  const cueWords = keyCue ? keyCues : [cueText];
  const terms = [focus, ...(kind === 'single_year' ? [year ?? ''] : kind === 'single_bare' ? [] : cueWords)].filter(Boolean);
  const planned: QuestionPlan = { kind, slots, terms, answer };
  return steer.avoid.length > 0 ? planPlainSingle(planned, context, supported.sentence.text, [focus, ...input.focus], steer, language, stopwords) : planned;
}

function planMultiContext(
  kind: 'multi' | 'abstract',
  subject: string,
  input: SynthesizeInput,
  language: DetectedLanguage,
  stopwords: ReadonlySet<string>,
): QuestionPlan {
  const steer = steerOf(input);
  const related = kind === 'multi' ? input.focus : input.bridge;
  const supported = input.contexts.map((context) => supportFor(context.text, [subject, ...related], stopwords)[0]);
  if (supported.some((entry) => !entry)) throw new NoGroundingError('a context has no text to ground a question in');
  const sentences = supported.map((entry) => entry?.sentence as Sentence);
  // A hard question does not name a subject that holds an avoided word: a plain term of the first sentence stands in.
  const first = input.contexts[0]?.text ?? '';
  const named = usesAvoided(subject, avoidedWords(steer)) ? (plainTerms(sentences[0]?.text ?? '', first, [subject, ...related], steer, stopwords, language)[0] ?? subject) : subject;
  const cues = cuesPerContext(input.contexts, sentences, named, steer, stopwords, language);
  const [cueA = named, ...rest] = cues.map((cue) => asNounPhrase(cue, language));
  const shown = named === subject ? subject : asNounPhrase(named, language);
  const slots = { bridge: shown, theme: shown, focus: shown, cueA, cueB: rest.join(CONJUNCTION[language] ?? ' and ') };
  const answer = input.contexts.flatMap((context, i) => answerSentences(context.text, supported[i] as NonNullable<(typeof supported)[number]>, 8));
  return { kind, slots, terms: [named, ...cues], answer };
}

/**
 * An unanswerable question: how the focus term relates to a related term from elsewhere in
 * the corpus (the scenario's bridge). Nothing is quoted; the verify stage checks that no
 * chunk near the question states both together (offline: ./absence.ts).
 */
function planUnanswerable(input: SynthesizeInput, first: Context, language: DetectedLanguage, stopwords: ReadonlySet<string>): QuestionPlan {
  const focus = input.focus[0] ?? topTerm(first.text, stopwords) ?? first.title;
  const related = input.bridge[0];
  if (!related) return { kind: 'single_bare', slots: { focus, cue: '', year: '' }, terms: [focus], answer: [] };
  return { kind: 'single', slots: { focus, cue: asNounPhrase(related, language), year: '' }, terms: [focus, related], answer: [] };
}

function plan(input: SynthesizeInput, language: DetectedLanguage, stopwords: ReadonlySet<string>, rng: Rng): QuestionPlan {
  const [first] = input.contexts as [Context, ...Context[]];
  if (input.questionType === 'unanswerable') return planUnanswerable(input, first, language, stopwords);
  const multiContext = input.contexts.length > 1;
  const allText = input.contexts.map((context) => context.text).join('\n');
  const shared = () => topTerm(allText, stopwords) ?? first.title;
  switch (multiContext ? input.synthesizer : 'single_hop_specific') {
    case 'single_hop_specific':
      return planSingle(input, first, language, stopwords, rng);
    case 'multi_hop_abstract':
      return planMultiContext('abstract', input.focus[0] ?? input.bridge[0] ?? shared(), input, language, stopwords);
    default:
      // multi_hop_specific, and any user synthesizer given several contexts.
      return planMultiContext('multi', input.bridge[0] ?? input.focus[0] ?? shared(), input, language, stopwords);
  }
}

function joinSentences(sentences: readonly Sentence[], joiner: string): string {
  const seen = new Set<string>();
  const unique = sentences.filter((sentence) => !seen.has(sentence.text) && seen.add(sentence.text));
  return unique.map((sentence) => sentence.text).reduce((out, text) => (out ? `${out}${isUnspaced(text) ? '' : joiner}${text}` : text), '');
}

function renderQuestion(input: SynthesizeInput, question: QuestionPlan, language: DetectedLanguage, stopwords: ReadonlySet<string>, rng: Rng): string {
  const templates = templatesFor(language);
  const slots = { ...question.slots, persona: input.persona.name };
  if (input.style === 'web_search_like') {
    const keywords = input.length === 'short' ? question.terms.slice(0, 3) : [...question.terms, templates.searchWord[question.kind]];
    const answerText = question.answer.map((sentence) => sentence.text).join(' ');
    const steer = steerOf(input);
    const more = steer.avoid.length > 0 ? plainTerms(answerText, answerText, question.terms, steer, stopwords, language) : cueTerms(answerText, question.terms, stopwords, language);
    const extra = input.length === 'long' ? more.slice(0, 3) : [];
    return searchQuery([...keywords, ...extra]);
  }
  const pool = input.length === 'short' ? templates.short[question.kind] : templates.medium[question.kind];
  let text = fillTemplate(rng.pick(pool) ?? '', slots);
  if (input.length === 'long') {
    const lead = fillTemplate(rng.pick(templates.lead) ?? '', slots);
    text = `${lead}${templates.sentenceJoiner}${text}`;
  }
  text = text.charAt(0).toUpperCase() + text.slice(1);
  const protectedTerms = [...question.terms, input.persona.name];
  if (input.style === 'poor_grammar') return roughenGrammar(text, language, protectedTerms, rng.fork('grammar'));
  if (input.style === 'misspelled') return misspell(text, protectedTerms, rng.fork('typos'));
  return text;
}

export function offlineSynthesize(input: SynthesizeInput): SynthesisOutput {
  const rng = createRng(stableHash(input));
  if (input.questionType === 'false_premise') return offlineFalsePremise(input, rng);
  const language = resolveLanguage(input.language, input.contexts.map((context) => context.text).join('\n'));
  const stopwords = stopwordsOrAll(language);
  const question = plan(input, language, stopwords, rng.fork('plan'));
  const text = renderQuestion(input, question, language, stopwords, rng.fork('question'));
  const schema = synthesizeOutputSchema(input.questionType ?? 'answerable', input.faithfulnessPairs === true);
  const answer = input.questionType === 'unanswerable' ? undefined : joinSentences(question.answer, templatesFor(language).sentenceJoiner);
  const pair = input.faithfulnessPairs ? unfaithfulPair(answer, question.terms) : undefined;
  if (input.faithfulnessPairs && !pair) throw new NoGroundingError('no term to build an unfaithful answer from');
  if (input.questionType === 'unanswerable') {
    const [focus, related] = question.terms;
    return schema.parse({ question: text, missing: related ? `How ${focus} relates to ${related}.` : `Facts about ${focus} beyond what the contexts state.`, ...pair });
  }
  return schema.parse({ question: text, answer, ...pair });
}

/**
 * A false-premise question (./false-premise.ts). Its unfaithful answer, when asked for, is the
 * one such a question invites: it goes along with the premise.
 */
function offlineFalsePremise(input: SynthesizeInput, rng: Rng): SynthesisOutput {
  const written = writeFalsePremise(input, rng.fork('premise'));
  if (!written) throw new NoGroundingError('no sentence of the context states a number or a claim to alter');
  const pair = input.faithfulnessPairs ? { unfaithful_answer: written.premise, unsupported_statements: [written.premise] } : undefined;
  return synthesizeOutputSchema('false_premise', input.faithfulnessPairs === true).parse({ ...written, ...pair });
}
