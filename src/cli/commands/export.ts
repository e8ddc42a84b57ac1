import type { Command } from 'commander';
import { z } from 'zod';
import { parseFlags } from '../parse-flags.js';
import { checkOutputPath } from '../../output-paths.js';
import { CsvOptions } from '../../testset/write.js';
import { outputOptions, withExamples } from '../help.js';
import { addFlagsOf } from '../schema-options.js';
import { LANGSMITH_SPLIT_KEYS } from '../../testset/export/langsmith-plan.js';

/**
 * `ragset export <target> <testset>`: LangSmith datasets, Ragas records, fine-tuning JSONL
 * and a flat CSV. Flags are checked here; the exporters live in src/testset/export/.
 */


function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

const INCLUDE_REJECTED_HELP = 'also export samples rejected in `ragset review` (left out by default)';

const LangSmithFlags = z.object({
  dataset: z.string().trim().min(1, 'must not be empty').describe('dataset name; created if missing, appended to otherwise'),
  description: z.string().optional().describe('description for a newly created dataset'),
  split: z.string().trim().min(1, 'must not be empty').optional().describe('dataset split for the examples'),
  splitBy: z
    .string()
    .transform((list) => list.split(',').map((key) => key.trim()).filter((key) => key !== ''))
    .pipe(z.array(z.enum(LANGSMITH_SPLIT_KEYS, `each must be one of ${LANGSMITH_SPLIT_KEYS.join(', ')}`)))
    .optional()
    .describe(`also split examples by ${LANGSMITH_SPLIT_KEYS.join(' and/or ')}, e.g. kind,difficulty`),
  batchSize: z.coerce.number().int().min(1).max(1000).default(100).describe('examples per upload request'),
  dryRun: z.boolean().default(false).describe('print the dataset and examples that would be sent, without network'),
  includeRejected: z.boolean().default(false).describe(INCLUDE_REJECTED_HELP),
});

const FileFlags = z.object({
  output: z.string().min(1).describe('output file'),
  includeRejected: z.boolean().default(false).describe(INCLUDE_REJECTED_HELP),
});
const CsvFlags = FileFlags.extend(CsvOptions.shape);
const RagasFlags = CsvFlags.extend({ shape: z.enum(['flat', 'testset-sample']).default('flat').describe('flat rows (Testset.from_list) or TestsetSample objects') });
const FineTuneFlags = FileFlags.extend({
  contexts: z.boolean().default(true).describe('put the reference contexts in the prompt (off: closed-book answers)'),
  systemPrompt: z.string().optional().describe('system prompt; "" leaves it out'),
});

const FLAG_SPECS = { output: { short: '-o', placeholder: '<file>' }, dataset: { placeholder: '<name>' }, description: { placeholder: '<text>' }, split: { placeholder: '<name>' }, splitBy: { placeholder: '<keys>' }, shape: { placeholder: '<shape>' }, systemPrompt: { placeholder: '<text>' } } as const;

/** The testset's samples, once the output file (if any) is known to be writable. */
async function loadSamples(testset: string, flags: { includeRejected: boolean; output?: string }) {
  if (flags.output !== undefined) await checkOutputPath({ path: flags.output, label: '-o', kind: 'file' });
  const { loadTestsetForExport } = await import('../../testset/export/load.js');
  return loadTestsetForExport(testset, { includeRejected: flags.includeRejected });
}

function printFileResult(result: { path: string; records: number }, what: string, json: boolean): void {
  print(json ? JSON.stringify(result) : `wrote ${result.records} ${what} records to ${result.path}`);
}

const TESTSET_HELP = 'testset file (.jsonl, .json or .csv)';

/** The shape every file exporter shares: `<testset> -o <file> [--json]`, flags from its schema. */
function fileExporter(parent: Command, name: string, description: string, schema: z.ZodObject, examples: readonly string[]): Command {
  const command = parent.command(name).description(description).argument('<testset>', TESTSET_HELP);
  addFlagsOf(command, schema, 'Output', FLAG_SPECS);
  return withExamples(outputOptions(command, 'the result'), examples);
}

