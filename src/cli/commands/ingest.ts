import type { Command } from 'commander';
import type { IngestResult } from '../../chunking/ingest.js';
import { renderFilesTable, renderSkipped } from '../files-report.js';
import { renderHygieneSummary } from '../hygiene-report.js';
import { outputOptions, withExamples } from '../help.js';
import { parseStage } from '../run-spec.js';
import { addStageOptions } from '../schema-options.js';
import { chunkFlags, hygieneFlags, loadFlags } from '../stage-flags.js';

/**
 * `ragset ingest <paths...>`: load files and folders, chunk them, and report per file what
 * was read, what was skipped and why. Nothing is written; it is the dry run of the corpus.
 */

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
    .argument('<paths...>', 'files or folders (folders are read recursively)');
  addStageOptions(command, [loadFlags(), hygieneFlags(), chunkFlags()]);
  outputOptions(command);
  withExamples(command, [
    'ragset ingest docs/',
    'ragset ingest data.jsonl --text-field body --metadata-fields url,lang',
    'ragset ingest manual/ --include "*.html" --max-tokens 256 --json',
  ]);
  command.action(async (paths: string[], flags: { json?: boolean }) => {
    const spec = { load: parseStage(command, 'load'), hygiene: parseStage(command, 'hygiene'), chunk: parseStage(command, 'chunk') };
    const [{ ingest }, { requireDocuments }, { progressMode, progressReporter }] = await Promise.all([
      import('../../chunking/ingest.js'),
      import('../../documents/load.js'),
      import('../progress.js'),
    ]);
    const json = flags.json === true;
    const progress = progressReporter(progressMode({ json }));
    let result: IngestResult;
    try {
      result = await ingest(paths, { ...spec, onProgress: progress.onProgress });
    } finally {
      progress.stop();
    }
    if (result.documents.length === 0) {
      for (const skip of result.skipped) process.stderr.write(`skipped ${skip.source}: ${skip.reason}\n`);
      requireDocuments(result, paths);
    }
    const report = { files: result.files, skipped: result.skipped, hygiene: result.hygiene, totals: result.totals };
    process.stdout.write(`${json ? JSON.stringify(report, null, 2) : renderReport(result)}\n`);
  });
}
