import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { z } from 'zod';
import type { BuildReport } from '../../../graph/build/index.js';
import type { StoreConfig } from '../../../graph/stores/open.js';
import type { IngestFileSummary } from '../../chunking/ingest.js';
import { RagsetError, UsageError } from '../../errors.js';
import { addLlmOptions } from '../../llm/options.js';
import { renderFilesTable, renderFormatsTable, renderSkipped } from '../files-report.js';
import { addGraphBuildOptions } from '../graph-build-options.js';
import { HygieneFlags, hygieneOptions } from '../hygiene-flags.js';
import { describeTermsRemoved, renderHygieneSummary } from '../hygiene-report.js';
import type { HygieneReport } from '../../hygiene/clean.js';
import type { OnProgress } from '../../progress.js';
import { Neo4jOptions } from '../../../graph/stores/neo4j/options.js';
import { checkOutputPath } from '../../output-paths.js';

/**
 * `ragset build <paths...> -o graph.ragset`: load and chunk the documents, build the
 * knowledge graph (one extraction call per new chunk), save it, and report files, failed
 * chunks, relationships and what the model calls cost. Rerunning continues an interrupted
 * build and re-extracts only chunks that changed.
 */

const BuildFlags = z
  .object({
    out: z.string().trim().min(1).optional(),
    store: z.enum(['memory', 'neo4j']).default('memory'),
    neo4jUri: z.string().trim().min(1).optional(),
    neo4jDatabase: z.string().trim().min(1).optional(),
    neo4jTimeout: z.coerce.number().pipe(Neo4jOptions.shape.timeoutSeconds.unwrap()).optional(),
    include: z.array(z.string().min(1)).default([]),
    exclude: z.array(z.string().min(1)).default([]),
    maxTokens: z.coerce.number().int('must be a whole number').min(16, 'must be at least 16').default(512),
    overlap: z.coerce.number().int('must be a whole number').min(0, 'must not be negative').default(64),
    similarTopK: z.coerce.number().int('must be a whole number').min(0, 'must not be negative').max(100).optional(),
    similarMinScore: z.coerce.number().min(-1, 'must be between -1 and 1').max(1, 'must be between -1 and 1').optional(),
    sharedMinScore: z.coerce.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').optional(),
    json: z.boolean().default(false),
    ...HygieneFlags.shape,
  })
  .refine((flags) => flags.overlap <= flags.maxTokens / 2, {
    message: 'must be at most half of --max-tokens',
    path: ['overlap'],
  })
  .refine((flags) => flags.store === 'neo4j' || (flags.neo4jUri === undefined && flags.neo4jDatabase === undefined && flags.neo4jTimeout === undefined), {
    message: 'applies only with --store neo4j',
    path: ['neo4jUri'],
  })
  .refine((flags) => flags.store === 'memory' || flags.out === undefined, {
    message: 'does not apply to --store neo4j (the graph is written to the database)',
    path: ['out'],
  });
export type BuildFlags = z.output<typeof BuildFlags>;

const kebab = (name: PropertyKey) => String(name).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function parseBuildFlags(raw: Record<string, unknown>): BuildFlags {
  const result = BuildFlags.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const flag = issue?.path[0] === undefined ? '' : `--${kebab(issue.path[0])}: `;
    throw new UsageError(`${flag}${issue?.message ?? 'invalid flags'}`, 'see `ragset build --help`');
  }
  return result.data;
}

export const DEFAULT_GRAPH_FILE = 'graph.ragset';

export interface BuildCommandResult {
  /** Where the graph is: the graph file, or the Neo4j database. */
  graph: string;
  files: IngestFileSummary[];
  /** Chunks dropped because the same text was already chunked. */
  duplicates: number;
  /** What hygiene skipped, removed and merged before chunks reached the graph. */
  hygiene: HygieneReport;
  report: BuildReport;
}

export interface BuildContext {
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
  onProgress?: OnProgress;
  /** Stops the build after the work in flight is saved. */
  signal?: AbortSignal;
}

