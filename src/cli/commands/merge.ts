import type { Command } from 'commander';
import { z } from 'zod';
import { OutputOptions } from '../../testset/write.js';
import { outputOptions, withExamples } from '../help.js';
import { addFlagsOf } from '../schema-options.js';
import { parseFlags } from '../parse-flags.js';

/**
 * `ragset merge a.jsonl b.jsonl … -o testset.jsonl`: joins the slices `generate --shard i/k`
 * wrote into the testset (and personas file) one process would have written.
 */
const MergeFlags = OutputOptions.pick({ format: true }).extend({ out: z.string().trim().min(1).describe('testset file to write') });

export function registerMerge(program: Command): void {
  const command = program
    .command('merge')
    .description('join the slices written by `ragset generate --shard i/k` into one testset')
    .argument('<slices...>', 'the testset files of every shard, in any order');
  addFlagsOf(command, MergeFlags, 'Output', { out: { short: '-o', placeholder: '<file>' }, format: { placeholder: '<format>' } });
  outputOptions(command, 'the result');
  withExamples(command, ['ragset merge part1.jsonl part2.jsonl part3.jsonl -o testset.jsonl', 'ragset merge shards/*.jsonl -o testset.csv --json']);
  command.action(async (slices: string[], rawFlags: { json?: boolean }) => {
      const flags = parseFlags(MergeFlags, rawFlags, 'ragset merge');
      const { mergeShards } = await import('../../testset/shards.js');
      const result = await mergeShards(slices, flags.out, flags.format);
      process.stdout.write(
        `${rawFlags.json ? JSON.stringify(result) : `wrote ${result.samples} of ${result.size} samples from ${result.shards} slices to ${result.testset}; personas in ${result.personas}`}\n`,
      );
    });
}
