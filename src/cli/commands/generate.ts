import { basename } from 'node:path';
import { type Command, Option } from 'commander';
import { z } from 'zod';
import type { BuildReport } from '../../../graph/build/index.js';
import type { GraphStore } from '../../../graph/store.js';
import { Neo4jOptions } from '../../../graph/stores/neo4j/options.js';
import { DEFAULT_ATTEMPTS_PER_SLOT, DEFAULT_DIFFICULTY_ATTEMPTS, type GenerateResult } from '../../../synthesizers/generate.js';
import { describeShortfalls } from '../../../synthesizers/report.js';
import { SizeCeilingSettings } from '../../../synthesizers/size-ceiling.js';
import { HOP_CHECKS } from '../../../synthesizers/verify/index.js';
import { RejectedCandidate } from '../../../synthesizers/verify/reasons.js';
import { ShortfallError, UsageError } from '../../errors.js';
import { addLlmOptions } from '../../llm/options.js';
import type { LlmClient } from '../../llm/types.js';
import { checkOutputPaths } from '../../output-paths.js';
import type { OnProgress } from '../../progress.js';
import type { RunRecord } from '../../report/run-record.js';
import { CsvOptions, ESCAPE_FORMULAS_HELP, TESTSET_FORMATS, type TestsetFormat } from '../../testset/write.js';
import { LEXICAL_SCHEMA_NAMES } from '../../../graph/stores/neo4j/lexical-schema.js';
import { DEFAULT_BLOCK_SIZE, parseShard } from '../../../synthesizers/blocks.js';
import { besideOutput, personasPath, writeShardManifest } from '../../testset/shards.js';
import { addGraphBuildOptions } from '../graph-build-options.js';
import { renderSkipped } from '../files-report.js';
import { renderGenerationHygiene, renderHygieneSummary } from '../hygiene-report.js';
import type { HygieneReport } from '../../hygiene/clean.js';
import type { Profile } from '../../profile/profile.js';
import type { Resemblance } from '../../profile/resemblance.js';
import { renderResemblance } from '../resemblance-table.js';

/**
 * `ragset generate <paths... | --graph FILE | --store neo4j> -n N`: builds the graph when given documents
 * (reusing the response cache, so a rebuild is free), generates exactly N samples, writes
 * the testset, the personas beside it and, for documents, the graph; then prints what was
 * made (requested vs achieved per synthesizer and difficulty, styles, lengths, personas) and what it cost.
 */

const GenerateFlags = z.object({
  graph: z.string().trim().min(1).optional(),
  graphOut: z.string().trim().min(1).optional(),
  size: z
    .union([z.string(), z.number()], { error: 'is required: -n N' })
    .transform(Number)
    .pipe(z.number('must be a whole number').int('must be a whole number').min(1, 'must be at least 1')),
  mix: z.string().optional(),
  difficulty: z.string().optional(),
  /** A categorizations file (YAML/JSON), or the mapping itself from the config file. */
  categories: z.union([z.string().trim().min(1), z.record(z.string(), z.unknown())]).optional(),
  /** A profile of real queries (`ragset profile`): lengths, formulation and categories to follow. */
  profile: z.string().trim().min(1).optional(),
  seed: z.string().trim().min(1, 'must not be empty').default('42'),
  out: z.string().trim().min(1).default('testset.jsonl'),
  format: z.enum(TESTSET_FORMATS).optional(),
  personas: z.string().trim().min(1).optional(),
  personaCount: z.coerce.number().int().min(1).max(50).default(5),
  styles: z.string().optional(),
  lengths: z.string().optional(),
  language: z.string().trim().min(1).optional(),
  strict: z.boolean().default(false),
  shard: z
    .string()
    .transform((text, ctx) => parseShard(text) ?? (ctx.addIssue({ code: 'custom', message: `expected i/k with 1 ≤ i ≤ k, e.g. 2/3; got ${text}` }), z.NEVER))
    .optional(),
  blockSize: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').optional(),
  /** Defaults live in the verify stage's schema (synthesizers/verify/index.ts) and generateTestset's. */
  verify: z.boolean().optional(),
  hopCheck: z.enum(HOP_CHECKS).optional(),
  attemptsPerSlot: z.coerce.number('must be a whole number').int('must be a whole number').min(1, 'must be at least 1').optional(),
  difficultyAttempts: z.coerce.number('must be a whole number').int('must be a whole number').min(1, 'must be at least 1').optional(),
  store: z.enum(['memory', 'neo4j']).default('memory'),
  schema: z.enum(['ragset', ...LEXICAL_SCHEMA_NAMES]).default('ragset'),
  schemaMap: z.string().trim().min(1).optional(),
  neo4jUri: z.string().trim().min(1).optional(),
  neo4jDatabase: z.string().trim().min(1).optional(),
  neo4jTimeout: z.coerce.number().pipe(Neo4jOptions.shape.timeoutSeconds.unwrap()).optional(),
  json: z.boolean().default(false),
  report: z.boolean().default(true),
  /** Bounds and defaults in synthesizers/size-ceiling.ts. */
  sizeCeiling: z.coerce.number().optional(),
  yes: z.boolean().optional(),
}).extend(CsvOptions.shape);
export type GenerateFlags = z.output<typeof GenerateFlags>;

