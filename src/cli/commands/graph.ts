import { type Command, Option } from 'commander';
import { z } from 'zod';
import { NoInputError, UsageError } from '../../errors.js';
import type { GraphStats } from '../../../graph/stats.js';
import type { GraphCounts, GraphStore } from '../../../graph/store.js';
import { StoreOptions } from '../../../graph/stores/open.js';
import { outputOptions, withExamples } from '../help.js';
import { parseStage } from '../run-spec.js';
import { addStageOptions, optionOf } from '../schema-options.js';
import { neo4jFields, storeFlags } from '../stage-flags.js';
import { neo4jSettings } from '../../api/store-target.js';
import { checkStoreFlags } from '../store-flags.js';
import { parseFlags } from '../parse-flags.js';
import { renderTable } from '../table.js';
import { describeTermsRemoved } from '../hygiene-report.js';
import type { TermRule } from '../../hygiene/terms.js';

/**
 * `ragset graph <subcommand>`: inspect and move knowledge graphs. Each subcommand is one
 * `register…` function below, attached in `registerGraph`.
 */

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

const fixed = (value: number) => Number(value.toFixed(2));

const SET_ASIDE_WHY: Record<TermRule, string> = {
  non_content: 'not content',
  navigation: 'navigation',
  frequent: 'in too many chunks',
};

export function renderGraphStats(stats: GraphStats): string {
  const { chunks, components } = stats;
  const kinds = stats.degrees.map((degree) => degree.kind);
  const buckets = stats.degrees.reduce((longest, d) => (d.histogram.length > longest.length ? d.histogram : longest), [] as GraphStats['degrees'][number]['histogram']);
  return [
    renderTable(['nodes', 'count'], Object.entries(stats.nodes)),
    '',
    renderTable(['relationships', 'count'], Object.entries(stats.relationships)),
    '',
    `chunks: ${chunks.total} (${chunks.extracted} extracted, ${chunks.pending} pending, ${chunks.failed} failed); ` +
      `${stats.isolatedChunks} isolated; ${components.count} connected components, the largest with ${components.largest} chunks`,
    '',
    renderTable(
      ['degree per chunk', 'min', 'median', 'p90', 'max', 'mean'],
      stats.degrees.map((d) => [d.kind, d.min, d.median, d.p90, d.max, fixed(d.mean)]),
    ),
    '',
    renderTable(
      ['degree', ...kinds],
      buckets.map(({ bucket }, i) => [bucket, ...stats.degrees.map((d) => d.histogram[i]?.chunks ?? 0)]),
    ),
    '',
    stats.topEntities.length + stats.setAsideEntities.length === 0
      ? 'no entities extracted'
      : renderTable(['top entities', 'key', 'chunks'], stats.topEntities.map((e) => [e.name, e.key, e.chunks])),
    ...(stats.setAsideEntities.length === 0
      ? []
      : [
          '',
          `set aside as bridges and persona names: ${describeTermsRemoved(stats.setAsideByRule)}; the most frequent:`,
          renderTable(['entity', 'key', 'chunks', 'why'], stats.setAsideEntities.map((e) => [e.name, e.key, e.chunks, SET_ASIDE_WHY[e.rule]])),
        ]),
  ].join('\n');
}

const StatsFlags = z.object({
  top: z.coerce.number('expected a whole number').int('expected a whole number').min(0, 'must not be negative').default(10).describe('how many top entities to list'),
});

/**
 * The graph `stats` reads: the file, or (`--store neo4j`) the graph in the database, read as
 * `generate` reads it (`--schema`: a graph another tool made, with what it lacks as notes).
 */
async function openGraphToRead(file: string | undefined, store: StoreOptions): Promise<{ store: GraphStore; notes: string[] }> {
  if (store.kind === 'memory') {
    if (file === undefined) throw new UsageError('no graph to read', 'pass a graph file, or --store neo4j for the graph in Neo4j');
    if (store.schema !== 'ragset') throw new UsageError(`--schema ${store.schema} reads a graph in Neo4j`, 'add --store neo4j and drop the file');
    const { loadGraph } = await import('../../../graph/stores/graph-file.js');
    return { store: await loadGraph(file), notes: [] };
  }
  if (file !== undefined) throw new UsageError(`${file}: a graph file does not apply to --store neo4j`, 'drop the file or --store neo4j');
  if (store.schemaMap && store.schema === 'ragset') throw new UsageError('--schema-map adapts --schema llm-graph-builder or neo4j-graphrag', 'add --schema');
  const [{ openStore }, { storeTarget }] = await Promise.all([import('../../../graph/stores/open.js'), import('../../api/store-target.js')]);
  const target = storeTarget(store, process.cwd(), process.env);
  if (store.schema !== 'ragset') {
    const [{ lexicalMapping }, { readLexicalGraph }] = await Promise.all([
      import('../../../graph/stores/neo4j/lexical-schema.js'),
      import('../../../graph/stores/neo4j/lexical.js'),
    ]);
    const lexical = await readLexicalGraph(target.config.kind === 'neo4j' ? target.config : {}, await lexicalMapping(store.schema, store.schemaMap));
    return { store: lexical.store, notes: lexical.notes };
  }
  const opened = await openStore(target.config);
  const held = await opened.store.counts();
  if ((held.nodes.document ?? 0) + (held.nodes.chunk ?? 0) === 0) {
    await opened.store.close();
    throw new NoInputError(`Neo4j at ${target.graph} holds no graph`, 'build one with `ragset build --store neo4j` or `ragset graph push`');
  }
  return { store: opened.store, notes: [] };
}

