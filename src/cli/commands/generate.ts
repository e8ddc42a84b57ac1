import type { Command } from 'commander';
import type { GenerateRunResult, GenerateSpec } from '../../api/generate-run.js';
import type { GenerateResult } from '../../../synthesizers/generate.js';
import { describeShortfalls } from '../../../synthesizers/report.js';
import { ShortfallError, UsageError } from '../../errors.js';
import { renderSkipped } from '../files-report.js';
import { outputOptions, withExamples } from '../help.js';
import { renderGenerationHygiene, renderHygieneSummary } from '../hygiene-report.js';
import { renderResemblance } from '../resemblance-table.js';
import { llmInput, parseStage, stageInput } from '../run-spec.js';
import { addStageOptions } from '../schema-options.js';
import { cacheDirOf, checkStoreFlags } from '../store-flags.js';
import { chunkFlags, generateFlags, graphFlags, hygieneFlags, inputFlags, llmFlags, loadFlags, outputFlags, storeFlags } from '../stage-flags.js';

/**
 * `ragset generate <paths... | --graph FILE | --store neo4j> -n N`: the whole run spec in,
 * `runGenerate` (src/api/generate-run.ts), the summary out: what was made (requested vs
 * achieved per synthesizer and difficulty, styles, lengths, personas) and what it cost.
 */

/** Where the graph comes from: which combinations make sense is the CLI's to say, in its own words. */
function checkSources(command: Command, paths: readonly string[], spec: Omit<GenerateSpec, 'llm'>): void {
  const { input, store } = spec;
  if (paths.length > 0 && input.graph) throw new UsageError('give documents or --graph, not both', 'e.g. ragset generate docs/ -n 50, or ragset generate --graph graph.ragset -n 50');
  if (paths.length === 0 && !input.graph && store.kind === 'memory') {
    throw new UsageError('nothing to generate from', 'pass documents or folders, --graph FILE, or --store neo4j for the graph in Neo4j');
  }
  if (input.graph && store.kind === 'neo4j') throw new UsageError('--graph reads a graph file; it does not apply to --store neo4j', 'drop one of them');
  if (store.schema !== 'ragset' && (store.kind !== 'neo4j' || paths.length > 0)) {
    throw new UsageError(`--schema ${store.schema} reads a graph already in Neo4j`, 'use it with --store neo4j and no documents');
  }
  if (store.schemaMap && store.schema === 'ragset') throw new UsageError('--schema-map adapts --schema llm-graph-builder or neo4j-graphrag', 'add --schema');
  checkStoreFlags(command, store, { path: 'does not apply to --store neo4j (the graph is written to the database)' });
}

/** The run spec of `generate`, parsed once from the config file and the flags. */
export function parseGenerateSpec(command: Command, paths: readonly string[]): GenerateSpec {
  const llm = parseStage(command, 'llm');
  const spec = {
    load: parseStage(command, 'load'),
    hygiene: parseStage(command, 'hygiene'),
    chunk: parseStage(command, 'chunk'),
    graph: parseStage(command, 'graph'),
    store: parseStage(command, 'store'),
    input: parseStage(command, 'input'),
    // Samples in flight follow the LLM concurrency, so the client's limit is the only one that binds.
    generate: parseStage(command, 'generate'),
    output: parseStage(command, 'output'),
  };
  if (stageInput(command, 'generate').concurrency === undefined) spec.generate.concurrency = llm.concurrency;
  checkSources(command, paths, spec);
  return { ...spec, llm: llmInput(command) };
}

/** `--strict` and a shortfall: exit 6 after the testset is written. */
export function strictShortfall(result: GenerateRunResult, strict: boolean): ShortfallError | undefined {
  const { shortfalls, size, difficultyMix } = result.report;
  const cells = difficultyMix?.shortfalls ?? [];
  if (!strict || (shortfalls.length === 0 && cells.length === 0 && result.samples.length >= size)) return undefined;
  const what = shortfalls.length + cells.length > 0 ? describeShortfalls(shortfalls, cells) : `${result.samples.length}/${size}`;
  return new ShortfallError(`--strict: fewer samples than asked (${what}); ${result.files.testset} was written`, 'add documents, change --mix, or drop --strict');
}

