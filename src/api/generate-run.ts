import { basename } from 'node:path';
import type { BuildReport } from '../../graph/builder/index.js';
import type { StoreOptions } from '../../graph/stores/open.js';
import type { GraphStore } from '../../graph/store.js';
import type { GenerateOptions } from '../../synthesizers/generate-options.js';
import type { GenerateResult } from '../../synthesizers/generate.js';
import type { HygieneReport } from '../hygiene/clean.js';
import type { Profile } from '../profile/profile.js';
import type { Resemblance } from '../profile/resemblance.js';
import type { LlmClient } from '../llm/types.js';
import { checkOutputPaths } from '../output-paths.js';
import type { RunRecord } from '../report/run-record.js';
import { besideOutput, personasPath, writeShardManifest } from '../testset/shards.js';
import type { OutputOptions, TestsetFormat } from '../testset/write.js';
import { type BuildSpec, buildInto, type RunContext } from './build.js';
import type { z } from 'zod';
import type { InputOptions } from './spec.js';
import { storeTarget } from './store-target.js';

/**
 * `runGenerate`: documents (built into a graph on the way, reusing the response cache, so a
 * rebuild is free), a graph file, or the graph in Neo4j in; exactly N samples out, written
 * with the personas, the rejected candidates, the run record and the HTML report beside them.
 */
export interface GenerateSpec extends BuildSpec {
  input: z.output<typeof InputOptions>;
  generate: GenerateOptions;
  output: OutputOptions;
}

export interface GenerateRunResult extends GenerateResult {
  files: { testset: string; format: TestsetFormat; personas: string; rejected: string; graph: string | null; run: string; report: string | null };
  /** The build, when the graph was built from documents. */
  build: BuildReport | null;
  /** What hygiene skipped, removed and merged, when the graph was built from documents. */
  hygiene: HygieneReport | null;
  /** With a profile: how much the testset resembles the real queries. */
  resemblance: Resemblance | null;
}

/** Where a graph built from documents is saved. */
export const graphOutOf = (spec: Pick<GenerateSpec, 'store' | 'output'>) => spec.store.path ?? besideOutput(spec.output.out, '.graph.ragset');

interface OpenedGraph {
  store: GraphStore;
  /** Where the built graph was saved; null when it was read. */
  savedTo: string | null;
  build: BuildReport | null;
  hygiene: HygieneReport | null;
  /** What a graph made by another tool lacks (`schema`). */
  notes?: string[];
}

/**
 * The graph to generate from: the graph file; the graph already in Neo4j (store neo4j and no
 * documents); or one built from documents, into the graph file beside the output or into
 * Neo4j, and generated from without reading it back. An existing graph is built on, so a rerun
 * on the same corpus costs no LLM call and a changed corpus costs only its new chunks.
 */
async function openGraph(paths: readonly string[], spec: GenerateSpec, context: RunContext): Promise<OpenedGraph> {
  const [{ loadGraph }, { openStore }] = await Promise.all([import('../../graph/stores/graph-file.js'), import('../../graph/stores/open.js')]);
  const cwd = context.cwd ?? process.cwd();
  const env = context.env ?? process.env;
  if (spec.input.graph) return { store: await loadGraph(spec.input.graph), savedTo: null, build: null, hygiene: null };
  if (spec.store.schema !== 'ragset') {
    const [{ lexicalMapping }, { readLexicalGraph }] = await Promise.all([
      import('../../graph/stores/neo4j/lexical-schema.js'),
      import('../../graph/stores/neo4j/lexical.js'),
    ]);
    const mapping = await lexicalMapping(spec.store.schema, spec.store.schemaMap);
    const { config } = storeTarget(spec.store, cwd, env);
    const lexical = await readLexicalGraph(config.kind === 'neo4j' ? { ...config, uri: config.uri } : {}, mapping);
    return { store: lexical.store, savedTo: null, build: null, hygiene: null, notes: lexical.notes };
  }
  const store: StoreOptions = spec.store.kind === 'memory' ? { ...spec.store, path: graphOutOf(spec) } : spec.store;
  if (paths.length === 0) return { store: (await openStore(storeTarget(store, cwd, env).config)).store, savedTo: null, build: null, hygiene: null };
  const built = await buildInto(paths, { ...spec, store }, context);
  return { store: built.opened.store, savedTo: built.graph, build: built.report, hygiene: built.hygiene };
}

/** The categorizations file, when one is named; it replaces `generate.categorizations`. */
async function resolveCategorizations(categories: GenerateSpec['input']['categories']) {
  if (categories === undefined) return undefined;
  const { readCategoriesFile } = await import('../../synthesizers/categories.js');
  return readCategoriesFile(categories);
}

