import type { Profile } from '../src/profile/profile.js';
import type { Categorizations } from './categories.js';

/**
 * What `generate --profile` asks for: the profile's shares turned into exact-count weights.
 * Lengths: the short/medium/long buckets (the prompt's query lengths). Formulation: keyword
 * queries become `web_search_like`; question-form ones `misspelled` for the share of
 * queries with a misspelling (when the profile measured it) and `perfect_grammar` for the
 * rest. Categories: the run's categorizations (they hold the descriptions the prompt needs)
 * with the profile's shares as probabilities, for the dimensions the profile classified.
 */

export interface ProfileTargets {
  styles: Record<string, number>;
  lengths: Record<string, number>;
  categorizations: Categorizations;
  notes: string[];
}

/** Weights are the profile's counts (not its rounded shares), so a share of 17/24 gets exactly 17/24 of N. */
export function profileTargets(profile: Profile, categorizations: Categorizations): ProfileTargets {
  const keyword = profile.formulation.keyword?.count ?? 0;
  const question = profile.queries - keyword;
  const misspelled = Math.min(question, profile.misspelling?.queries.count ?? 0);
  const notes: string[] = [];
  const adjusted: Categorizations = {};
  for (const [dimension, categories] of Object.entries(categorizations)) {
    const shares = profile.categories?.dimensions[dimension];
    if (!shares) {
      adjusted[dimension] = categories;
      if (profile.categories) notes.push(`The profile has no shares for dimension ${dimension}: its configured probabilities apply.`);
      continue;
    }
    const probabilities = categories.map((category) => shares[category.name]?.count ?? 0);
    adjusted[dimension] = probabilities.some((p) => p > 0) ? categories.map((category, i) => ({ ...category, probability: probabilities[i] as number })) : categories;
  }
  for (const dimension of Object.keys(profile.categories?.dimensions ?? {})) {
    if (!(dimension in categorizations)) notes.push(`The profile classifies dimension ${dimension}, which this run does not configure (no descriptions to prompt with): pass the same --categories as to ragset profile.`);
  }
  return {
    styles: { perfect_grammar: question - misspelled, poor_grammar: 0, misspelled, web_search_like: keyword },
    lengths: Object.fromEntries(Object.entries(profile.length.buckets).map(([bucket, share]) => [bucket, share.count])),
    categorizations: adjusted,
    notes,
  };
}
