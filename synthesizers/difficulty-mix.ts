import { UsageError } from '../src/errors.js';
import { DIFFICULTIES, type Difficulty } from '../src/testset/sample.js';
import { normaliseWeights, parseWeightList, splitAcross, type Mix } from './mix.js';

/**
 * The difficulty mix (`--difficulty easy=0.3,medium=0.4,hard=0.3`) and how it splits over
 * the synthesizer mix. Both margins are exact: with -n 10, single=0.5,ms=0.5 and
 * easy=0.3,medium=0.4,hard=0.3, the testset has 5+5 samples per kind and 3/4/3 per
 * difficulty. The cells are filled kind by kind, each kind's count split in proportion to
 * the difficulty counts still open (largest remainder), so no cell exceeds what is left:
 *   single (5): 3·5/10, 4·5/10, 3·5/10 → 2/2/1 (ties to the earlier); ms (5): the rest, 1/2/2.
 */

export type DifficultyMix = { name: Difficulty; weight: number }[];
export type DifficultyMixInput = string | Readonly<Record<string, number>>;

const EXAMPLE = 'easy=0.3,medium=0.4,hard=0.3';

function resolveDifficulty(name: string): Difficulty {
  const wanted = name.trim().toLowerCase();
  const match = DIFFICULTIES.find((difficulty) => difficulty === wanted);
  if (!match) throw new UsageError(`unknown difficulty "${name}" in the difficulty shares`, `valid names: ${DIFFICULTIES.join(', ')}`);
  return match;
}

export function parseDifficultyMix(input: DifficultyMixInput): DifficultyMix {
  const entries = typeof input === 'string' ? parseWeightList(input, 'difficulty', EXAMPLE) : Object.entries(input);
  const weights = normaliseWeights(entries, resolveDifficulty, 'difficulty');
  return DIFFICULTIES.map((name) => ({ name, weight: weights.get(name) ?? 0 }));
}

/** Samples per synthesizer and difficulty. */
export type DifficultyCells = Record<string, Record<Difficulty, number>>;

export function allocateDifficultyCells(mix: DifficultyMix, planned: Readonly<Record<string, number>>, order: Mix): DifficultyCells {
  const split = splitAcross(mix.map((entry) => entry.weight), planned, order);
  return Object.fromEntries(
    order.map(({ name }) => [name, Object.fromEntries(DIFFICULTIES.map((difficulty, d) => [difficulty, split[name]?.[d] ?? 0])) as Record<Difficulty, number>]),
  );
}
