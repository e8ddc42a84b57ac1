import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { GraphStats } from '../../../graph/stats.js';
import type { GraphCounts } from '../../../graph/store.js';
import { renderTable } from '../table.js';

/**
 * `ragset graph <subcommand>`: inspect and move knowledge graphs. Each subcommand is one
 * `register…` function below, attached in `registerGraph`.
 */

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

const fixed = (value: number) => Number(value.toFixed(2));

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
    stats.topEntities.length === 0
      ? 'no entities extracted'
      : renderTable(['top entities', 'key', 'chunks'], stats.topEntities.map((e) => [e.name, e.key, e.chunks])),
  ].join('\n');
}

function registerStats(graph: Command): void {
  graph
    .command('stats')
    .description('sizes, degrees, top entities and connectivity of a graph file')
    .argument('<graph-file>', 'graph file written by `ragset build`')
    .option('--json', 'print the statistics as JSON')
    .option('--top <n>', 'how many top entities to list', '10')
    .action(async (file: string, flags: { json?: boolean; top: string }) => {
      const top = Number(flags.top);
      if (!Number.isInteger(top) || top < 0) throw new UsageError(`--top: expected a whole number, got ${flags.top}`, 'see `ragset graph stats --help`');
      const [{ loadGraph }, { graphStats }] = await Promise.all([import('../../../graph/stores/graph-file.js'), import('../../../graph/stats.js')]);
      const store = await loadGraph(file);
      const stats = await graphStats(store, { topEntities: top });
      print(flags.json ? JSON.stringify(stats, null, 2) : renderGraphStats(stats));
    });
}

interface Neo4jFlags {
  neo4jUri?: string;
  neo4jUsername?: string;
  neo4jDatabase?: string;
  json?: boolean;
}

/** Connection flags shared by push and pull; the password only comes from NEO4J_PASSWORD. */
function neo4jCommand(graph: Command, name: string): Command {
  return graph
    .command(name)
    .option('--neo4j-uri <uri>', 'Bolt URI (default: $NEO4J_URI)')
    .option('--neo4j-username <name>', 'user (default: $NEO4J_USERNAME; password from $NEO4J_PASSWORD)')
    .option('--neo4j-database <name>', 'database (default: $NEO4J_DATABASE or the server default)')
    .option('--json', 'print the counts as JSON');
}

const neo4jOptions = (flags: Neo4jFlags) => ({ uri: flags.neo4jUri, username: flags.neo4jUsername, database: flags.neo4jDatabase });

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