const kebab = (name: PropertyKey) => String(name).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function parseGenerateFlags(raw: Record<string, unknown>): GenerateFlags {
  const result = GenerateFlags.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const flag = issue?.path[0] === undefined ? '' : `--${kebab(issue.path[0])}: `;
    throw new UsageError(`${flag}${issue?.message ?? 'invalid flags'}`, 'see `ragset generate --help`');
  }
  return result.data;
}


export interface GenerateCommandResult extends GenerateResult {
  files: { testset: string; format: TestsetFormat; personas: string; rejected: string; graph: string | null; run: string; report: string | null };
  /** The build, when the graph was built from documents. */
  build: BuildReport | null;
  /** What hygiene skipped, removed and merged, when the graph was built from documents. */
  hygiene: HygieneReport | null;
  /** With --profile: how much the testset resembles the real queries. */
  resemblance: Resemblance | null;
}

export interface GenerateContext {
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
  onProgress?: OnProgress;
}

/** Where a graph built from documents is saved. */
const graphOut = (flags: GenerateFlags) => flags.graphOut ?? besideOutput(flags.out, '.graph.ragset');

interface OpenedGraph {
  store: GraphStore;
  /** Where the built graph was saved; null for --graph. */
  savedTo: string | null;
  build: BuildReport | null;
  hygiene: HygieneReport | null;
  /** What a graph made by another tool lacks (--schema). */
  notes?: string[];
}

/**
 * The graph to generate from: the --graph file; the graph already in Neo4j (`--store neo4j`
 * and no documents); or one built from documents by `ragset build`'s own pipeline, into the
 * graph file beside the output or into Neo4j. An existing graph is built on, so a rerun on
 * the same corpus costs no LLM call and a changed corpus costs only its new chunks.
 */
async function openGraph(paths: readonly string[], rawFlags: Record<string, unknown>, flags: GenerateFlags, context: GenerateContext): Promise<OpenedGraph> {
  const [{ loadGraph }, { openStore }, { parseBuildFlags, runBuild, storeTarget }] = await Promise.all([
    import('../../../graph/stores/graph-file.js'),
    import('../../../graph/stores/open.js'),
    import('./build.js'),
  ]);
  if (flags.graph) return { store: await loadGraph(flags.graph), savedTo: null, build: null, hygiene: null };
  if (flags.schema !== 'ragset') {
    const [{ lexicalMapping }, { readLexicalGraph }] = await Promise.all([
      import('../../../graph/stores/neo4j/lexical-schema.js'),
      import('../../../graph/stores/neo4j/lexical.js'),
    ]);
    const mapping = await lexicalMapping(flags.schema, flags.schemaMap);
    const { config } = storeTarget(flags, context.cwd ?? process.cwd(), context.env ?? process.env);
    const lexical = await readLexicalGraph(config.kind === 'neo4j' ? { ...config, uri: config.uri } : {}, mapping);
    return { store: lexical.store, savedTo: null, build: null, hygiene: null, notes: lexical.notes };
  }
  const out = flags.store === 'memory' ? graphOut(flags) : undefined;
  const target = storeTarget({ ...flags, out }, context.cwd ?? process.cwd(), context.env ?? process.env);
  if (paths.length === 0) return { store: (await openStore(target.config)).store, savedTo: null, build: null, hygiene: null };
  const buildFlags = parseBuildFlags({ ...rawFlags, out });
  const built = await runBuild(paths, { ...rawFlags, ...buildFlags }, context);
  const store = flags.store === 'memory' ? await loadGraph(built.graph) : (await openStore(target.config)).store;
  return { store, savedTo: built.graph, build: built.report, hygiene: built.hygiene };
}

