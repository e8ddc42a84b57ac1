import { type Command, Option } from 'commander';
import { z } from 'zod';
import type { IngestResult } from '../../chunking/ingest.js';
import { UsageError } from '../../errors.js';
import { renderFilesTable, renderSkipped } from '../files-report.js';
import { addHygieneOptions, HygieneFlags, hygieneOptions } from '../hygiene-flags.js';
import { renderHygieneSummary } from '../hygiene-report.js';

/**
 * `ragset ingest <paths...>`: load files and folders, chunk them, and report per file what
 * was read, what was skipped and why. Nothing is written; it is the dry run of the corpus.
 */

const commaList = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean));

const IngestFlags = z.object({
  include: z.array(z.string().min(1)).default([]),
  exclude: z.array(z.string().min(1)).default([]),
  maxTokens: z.coerce.number().int().min(16, 'must be at least 16').default(512),
  overlap: z.coerce.number().int().min(0, 'must not be negative').default(64),
  encoding: z.enum(['o200k_base', 'cl100k_base']).default('o200k_base'),
  maxFileMb: z.coerce.number().positive('must be positive').default(20),
  textField: z.string().min(1).optional(),
  titleField: z.string().min(1).default('title'),
  idField: z.string().min(1).default('id'),
  metadataFields: commaList.optional(),
  json: z.boolean().default(false),
  ...HygieneFlags.shape,
});
type IngestFlags = z.output<typeof IngestFlags>;

function kebab(name: PropertyKey): string {
  return String(name).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function parseIngestFlags(raw: unknown): IngestFlags {
  const result = IngestFlags.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const flag = issue?.path[0] === undefined ? '' : `--${kebab(issue.path[0])}: `;
    throw new UsageError(`${flag}${issue?.message ?? 'invalid flags'}`, 'see `ragset ingest --help`');
  }
  if (result.data.overlap > result.data.maxTokens / 2) {
    throw new UsageError(
      `--overlap ${result.data.overlap} is more than half of --max-tokens ${result.data.maxTokens}`,
      'use a smaller --overlap or a larger --max-tokens',
    );
  }
  return result.data;
}

function renderReport(result: IngestResult): string {
  const lines: string[] = [];
  if (result.files.length > 0) {
    lines.push(renderFilesTable(result.files));
  }
  if (result.skipped.length > 0) lines.push('', ...renderSkipped(result.skipped));
  lines.push('', ...renderHygieneSummary(result.hygiene));
  const { totals } = result;
  lines.push(
    '',
    `total: ${totals.files} files, ${totals.documents} documents, ${totals.chunks} chunks, ${totals.tokens} tokens; ` +
      `${totals.skipped} skipped, ${totals.duplicates} duplicate chunks dropped`,
  );
  return lines.join('\n');
}

export function registerIngest(program: Command): void {
  const command = program
    .command('ingest')
    .description('load documents, split them into chunks and report per file (nothing is written)')
    .argument('<paths...>', 'files or folders (folders are read recursively)')
    .option('--include <glob...>', 'only files in folders matching these globs (e.g. "*.md" "guides/**")')
    .option('--exclude <glob...>', 'skip files in folders matching these globs')
    .option('--max-tokens <n>', 'largest chunk, in tokens', '512')
    .option('--overlap <n>', 'tokens repeated between consecutive chunks of one section', '64')
    .addOption(new Option('--encoding <name>', 'tokenizer').choices(['o200k_base', 'cl100k_base']).default('o200k_base'))
    .option('--max-file-mb <n>', 'skip files larger than this', '20')
    .option('--text-field <field>', 'JSON/JSONL: field with the text (default: text, content, body or page_content)')
    .option('--title-field <field>', 'JSON/JSONL: field with the title', 'title')
    .option('--id-field <field>', 'JSON/JSONL: field with the record id', 'id')
    .option('--metadata-fields <list>', 'JSON/JSONL: comma-separated fields to keep as metadata (default: all others)')
    .option('--json', 'print the report as JSON');
  addHygieneOptions(command).action(async (paths: string[], rawFlags: unknown) => {
      const flags = parseIngestFlags(rawFlags);
      const [{ ingest }, { requireDocuments }, { progressMode, progressReporter }] = await Promise.all([
        import('../../chunking/ingest.js'),
        import('../../documents/load.js'),
        import('../progress.js'),
      ]);
      const progress = progressReporter(progressMode({ json: flags.json }));
      let result: IngestResult;
      try {
        result = await ingest(paths, {
          load: {
            include: flags.include,
            exclude: flags.exclude,
            maxFileBytes: Math.round(flags.maxFileMb * 1024 * 1024),
            textField: flags.textField,
            titleField: flags.titleField,
            idField: flags.idField,
            metadataFields: flags.metadataFields,
          },
          hygiene: hygieneOptions(flags),
          chunk: { maxTokens: flags.maxTokens, overlapTokens: flags.overlap, encoding: flags.encoding },
          onProgress: progress.onProgress,
        });
      } finally {
        progress.stop();
      }
      if (result.documents.length === 0) {
        for (const skip of result.skipped) process.stderr.write(`skipped ${skip.source}: ${skip.reason}\n`);
        requireDocuments(result, paths);
      }
      const report = { files: result.files, skipped: result.skipped, hygiene: result.hygiene, totals: result.totals };
      process.stdout.write(`${flags.json ? JSON.stringify(report, null, 2) : renderReport(result)}\n`);
    });
}
