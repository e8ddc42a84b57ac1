import { z } from 'zod';
import { oneLine, readDataFile } from '../src/data-file.js';
import { UsageError } from '../src/errors.js';
import type { RequestedCategory } from '../src/llm/tasks.js';
import type { Rng } from '../src/rng.js';
import { allocateCounts, splitAcross, type Mix } from './mix.js';

/**
 * Categorizations: dimensions the user declares (question type, expertise, answer form…),
 * each a set of mutually exclusive categories with a probability and a description that goes
 * into the synthesis prompt. Every dimension gets exact counts over the plan (largest
 * remainder, as the mix), split across the synthesizers in proportion to their counts, and
 * shuffled with a seeded rng of its own: no dimension's counts depend on another's, so none
 * is broken by another.
 */

export const Category = z.object({
  name: z.string().trim().min(1, 'a category needs a name').describe('Category name recorded in each sample, e.g. yes_no'),
  probability: z.number().min(0, 'must be ≥ 0').describe('Share of the samples (the shares of one dimension are normalised to sum 1)'),
  description: z.string().trim().min(1, 'a category needs a description').describe('What such a question is like; goes into the synthesis prompt'),
});
export type Category = z.infer<typeof Category>;

/** `dimension name → categories`, in the order written. */
export const Categorizations = z
  .record(z.string().trim().min(1), z.array(Category).min(1, 'a dimension needs at least one category'))
  .superRefine((dimensions, ctx) => {
    for (const [dimension, categories] of Object.entries(dimensions)) {
      const names = categories.map((category) => category.name);
      const twice = names.find((name, i) => names.indexOf(name) !== i);
      if (twice !== undefined) ctx.addIssue({ code: 'custom', path: [dimension], message: `category "${twice}" appears twice` });
      if (categories.every((category) => category.probability === 0)) {
        ctx.addIssue({ code: 'custom', path: [dimension], message: 'the probabilities sum to 0' });
      }
    }
  })
  .describe('Named dimensions, each a list of {name, probability, description}; every dimension gets exact counts');
export type Categorizations = z.infer<typeof Categorizations>;

/** A categorizations file (YAML or JSON): `{ categorizations: { <dimension>: [ … ] } }`, or the mapping alone. */
export const CategoriesFile = z.preprocess(
  (data) => (typeof data === 'object' && data !== null && 'categorizations' in data ? (data as { categorizations: unknown }).categorizations : data),
  Categorizations,
);

const CATEGORIES_HINT = 'write {categorizations: {<dimension>: [{name, probability, description}, …]}} in YAML or JSON';

export const readCategoriesFile = (path: string): Promise<Categorizations> => readDataFile(path, CategoriesFile, 'categories file', CATEGORIES_HINT);

/** One category chosen for a sample, as the prompt and the verifier see it. */
export type ChosenCategory = RequestedCategory;

/** Per synthesizer, per slot: the chosen category of every dimension, in dimension order. */
export type CategoryPlan = Record<string, ChosenCategory[][]>;

/** Categorizations written inline (the config file's `categories`); `where` names their source in the error. */
export function checkCategorizations(input: unknown, where: string): Categorizations {
  const result = Categorizations.safeParse(input);
  if (!result.success) throw new UsageError(`invalid categorizations in ${where}: ${oneLine(result.error)}`, CATEGORIES_HINT);
  return result.data;
}

/** `--categories FILE`, or `categories` written inline in the config file. */
export async function resolveCategorizations(categories: string | Readonly<Record<string, unknown>> | undefined): Promise<Categorizations | undefined> {
  if (categories === undefined) return undefined;
  return typeof categories === 'string' ? readCategoriesFile(categories) : checkCategorizations(categories, 'the config file (categories)');
}

/** Exact category counts of every dimension over `total` samples. */
export function categoryCounts(categorizations: Categorizations, total: number): Record<string, Record<string, number>> {
  return Object.fromEntries(
    Object.entries(categorizations).map(([dimension, categories]) => {
      const counts = allocateCounts(total, categories.map((category) => category.probability));
      return [dimension, Object.fromEntries(categories.map((category, i) => [category.name, counts[i] as number]))];
    }),
  );
}

/**
 * The category of every slot: per dimension, the exact counts over all planned samples are
 * split across the synthesizers (in mix order, each in proportion to what is still open) and
 * shuffled within each synthesizer by `rng.fork(dimension/synthesizer)`.
 */
export function planCategories(categorizations: Categorizations, planned: Readonly<Record<string, number>>, mix: Mix, rng: Rng): CategoryPlan {
  const plan: CategoryPlan = Object.fromEntries(mix.map(({ name }) => [name, Array.from({ length: planned[name] ?? 0 }, (): ChosenCategory[] => [])]));
  for (const [dimension, categories] of Object.entries(categorizations)) {
    const cells = splitAcross(categories.map((category) => category.probability), planned, mix);
    for (const { name } of mix) {
      const labels = categories.flatMap((category, c) => Array<ChosenCategory>(cells[name]?.[c] ?? 0).fill({ dimension, name: category.name, description: category.description }));
      rng.fork(`categories/${dimension}/${name}`).shuffle(labels).forEach((label, i) => plan[name]?.[i]?.push(label));
    }
  }
  return plan;
}

/** `dimension → category` of a sample. */
export const categoryRecord = (chosen: readonly ChosenCategory[]): Record<string, string> => Object.fromEntries(chosen.map((c) => [c.dimension, c.name]));

/** Two slots hold the same categories. */
export const sameCategories = (a: readonly ChosenCategory[], b: readonly ChosenCategory[]): boolean =>
  a.length === b.length && a.every((category, i) => category.dimension === b[i]?.dimension && category.name === b[i]?.name);

/** Requested vs achieved per dimension, for the report. */
export interface CategoryReport {
  requested: Record<string, Record<string, number>>;
  achieved: Record<string, Record<string, number>>;
}

/** Counts of `dimension → category` pairs; categories the run did not declare are not counted. */
function tally(categorizations: Categorizations, pairs: readonly (readonly [string, string])[]): Record<string, Record<string, number>> {
  const counts = Object.fromEntries(Object.entries(categorizations).map(([dimension, categories]) => [dimension, Object.fromEntries(categories.map((c) => [c.name, 0]))]));
  for (const [dimension, name] of pairs) {
    const row = counts[dimension];
    if (row && name in row) row[name] = (row[name] ?? 0) + 1;
  }
  return counts;
}

/** `requested`: the run's size (exact counts over it), or the slots of a shard (what they hold). */
export function categoryReport(
  categorizations: Categorizations,
  requested: number | readonly (readonly ChosenCategory[])[],
  samples: readonly { categories?: Record<string, string> | undefined }[],
): CategoryReport {
  return {
    requested: typeof requested === 'number' ? categoryCounts(categorizations, requested) : tally(categorizations, requested.flatMap((slot) => slot.map((c) => [c.dimension, c.name] as const))),
    achieved: tally(categorizations, samples.flatMap((sample) => Object.entries(sample.categories ?? {}))),
  };
}