type Renderers = { renderTable: typeof import('../table.js').renderTable; renderUsageTable: typeof import('../usage-table.js').renderUsageTable };

export function renderGenerateSummary(result: GenerateRunResult, { renderTable, renderUsageTable }: Renderers): string {
  const { report, files, build, hygiene } = result;
  const counts = (title: string, record: Record<string, number>) => renderTable([title, 'samples'], Object.entries(record));
  const lines: string[] = [];
  if (build) {
    lines.push(
      `graph: ${files.graph} — ${build.documents} documents, ${build.chunks} chunks; extracted ${build.extracted} now, ` +
        `${build.reused} from an earlier build, ${build.failed.length} failed` +
        (build.notEmbedded.length > 0 ? `; ${build.notEmbedded.length} not embedded (embedded by the next build)` : ''),
    );
    if (build.skipped.length > 0) lines.push(...renderSkipped(build.skipped));
  }
  if (hygiene) lines.push(...renderHygieneSummary(hygiene), '');
  const slice = report.shard && `, slice ${report.shard.index}/${report.shard.count} (slots ${report.shard.slots.start}–${report.shard.slots.end}; join the slices with \`ragset merge\`)`;
  lines.push(
    `wrote ${result.samples.length} of ${report.size} samples to ${files.testset} (${files.format})${slice ?? ''}; personas in ${files.personas}; seed ${report.seed}`,
    files.report ? `report: ${files.report}` : `run record: ${files.run}`,
    '',
    renderTable(
      ['synthesizer', 'requested', 'achieved', 'available'],
      Object.keys(report.requested).map((name) => [name, report.requested[name] ?? 0, report.achieved[name] ?? 0, report.available[name] ?? 0]),
    ),
    '',
    report.difficultyMix
      ? renderTable(
          ['synthesizer', 'difficulty', 'requested', 'achieved'],
          Object.entries(report.difficultyMix.requested).flatMap(([name, cells]) =>
            Object.entries(cells).map(([difficulty, requested]) => [name, difficulty, requested, report.difficultyMix?.achieved[name]?.[difficulty as keyof typeof cells] ?? 0]),
          ),
        )
      : counts('difficulty', report.difficulties),
    '',
    ...(report.categories ? [renderCategoryTable(report.categories, renderTable), ''] : []),
    counts('query style', report.styles),
    '',
    counts('query length', report.lengths),
    '',
    counts('persona', report.personas),
  );
  if (result.resemblance) lines.push(renderResemblance(result.resemblance), '');
  lines.push('', renderCandidateTable(report.candidates, renderTable));
  if (result.rejected.length > 0) lines.push(`${result.rejected.length} rejected candidate(s), with reasons, in ${files.rejected}`);
  lines.push('', ...renderGenerationHygiene(report.hygiene));
  if (report.notes.length > 0) lines.push('', ...report.notes);
  if (build) lines.push('', 'build:', renderUsageTable(build.usage), '', 'generate:', renderUsageTable(report.usage));
  else lines.push('', renderUsageTable(report.usage));
  return lines.join('\n');
}

/** Requested vs achieved per category of every dimension. */
function renderCategoryTable(report: NonNullable<GenerateResult['report']['categories']>, renderTable: Renderers['renderTable']): string {
  const rows = Object.entries(report.requested).flatMap(([dimension, counts]) => Object.entries(counts).map(([name, requested]) => [dimension, name, requested, report.achieved[dimension]?.[name] ?? 0]));
  return renderTable(['dimension', 'category', 'requested', 'achieved'], rows);
}

