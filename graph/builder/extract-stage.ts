import type { Extraction } from '../../src/llm/tasks.js';
import type { LlmClient, ObjectResult } from '../../src/llm/types.js';
import type { OnProgress } from '../../src/progress.js';
import type { ChunkNode, DocumentNode, EntityMention } from '../model.js';
import type { GraphStore } from '../store.js';
import { canonicalEntityKey } from './entities.js';
import { extractChunk } from './extract.js';
import type { BuildOptions } from './options.js';
import { mapInOrder } from '../../src/ordered-pool.js';
import type { Checkpoint } from './checkpoint.js';

/**
 * Stage 2, extract: one call per chunk not yet `extracted` (pending, or failed last time).
 * Results are applied in chunk-id order and written to the store every `checkpointEvery`
 * chunks, each write followed by a (throttled) checkpoint, and once more when the stage stops
 * for any reason, so an interrupted build resumes with only the missing chunks.
 */
export interface ExtractStageResult {
  /** The chunk nodes after extraction, ascending by id (all of them, not only the ones extracted now). */
  chunks: ChunkNode[];
  /** Chunks extracted by this run. */
  extracted: number;
  /** Chunks that were already extracted and were left alone. */
  reused: number;
  /** Chunks whose extraction failed in this run. */
  failed: number;
}

export interface ExtractStageInput {
  store: GraphStore;
  llm: LlmClient;
  documents: readonly DocumentNode[];
  chunks: readonly ChunkNode[];
  options: Pick<BuildOptions, 'extractConcurrency' | 'checkpointEvery'>;
  checkpoint?: Checkpoint;
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

export async function runExtractStage(input: ExtractStageInput): Promise<ExtractStageResult> {
  const { store, llm, options } = input;
  const titles = new Map(input.documents.map((d) => [d.id, d.title]));
  const byId = new Map(input.chunks.map((c) => [c.id, c]));
  const todo = input.chunks.filter((chunk) => chunk.status !== 'extracted');
  const total = todo.length;
  let done = 0;
  let extracted = 0;
  let failed = 0;
  let unsaved: ChunkNode[] = [];

  const save = async (force: boolean) => {
    if (unsaved.length > 0) await store.upsertNodes(unsaved);
    unsaved = [];
    await input.checkpoint?.({ force });
  };

  input.onProgress?.({ stage: 'extract', done, total });
  try {
    await mapInOrder(
      todo,
      { width: options.extractConcurrency, signal: input.signal },
      (chunk) => extractChunk(llm, chunk, { title: titles.get(chunk.documentId) ?? '' }),
      async (result, chunk) => {
        const node = applyExtraction(chunk, result);
        if (node.status === 'extracted') extracted++;
        else failed++;
        byId.set(node.id, node);
        unsaved.push(node);
        done++;
        input.onProgress?.({ stage: 'extract', done, total });
        if (unsaved.length >= options.checkpointEvery) await save(false);
      },
    );
  } catch (error) {
    // Interrupted or stopped (budget, endpoint gone): what was paid for is saved before the error goes up.
    await save(true);
    throw error;
  }
  await save(false);
  return {
    chunks: input.chunks.map((chunk) => byId.get(chunk.id) as ChunkNode),
    extracted,
    reused: input.chunks.length - total,
    failed,
  };
}

/** The chunk node with the extraction written into it, or marked failed with the reason. */
export function applyExtraction(chunk: ChunkNode, result: ObjectResult<Extraction>): ChunkNode {
  if (!result.ok) {
    return {
      ...chunk,
      status: 'failed',
      error: result.reason,
      summary: '',
      headlines: [],
      keyphrases: [],
      entities: [],
      themes: [],
      summaryEmbedding: null,
    };
  }
  const { error: _previousError, ...rest } = chunk;
  const { value } = result;
  return {
    ...rest,
    status: 'extracted',
    summary: value.summary,
    headlines: value.headlines,
    keyphrases: value.keyphrases,
    entities: entityMentions(value.entities),
    themes: value.themes,
    summaryEmbedding: null,
  };
}

/** Mentions with their canonical key; names with no letters or digits (empty key) are dropped. */
function entityMentions(entities: Extraction['entities']): EntityMention[] {
  return entities
    .map((entity) => ({ name: entity.name, type: entity.type, key: canonicalEntityKey(entity.name) }))
    .filter((mention) => mention.key !== '');
}
