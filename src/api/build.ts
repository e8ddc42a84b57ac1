import type { BuildReport } from '../../graph/builder/index.js';
import type { BuildOptions } from '../../graph/builder/options.js';
import type { GraphStore } from '../../graph/store.js';
import type { OpenedStore, StoreOptions } from '../../graph/stores/open.js';
import type { IngestFileSummary } from '../chunking/ingest.js';
import type { ChunkOptions } from '../chunking/options.js';
import type { LoadOptions } from '../documents/options.js';
import { RagsetError } from '../errors.js';
import type { HygieneReport } from '../hygiene/clean.js';
import type { HygieneOptions } from '../hygiene/options.js';
import type { LlmOptionsInput } from '../llm/options.js';
import { checkOutputPath } from '../output-paths.js';
import type { OnProgress } from '../progress.js';
import { type Env, storeTarget } from './store-target.js';

/**
 * `runBuild`: load and chunk the documents, build the knowledge graph into the store (one
 * extraction call per new chunk), save it, and report files, failed chunks, relationships and
 * what the model calls cost. Rerunning continues an interrupted build and re-extracts only
 * chunks that changed.
 */
export interface BuildSpec {
  load: LoadOptions;
  hygiene: HygieneOptions;
  chunk: ChunkOptions;
  graph: BuildOptions;
  /** As given: unset settings fall back to the environment (`createLlm`). */
  llm: LlmOptionsInput;
  store: StoreOptions;
}

export interface BuildRunResult {
  /** Where the graph is: the graph file, or the Neo4j database. */
  graph: string;
  files: IngestFileSummary[];
  /** Chunks dropped because the same text was already chunked. */
  duplicates: number;
  /** What hygiene skipped, removed and merged before chunks reached the graph. */
  hygiene: HygieneReport;
  report: BuildReport;
}

export interface RunContext {
  env?: Env;
  cwd?: string;
  onProgress?: OnProgress;
  /** Stops the build after the work in flight is saved. */
  signal?: AbortSignal;
}

/** Builds into the store, which stays open: `generate` goes on with the graph it just built. */
export async function buildInto(paths: readonly string[], spec: BuildSpec, context: RunContext = {}): Promise<BuildRunResult & { opened: OpenedStore }> {
  const [{ ingest }, { requireDocuments }, { llmClientFromOptions }, { openStore }, { buildGraph }] = await Promise.all([
    import('../chunking/ingest.js'),
    import('../documents/load.js'),
    import('../llm/options.js'),
    import('../../graph/stores/open.js'),
    import('../../graph/builder/index.js'),
  ]);
  // Every usage error (settings, endpoint) before any file is read or token spent.
  const llm = await llmClientFromOptions(spec.llm, context.env, { cwd: context.cwd });
  const target = storeTarget(spec.store, context.cwd ?? process.cwd(), context.env ?? process.env);
  const { graph } = target;
  if (target.config.kind === 'memory') await checkOutputPath({ path: graph, label: 'graph file', kind: 'file' });
  const ingested = await ingest(paths, { load: spec.load, hygiene: spec.hygiene, chunk: spec.chunk, onProgress: context.onProgress });
  requireDocuments(ingested, paths);

  const opened = await openStore(target.config);
  try {
    const report = await buildGraph({
      documents: ingested.documents,
      chunks: ingested.chunks,
      skipped: ingested.skipped,
      store: opened.store,
      llm,
      options: spec.graph,
      checkpoint: opened.persist,
      onProgress: context.onProgress,
      signal: context.signal,
    });
    return { graph, files: ingested.files, duplicates: ingested.duplicates, hygiene: ingested.hygiene, report, opened };
  } catch (error) {
    await opened.store.close();
    if (context.signal?.aborted && error === context.signal.reason) {
      throw new RagsetError('interrupted', `build interrupted; progress saved to ${graph}`, {
        hint: 'run the same command again to continue where it stopped',
      });
    }
    throw error;
  }
}

/** Builds the graph and closes the store. */
export async function runBuild(paths: readonly string[], spec: BuildSpec, context: RunContext = {}): Promise<BuildRunResult> {
  const { opened, ...result } = await buildInto(paths, spec, context);
  await opened.store.close();
  return result;
}

export type { GraphStore };
