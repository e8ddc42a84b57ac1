import type { Command } from 'commander';
import type { BuildRunResult, BuildSpec } from '../../api/build.js';
import { renderFilesTable, renderFormatsTable, renderSkipped } from '../files-report.js';
import { outputOptions, withExamples } from '../help.js';
import { describeTermsRemoved, renderHygieneSummary } from '../hygiene-report.js';
import { llmInput, parseStage } from '../run-spec.js';
import { addStageOptions } from '../schema-options.js';
import { checkStoreFlags } from '../store-flags.js';
import { chunkFlags, graphFlags, hygieneFlags, llmFlags, loadFlags, storeFlags } from '../stage-flags.js';

/**
 * `ragset build <paths...> -o graph.ragset`: the run spec's load, hygiene, chunk, graph, llm
 * and store stages in, `runBuild` (src/api/build.ts), the summary out.
 */

/** The stages `build` runs, parsed from the config file and the flags. */
export function parseBuildSpec(command: Command): BuildSpec {
  const spec = {
    load: parseStage(command, 'load'),
    hygiene: parseStage(command, 'hygiene'),
    chunk: parseStage(command, 'chunk'),
    graph: parseStage(command, 'graph'),
    llm: parseStage(command, 'llm'),
    store: parseStage(command, 'store'),
  };
  checkStoreFlags(command, spec.store, { path: 'does not apply to --store neo4j (the graph is written to the database)' });
  return { ...spec, llm: llmInput(command) };
}

type Renderers = { renderTable: typeof import('../table.js').renderTable; renderUsageTable: typeof import('../usage-table.js').renderUsageTable };

/** One line of a failure reason, short enough for a table cell. */
function brief(text: string, max = 100): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Above this many files the summary gives totals per format instead of a row per file. */
const LISTED_FILES = 25;

export function renderBuildSummary(result: BuildRunResult, { renderTable, renderUsageTable }: Renderers): string {
  const { report } = result;
  const lines: string[] = [];
  if (result.files.length > LISTED_FILES) {
    lines.push(renderFormatsTable(result.files), `(${result.files.length} files; \`ragset ingest\` lists them one by one)`, '');
  } else if (result.files.length > 0) {
    lines.push(renderFilesTable(result.files), '');
  }
  if (report.skipped.length > 0) lines.push(...renderSkipped(report.skipped), '');
  lines.push(...renderHygieneSummary(result.hygiene), '');
  lines.push(
    `graph: ${result.graph}`,
    `${report.documents} documents, ${report.chunks} chunks (${result.duplicates} duplicate chunks dropped), ${report.entities} entities (${report.entityVariantsJoined} name variants joined)`,
    `extraction: ${report.extracted} chunks now, ${report.reused} from an earlier build, ${report.failed.length} failed`,
    `entities kept from joining chunks: ${describeTermsRemoved(report.bridgeEntitiesRemoved)}`,
  );
  if (report.notEmbedded.length > 0) {
    lines.push(`embedding: ${report.notEmbedded.length} chunks not embedded (requests failed after their retries; no similar edges; embedded by the next build)`);
  }
  if (report.removed.documents + report.removed.chunks > 0) {
    lines.push(`removed ${report.removed.documents} documents and ${report.removed.chunks} chunks no longer in the corpus`);
  }
  if (report.failed.length > 0) {
    lines.push(
      '',
      `failed chunks (${report.failed.length}; kept without summary or entities, retried on the next build):`,
      renderTable(
        ['source', 'chunk', 'reason'],
        report.failed.map((failure) => [failure.source, failure.ordinal, brief(failure.reason)]),
      ),
    );
  }
  lines.push(
    '',
    renderTable(['relationship', 'count'], Object.entries(report.relationships)),
    '',
    renderUsageTable(report.usage),
  );
  return lines.join('\n');
}

export function registerBuild(program: Command): void {
  const command = program
    .command('build')
    .description('build the knowledge graph of documents (resumable: rerun to continue or to update a changed corpus)')
    .argument('<paths...>', 'files or folders (folders are read recursively)');
  addStageOptions(command, [
    loadFlags(),
    hygieneFlags(),
    chunkFlags(),
    storeFlags({ flag: 'out', short: '-o', placeholder: '<file>' }),
    graphFlags(),
    llmFlags(),
  ]);
  outputOptions(command);
  withExamples(command, [
    'ragset build docs/ -o graph.ragset',
    'ragset build data.jsonl --text-field body --provider offline',
    'ragset build docs/ --store neo4j --neo4j-uri bolt://localhost:7687',
  ]);
  command.action(async (paths: string[], flags: { json?: boolean }) => {
    const spec = parseBuildSpec(command);
    const [{ runBuild }, { progressMode, progressReporter }, { renderTable }, { renderUsageTable }] = await Promise.all([
      import('../../api/build.js'),
      import('../progress.js'),
      import('../table.js'),
      import('../usage-table.js'),
    ]);
    const json = flags.json === true;
    const progress = progressReporter(progressMode({ json }));
    // Ctrl-C (or a SIGTERM from a job runner) stops after the calls in flight are saved; a
    // second signal ends the process at once.
    const controller = new AbortController();
    const onInterrupt = () => {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onInterrupt);
      controller.abort(new Error('interrupted'));
    };
    process.on('SIGINT', onInterrupt);
    process.on('SIGTERM', onInterrupt);
    let result: BuildRunResult;
    try {
      result = await runBuild(paths, spec, { onProgress: progress.onProgress, signal: controller.signal });
    } finally {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onInterrupt);
      progress.stop();
    }
    process.stdout.write(`${json ? JSON.stringify(result, null, 2) : renderBuildSummary(result, { renderTable, renderUsageTable })}\n`);
  });
}
