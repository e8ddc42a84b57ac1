import { type Command, Option } from 'commander';
import { z } from 'zod';
import { NoInputError, UsageError } from '../../errors.js';
import type { GraphStats } from '../../../graph/stats.js';
import type { GraphCounts, GraphStore } from '../../../graph/store.js';
import { addNeo4jOptions } from '../graph-build-options.js';
import { parseFlags } from '../parse-flags.js';
import { renderTable } from '../table.js';
import { describeTermsRemoved } from '../hygiene-report.js';
import type { TermRule } from '../../hygiene/terms.js';
import { Neo4jOptions } from '../../../graph/stores/neo4j/options.js';
import { LEXICAL_SCHEMA_NAMES } from '../../../graph/stores/neo4j/lexical-schema.js';

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
  store: z.enum(['memory', 'neo4j']).default('memory'),
  neo4jUri: z.string().trim().min(1).optional(),
  neo4jDatabase: z.string().trim().min(1).optional(),
  top: z.coerce.number('expected a whole number').int('expected a whole number').min(0, 'must not be negative').default(10),
  json: z.boolean().default(false),
  schema: z.enum(['ragset', ...LEXICAL_SCHEMA_NAMES]).default('ragset'),
  schemaMap: z.string().trim().min(1).optional(),
});

/**
 * The graph `stats` reads: the file, or (`--store neo4j`) the graph in the database, read as
 * `generate` reads it (`--schema`: a graph another tool made, with what it lacks as notes).
 */
async function openGraphToRead(file: string | undefined, flags: z.output<typeof StatsFlags>): Promise<{ store: GraphStore; notes: string[] }> {
  if (flags.store === 'memory') {
    if (file === undefined) throw new UsageError('no graph to read', 'pass a graph file, or --store neo4j for the graph in Neo4j');
    if (flags.schema !== 'ragset') throw new UsageError(`--schema ${flags.schema} reads a graph in Neo4j`, 'add --store neo4j and drop the file');
    const { loadGraph } = await import('../../../graph/stores/graph-file.js');
    return { store: await loadGraph(file), notes: [] };
  }
  if (file !== undefined) throw new UsageError(`${file}: a graph file does not apply to --store neo4j`, 'drop the file or --store neo4j');
  if (flags.schemaMap && flags.schema === 'ragset') throw new UsageError('--schema-map adapts --schema llm-graph-builder or neo4j-graphrag', 'add --schema');
  const [{ openStore }, { storeTarget }] = await Promise.all([import('../../../graph/stores/open.js'), import('./build.js')]);
  const target = storeTarget(flags, process.cwd(), process.env);
  if (flags.schema !== 'ragset') {
    const [{ lexicalMapping }, { readLexicalGraph }] = await Promise.all([
      import('../../../graph/stores/neo4j/lexical-schema.js'),
      import('../../../graph/stores/neo4j/lexical.js'),
    ]);
    const lexical = await readLexicalGraph(target.config.kind === 'neo4j' ? target.config : {}, await lexicalMapping(flags.schema, flags.schemaMap));
    return { store: lexical.store, notes: lexical.notes };
  }
  const { store } = await openStore(target.config);
  const held = await store.counts();
  if ((held.nodes.document ?? 0) + (held.nodes.chunk ?? 0) === 0) {
    await store.close();
    throw new NoInputError(`Neo4j at ${target.graph} holds no graph`, 'build one with `ragset build --store neo4j` or `ragset graph push`');
  }
  return { store, notes: [] };
}