/** The command without argv: raw flags in, files written, data out (printing is the caller's). */
export async function runGenerate(paths: readonly string[], rawFlags: Record<string, unknown>, context: GenerateContext = {}): Promise<GenerateCommandResult> {
  const flags = parseGenerateFlags(rawFlags);
  if (paths.length > 0 && flags.graph) throw new UsageError('give documents or --graph, not both', 'e.g. ragset generate docs/ -n 50, or ragset generate --graph graph.ragset -n 50');
  if (paths.length === 0 && !flags.graph && flags.store === 'memory') {
    throw new UsageError('nothing to generate from', 'pass documents or folders, --graph FILE, or --store neo4j for the graph in Neo4j');
  }
  if (flags.graph && flags.store === 'neo4j') throw new UsageError('--graph reads a graph file; it does not apply to --store neo4j', 'drop one of them');
  if (flags.schema !== 'ragset' && (flags.store !== 'neo4j' || paths.length > 0)) {
    throw new UsageError(`--schema ${flags.schema} reads a graph already in Neo4j`, 'use it with --store neo4j and no documents');
  }
  if (flags.schemaMap && flags.schema === 'ragset') throw new UsageError('--schema-map adapts --schema llm-graph-builder or neo4j-graphrag', 'add --schema');
  if (flags.graphOut && flags.store === 'neo4j') throw new UsageError('--graph-out does not apply to --store neo4j (the graph is written to the database)');
  const [{ checkSize, generateTestset }, { parseMix }, { parseDifficultyMix }, { parseLengths, parseStyles }, { BUILTIN_SYNTHESIZERS }, personaFile, { inferTestsetFormat, writeFileAtomic, writeTestset }, { llmClientFromOptions }, { runRecordPath, stageCosts, writeRunRecord }] =
    await Promise.all([
      import('../../../synthesizers/generate.js'),
      import('../../../synthesizers/mix.js'),
      import('../../../synthesizers/difficulty-mix.js'),
      import('../../../synthesizers/query-style.js'),
      import('../../../synthesizers/registry.js'),
      import('../../../synthesizers/persona-file.js'),
      import('../../testset/write.js'),
      import('../../llm/options.js'),
      import('../../report/run-record.js'),
    ]);
  // Every usage error before any token is spent.
  parseMix(flags.mix, BUILTIN_SYNTHESIZERS);
  if (flags.difficulty !== undefined) parseDifficultyMix(flags.difficulty);
  parseStyles(flags.styles);
  parseLengths(flags.lengths);
  const categorizations = await (await import('../../../synthesizers/categories.js')).resolveCategorizations(flags.categories);
  const profile = flags.profile ? await (await import('../../profile/file.js')).readProfileFile(flags.profile) : undefined;
  const format = flags.format ?? inferTestsetFormat(flags.out);
  const personas = flags.personas ? await personaFile.readPersonasFile(flags.personas) : undefined;
  await checkOutputPaths([
    { path: flags.out, label: '-o', kind: 'file' },
    { path: besideOutput(flags.out, '.personas.json'), label: 'personas file', kind: 'file' },
    ...(paths.length > 0 && flags.store === 'memory' ? [{ path: graphOut(flags), label: flags.graphOut ? '--graph-out' : 'graph file', kind: 'file' as const }] : []),
  ]);
  const llm = await llmClientFromOptions(rawFlags, context.env, { cwd: context.cwd });
  const sizeSettings = { size: flags.size, sizeCeiling: flags.sizeCeiling, yes: flags.yes, verify: flags.verify, shard: flags.shard };
  checkSize(sizeSettings, llm);

  const graph = await openGraph(paths, rawFlags, flags, context);
  let result: GenerateResult;
  let report: string | null = null;
  let resemblance: Resemblance | null = null;
  let runRecord: RunRecord;
  try {
    result = await generateTestset({
      store: graph.store,
      llm,
      size: flags.size,
      mix: flags.mix,
      difficulty: flags.difficulty,
      categorizations,
      profile,
      seed: flags.seed,
      styles: flags.styles,
      lengths: flags.lengths,
      personas,
      personaCount: flags.personaCount,
      language: flags.language ?? null,
      verify: flags.verify,
      hopCheck: flags.hopCheck,
      attemptsPerSlot: flags.attemptsPerSlot,
      difficultyAttempts: flags.difficultyAttempts,
      concurrency: llmConcurrency(rawFlags),
      shard: flags.shard,
      blockSize: flags.blockSize,
      sizeCeiling: flags.sizeCeiling,
      yes: flags.yes,
      onProgress: context.onProgress,
    });
    if (graph.notes) result.report.notes.unshift(...graph.notes);
    // The run record is what generation planned and spent; the report adds its own calls as a phase of its own.
    runRecord = runRecordOf(result, graph.build, stageCosts);
    if (flags.report) {
      ({ html: report, resemblance } = await createReportHtml(result, runRecord, graph.store, llm, flags.out, profile));
      // The report embeds the questions: the printed usage counts those calls too.
      result = { ...result, report: { ...result.report, usage: llm.usage() } };
    }
    else if (profile) resemblance = (await import('../../profile/resemblance.js')).resemblance(profile, { questions: result.samples.map((s) => s.user_input), categories: result.samples.map((s) => s.categories) });
  } finally {
    await graph.store.close();
  }
  const files = { testset: flags.out, format, personas: personasPath(flags.out), rejected: besideOutput(flags.out, '.rejected.jsonl'), graph: graph.savedTo, run: runRecordPath(flags.out), report: flags.report ? besideOutput(flags.out, '.report.html') : null };
  await writeTestset(result.samples, files.testset, format, { escapeFormulas: flags.escapeFormulas });
  await personaFile.writePersonasFile(files.personas, result.personas);
  // Rejected candidates with their reasons, for reading what verification threw away.
  await writeFileAtomic(files.rejected, result.rejected.map((candidate) => `${JSON.stringify(RejectedCandidate.parse(candidate))}\n`).join(''));
  const { shard } = result.report;
  if (shard) {
    const { index, count } = shard;
    await writeShardManifest(files.testset, { plan: shard.plan, seed: result.report.seed, size: flags.size, shard: { index, count }, slots: shard.slots, samples: result.samples.length });
  }
  await writeRunRecord(files.run, runRecord);
  if (files.report && report !== null) await writeFileAtomic(files.report, report);
  return { ...result, files, build: graph.build, hygiene: graph.hygiene, resemblance };
}