function registerStats(graph: Command): void {
  const command = graph
    .command('stats')
    .description('sizes, degrees, top entities and connectivity of a graph file or of the graph in Neo4j')
    .argument('[graph-file]', 'graph file written by `ragset build` (none with --store neo4j)');
  addStageOptions(command, [storeFlags(undefined, { schema: { placeholder: '<schema>' }, schemaMap: { placeholder: '<file>' } })]);
  command.addOption(optionOf('top', StatsFlags.shape.top, {}, 'Output'));
  outputOptions(command, 'the statistics');
  withExamples(command, ['ragset graph stats graph.ragset', 'ragset graph stats --store neo4j --top 20 --json', 'ragset graph stats --store neo4j --schema llm-graph-builder']);
  command.action(async (file: string | undefined, rawFlags: Record<string, unknown>) => {
    const flags = parseFlags(StatsFlags, rawFlags, 'ragset graph stats');
    const store = parseStage(command, 'store');
    checkStoreFlags(command, store, { path: 'does not apply here' });
    const { store: graphStore, notes } = await openGraphToRead(file, store);
    try {
      const { graphStats } = await import('../../../graph/stats.js');
      const stats = await graphStats(graphStore, { topEntities: flags.top });
      if (rawFlags.json) print(JSON.stringify(notes.length > 0 ? { ...stats, notes } : stats, null, 2));
      else print([renderGraphStats(stats), ...(notes.length > 0 ? ['', ...notes] : [])].join('\n'));
    } finally {
      await graphStore.close();
    }
  });
}

/** Connection flags shared by push and pull; the password only comes from NEO4J_PASSWORD. */
function neo4jCommand(graph: Command, name: string): Command {
  const command = graph.command(name);
  addStageOptions(command, [{ stage: 'store', schema: StoreOptions, group: 'Graph', fields: neo4jFields }]);
  command.addOption(new Option('--neo4j-username <name>', 'user (default: $NEO4J_USERNAME; password from $NEO4J_PASSWORD)').helpGroup('Graph:'));
  return outputOptions(command, 'the counts');
}

function neo4jOptions(command: Command) {
  const store = parseStage(command, 'store');
  return { uri: store.neo4jUri, username: command.opts<{ neo4jUsername?: string }>().neo4jUsername, database: store.neo4jDatabase, ...neo4jSettings(store) };
}

function renderCounts(counts: GraphCounts, flags: { json?: boolean }): string {
  return flags.json
    ? JSON.stringify(counts, null, 2)
    : [renderTable(['nodes', 'count'], Object.entries(counts.nodes)), '', renderTable(['relationships', 'count'], Object.entries(counts.relationships))].join('\n');
}

function registerPush(graph: Command): void {
  const command = neo4jCommand(graph, 'push')
    .description('copy a graph file into Neo4j')
    .argument('<graph-file>', 'graph file written by `ragset build`')
    .addOption(new Option('--replace', 'delete the graph Neo4j already holds first').helpGroup('Graph:'))
    .addOption(new Option('--merge', 'upsert over the graph Neo4j already holds').helpGroup('Graph:'));
  withExamples(command, ['ragset graph push graph.ragset --neo4j-uri bolt://localhost:7687', 'ragset graph push graph.ragset --replace']);
  command.action(async (file: string, flags: { json?: boolean; replace?: boolean; merge?: boolean }) => {
    if (flags.replace && flags.merge) throw new UsageError('--replace and --merge exclude each other', 'pass one of them');
    const existing = flags.replace ? 'replace' : flags.merge ? 'merge' : undefined;
    const { pushGraph } = await import('../../../graph/stores/neo4j/transfer.js');
    print(renderCounts(await pushGraph(file, { neo4j: neo4jOptions(command), existing }), flags));
  });
}

function registerPull(graph: Command): void {
  const command = neo4jCommand(graph, 'pull')
    .description('copy the graph in Neo4j into a graph file')
    .argument('<graph-file>', 'graph file to write (replaced atomically)');
  withExamples(command, ['ragset graph pull graph.ragset --neo4j-uri bolt://localhost:7687', 'ragset graph pull copy.ragset --neo4j-database testsets']);
  command.action(async (file: string, flags: { json?: boolean }) => {
    const { pullGraph } = await import('../../../graph/stores/neo4j/transfer.js');
    print(renderCounts(await pullGraph(file, { neo4j: neo4jOptions(command) }), flags));
  });
}

export function registerGraph(program: Command): void {
  const graph = program.command('graph').description('inspect and move knowledge graphs');
  registerStats(graph);
  registerPush(graph);
  registerPull(graph);
}
