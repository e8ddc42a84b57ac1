import type { Command } from 'commander';
import { z } from 'zod';
import { HygieneOptions, type HygieneOptionsInput } from '../hygiene/options.js';

/**
 * The hygiene opt-outs `ingest`, `build` and `generate` share (src/hygiene/options.ts has
 * the defaults): flags in, `HygieneOptionsInput` out.
 */

export const HygieneFlags = z.object({
  keepBoilerplate: z.boolean().default(false),
  keepStubs: z.boolean().default(false),
  keepDuplicates: z.boolean().default(false),
  minDocumentTokens: z.coerce.number().int('must be a whole number').min(0, 'must not be negative').optional(),
});
export type HygieneFlags = z.output<typeof HygieneFlags>;

export function hygieneOptions(flags: HygieneFlags): HygieneOptionsInput {
  return {
    keepBoilerplate: flags.keepBoilerplate,
    keepStubs: flags.keepStubs,
    keepDuplicates: flags.keepDuplicates,
    ...(flags.minDocumentTokens === undefined ? {} : { minDocumentTokens: flags.minDocumentTokens }),
  };
}

export function addHygieneOptions(command: Command, scope = ''): Command {
  const note = (text: string) => `${text}${scope}`;
  const defaults = HygieneOptions.parse({});
  return command
    .option('--keep-boilerplate', note('keep lines repeated across many documents (navigation bars, footers) in the chunks'))
    .option('--keep-stubs', note('keep redirect stubs, canonical-only pages, tables of contents, indexes and too-short documents'))
    .option('--keep-duplicates', note('keep near-duplicate documents (one manual as HTML and PDF) and near-duplicate chunks'))
    .option('--min-document-tokens <n>', note(`skip documents with fewer tokens once boilerplate is removed (default ${defaults.minDocumentTokens})`));
}
