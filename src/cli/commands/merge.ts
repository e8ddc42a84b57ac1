import { type Command, Option } from 'commander';
import { z } from 'zod';
import { TESTSET_FORMATS } from '../../testset/write.js';
import { parseFlags } from '../parse-flags.js';

/**
 * `ragset merge a.jsonl b.jsonl … -o testset.jsonl`: joins the slices `generate --shard i/k`
 * wrote into the testset (and personas file) one process would have written.
 */
const MergeFlags = z.object({
  out: z.string().trim().min(1),
  format: z.enum(TESTSET_FORMATS).optional(),
  json: z.boolean().default(false),
});

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('join the slices written by `ragset generate --shard i/k` into one testset')
    .argument('<slices...>', 'the testset files of every shard, in any order')
    .requiredOption('-o, --out <file>', 'testset file to write')
    .addOption(new Option('--format <format>', 'testset format (default: from the file extension)').choices(TESTSET_FORMATS))
    .option('--json', 'print the result as JSON')
    .action(async (slices: string[], rawFlags: unknown) => {
      const flags = parseFlags(MergeFlags, rawFlags, 'ragset merge');
      const { mergeShards } = await import('../../testset/shards.js');
      const result = await mergeShards(slices, flags.out, flags.format);
      process.stdout.write(
        `${flags.json ? JSON.stringify(result) : `wrote ${result.samples} of ${result.size} samples from ${result.shards} slices to ${result.testset}; personas in ${result.personas}`}\n`,
      );
    });
}
