import type { Rng } from '../../rng.js';
import type { SynthesizeInput } from '../tasks.js';
import { misspell, roughenGrammar, searchQuery } from './query-rewrite.js';
import { splitSentences, type Sentence } from './sentences.js';
import { avoidedWords, mentions, steerOf, termWords, type Steer } from './steer.js';
import { ALL_STOPWORDS } from './stopwords.js';
import { wordTokens, words } from './tokenize.js';

/**
 * A false-premise question without a model. A sentence of the context that states a fact
 * about the focus term is altered in one place: its first number changes (a count, a size, a
 * version: the first digit run is doubled, 0/1 become 1/2, a year moves by 3), else its first auxiliary verb is
 * negated ("is" → "is not", "cannot" → "can"). The altered sentence is the premise; the
 * question asks why it holds ("Why is it that the default history size is 60?"), so it takes
 * it for granted; the answer corrects it and quotes the original sentence, which is also the
 * correcting quote. Sentences are plain prose of 6–30 words that make sense alone (no opening
 * connective or condition, no pronoun or "above"/"accordingly", no "you", no "True if …" table
 * entry), hold no code punctuation, and, to be negated, no
 * other negation. English wording whatever
 * the corpus's language, like the offline unfaithful answers.
 */

export interface WrittenPremise {
  correcting_quote: string;
  premise: string;
  question: string;
  answer: string;
}

interface Alteration {
  sentence: Sentence;
  premise: string;
  /** The changed words: kept intact by style rewrites, shown in the correction. */
  was: string;
  now: string;
  /** Where the change starts in the premise. */
  at: number;
}

/** Openings that tie a sentence to its neighbours or address the reader: such a sentence is no standalone premise. */
const DEPENDENT_START =
  /^(?:the\s+(?:first|second|third|fourth|last|next|other|same|former|latter|remaining|former)\b|this|that|these|those|it|its|they|their|them|he|she|we|you|such|here|there|both|each|either|neither|also|however|otherwise|then|thus|hence|so|but|and|or|for|see|note|furthermore|moreover|currently|suppose|often|usually|normally|typically|finally|first|second|instead|similarly|likewise|alternatively|additionally|only|even|still|to|like|with|if|when|whenever|at|once|although|though|in|on|by|as|after|before|since|because|unless|while|where|other|another|again|now|previously|sometimes)\b/i;