/** What the run planned and spent, for `<out>.run.json` and the report. */
function runRecordOf(result: GenerateResult, build: BuildReport | null, stageCosts: typeof import('../report/run-record.js').stageCosts): RunRecord {
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
  const { createReport } = await import('./report.js');
  const { html, data } = await createReport({ title: basename(out), samples: result.samples, run, store, llm, profile });
  return { html, resemblance: data.resemblance };
}

export async function runGenerate(paths: readonly string[], spec: GenerateSpec, context: RunContext = {}): Promise<GenerateRunResult> {
  const [{ checkSize, generateFromStore }, { parseMix }, { parseDifficultyMix }, { parseLengths, parseStyles }, { BUILTIN_SYNTHESIZERS }, personaFile, { inferTestsetFormat, writeFileAtomic, writeTestset }, { llmClientFromOptions }, { runRecordPath, stageCosts, writeRunRecord }, { RejectedCandidate }] =
    await Promise.all([
      import('../../synthesizers/generate.js'),
      import('../../synthesizers/mix.js'),
      import('../../synthesizers/difficulty-mix.js'),
      import('../../synthesizers/query-style.js'),
      import('../../synthesizers/registry.js'),
      import('../../synthesizers/persona-file.js'),
      import('../testset/write.js'),
      import('../llm/options.js'),
      import('../report/run-record.js'),
      import('../../synthesizers/verify/reasons.js'),
    ]);
  const { generate, output } = spec;
  // Every usage error before any token is spent.
  parseMix(generate.mix, BUILTIN_SYNTHESIZERS);
  if (generate.difficulty !== undefined) parseDifficultyMix(generate.difficulty);
  parseStyles(generate.styles);
  parseLengths(generate.lengths);
  const format = output.format ?? inferTestsetFormat(output.out);
  const personas = spec.input.personas ? await personaFile.readPersonasFile(spec.input.personas) : undefined;
  const categorizations = await resolveCategorizations(spec.input.categories);
  const profile = spec.input.profile ? await (await import('../profile/file.js')).readProfileFile(spec.input.profile) : undefined;
  const building = paths.length > 0 && spec.store.kind === 'memory';
  await checkOutputPaths([
    { path: output.out, label: 'testset file', kind: 'file' },
    { path: besideOutput(output.out, '.personas.json'), label: 'personas file', kind: 'file' },
    ...(building ? [{ path: graphOutOf(spec), label: 'graph file', kind: 'file' as const }] : []),
  ]);
  const llm = await llmClientFromOptions(spec.llm, context.env, { cwd: context.cwd });
  // Before the build, which already spends.
  checkSize(generate, llm);

  const graph = await openGraph(paths, spec, context);
  let result: GenerateResult;
  let report: string | null = null;
  let resemblance: Resemblance | null = null;
  let runRecord: RunRecord;
  try {
    // `strict` is answered after the files are written (the caller sees `strictShortfall`), so the samples are never lost.
    result = await generateFromStore({ ...generate, ...(categorizations ? { categorizations } : {}), strict: false, store: graph.store, llm, personas, profile, onProgress: context.onProgress });
    if (graph.notes) result.report.notes.unshift(...graph.notes);
    // The run record is what generation planned and spent; the report adds its own calls as a phase of its own.
    runRecord = runRecordOf(result, graph.build, stageCosts);
    if (output.report) {
      ({ html: report, resemblance } = await createReportHtml(result, runRecord, graph.store, llm, output.out, profile));
      // The report embeds the questions: the printed usage counts those calls too.
      result = { ...result, report: { ...result.report, usage: llm.usage() } };
    } else if (profile) {
      const questions = { questions: result.samples.map((s) => s.user_input), categories: result.samples.map((s) => s.categories) };
      resemblance = (await import('../profile/resemblance.js')).resemblance(profile, questions);
    }
  } finally {
    await graph.store.close();
  }
  const files = {
    testset: output.out,
    format,
    personas: personasPath(output.out),
    rejected: besideOutput(output.out, '.rejected.jsonl'),
    graph: graph.savedTo,
    run: runRecordPath(output.out),
    report: output.report ? besideOutput(output.out, '.report.html') : null,
  };
  await writeTestset(result.samples, files.testset, format, { escapeFormulas: output.escapeFormulas });
  await personaFile.writePersonasFile(files.personas, result.personas);
  // Rejected candidates with their reasons, for reading what verification threw away.
  await writeFileAtomic(files.rejected, result.rejected.map((candidate) => `${JSON.stringify(RejectedCandidate.parse(candidate))}\n`).join(''));
  const { shard } = result.report;
  if (shard) {
    const { index, count } = shard;
    await writeShardManifest(files.testset, { plan: shard.plan, seed: result.report.seed, size: generate.size, shard: { index, count }, slots: shard.slots, samples: result.samples.length });
  }
  await writeRunRecord(files.run, runRecord);
  if (files.report && report !== null) await writeFileAtomic(files.report, report);
  return { ...result, files, build: graph.build, hygiene: graph.hygiene, resemblance };
}