/** What the run planned and spent, for `<out>.run.json` and the report. */
function runRecordOf(result: GenerateResult, build: BuildReport | null, stageCosts: typeof import('../../report/run-record.js').stageCosts): RunRecord {
  const { report } = result;
  return {
    seed: report.seed,
    size: report.size,
    requested: {
      synthesizer_name: report.requested,
      query_style: report.planned.styles,
      query_length: report.planned.lengths,
      ...Object.fromEntries(Object.entries(report.categories?.requested ?? {}).map(([dimension, counts]) => [`categories.${dimension}`, counts])),
    },
    offered: { persona_name: result.personas.map((persona) => persona.name) },
    costs: [...(build ? stageCosts('build', build.usage) : []), ...stageCosts('generate', report.usage)],
    notes: report.notes,
  };
}

/** The report of the samples just made, with the graph they came from (questions embedded by the run's model). */
async function createReportHtml(result: GenerateResult, run: RunRecord, store: GraphStore, llm: LlmClient, out: string, profile: Profile | undefined) {
  const { createReport } = await import('../../api/report.js');
  const { html, data } = await createReport({ title: basename(out), samples: result.samples, run, store, llm, profile });
  return { html, resemblance: data.resemblance };
}

/** Samples in flight follow --concurrency, so the LLM client's limit is the only one that binds. */
function llmConcurrency(rawFlags: Record<string, unknown>): number | undefined {
  const value = Number(rawFlags.concurrency);
  return Number.isInteger(value) && value >= 1 ? value : undefined;
}

/** `--strict` and a shortfall: exit 6 after the testset is written. */
export function strictShortfall(result: GenerateCommandResult, flags: GenerateFlags): ShortfallError | undefined {
  const { shortfalls, size, difficultyMix } = result.report;
  const cells = difficultyMix?.shortfalls ?? [];
  if (!flags.strict || (shortfalls.length === 0 && cells.length === 0 && result.samples.length >= size)) return undefined;
  const what = shortfalls.length + cells.length > 0 ? describeShortfalls(shortfalls, cells) : `${result.samples.length}/${size}`;
  return new ShortfallError(`--strict: fewer samples than asked (${what}); ${result.files.testset} was written`, 'add documents, change --mix, or drop --strict');
}

type Renderers = { renderTable: typeof import('../table.js').renderTable; renderUsageTable: typeof import('../usage-table.js').renderUsageTable };