function registerStats(graph: Command): void {
  const command = graph
    .command('stats')
    .description('sizes, degrees, top entities and connectivity of a graph file or of the graph in Neo4j')
    .argument('[graph-file]', 'graph file written by `ragset build` (none with --store neo4j)')
    .addOption(new Option('--store <kind>', 'where the graph is').choices(['memory', 'neo4j']).default('memory'));
  addNeo4jOptions(command)
    .addOption(new Option('--schema <schema>', 'with --store neo4j: read a graph another tool made (ragset: one ragset built)').choices(['ragset', ...LEXICAL_SCHEMA_NAMES]).default('ragset'))
    .option('--schema-map <file>', 'JSON of labels and property names that adapts --schema to your graph')
    .option('--json', 'print the statistics as JSON')
    .option('--top <n>', 'how many top entities to list', '10')
    .action(async (file: string | undefined, rawFlags: Record<string, unknown>) => {
      const flags = parseFlags(StatsFlags, rawFlags, 'ragset graph stats');
      const { store, notes } = await openGraphToRead(file, flags);
      try {
        const { graphStats } = await import('../../../graph/stats.js');
        const stats = await graphStats(store, { topEntities: flags.top });
        if (flags.json) print(JSON.stringify(notes.length > 0 ? { ...stats, notes } : stats, null, 2));
        else print([renderGraphStats(stats), ...(notes.length > 0 ? ['', ...notes] : [])].join('\n'));
      } finally {
        await store.close();
      }
    });
}


interface Neo4jFlags {
  neo4jUri?: string;
  neo4jUsername?: string;
  neo4jDatabase?: string;
  neo4jTimeout?: string;
  json?: boolean;
}

/** Connection flags shared by push and pull; the password only comes from NEO4J_PASSWORD. */
function neo4jCommand(graph: Command, name: string): Command {
  return graph
    .command(name)
    .option('--neo4j-uri <uri>', 'Bolt URI (default: $NEO4J_URI)')
    .option('--neo4j-username <name>', 'user (default: $NEO4J_USERNAME; password from $NEO4J_PASSWORD)')
    .option('--neo4j-database <name>', 'database (default: $NEO4J_DATABASE or the server default)')
    .option('--neo4j-timeout <seconds>', `longest wait to connect and for the Bolt handshake (default ${Neo4jOptions.shape.timeoutSeconds.parse(undefined)})`)
    .option('--json', 'print the counts as JSON');
}

const neo4jOptions = (flags: Neo4jFlags) => ({
  uri: flags.neo4jUri,
  username: flags.neo4jUsername,
  database: flags.neo4jDatabase,
  timeoutSeconds: flags.neo4jTimeout === undefined ? undefined : Number(flags.neo4jTimeout),
});

function renderCounts(counts: GraphCounts, flags: Neo4jFlags): string {
  return flags.json
    ? JSON.stringify(counts, null, 2)
    : [renderTable(['nodes', 'count'], Object.entries(counts.nodes)), '', renderTable(['relationships', 'count'], Object.entries(counts.relationships))].join('\n');
}

function registerPush(graph: Command): void {
  neo4jCommand(graph, 'push')
    .description('copy a graph file into Neo4j')
    .argument('<graph-file>', 'graph file written by `ragset build`')
    .option('--replace', 'delete the graph Neo4j already holds first')
    .option('--merge', 'upsert over the graph Neo4j already holds')
    .action(async (file: string, flags: Neo4jFlags & { replace?: boolean; merge?: boolean }) => {
      if (flags.replace && flags.merge) throw new UsageError('--replace and --merge exclude each other', 'pass one of them');
      const existing = flags.replace ? 'replace' : flags.merge ? 'merge' : undefined;
      const { pushGraph } = await import('../../../graph/stores/neo4j/transfer.js');
      print(renderCounts(await pushGraph(file, { neo4j: neo4jOptions(flags), existing }), flags));
    });
}

function registerPull(graph: Command): void {
  neo4jCommand(graph, 'pull')
    .description('copy the graph in Neo4j into a graph file')
    .argument('<graph-file>', 'graph file to write (replaced atomically)')
    .action(async (file: string, flags: Neo4jFlags) => {
      const { pullGraph } = await import('../../../graph/stores/neo4j/transfer.js');
      print(renderCounts(await pullGraph(file, { neo4j: neo4jOptions(flags) }), flags));
    });
}

export function registerGraph(program: Command): void {
  const graph = program.command('graph').description('inspect and move knowledge graphs');
  registerStats(graph);
  registerPush(graph);
  registerPull(graph);
}
