import { z } from 'zod';
import { Share } from './shares.js';

/**
 * A query profile (`ragset profile`): the distribution of a log of real user queries, as
 * aggregates only — counts, shares with 95 % intervals, a histogram of lengths, a mean
 * vector. No query text, not even a fragment, is ever stored in it.
 */

export const PROFILE_VERSION = 1;
export const PRIVACY_NOTE = 'Aggregates only: no query text is stored in this profile, and none is copied into a testset.';

const Shares = z.record(z.string(), Share);

export const Profile = z.object({
  ragset_profile: z.literal(PROFILE_VERSION),
  privacy: z.string(),
  /** How many queries the profile was computed from (non-empty lines or records). */
  queries: z.number().int().min(1),
  length: z.object({
    unit: z.literal('word tokens'),
    mean: z.number().min(0),
    /** Queries per token count (`"7": 12`): the empirical distribution the resemblance tests compare with. */
    histogram: z.record(z.string(), z.number().int().min(0)),
    /** short ≤ 10, medium 11–20, long > 20 word tokens: the query lengths of `generate`. */
    buckets: Shares,
  }),
  /** keyword-style vs question form. */
  formulation: Shares,
  /** Misspelled words against the corpus vocabulary and the language's word list; null when there is neither. */
  misspelling: z
    .object({
      vocabulary_words: z.number().int().min(0),
      /** `corpus` (--corpus) and/or `english word list`. */
      sources: z.array(z.string()),
      /** Queries with at least one misspelled word. */
      queries: Share,
      /** Misspelled words among the words checked. */
      words: Share,
    })
    .nullable(),
  language: Shares,
  /** With a model: shares of each category of each configured dimension, over the queries classified. */
  categories: z
    .object({
      model: z.string(),
      calls: z.number().int().min(0),
      batch_size: z.number().int().min(1),
      classified: z.number().int().min(0),
      dimensions: z.record(z.string(), Shares),
    })
    .nullable(),
  /** With a model: personas proposed from the queries (role names and descriptions, no query text). */
  personas: z.array(z.object({ name: z.string().min(1), role_description: z.string().min(1) })).nullable(),
  /** With an embedding model: the mean query vector (an aggregate), for the resemblance of a testset. */
  embedding: z.object({ model: z.string(), dimensions: z.number().int().min(1), mean: z.array(z.number()) }).nullable(),
  notes: z.array(z.string()),
});
export type Profile = z.infer<typeof Profile>;
