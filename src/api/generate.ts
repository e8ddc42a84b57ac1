import { buildGraph, type BuildOptionsInput, type BuildReport } from '../../graph/builder/index.js';
import type { GraphStore } from '../../graph/store.js';
import { loadGraph } from '../../graph/stores/graph-file.js';
import { createMemoryStore } from '../../graph/stores/memory.js';
import { checkSize, generateFromStore, type GenerateResult, type GenerateTestsetOptions } from '../../synthesizers/generate.js';
import { cleanAndChunk } from '../chunking/ingest.js';
import type { ChunkOptionsInput } from '../chunking/options.js';
import type { Document } from '../documents/document.js';
import { loadDocuments } from '../documents/load.js';
import type { LoadOptionsInput } from '../documents/options.js';
import { NoInputError, UsageError } from '../errors.js';
import type { HygieneReport } from '../hygiene/clean.js';
import type { HygieneOptionsInput } from '../hygiene/options.js';

/**
 * The library's one-call entry: documents (paths or loaded `Document`s) or a graph (a store
 * or a graph file) in, exactly `size` samples out. The stages stay visible in the result:
 * the build report (when documents were given), the store the samples came from, and the
 * generate report. Nothing is written to disk; use `writeTestset` and `saveGraph` for that.
 */
export type GenerateInput = Omit<GenerateTestsetOptions, 'store'> &
  (
    | { documents: readonly string[] | readonly Document[]; graph?: undefined }
    | { graph: GraphStore | string; documents?: undefined }
  ) & {
    load?: LoadOptionsInput;
    /** Boilerplate, stubs and near-duplicates (src/hygiene/options.ts); each rule has an opt-out. */
    hygiene?: HygieneOptionsInput;
    chunking?: ChunkOptionsInput;
    build?: BuildOptionsInput;
    /** Where a graph built from documents goes; default a new in-memory store. */
    store?: GraphStore;
  };

export interface GenerateOutput extends GenerateResult {
  store: GraphStore;
  build: BuildReport | null;
  /** What hygiene skipped, kept out of chunks and merged, when documents were given. */
  hygiene: HygieneReport | null;
}

async function documentsOf(input: readonly string[] | readonly Document[], load: LoadOptionsInput | undefined): Promise<readonly Document[]> {
  if (input.every((item): item is string => typeof item === 'string')) {
    const loaded = await loadDocuments(input, load);
    if (loaded.documents.length === 0) {
      const reasons = loaded.skipped.map((s) => `${s.source}: ${s.reason}`).join('; ');
      throw new NoInputError(`no documents loaded${reasons ? ` (${reasons})` : ''}`, 'pass Markdown, text, HTML, PDF, JSON or JSONL files');
    }
    return loaded.documents;
  }
  return input as readonly Document[];
}

export async function generateTestset(input: GenerateInput): Promise<GenerateOutput> {
  const { documents, graph, load, hygiene: hygieneOptions, chunking, build: buildOptions, store: target, ...generateOptions } = input;
  if (documents === undefined && graph === undefined) throw new UsageError('generateTestset needs `documents` or `graph`');
  let store: GraphStore;
  let build: BuildReport | null = null;
  let hygiene: HygieneReport | null = null;
  // Before the build, which already spends.
  checkSize(generateOptions, input.llm);
  if (graph !== undefined) {
    store = typeof graph === 'string' ? await loadGraph(graph) : graph;
  } else {
    const loaded = await documentsOf(documents, load);
    const cleaned = cleanAndChunk(loaded, { hygiene: hygieneOptions, chunk: chunking });
    hygiene = cleaned.hygiene;
    store = target ?? createMemoryStore();
    build = await buildGraph({
      documents: cleaned.documents,
      chunks: cleaned.chunks,
      skipped: cleaned.skipped,
      store,
      llm: input.llm,
      options: buildOptions,
      onProgress: input.onProgress,
    });
  }
  const result = await generateFromStore({ ...generateOptions, store });
  return { ...result, store, build, hygiene };
}
