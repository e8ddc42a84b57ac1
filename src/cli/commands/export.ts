import { type Command, Option } from 'commander';
import { z } from 'zod';
import { parseFlags } from '../parse-flags.js';
import { checkOutputPath } from '../../output-paths.js';
import { CsvOptions, ESCAPE_FORMULAS_HELP } from '../../testset/write.js';
import { LANGSMITH_SPLIT_KEYS } from '../../testset/export/langsmith-plan.js';

/**
 * `ragset export <target> <testset>`: LangSmith datasets, Ragas records, fine-tuning JSONL
 * and a flat CSV. Flags are checked here; the exporters live in src/testset/export/.
 */


function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

const LangSmithFlags = z.object({
  dataset: z.string().trim().min(1, 'must not be empty'),
  description: z.string().optional(),
  split: z.string().trim().min(1, 'must not be empty').optional(),
  splitBy: z
    .string()
    .transform((list) => list.split(',').map((key) => key.trim()).filter((key) => key !== ''))
    .pipe(z.array(z.enum(LANGSMITH_SPLIT_KEYS, `each must be one of ${LANGSMITH_SPLIT_KEYS.join(', ')}`)))
    .default([]),
  batchSize: z.coerce.number().int().min(1).max(1000).default(100),
  dryRun: z.boolean().default(false),
  json: z.boolean().default(false),
  includeRejected: z.boolean().default(false),
});

const FileFlags = z.object({ output: z.string().min(1), json: z.boolean().default(false), includeRejected: z.boolean().default(false) });
const CsvFlags = FileFlags.extend(CsvOptions.shape);
const RagasFlags = CsvFlags.extend({ shape: z.enum(['flat', 'testset-sample']).default('flat') });
const FineTuneFlags = FileFlags.extend({ contexts: z.boolean().default(true), systemPrompt: z.string().optional() });

/** The testset's samples, once the output file (if any) is known to be writable. */
async function loadSamples(testset: string, flags: { includeRejected: boolean; output?: string }) {
  if (flags.output !== undefined) await checkOutputPath({ path: flags.output, label: '-o', kind: 'file' });
  const { loadTestsetForExport } = await import('../../testset/export/load.js');
  return loadTestsetForExport(testset, { includeRejected: flags.includeRejected });
}

const INCLUDE_REJECTED_HELP = 'also export samples rejected in `ragset review` (left out by default)';

function printFileResult(result: { path: string; records: number }, what: string, json: boolean): void {
  print(json ? JSON.stringify(result) : `wrote ${result.records} ${what} records to ${result.path}`);
}

const TESTSET_HELP = 'testset file (.jsonl, .json or .csv)';

/** The shape every file exporter shares: `<testset> -o <file> [--json]`. */
function fileExporter(parent: Command, name: string, description: string, outputHelp: string): Command {
  return parent
    .command(name)
    .description(description)
    .argument('<testset>', TESTSET_HELP)
    .requiredOption('-o, --output <file>', outputHelp)
    .option('--include-rejected', INCLUDE_REJECTED_HELP)
    .option('--json', 'print the result as JSON');
}

function registerLangSmith(parent: Command): void {
  parent
    .command('langsmith')
    .description('create or append to a LangSmith dataset (LANGSMITH_API_KEY, LANGSMITH_ENDPOINT, LANGSMITH_WORKSPACE_ID)')
    .argument('<testset>', TESTSET_HELP)
    .requiredOption('--dataset <name>', 'dataset name; created if missing, appended to otherwise')
    .option('--description <text>', 'description for a newly created dataset')
    .option('--split <name>', 'dataset split for the examples')
    .option('--split-by <keys>', `also split examples by ${LANGSMITH_SPLIT_KEYS.join(' and/or ')}, e.g. kind,difficulty`)
    .option('--batch-size <n>', 'examples per upload request', '100')
    .option('--dry-run', 'print the dataset and examples that would be sent, without network')
    .option('--include-rejected', INCLUDE_REJECTED_HELP)
    .option('--json', 'print the result as JSON')
    .action(async (testset: string, rawFlags: unknown) => {
      const flags = parseFlags(LangSmithFlags, rawFlags, 'ragset export');
      const samples = await loadSamples(testset, flags);
      const options = { dataset: flags.dataset, description: flags.description, split: flags.split, splitBy: flags.splitBy, batchSize: flags.batchSize };
      if (flags.dryRun) {
        const { planLangSmithExport } = await import('../../testset/export/langsmith-plan.js');
        print(JSON.stringify(planLangSmithExport(samples, options), null, 2));
        return;
      }
      const { exportToLangSmith } = await import('../../testset/export/langsmith.js');
      const result = await exportToLangSmith(samples, options);
      if (flags.json) return print(JSON.stringify(result));
      const dataset = `${result.created ? 'created' : 'appended to'} dataset ${flags.dataset} (${result.datasetId})`;
      print(`${dataset}: ${result.written - result.updated} examples created, ${result.updated} updated, ${result.skipped} unchanged`);
    });
}

function registerRagas(parent: Command): void {
  fileExporter(parent, 'ragas', 'records for Ragas Testset/EvaluationDataset (.jsonl, or .csv with contexts as JSON)', 'output .jsonl or .csv file')
    .addOption(new Option('--shape <shape>', 'flat rows (Testset.from_list) or TestsetSample objects').choices(['flat', 'testset-sample']).default('flat'))
    .option('--no-escape-formulas', ESCAPE_FORMULAS_HELP)
    .action(async (testset: string, rawFlags: unknown) => {
      const flags = parseFlags(RagasFlags, rawFlags, 'ragset export');
      const samples = await loadSamples(testset, flags);
      const { exportRagas } = await import('../../testset/export/ragas.js');
      printFileResult(await exportRagas(samples, flags.output, { shape: flags.shape, escapeFormulas: flags.escapeFormulas }), 'Ragas', flags.json);
    });
}

function registerFineTune(parent: Command, format: 'openai' | 'alpaca' | 'sharegpt', description: string): void {
  fileExporter(parent, format, description, 'output .jsonl file')
    .option('--no-contexts', 'leave the reference contexts out of the prompt (closed-book answers)')
    .option('--system-prompt <text>', 'system prompt; "" leaves it out')
    .action(async (testset: string, rawFlags: unknown) => {
      const flags = parseFlags(FineTuneFlags, rawFlags, 'ragset export');
      const samples = await loadSamples(testset, flags);
      const { exportFineTune } = await import('../../testset/export/fine-tune.js');
      const result = await exportFineTune(samples, flags.output, { format, contexts: flags.contexts, systemPrompt: flags.systemPrompt });
      printFileResult(result, format, flags.json);
    });
}

function registerCsv(parent: Command): void {
  fileExporter(parent, 'csv', 'flat CSV for spreadsheets: one row per sample, lists as JSON', 'output .csv file')
    .option('--no-escape-formulas', ESCAPE_FORMULAS_HELP)
    .action(async (testset: string, rawFlags: unknown) => {
      const flags = parseFlags(CsvFlags, rawFlags, 'ragset export');
      const samples = await loadSamples(testset, flags);
      const { exportFlatCsv } = await import('../../testset/export/flat-csv.js');
      printFileResult(await exportFlatCsv(samples, flags.output, { escapeFormulas: flags.escapeFormulas }), 'CSV', flags.json);
    });
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
