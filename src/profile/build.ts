import { z } from 'zod';
import type { LlmClient } from '../llm/types.js';
import { oneLine } from '../data-file.js';
import { UsageError } from '../errors.js';
import { words } from '../llm/offline/tokenize.js';
import { createRng } from '../rng.js';
import { classifyQueries, MIN_BATCH, proposePersonas, type CategoryMenu } from './classify.js';
import { FORMULATIONS, LENGTH_BUCKETS, measureQuery } from './measure.js';
import { PRIVACY_NOTE, PROFILE_VERSION, type Profile } from './profile.js';
import { sharesOf, wilson } from './shares.js';

/**
 * `profileQueries`: real queries in, a profile of aggregates out. Offline (no model): lengths,
 * formulation, misspelling (with a vocabulary), language. With `llm`: categories (when a
 * menu is given; ⌈n / batchSize⌉ `profile_classify` calls), personas (one `profile_personas`
 * call over at most `personaSampleSize` queries drawn with the seed) and the mean query
 * vector (`embed_queries`: the queries in the client's embedding batches).
 */

export const ProfileSettings = z.object({
  batchSize: z.number().int().min(MIN_BATCH, `a classification batch holds at least ${MIN_BATCH} queries`).default(25).describe('Queries per classification call (≥ 20)'),
  personaCount: z.number().int().min(0).max(20).default(3).describe('Personas to propose from the queries (0: none)'),
  personaSampleSize: z.number().int().min(1).default(200).describe('Queries shown to the persona call, drawn with the seed'),
  embed: z.boolean().default(true).describe('Store the mean query vector (with a model)'),
  seed: z.union([z.string().min(1), z.number()]).default('42').transform(String),
});

export interface ProfileQueriesOptions extends z.input<typeof ProfileSettings> {
  /** Words to check spelling against (the corpus's, the language's word list) and what they came from; null: not measured. */
  vocabulary?: { words: ReadonlySet<string>; sources: string[] } | null;
  /** Without it, only the offline aggregates. */
  llm?: LlmClient;
  /** Categories to classify into (with `llm`). */
  categories?: CategoryMenu;
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/** Runs of this many words of a query (or the whole query, when shorter) count as quoting it. */
const QUOTE_WORDS = 4;

/** Whether `text` holds a query, or a run of QUOTE_WORDS consecutive words of one. */
export function quotesAQuery(text: string, queries: readonly string[]): boolean {
  const padded = ` ${words(text).join(' ')} `;
  return queries.some((query) => {
    const tokens = words(query);
    const span = Math.min(QUOTE_WORDS, tokens.length);
    if (span < 2) return false;
    for (let i = 0; i + span <= tokens.length; i++) if (padded.includes(` ${tokens.slice(i, i + span).join(' ')} `)) return true;
    return false;
  });
}

export async function profileQueries(queries: readonly string[], options: ProfileQueriesOptions = {}): Promise<Profile> {
  const parsed = ProfileSettings.safeParse(options);
  if (!parsed.success) throw new UsageError(`invalid profile options: ${oneLine(parsed.error)}`);
  const settings = parsed.data;
  const vocabulary = options.vocabulary ?? null;
  const measures = queries.map((query) => measureQuery(query, vocabulary?.words ?? null));
  const histogram: Record<string, number> = {};
  for (const { tokens } of measures) histogram[String(tokens)] = (histogram[String(tokens)] ?? 0) + 1;
  const notes: string[] = [];
  const spelling = measures.map((m) => m.spelling).filter((s): s is NonNullable<typeof s> => s !== null);
  const checked = spelling.reduce((sum, s) => sum + s.checked, 0);
  if (!vocabulary) notes.push('Misspelling not measured: the queries are not English (the word list ragset has) and no --corpus was given to check them against.');

  const { llm, categories } = options;
  const menu = categories && Object.keys(categories).length > 0 ? categories : undefined;
  let categoryProfile: Profile['categories'] = null;
  if (llm && menu) {
    const { labels, calls } = await classifyQueries(llm, menu, queries, settings.batchSize);
    const dimensions = Object.fromEntries(
      Object.entries(menu).map(([dimension, choices]) => {
        const chosen = labels.map((label) => label?.[dimension]).filter((name): name is string => name !== undefined);
        return [dimension, sharesOf(chosen, choices.map((c) => c.name))];
      }),
    );
    const classified = labels.filter((label) => label && Object.keys(menu).every((d) => d in label)).length;
    if (classified < queries.length) notes.push(`${queries.length - classified} of ${queries.length} queries got no valid category in some dimension; shares are over those that did.`);
    categoryProfile = { model: llm.chatModelIdFor('profile_classify'), calls, batch_size: settings.batchSize, classified, dimensions };
  } else if (menu) {
    notes.push('Categories not profiled: they need a model (run without --offline).');
  }

  let personas: Profile['personas'] = null;
  if (llm && settings.personaCount > 0) {
    const sample = createRng(settings.seed).fork('profile-personas').shuffle([...queries]).slice(0, settings.personaSampleSize);
    const proposed = await proposePersonas(llm, sample, settings.personaCount);
    // A persona that quotes a query would carry query text into the profile: it is dropped.
    personas = proposed.filter((persona) => !quotesAQuery(`${persona.name} ${persona.role_description}`, queries));
    if (personas.length < proposed.length) notes.push(`${proposed.length - personas.length} proposed persona(s) quoted a query and were dropped.`);
  }

  let embedding: Profile['embedding'] = null;
  if (llm && settings.embed) {
    const vectors = await llm.embed({ stage: 'embed_queries', texts: [...queries] });
    const dimensions = vectors[0]?.length ?? 0;
    const mean = Array.from({ length: dimensions }, (_, d) => round6(vectors.reduce((sum, vector) => sum + (vector[d] ?? 0), 0) / vectors.length));
    if (dimensions > 0) embedding = { model: llm.embeddingModelId, dimensions, mean };
  }

  return {
    ragset_profile: PROFILE_VERSION,
    privacy: PRIVACY_NOTE,
    queries: queries.length,
    length: {
      unit: 'word tokens',
      mean: Math.round((measures.reduce((sum, m) => sum + m.tokens, 0) / measures.length) * 100) / 100,
      histogram,
      buckets: sharesOf(measures.map((m) => m.bucket), LENGTH_BUCKETS.map((b) => b.name)),
    },
    formulation: sharesOf(measures.map((m) => m.formulation), FORMULATIONS),
    misspelling: vocabulary
      ? {
          vocabulary_words: vocabulary.words.size,
          sources: vocabulary.sources,
          queries: wilson(spelling.filter((s) => s.misspelled > 0).length, queries.length),
          words: wilson(spelling.reduce((sum, s) => sum + s.misspelled, 0), checked),
        }
      : null,
    language: sharesOf(measures.map((m) => m.language)),
    categories: categoryProfile,
    personas,
    embedding,
    notes,
  };
}
