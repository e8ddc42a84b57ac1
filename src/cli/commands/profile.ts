import type { Command } from 'commander';
import { z } from 'zod';
import type { LlmOptionsInput } from '../../llm/options.js';
import { llmInput, parseStage } from '../run-spec.js';
import { addStageOptions } from '../schema-options.js';
import { llmFlags } from '../stage-flags.js';
import { withExamples } from '../help.js';
import { checkOutputPaths } from '../../output-paths.js';
import type { Profile } from '../../profile/profile.js';
import { parseFlags } from '../parse-flags.js';

/**
 * `ragset profile <queries> -o profile.yaml`: the distribution of a log of real user queries
 * (lengths, formulation, misspelling, language; with a model, categories, personas and the
 * mean query vector), for `generate --profile`. Only aggregates are written; the command says so.
 */

const ProfileFlags = z.object({
  out: z.string().trim().min(1),
  column: z.string().trim().min(1).optional(),
  corpus: z.array(z.string().trim().min(1)).optional(),
  /** A categorizations file, or the mapping itself from the config file (as for generate). */
  categories: z.union([z.string().trim().min(1), z.record(z.string(), z.unknown())]).optional(),
  llm: z.boolean().default(true),
  embed: z.boolean().default(true),
  batchSize: z.coerce.number('must be a whole number').optional(),
  personaCount: z.coerce.number('must be a whole number').optional(),
  seed: z.string().trim().min(1).optional(),
  json: z.boolean().default(false),
});

export async function runProfile(queries: string, rawFlags: Record<string, unknown>, given: LlmOptionsInput, env = process.env): Promise<{ profile: Profile; out: string }> {
  const flags = parseFlags(ProfileFlags, rawFlags, 'ragset profile');
  const [{ createProfile }, { writeProfileFile }, { resolveCategorizations }, { llmClientFromOptions }] = await Promise.all([
    import('../../api/profile.js'),
    import('../../profile/file.js'),
    import('../../../synthesizers/categories.js'),
    import('../../llm/options.js'),
  ]);
  const categorizations = await resolveCategorizations(flags.categories);
  await checkOutputPaths([{ path: flags.out, label: '-o', kind: 'file' }]);
  const llm = flags.llm ? await llmClientFromOptions(given, env) : undefined;
  const profile = await createProfile({
    queries,
    column: flags.column,
    corpus: flags.corpus,
    categories: categorizations,
    llm,
    embed: flags.embed,
    batchSize: flags.batchSize,
    personaCount: flags.personaCount,
    seed: flags.seed,
  });
  await writeProfileFile(flags.out, profile);
  return { profile, out: flags.out };
}

export function renderProfileSummary(profile: Profile, out: string, renderTable: typeof import('../table.js').renderTable): string {
  const rows = (title: string, shares: Profile['formulation']) =>
    renderTable([title, 'queries', 'share', '95 % interval'], Object.entries(shares).map(([label, s]) => [label, s.count, s.share.toFixed(3), `${s.low.toFixed(3)}–${s.high.toFixed(3)}`]));
  const lines = [
    `wrote the profile of ${profile.queries} queries to ${out}`,
    profile.privacy,
    '',
    `mean length ${profile.length.mean} ${profile.length.unit}`,
    rows('length', profile.length.buckets),
    '',
    rows('formulation', profile.formulation),
    '',
    rows('language', profile.language),
  ];
  if (profile.misspelling) {
    const { queries, words, vocabulary_words, sources } = profile.misspelling;
    lines.push('', `misspelled: ${queries.count} queries (${queries.share.toFixed(3)}, ${queries.low.toFixed(3)}–${queries.high.toFixed(3)}), ${words.count} words (${words.share.toFixed(4)}) against ${vocabulary_words} known words (${sources.join(', ')})`);
  }
  for (const [dimension, shares] of Object.entries(profile.categories?.dimensions ?? {})) lines.push('', rows(dimension, shares));
  if (profile.categories) lines.push(`classified ${profile.categories.classified} queries by ${profile.categories.model} in ${profile.categories.calls} call(s) of ≤ ${profile.categories.batch_size}+ queries`);
  if (profile.personas) lines.push('', renderTable(['proposed persona', 'role'], profile.personas.map((p) => [p.name, p.role_description])));
  if (profile.embedding) lines.push('', `mean query vector: ${profile.embedding.model}, ${profile.embedding.dimensions} dimensions`);
  if (profile.notes.length > 0) lines.push('', ...profile.notes);
  return lines.join('\n');
}

export function registerProfile(program: Command): void {
  const command = program
    .command('profile')
    .description('profile a log of real user queries (aggregates only) for `generate --profile`')
    .argument('<queries>', 'queries: text (one per line), CSV/TSV with a header, or JSONL')
    .requiredOption('-o, --out <file>', 'profile file to write (.yaml or .json)')
    .option('--column <name>', 'CSV column or JSONL field of the query (default: query, question, user_input or text)')
    .option('--corpus <paths...>', 'documents whose words are the vocabulary misspellings are checked against')
    .option('--categories <file>', 'categorizations (YAML/JSON) to classify the queries into (needs a model)')
    .option('--no-llm', 'offline aggregates only: no model call (no categories, personas or mean vector)')
    .option('--no-embed', 'do not store the mean query vector')
    .option('--batch-size <n>', 'queries per classification call (at least 20; default 25)')
    .option('--persona-count <k>', 'personas to propose from the queries (0: none; default 3)')
    .option('--seed <seed>', 'seed of the persona call\'s sample of queries')
    .option('--json', 'print the profile as JSON');
  addStageOptions(command, [llmFlags()]);
  withExamples(command, ['ragset profile queries.txt -o profile.yaml --no-llm', 'ragset profile logs.csv --column question --corpus docs/ -o profile.yaml']);
  command.action(async (queries: string, rawFlags: Record<string, unknown>) => {
    parseStage(command, 'llm');
    const { profile, out } = await runProfile(queries, rawFlags, llmInput(command));
    const { renderTable } = await import('../table.js');
    process.stdout.write(`${rawFlags.json ? JSON.stringify({ out, profile }, null, 2) : renderProfileSummary(profile, out, renderTable)}\n`);
  });
}
