import type { Rng } from '../src/rng.js';
import { DIFFICULTIES, type Difficulty } from '../src/testset/sample.js';
import type { CategoryPlan, ChosenCategory } from './categories.js';
import type { DifficultyCells } from './difficulty-mix.js';
import { allocateCounts, splitAcross, type Mix } from './mix.js';
import { balancedLabels } from './weighted.js';

/**
 * The plan: how many samples each synthesizer makes, and the style and length of each.
 * Pure and printable. When the graph offers a synthesizer fewer scenarios than its share,
 * the rest is moved to the other synthesizers (by their weights, within what they can
 * supply); the report records the shortfall.
 */

export interface Shortfall {
  synthesizer: string;
  requested: number;
  achieved: number;
  /** Scenarios the graph offers this synthesizer. */
  available: number;
}

export interface CountPlan {
  requested: Record<string, number>;
  /** Requested counts moved within what each synthesizer's scenarios can supply. */
  planned: Record<string, number>;
}

/** One sample to make, in output order. */
export interface Slot {
  synthesizer: string;
  style: string;
  length: string;
  /** The retrieval difficulty the sample must have; null when the run asks for no difficulty mix. */
  difficulty: Difficulty | null;
  /** The category of every configured dimension (categories.ts); empty without categorizations. */
  categories: ChosenCategory[];
}

export function planCounts(mix: Mix, size: number, available: Readonly<Record<string, number>>): CountPlan {
  const names = mix.map((entry) => entry.name);
  const requestedCounts = allocateCounts(size, mix.map((entry) => entry.weight));
  const capacity = names.map((name) => available[name] ?? 0);
  const planned = requestedCounts.map((count, i) => Math.min(count, capacity[i] as number));
  let deficit = size - planned.reduce((sum, count) => sum + count, 0);
  while (deficit > 0) {
    const spare = names.map((_, i) => (capacity[i] as number) - (planned[i] as number));
    const open = spare.map((s) => s > 0);
    if (!open.some(Boolean)) break;
    // Prefer the mix weights; kinds the user weighted 0 are used only when nothing else can help.
    const weighted = mix.map((entry, i) => (open[i] && entry.weight > 0 ? entry.weight : 0));
    const weights = weighted.some((w) => w > 0) ? weighted : open.map((o) => (o ? 1 : 0));
    const extra = allocateCounts(deficit, weights);
    extra.forEach((count, i) => {
      const added = Math.min(count, spare[i] as number);
      planned[i] = (planned[i] as number) + added;
      deficit -= added;
    });
  }
  const record = (counts: number[]) => Object.fromEntries(names.map((name, i) => [name, counts[i] as number]));
  return { requested: record(requestedCounts), planned: record(planned) };
}

/**
 * Styles or lengths: a list is balanced per synthesizer (each label ⌊count/k⌋ or one more
 * times); weights (`generate --profile`) get exact counts over the whole plan, split across
 * the synthesizers like the difficulty mix.
 */
export type LabelChoice = readonly string[] | Readonly<Record<string, number>>;

function exactCells(choice: LabelChoice, planned: Readonly<Record<string, number>>, mix: Mix): Record<string, number[]> | null {
  return Array.isArray(choice) ? null : splitAcross(Object.values(choice), planned, mix);
}

function labelsFor(choice: LabelChoice, cells: Record<string, number[]> | null, name: string, count: number, rng: Rng): string[] {
  if (Array.isArray(choice) || !cells) return balancedLabels(choice as readonly string[], count, rng);
  const names = Object.keys(choice);
  return rng.shuffle(names.flatMap((label, i) => Array<string>(cells[name]?.[i] ?? 0).fill(label)));
}

/**
 * Slots grouped by synthesizer in mix order; styles and lengths balanced per synthesizer,
 * difficulties and categories (when asked for) in their planned cell counts, in a seeded order.
 */
export function planSlots(
  mix: Mix,
  planned: Readonly<Record<string, number>>,
  labels: { styles: LabelChoice; lengths: LabelChoice; difficulties?: DifficultyCells | null; categories?: CategoryPlan | null },
  rng: Rng,
): Slot[] {
  const styleCells = exactCells(labels.styles, planned, mix);
  const lengthCells = exactCells(labels.lengths, planned, mix);
  return mix.flatMap(({ name }) => {
    const count = planned[name] ?? 0;
    const styles = labelsFor(labels.styles, styleCells, name, count, rng.fork(`styles/${name}`));
    const lengths = labelsFor(labels.lengths, lengthCells, name, count, rng.fork(`lengths/${name}`));
    const cells = labels.difficulties?.[name];
    const difficulties: (Difficulty | null)[] = cells
      ? rng.fork(`difficulty/${name}`).shuffle(DIFFICULTIES.flatMap((difficulty) => Array<Difficulty>(cells[difficulty]).fill(difficulty)))
      : styles.map(() => null);
    const categories = labels.categories?.[name];
    return styles.map((style, i) => ({ synthesizer: name, style, length: lengths[i] as string, difficulty: difficulties[i] ?? null, categories: categories?.[i] ?? [] }));
  });
}