/** The command without argv: flags in, graph written, data out (printing is the caller's). */
export async function runBuild(
  paths: readonly string[],
  flags: BuildFlags & Record<string, unknown>,
  context: BuildContext = {},
): Promise<BuildCommandResult> {
  const [{ ingest }, { requireDocuments }, { llmClientFromOptions }, { openStore }, { buildGraph }] = await Promise.all([
    import('../../chunking/ingest.js'),
    import('../../documents/load.js'),
    import('../../llm/options.js'),
    import('../../../graph/stores/open.js'),
    import('../../../graph/build/index.js'),
  ]);
  // Every usage error (flags, endpoint settings) before any file is read or token spent.
  const llm = await llmClientFromOptions(flags, context.env, { cwd: context.cwd });
  const env = context.env ?? process.env;
  const target = storeTarget(flags, context.cwd ?? process.cwd(), env);
  const { graph } = target;
  if (target.config.kind === 'memory') await checkOutputPath({ path: graph, label: 'graph file', kind: 'file' });
  const ingested = await ingest(paths, {
    load: { include: flags.include, exclude: flags.exclude },
    hygiene: hygieneOptions(flags),
    chunk: { maxTokens: flags.maxTokens, overlapTokens: flags.overlap },
    onProgress: context.onProgress,
  });
  requireDocuments(ingested, paths);

  const opened = await openStore(target.config);
  try {
    const report = await buildGraph({
      documents: ingested.documents,
      chunks: ingested.chunks,
      skipped: ingested.skipped,
      store: opened.store,
      llm,
      options: {
        ...(flags.similarTopK === undefined ? {} : { similarTopK: flags.similarTopK }),
        ...(flags.similarMinScore === undefined ? {} : { similarMinScore: flags.similarMinScore }),
        ...(flags.sharedMinScore === undefined ? {} : { sharedMinScore: flags.sharedMinScore }),
      },
      checkpoint: opened.persist,
      onProgress: context.onProgress,
      signal: context.signal,
    });
    return { graph, files: ingested.files, duplicates: ingested.duplicates, hygiene: ingested.hygiene, report };
  } catch (error) {
    if (context.signal?.aborted && error === context.signal.reason) {
      throw new RagsetError('interrupted', `build interrupted; progress saved to ${graph}`, {
        hint: 'run the same command again to continue where it stopped',
      });
    }
    throw error;
  } finally {
    await opened.store.close();
  }
}

/** The store to open and how to name it in messages; Neo4j credentials come from the environment only. */
export function storeTarget(flags: Pick<BuildFlags, 'store' | 'out' | 'neo4jUri' | 'neo4jDatabase' | 'neo4jTimeout'>, cwd: string, env: Readonly<Record<string, string | undefined>>): { graph: string; config: StoreConfig } {
  if (flags.store === 'memory') {
    const path = resolve(cwd, flags.out ?? DEFAULT_GRAPH_FILE);
    return { graph: path, config: { kind: 'memory', path } };
  }
  const uri = flags.neo4jUri ?? env.NEO4J_URI;
  const database = flags.neo4jDatabase ?? env.NEO4J_DATABASE;
  return {
    graph: `${uri ?? 'neo4j'}${database ? ` (database ${database})` : ''}`,
    config: { kind: 'neo4j', uri, database, username: env.NEO4J_USERNAME || undefined, password: env.NEO4J_PASSWORD, timeoutSeconds: flags.neo4jTimeout },
  };
}

type Renderers = { renderTable: typeof import('../table.js').renderTable; renderUsageTable: typeof import('../usage-table.js').renderUsageTable };

/** One line of a failure reason, short enough for a table cell. */
function brief(text: string, max = 100): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Above this many files the summary gives totals per format instead of a row per file. */
const LISTED_FILES = 25;

export function renderBuildSummary(result: BuildCommandResult, { renderTable, renderUsageTable }: Renderers): string {
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
    .argument('<paths...>', 'files or folders (folders are read recursively)')
    .option('-o, --out <file>', `graph file to write, and to continue from when it exists (default ${DEFAULT_GRAPH_FILE})`)
    .addOption(new Option('--store <kind>', 'graph store').choices(['memory', 'neo4j']).default('memory'))
    .option('--json', 'print the report as JSON');
  addLlmOptions(addGraphBuildOptions(command)).action(async (paths: string[], rawFlags: Record<string, unknown>) => {
    const flags = parseBuildFlags(rawFlags);
    const [{ progressMode, progressReporter }, { renderTable }, { renderUsageTable }] = await Promise.all([
      import('../progress.js'),
      import('../table.js'),
      import('../usage-table.js'),
    ]);
    const progress = progressReporter(progressMode({ json: flags.json }));
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
    let result: BuildCommandResult;
    try {
      result = await runBuild(paths, { ...rawFlags, ...flags }, { onProgress: progress.onProgress, signal: controller.signal });
    } finally {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onInterrupt);
      progress.stop();
    }
    process.stdout.write(
      `${flags.json ? JSON.stringify(result, null, 2) : renderBuildSummary(result, { renderTable, renderUsageTable })}\n`,
    );
  });
}