export function renderGenerateSummary(result: GenerateCommandResult, { renderTable, renderUsageTable }: Renderers): string {
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
    .argument('[paths...]', 'documents or folders to build the graph from')
    .option('--graph <file>', 'use a graph built by `ragset build` instead of documents')
    .option('-n, --size <n>', 'number of samples to generate (required)')
    .option('--mix <spec>', 'synthesizer weights, e.g. single=0.5,ms=0.25,ma=0.25 (default)')
    .option('--profile <file>', 'follow a profile of real queries (`ragset profile`): exact length, formulation and category shares; prints the resemblance')
    .option('--categories <file>', 'categorizations (YAML/JSON): dimensions of {name, probability, description}, each with exact counts')
    .option('--difficulty <spec>', 'exact shares of retrieval difficulty, e.g. easy=0.3,medium=0.4,hard=0.3 (default: labelled, not steered)')
    .option('--seed <seed>', 'seed of every random choice (same seed + cache → same file)', '42')
    .option('-o, --out <file>', 'testset file', 'testset.jsonl')
    .addOption(new Option('--format <format>', 'testset format (default: from the file extension)').choices(TESTSET_FORMATS))
    .option('--no-escape-formulas', ESCAPE_FORMULAS_HELP)
    .option('--personas <file>', 'personas to use (JSON or JSONL of {name, role_description}) instead of deriving them')
    .option('--persona-count <k>', 'most personas derived from the graph', '5')
    .option('--styles <list>', 'query styles: perfect_grammar,poor_grammar,misspelled,web_search_like')
    .option('--lengths <list>', 'query lengths: short,medium,long')
    .option('--language <language>', 'write questions and answers in this language (default: that of the documents)')
    .option('--strict', 'exit 6 when some kind has fewer samples than its share (the testset is still written)')
    .option('--shard <i/k>', 'make only slice i of k of the plan (same -n and --seed on every shard); join the slices with `ragset merge`')
    .option('--block-size <n>', `slots run together and checked together for near-duplicate questions; shards split on blocks (default ${DEFAULT_BLOCK_SIZE})`)
    .option('--size-ceiling <n>', SizeCeilingSettings.shape.sizeCeiling.description)
    .option('--yes', SizeCeilingSettings.shape.yes.description)
    .option('--no-verify', 'keep samples without the verify stage (no verify calls; samples say verification: null)')
    .addOption(new Option('--hop-check <mode>', 'multi-hop check: support (a context must support a statement, default) or ablation (strict: k more calls, leave-one-out)').choices(HOP_CHECKS))
    .option('--attempts-per-slot <n>', `candidates tried per sample before its kind is reported short (default ${DEFAULT_ATTEMPTS_PER_SLOT})`)
    .option('--difficulty-attempts <n>', `candidates of another difficulty a --difficulty slot sees before it takes any (default ${DEFAULT_DIFFICULTY_ATTEMPTS})`)
    .option('--graph-out <file>', 'where to save the graph built from documents (default: <out>.graph.ragset)')
    .addOption(new Option('--schema <schema>', 'with --store neo4j: read a graph another tool made (ragset: one ragset built)').choices(['ragset', ...LEXICAL_SCHEMA_NAMES]).default('ragset'))
    .option('--schema-map <file>', 'JSON of labels and property names that adapts --schema to your graph')
    .addOption(new Option('--store <kind>', 'graph store; neo4j without documents generates from the graph already there').choices(['memory', 'neo4j']).default('memory'))
    .option('--no-report', 'do not write the HTML quality report <out>.report.html')
    .option('--json', 'print the report as JSON');
  addLlmOptions(addGraphBuildOptions(command, ' (documents only)')).action(async (paths: string[], rawFlags: Record<string, unknown>) => {
    const flags = parseGenerateFlags(rawFlags);
    const [{ progressMode, progressReporter }, { renderTable }, { renderUsageTable }] = await Promise.all([
      import('../progress.js'),
      import('../table.js'),
      import('../usage-table.js'),
    ]);
    const progress = progressReporter(progressMode({ json: flags.json }));
    let result: GenerateCommandResult;
    try {
      result = await runGenerate(paths, rawFlags, { onProgress: progress.onProgress });
    } finally {
      progress.stop();
    }
    const { samples: _samples, rejected: _rejected, ...rest } = result;
    process.stdout.write(`${flags.json ? JSON.stringify(rest, null, 2) : renderGenerateSummary(result, { renderTable, renderUsageTable })}\n`);
    const shortfall = strictShortfall(result, flags);
    if (shortfall) throw shortfall;
  });
}
