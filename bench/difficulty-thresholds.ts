import { parseArgs } from 'node:util';
import { renderTable } from '../src/cli/table.js';
import { readTestset } from '../src/testset/read.js';
import { difficultyOf } from '../synthesizers/retrieval/difficulty.js';

/**
 * `npm run bench -- difficulty-thresholds <testset.jsonl> [--easy 1,3,5,10] [--hard 10,20,50,100]`:
 * the measurement behind the default difficulty thresholds (docs/difficulty.md). Reads a
 * testset's recorded ranks and prints (1) quantiles of each reference chunk's BM25 and dense
 * rank and of lexical overlap, per synthesizer, and (2) the easy/medium/hard split under each
 * pair of thresholds, so the defaults can be chosen where all three labels are well populated.
 */

function quantiles(values: number[], qs: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  return qs.map((q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
}

export async function run(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { easy: { type: 'string', default: '1,3,5,10' }, hard: { type: 'string', default: '10,20,50,100' } },
  });
  const path = positionals[0];
  if (!path) throw new Error('usage: npm run bench -- difficulty-thresholds <testset.jsonl>');
  const samples = (await readTestset(path)).samples.filter((sample) => sample.retrieval !== null);
  const qs = [0.1, 0.25, 0.5, 0.75, 0.9] as const;
  const groups = new Map<string, typeof samples>([['all', samples]]);
  for (const sample of samples) groups.set(sample.synthesizer_name, [...(groups.get(sample.synthesizer_name) ?? []), sample]);
  const rankRows = [...groups].flatMap(([name, group]) => {
    const bm25 = group.flatMap((s) => s.retrieval?.bm25_ranks ?? []);
    const dense = group.flatMap((s) => s.retrieval?.dense_ranks ?? []);
    const overlap = group.map((s) => s.retrieval?.lexical_overlap ?? 0);
    return [
      [name, 'bm25 rank', bm25.length, ...quantiles(bm25, qs)],
      [name, 'dense rank', dense.length, ...quantiles(dense, qs)],
      [name, 'lexical overlap', overlap.length, ...quantiles(overlap, qs)],
    ];
  });
  process.stdout.write(`${samples.length} ranked samples from ${path}\n\n`);
  process.stdout.write(`${renderTable(['synthesizer', 'measure', 'n', ...qs.map((q) => `p${q * 100}`)], rankRows)}\n\n`);
  const splitRows: (string | number)[][] = [];
  for (const easyRank of values.easy.split(',').map(Number)) {
    for (const hardRank of values.hard.split(',').map(Number)) {
      if (easyRank > hardRank) continue;
      const counts = { easy: 0, medium: 0, hard: 0 };
      for (const sample of samples) counts[difficultyOf(sample.retrieval as NonNullable<typeof sample.retrieval>, { easyRank, hardRank })]++;
      const pct = (n: number) => `${((100 * n) / Math.max(1, samples.length)).toFixed(0)} %`;
      splitRows.push([easyRank, hardRank, pct(counts.easy), pct(counts.medium), pct(counts.hard)]);
    }
  }
  process.stdout.write(`${renderTable(['easyRank', 'hardRank', 'easy', 'medium', 'hard'], splitRows)}\n`);
}