/** Candidates, kept and rejected per reason, per synthesizer: only reasons that occurred get a column. */
function renderCandidateTable(report: GenerateResult['report']['candidates'], renderTable: Renderers['renderTable']): string {
  const reasons = Object.entries(report.rejected).filter(([, count]) => count > 0).map(([reason]) => reason as keyof typeof report.rejected);
  const rows = Object.entries(report.by_synthesizer).map(([name, counts]) => [name, counts.candidates, counts.accepted, ...reasons.map((r) => counts.rejected[r])]);
  rows.push(['total', report.candidates, report.accepted, ...reasons.map((r) => report.rejected[r])]);
  const how = report.verified
    ? `verified by ${report.model} (hop check: ${report.hop_check}); at most ${report.attempts_per_slot} candidates per sample`
    : `not verified (--no-verify); at most ${report.attempts_per_slot} candidates per sample`;
  return `${how}\n${renderTable(['synthesizer', 'candidates', 'kept', ...reasons.map((r) => `rejected: ${r}`)], rows)}`;
}

export function registerGenerate(program: Command): void {
  const command = program
    .command('generate')
    .description('generate exactly N test samples from documents (building the graph) or from a built graph')
    .argument('[paths...]', 'documents or folders to build the graph from');
  const documentsOnly = ' (documents only)';
  addStageOptions(command, [
    inputFlags(),
    loadFlags(documentsOnly),
    hygieneFlags(documentsOnly),
    chunkFlags(documentsOnly),
    generateFlags(),
    storeFlags({ flag: 'graph-out', placeholder: '<file>' }, { schema: { placeholder: '<schema>' }, schemaMap: { placeholder: '<file>' } }),
    graphFlags(documentsOnly),
    llmFlags(),
    outputFlags(),
  ]);
  outputOptions(command);
  withExamples(command, [
    'ragset generate docs/ -n 50 -o testset.jsonl',
    'ragset generate --graph graph.ragset -n 100 --mix single=0.5,ms=0.25,ma=0.25 --seed 7',
    'ragset generate docs/ -n 20 --provider offline --difficulty easy=0.3,medium=0.4,hard=0.3',
  ]);
  command.action(async (paths: string[], flags: { json?: boolean }) => {
    const spec = parseGenerateSpec(command, paths);
    // Named by their flags, before any work; the library checks them again in its own words.
    const [{ checkOutputPaths }, { besideOutput }, { graphOutOf }] = await Promise.all([import('../../output-paths.js'), import('../../testset/shards.js'), import('../../api/generate-run.js')]);
    await checkOutputPaths([
      { path: spec.output.out, label: '-o', kind: 'file' },
      { path: besideOutput(spec.output.out, '.personas.json'), label: 'personas file', kind: 'file' },
      ...(paths.length > 0 && spec.store.kind === 'memory' ? [{ path: graphOutOf(spec), label: spec.store.path ? '--graph-out' : 'graph file', kind: 'file' as const }] : []),
      ...cacheDirOf(spec.llm),
    ]);
    const [{ runGenerate }, { progressMode, progressReporter }, { renderTable }, { renderUsageTable }] = await Promise.all([
      import('../../api/generate-run.js'),
      import('../progress.js'),
      import('../table.js'),
      import('../usage-table.js'),
    ]);
    const json = flags.json === true;
    const progress = progressReporter(progressMode({ json }));
    let result: GenerateRunResult;
    try {
      result = await runGenerate(paths, spec, { onProgress: progress.onProgress });
    } finally {
      progress.stop();
    }
    const { samples: _samples, rejected: _rejected, ...rest } = result;
    process.stdout.write(`${json ? JSON.stringify(rest, null, 2) : renderGenerateSummary(result, { renderTable, renderUsageTable })}\n`);
    const shortfall = strictShortfall(result, spec.generate.strict);
    if (shortfall) throw shortfall;
  });
}