const ADDRESSES_READER = /\b(?:you|your|we|our|us|I)\b/;
/** Words that point at other text ("opened accordingly", "in this fashion", "the former"): the premise would not say what it is about. */
const REFERS_ELSEWHERE = /\b(?:accordingly|above|below|following|preceding|previous|former|latter|this|these|those|here|there)\b/i;
/** Entries of a table of conditions or flags ("True if the SECONDS parameter is at least n."): no claim on their own. */
const TABLE_ENTRY = /^(?:true|false|same|like|as|equivalent|synonym|alias)\b/i;
const CODE_PUNCTUATION = /[{}<>=$|;\\`[\]:]/;
/**
 * A digit run that is a quantity: not part of a name (`ls2`, `-E1`, `6/8`), not a manual
 * section (`dup2(2)`), not the number of a standard (`RFC 1345`).
 */
const NUMBER = /(?<![\p{L}\p{N}_.\-/(])(?<!\b[A-Z]{2,}\s)\d+(?![\p{L}_\-/)])/u;
const NEGATION_WORDS = /\b(?:not|no|never|none|nor|nothing|neither|cannot)\b|n't\b/gi;
const NEGATABLE = /\b(is|are|was|were|can|will|must|should|may)\b/i;
/** Where a subordinate clause starts: a verb after it belongs to it, not to the claim. */
const SUBORDINATOR = /\b(?:whether|if|when|whenever|that|which|who|where|because|unless|until|while|since|although|so)\b|,/i;
/** An auxiliary followed by one of these does not take a plain "not" ("is also available" → "is not also available"). */
const NOT_AFTER = /^\s+(?:also|only|always|usually|often|still|just|even|already|never|rarely)\b/i;

/** Where the main clause's auxiliary is, when it comes before any subordinate clause. */
function mainVerbAt(text: string, verb: RegExp): RegExpExecArray | undefined {
  const found = verb.exec(text);
  const subordinate = SUBORDINATOR.exec(text);
  return found && (!subordinate || found.index < subordinate.index) ? found : undefined;
}
const NEGATED = /\b(?:(is|are|was|were|does|do|must|should|will|may)\s+not|(can)not)\b/i;

const negations = (text: string) => text.match(NEGATION_WORDS)?.length ?? 0;

function usable(sentence: Sentence): boolean {
  const count = words(sentence.text).length;
  return (
    count >= 6 &&
    count <= 30 &&
    /^\p{Lu}/u.test(sentence.text) &&
    !DEPENDENT_START.test(sentence.text) &&
    !ADDRESSES_READER.test(sentence.text) &&
    !REFERS_ELSEWHERE.test(sentence.text) &&
    !TABLE_ENTRY.test(sentence.text) &&
    !CODE_PUNCTUATION.test(sentence.text) &&
    /[.!]$/.test(sentence.text)
  );
}

/** Doubled (0 and 1 step up; a year moves by 3), then stepped on until it is no number the sentence already holds. */
function otherNumber(text: string, sentence: string): string {
  const value = Number(text);
  const year = text.length === 4 && value >= 1000 && value < 2100;
  const taken = new Set(sentence.match(/\d+/g) ?? []);
  let next = year ? value + 3 : value === 0 ? 1 : value === 1 ? 2 : value * 2;
  while (taken.has(String(next))) next++;
  return String(next);
}

function changedNumber(sentence: Sentence): Alteration | undefined {
  const match = NUMBER.exec(sentence.text);
  if (!match) return undefined;
  // A number in parentheses is an aside ("the last search string … (status 3 returned …)"), not the claim.
  const before = sentence.text.slice(0, match.index);
  if ((before.match(/\(/g)?.length ?? 0) > (before.match(/\)/g)?.length ?? 0)) return undefined;
  const now = otherNumber(match[0], sentence.text);
  const premise = `${sentence.text.slice(0, match.index)}${now}${sentence.text.slice(match.index + match[0].length)}`;
  return { sentence, premise, was: match[0], now, at: match.index };
}

/**
 * Only a sentence without any negation gains one, and only one with a single "X not" loses it
 * (no double negatives); and only in the main clause, before any "whether", "that", "if" or comma.
 */
function negated(sentence: Sentence): Alteration | undefined {
  const count = negations(sentence.text);
  const denial = mainVerbAt(sentence.text, NEGATED);
  if (denial && count === 1) {
    const verb = (denial[1] ?? denial[2]) as string;
    return { sentence, premise: `${sentence.text.slice(0, denial.index)}${verb}${sentence.text.slice(denial.index + denial[0].length)}`, was: denial[0], now: verb, at: denial.index };
  }
  const verb = count === 0 ? mainVerbAt(sentence.text, NEGATABLE) : undefined;
  if (!verb || NOT_AFTER.test(sentence.text.slice(verb.index + verb[0].length))) return undefined;
  const end = verb.index + verb[0].length;
  const now = verb[0].toLowerCase() === 'can' ? `${verb[0]}not` : `${verb[0]} not`;
  return { sentence, premise: `${sentence.text.slice(0, verb.index)}${now}${sentence.text.slice(end)}`, was: verb[0], now, at: verb.index };
}

/**
 * `sentence` with its main-clause claim negated ("is" → "is not", "cannot" → "can"), or
 * undefined when it has none to negate (the rules of `negated`). The tests' fake endpoint
 * writes its no-number premises with it, as an instruction-following model would.
 */
export function negatedSentence(sentence: string): string | undefined {
  return negated({ text: sentence, start: 0, end: sentence.length })?.premise;
}

/**
 * The alteration to use: sentences naming the focus first, numbers before negations, then
 * document order. A steered slot (./steer.ts) orders by its lists first: an easy one takes the
 * sentence naming most key terms, a hard one the sentence using fewest avoided words, since
 * the question restates the sentence.
 */
function alteration(text: string, focus: string | undefined, steer: Steer = { key: [], avoid: [] }): Alteration | undefined {
  const sentences = splitSentences(text).filter(usable);
  const names = (sentence: Sentence) => (focus !== undefined && sentence.text.toLowerCase().includes(focus.toLowerCase()) ? 0 : 1);
  const avoided = avoidedWords(steer);
  const steered = (sentence: Sentence) =>
    termWords(sentence.text).filter((word) => avoided.has(word)).length - steer.key.filter((term) => mentions(sentence.text, term)).length;
  const ordered = [...sentences].sort((a, b) => steered(a) - steered(b) || names(a) - names(b) || a.start - b.start);
  for (const alter of [changedNumber, negated]) {
    for (const sentence of ordered) {
      const found = alter(sentence);
      if (found) return found;
    }
  }
  return undefined;
}

/** The premise as a clause inside a question: no final stop, and a common first word lower-cased. */
function clause(premise: string, context: string): string {
  const body = premise.replace(/[.!]$/, '');
  const first = /^\p{L}+/u.exec(body)?.[0] ?? '';
  const lowered = first.toLowerCase();
  const common = lowered !== first && (ALL_STOPWORDS.has(lowered) || new RegExp(`(?<![\\p{L}])${lowered}(?![\\p{L}])`, 'u').test(context));
  return common ? `${lowered}${body.slice(first.length)}` : body;
}

const TEMPLATES = ['Why is it that {clause}?', 'How come {clause}?', 'I read that {clause}. Why is that so?'];
const SHORT_TEMPLATES = ['Why is it that {clause}?', 'How come {clause}?'];
const LONG_LEADS = ['As a {persona}, I rely on this in my work.', 'I am a {persona} trying to get this right.'];

/** The premise's content words nearest its change, in order, with the changed words themselves (the number, "not"). */
function keywordsAround(found: Alteration, reach: number): string[] {
  const changed = new Set(words(found.now));
  const tokens = wordTokens(found.premise).filter((token) => changed.has(token.norm) || !ALL_STOPWORDS.has(token.norm));
  const centre = Math.max(0, tokens.findIndex((token) => token.end > found.at));
  return tokens.slice(Math.max(0, centre - reach), centre + reach + 1).map((token) => token.text);
}

function render(input: SynthesizeInput, found: Alteration, context: string, rng: Rng): string {
  const protectedTerms = [found.now, ...input.focus.slice(0, 1)];
  if (input.style === 'web_search_like') return searchQuery(['why', ...keywordsAround(found, input.length === 'short' ? 3 : 5)]);
  const template = rng.pick(input.length === 'short' ? SHORT_TEMPLATES : TEMPLATES) as string;
  let text = template.replace('{clause}', clause(found.premise, context));
  if (input.length === 'long') text = `${(rng.pick(LONG_LEADS) as string).replace('{persona}', input.persona.name)} ${text}`;
  if (input.style === 'poor_grammar') return roughenGrammar(text, 'en', protectedTerms, rng.fork('grammar'));
  if (input.style === 'misspelled') return misspell(text, protectedTerms, rng.fork('typos'));
  return text;
}

/**
 * Whether a text holds a sentence a false premise can be made from: standalone declarative
 * prose with a quantity or an assertion to change. The false-premise synthesizer offers only
 * such chunks: a reference table or code listing gives no writer a fact to get wrong.
 */
export function holdsAlterableFact(text: string): boolean {
  return alteration(text, undefined) !== undefined;
}

/** Undefined when no sentence of the first context can be altered (the candidate is then replaced). */
export function writeFalsePremise(input: SynthesizeInput, rng: Rng): WrittenPremise | undefined {
  const context = input.contexts[0];
  if (!context) return undefined;
  const found = alteration(context.text, input.focus[0], steerOf(input));
  if (!found) return undefined;
  const correction = /\d/.test(found.was) ? `Not ${found.now} but ${found.was}: ${found.sentence.text}` : `That is not so: ${found.sentence.text}`;
  return { correcting_quote: found.sentence.text, premise: found.premise, question: render(input, found, context.text, rng), answer: correction };
}