function registerLangSmith(parent: Command): void {
  fileExporter(parent, 'langsmith', 'create or append to a LangSmith dataset (LANGSMITH_API_KEY, LANGSMITH_ENDPOINT, LANGSMITH_WORKSPACE_ID)', LangSmithFlags, [
    'ragset export langsmith testset.jsonl --dataset docs-qa --dry-run',
    'ragset export langsmith testset.jsonl --dataset docs-qa --split-by kind,difficulty',
  ]).action(async (testset: string, rawFlags: { json?: boolean }) => {
      const flags = parseFlags(LangSmithFlags, rawFlags, 'ragset export langsmith');
      const samples = await loadSamples(testset, flags);
      const options = { dataset: flags.dataset, description: flags.description, split: flags.split, splitBy: flags.splitBy ?? [], batchSize: flags.batchSize };
      if (flags.dryRun) {
        const { planLangSmithExport } = await import('../../testset/export/langsmith-plan.js');
        print(JSON.stringify(planLangSmithExport(samples, options), null, 2));
        return;
      }
      const { exportToLangSmith } = await import('../../testset/export/langsmith.js');
      const result = await exportToLangSmith(samples, options);
      if (rawFlags.json) return print(JSON.stringify(result));
      const dataset = `${result.created ? 'created' : 'appended to'} dataset ${flags.dataset} (${result.datasetId})`;
      print(`${dataset}: ${result.written - result.updated} examples created, ${result.updated} updated, ${result.skipped} unchanged`);
    });
}

function registerRagas(parent: Command): void {
  fileExporter(parent, 'ragas', 'records for Ragas Testset/EvaluationDataset (.jsonl, or .csv with contexts as JSON)', RagasFlags, [
    'ragset export ragas testset.jsonl -o ragas.jsonl',
    'ragset export ragas testset.jsonl -o ragas.csv --shape testset-sample',
  ]).action(async (testset: string, rawFlags: { json?: boolean }) => {
      const flags = parseFlags(RagasFlags, rawFlags, 'ragset export ragas');
      const samples = await loadSamples(testset, flags);
      const { exportRagas } = await import('../../testset/export/ragas.js');
      printFileResult(await exportRagas(samples, flags.output, { shape: flags.shape, escapeFormulas: flags.escapeFormulas }), 'Ragas', rawFlags.json === true);
    });
}

function registerFineTune(parent: Command, format: 'openai' | 'alpaca' | 'sharegpt', description: string): void {
  fileExporter(parent, format, description, FineTuneFlags, [`ragset export ${format} testset.jsonl -o ${format}.jsonl`, `ragset export ${format} testset.jsonl -o closed-book.jsonl --no-contexts`]).action(
    async (testset: string, rawFlags: { json?: boolean }) => {
      const flags = parseFlags(FineTuneFlags, rawFlags, `ragset export ${format}`);
      const samples = await loadSamples(testset, flags);
      const { exportFineTune } = await import('../../testset/export/fine-tune.js');
      const result = await exportFineTune(samples, flags.output, { format, contexts: flags.contexts, systemPrompt: flags.systemPrompt });
      printFileResult(result, format, rawFlags.json === true);
    },
  );
}

function registerCsv(parent: Command): void {
  fileExporter(parent, 'csv', 'flat CSV for spreadsheets: one row per sample, lists as JSON', CsvFlags, ['ragset export csv testset.jsonl -o testset.csv', 'ragset export csv testset.jsonl -o raw.csv --no-escape-formulas']).action(
    async (testset: string, rawFlags: { json?: boolean }) => {
      const flags = parseFlags(CsvFlags, rawFlags, 'ragset export csv');
      const samples = await loadSamples(testset, flags);
      const { exportFlatCsv } = await import('../../testset/export/flat-csv.js');
      printFileResult(await exportFlatCsv(samples, flags.output, { escapeFormulas: flags.escapeFormulas }), 'CSV', rawFlags.json === true);
    },
  );
}

export function registerExport(program: Command): void {
  const parent = program.command('export').description('export a testset to LangSmith, Ragas, fine-tuning JSONL or a flat CSV');
  registerLangSmith(parent);
  registerRagas(parent);
  registerFineTune(parent, 'openai', 'OpenAI chat fine-tuning JSONL ({"messages": [...]})');
  registerFineTune(parent, 'alpaca', 'Alpaca JSONL ({"instruction", "input", "output"})');
  registerFineTune(parent, 'sharegpt', 'ShareGPT JSONL ({"conversations": [...]})');
  registerCsv(parent);
}
