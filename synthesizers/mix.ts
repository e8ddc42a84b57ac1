import { UsageError } from '../src/errors.js';
import type { Synthesizer } from './types.js';

/**
 * The query distribution: which synthesizers, in what proportion, and exactly how many
 * samples each gets. Counts use the largest-remainder method, so `-n 10` with
 * 0.5/0.25/0.25 is 5/3/2 — always exactly N, never `ceil` per kind.
 */

/** Normalised weights (sum 1) in the order the synthesizers are registered. */
export type Mix = { name: string; weight: number }[];

/** A mix as users write it: `"single=0.5,ms=0.25,ma=0.25"` or `{ single_hop_specific: 0.5, … }`. */
export type MixInput = string | Readonly<Record<string, number>>;

/** Weights of the built-in synthesizers when no mix is given: unanswerable and false-premise questions only when asked for. */
export const DEFAULT_WEIGHTS: Readonly<Record<string, number>> = {
  single_hop_specific: 0.5,
  multi_hop_specific: 0.25,
  multi_hop_abstract: 0.25,
  unanswerable: 0,
  false_premise: 0,
};

const MIX_EXAMPLE = 'single=0.5,ms=0.25,ma=0.25';

const normaliseName = (name: string) => name.trim().toLowerCase().replace(/-/g, '_');

/** Resolves a name or alias (`ms`, `multi-specific`, …) to a registered synthesizer name. */
export function resolveSynthesizerName(name: string, synthesizers: readonly Synthesizer[]): string {
  const wanted = normaliseName(name);
  const match = synthesizers.find(
    (synthesizer) => synthesizer.name === wanted || synthesizer.aliases.some((alias) => normaliseName(alias) === wanted),
  );
  if (!match) {
    const valid = synthesizers.map((s) => (s.aliases.length > 0 ? `${s.name} (${s.aliases.join(', ')})` : s.name));
    throw new UsageError(`unknown synthesizer "${name}" in the mix`, `valid names: ${valid.join('; ')}`);
  }
  return match.name;
}

/** `name=weight,…` pairs as written; `flag` and `example` word the error. */
export function parseWeightList(text: string, flag: string, example: string): [string, number][] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const [name, weight, extra] = part.split('=').map((piece) => piece.trim());
      if (!name || weight === undefined || weight === '' || extra !== undefined) {
        throw new UsageError(`bad ${flag} entry "${part}"`, `write name=weight pairs, e.g. ${example}`);
      }
      return [name, Number(weight)];
    });
}

/**
 * Weights by resolved name: each finite and ≥ 0, each name once, summing to more than 0.
 * Returns them divided by their sum.
 */
export function normaliseWeights(entries: readonly [string, number][], resolve: (name: string) => string, flag: string): Map<string, number> {
  if (entries.length === 0) throw new UsageError(`${flag} is empty`);
  const weights = new Map<string, number>();
  for (const [rawName, weight] of entries) {
    const name = resolve(rawName);
    if (!Number.isFinite(weight) || weight < 0) {
      throw new UsageError(`weight of ${name} in ${flag} must be a number ≥ 0, got "${String(weight)}"`);
    }
    if (weights.has(name)) throw new UsageError(`${name} appears twice in ${flag}`);
    weights.set(name, weight);
  }
  const total = [...weights.values()].reduce((sum, weight) => sum + weight, 0);
  if (total <= 0) throw new UsageError(`the ${flag} weights sum to 0`, 'give at least one entry a weight > 0');
  return new Map([...weights].map(([name, weight]) => [name, weight / total]));
}

/**
 * Parses and normalises a mix. Weights must be finite and ≥ 0 and sum to more than 0;
 * synthesizers left out get weight 0. Without a mix, the built-in defaults apply to the
 * built-ins and any other registered synthesizer gets an equal share.
 */
export function parseMix(input: MixInput | undefined, synthesizers: readonly Synthesizer[]): Mix {
  const entries: [string, number][] =
    input === undefined
      ? synthesizers.map((s) => [s.name, DEFAULT_WEIGHTS[s.name] ?? 1 / synthesizers.length])
      : typeof input === 'string'
        ? parseWeightList(input, 'mix', MIX_EXAMPLE)
        : Object.entries(input);
  if (entries.length === 0) throw new UsageError('the mix is empty', `e.g. ${MIX_EXAMPLE}`);
  const weights = normaliseWeights(entries, (name) => resolveSynthesizerName(name, synthesizers), 'mix');
  // Unanswerable and false-premise questions are in the mix (and the report) only when it gives them a share.
  const inMix = (s: Synthesizer) => (s.questionType ?? 'answerable') === 'answerable' || (weights.get(s.name) ?? 0) > 0;
  return synthesizers.filter(inMix).map((s) => ({ name: s.name, weight: weights.get(s.name) ?? 0 }));
}

/**
 * A line for weights that did not sum to 1 (e.g. 0.5 + 0.2): the shares actually used, so a
 * typo in a weight is seen before it shapes the testset. Null when the weights summed to 1.
 */
export function normalisedMixNote(input: MixInput | undefined, mix: Mix): string | null {
  if (input === undefined) return null;
  const given = typeof input === 'string' ? parseWeightList(input, 'mix', MIX_EXAMPLE) : Object.entries(input);
  const total = given.reduce((sum, [, weight]) => sum + weight, 0);
  if (Math.abs(total - 1) < 1e-9) return null;
  const shares = mix.filter((entry) => entry.weight > 0).map((entry) => `${entry.name}=${Number(entry.weight.toFixed(3))}`);
  return `The mix weights sum to ${Number(total.toFixed(6))}; normalised to ${shares.join(', ')}.`;
}

/**
 * Splits `total` into integer counts proportional to `weights` (largest remainder). Ties
 * in the remainder go to the earlier entry, so the split is deterministic. Entries with
 * weight 0 get 0.
 */
export function allocateCounts(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((acc, weight) => acc + weight, 0);
  if (total <= 0 || sum <= 0) return weights.map(() => 0);
  const quotas = weights.map((weight) => (total * weight) / sum);
  const counts = quotas.map((quota) => Math.floor(quota + 1e-9));
  // Rounded so float noise (2.4999999) never beats an exact tie.
  const remainders = quotas.map((quota, i) => Math.round((quota - (counts[i] as number)) * 1e9));
  let left = total - counts.reduce((acc, count) => acc + count, 0);
  const order = remainders
    .map((remainder, i) => ({ remainder, i }))
    .filter(({ i }) => (weights[i] as number) > 0)
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    counts[i] = (counts[i] as number) + 1;
    left--;
  }
  return counts;
}

/**
 * Splits the exact counts of a labelling (`weights` over the total of `planned`) across the
 * synthesizers: kind by kind in mix order, each kind's count split in proportion to the
 * label counts still open (largest remainder), so every label's total is exact and no kind
 * gets more of a label than is left. Returns, per synthesizer, a count per weight.
 */
export function splitAcross(weights: readonly number[], planned: Readonly<Record<string, number>>, order: Mix): Record<string, number[]> {
  const total = order.reduce((sum, { name }) => sum + (planned[name] ?? 0), 0);
  const open = allocateCounts(total, weights);
  const cells: Record<string, number[]> = {};
  for (const { name } of order) {
    const counts = allocateCounts(planned[name] ?? 0, open);
    counts.forEach((count, i) => {
      open[i] = (open[i] as number) - count;
    });
    cells[name] = counts;
  }
  return cells;
}
