import { stableHash } from '../src/hash.js';
import { resolveLanguage } from '../src/llm/offline/language.js';
import { misspell, roughenGrammar } from '../src/llm/offline/query-rewrite.js';
import { ALL_STOPWORDS } from '../src/llm/offline/stopwords.js';
import { words } from '../src/llm/offline/tokenize.js';
import { hasTypo } from '../src/llm/offline/typos.js';
import type { SynthesizeInput } from '../src/llm/tasks.js';
import { createRng } from '../src/rng.js';

/**
 * Query styles a model may not follow, made certain: small models write `misspelled` and
 * `poor_grammar` questions in clean prose. When the question shows no trace of its style,
 * the offline provider's deterministic rewrite (src/llm/offline/query-rewrite.ts) gives it
 * one, seeded by the question, and the sample records that it did (`query_style_source`).
 *
 * Traces: for `misspelled`, a word that is not in the contexts, the persona, the focus or
 * the stopword lists but is one or two edits from a word that is, and not merely another
 * inflection of it ("Rosseta" for "Rosetta", not "discovered" for "discovery"); for
 * `poor_grammar`, a lower-case start, no closing question mark, or a word said twice.
 */
export type QueryStyleSource = 'model' | 'rewrite';

export function looksRough(question: string): boolean {
  const text = question.trim();
  if (/^\p{Ll}/u.test(text) || !/[?？]$/u.test(text)) return true;
  const list = words(text);
  return list.some((word, i) => i > 0 && word === list[i - 1]);
}

export function guaranteeQueryStyle(question: string, input: SynthesizeInput): { question: string; source: QueryStyleSource } {
  if (input.style !== 'misspelled' && input.style !== 'poor_grammar') return { question, source: 'model' };
  const protectedTerms = [...input.focus, ...input.bridge, input.persona.name];
  const rng = createRng(stableHash({ question, style: input.style }));
  if (input.style === 'misspelled') {
    const sources = [...input.contexts.map((context) => context.text), input.persona.name, input.persona.role_description, ...protectedTerms];
    const vocabulary = new Set([...sources.flatMap((text) => words(text)), ...ALL_STOPWORDS]);
    if (hasTypo(question, vocabulary)) return { question, source: 'model' };
    return { question: misspell(question, protectedTerms, rng), source: 'rewrite' };
  }
  if (looksRough(question)) return { question, source: 'model' };
  const language = resolveLanguage(input.language, input.contexts.map((context) => context.text).join('\n'));
  return { question: roughenGrammar(question, language, protectedTerms, rng), source: 'rewrite' };
}
