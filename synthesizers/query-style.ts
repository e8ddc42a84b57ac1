import { UsageError } from '../src/errors.js';

/**
 * How a question is phrased and how long it is. Each run balances the configured styles and
 * lengths across the samples of every synthesizer; the descriptions go into the prompt.
 */

export const QUERY_STYLES: Readonly<Record<string, string>> = {
  perfect_grammar: 'a well-formed question with correct grammar, spelling and punctuation',
  poor_grammar: 'a question with clumsy or broken grammar, as typed in a hurry by a non-native speaker, but still understandable',
  misspelled: 'a question with two or three realistic spelling mistakes or typos',
  web_search_like: 'a terse search-engine query: key words only, no question mark, no full sentence',
};

export const QUERY_LENGTHS: Readonly<Record<string, string>> = {
  short: 'short: at most about 10 words',
  medium: 'medium: about 10 to 20 words',
  long: 'long: about 20 to 40 words, giving some context about why the persona asks',
};

export const DEFAULT_STYLES = Object.keys(QUERY_STYLES);
export const DEFAULT_LENGTHS = Object.keys(QUERY_LENGTHS);

function parseLabels(input: string | readonly string[] | undefined, known: Readonly<Record<string, string>>, flag: string): string[] {
  if (input === undefined) return Object.keys(known);
  const raw = typeof input === 'string' ? input.split(',') : [...input];
  const labels = [...new Set(raw.map((label) => label.trim().toLowerCase().replace(/-/g, '_')).filter((label) => label !== ''))];
  if (labels.length === 0) throw new UsageError(`${flag} is empty`, `choose from ${Object.keys(known).join(', ')}`);
  const unknown = labels.filter((label) => !(label in known));
  if (unknown.length > 0) throw new UsageError(`unknown value "${unknown[0]}" in ${flag}`, `valid values: ${Object.keys(known).join(', ')}`);
  // Registry order, so `--styles a,b` and `--styles b,a` plan the same testset.
  return Object.keys(known).filter((label) => labels.includes(label));
}

export const parseStyles = (input?: string | readonly string[]) => parseLabels(input, QUERY_STYLES, 'styles');
export const parseLengths = (input?: string | readonly string[]) => parseLabels(input, QUERY_LENGTHS, 'lengths');
