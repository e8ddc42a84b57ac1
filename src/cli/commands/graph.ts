import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import type { GraphStats } from '../../../graph/stats.js';
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

export function registerGraph(program: Command): void {
  const graph = program.command('graph').description('inspect and move knowledge graphs');
  registerStats(graph);
}
