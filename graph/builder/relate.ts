import type { OnProgress } from '../../src/progress.js';
import type { ChunkNode, Relationship, RelationshipKind, RelationshipOf } from '../model.js';
import type { GraphStore } from '../store.js';
import type { EntityWeights } from './entities.js';
import type { BuildOptions } from './options.js';
import { sharedEntityPairs } from './shared.js';
import { similarPairs } from './similar.js';
import { childRelationships, nextRelationships } from './structure.js';

/**
 * Stage 5, relate: every relationship kind is derived from the chunks as a whole, so each
 * kind is deleted and written again (a changed corpus leaves no stale edge behind).
 */
export type RelationshipCounts = Record<RelationshipKind, number>;

export interface RelateInput {
  store: GraphStore;
  /** Every chunk of the graph, ascending by id. */
  chunks: readonly ChunkNode[];
  weights: EntityWeights;
  options: Pick<BuildOptions, 'similarTopK' | 'sharedMinScore' | 'maxSharedPerChunk'> & { similarMinScore: number };
  /** Whether an entity may join two chunks (src/hygiene/terms.ts): navigation words and boilerplate entities may not. */
  bridgeable: (key: string) => boolean;
  /**
   * `similar` pairs the graph came with (a graph another tool made), written instead of
   * ranking the embeddings. The embeddings are ranked here, in this process, otherwise: the
   * chunks are in memory already, and ranking them costs less than a vector index query per
   * chunk inside the database (bench/neo4j-load).
   */
  givenSimilar?: readonly RelationshipOf<'similar'>[];
  onProgress?: OnProgress;
}

export async function relateChunks(input: RelateInput): Promise<RelationshipCounts> {
  const { store, chunks, options } = input;
  const kinds: RelationshipKind[] = ['child', 'next', 'similar', 'shares_entities'];
  const counts = { child: 0, next: 0, similar: 0, shares_entities: 0 } satisfies RelationshipCounts;
  let done = 0;
  input.onProgress?.({ stage: 'relate', done, total: kinds.length });
  const replace = async (kind: RelationshipKind, relationships: readonly Relationship[]) => {
    await store.replaceRelationships(kind, relationships);
    counts[kind] = relationships.length;
    input.onProgress?.({ stage: 'relate', done: ++done, total: kinds.length });
  };

  await replace('child', childRelationships(chunks));
  await replace('next', nextRelationships(chunks));
  await replace('similar', input.givenSimilar ?? similarRelationships(input));
  await replace(
    'shares_entities',
    sharedEntityPairs(
      chunks
        .filter((chunk) => chunk.status === 'extracted')
        .map((chunk) => ({ id: chunk.id, keys: chunk.entities.map((entity) => entity.key).filter(input.bridgeable) })),
      { idf: input.weights.idf, minScore: options.sharedMinScore, maxPerChunk: options.maxSharedPerChunk },
    ),
  );
  return counts;
}

function similarRelationships(input: RelateInput): RelationshipOf<'similar'>[] {
  const { similarTopK: topK, similarMinScore: minScore } = input.options;
  if (topK === 0) return [];
  const items = input.chunks.flatMap((chunk) => (chunk.embedding ? [{ id: chunk.id, vector: chunk.embedding }] : []));
  return similarPairs(items, { topK, minScore });
}
