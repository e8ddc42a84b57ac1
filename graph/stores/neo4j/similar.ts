import neo4j from 'neo4j-driver';
import { z } from 'zod';
import { UsageError } from '../../../src/errors.js';
import { LABEL, RELATIONSHIP_TYPE, VECTOR_INDEX, vectorIndexDimension } from './schema.js';
import type { GraphStore } from '../../store.js';
import type { Neo4jConnection } from './connection.js';

/**
 * `similar` relationships computed inside Neo4j with the chunk vector index: for each chunk
 * (in id order, a batch per transaction) the index proposes neighbours, exact cosine ranks
 * them, and the best `topK` scoring at least `minScore` become SIMILAR edges stored once
 * per pair (`source < target`) — the memory builder's rule, without all-pairs work and
 * without loading the embeddings into this process.
 */
export const Neo4jSimilarOptions = z.object({
  topK: z.number().int().min(1).default(10),
  minScore: z.number().min(-1).max(1).default(0.75),
  /** Index candidates per chunk, as a multiple of topK: HNSW finds the true top 10 of 41 candidates far more reliably than of 11. */
  oversample: z.number().min(1).max(10).default(4),
  /** Chunks per write transaction. */
  batchSize: z.number().int().min(1).default(500),
});
export type Neo4jSimilarOptions = z.input<typeof Neo4jSimilarOptions>;

/** Largest float32: the index refuses vectors whose squared norm overflows it. */
const FLOAT32_MAX = 3.4028234663852886e38;

const NEXT_CHUNKS = `
MATCH (n:${LABEL.chunk}) WHERE n.id > $after AND n.embedding IS NOT NULL
RETURN n.id AS id ORDER BY n.id LIMIT $limit`;

const WRONG_DIMENSION = `
MATCH (n:${LABEL.chunk}) WHERE n.embedding IS NOT NULL AND size(n.embedding) <> $dimension
RETURN count(n) AS count`;

/** Chunks of zero or overflowing norm have no direction: like the memory builder, they get no edges. */
const LINK_BATCH = `
UNWIND $ids AS id
MATCH (n:${LABEL.chunk} {id: id})
WITH n, reduce(sum = 0.0, x IN n.embedding | sum + x * x) AS squaredNorm
WHERE squaredNorm > 0.0 AND squaredNorm <= $float32Max
CALL db.index.vector.queryNodes($index, $candidates, n.embedding) YIELD node
WITH n, node WHERE node <> n
// The index scores cosine as (1 + cos) / 2.
WITH n, node, 2.0 * vector.similarity.cosine(n.embedding, node.embedding) - 1.0 AS cosine
WHERE cosine >= $minScore
WITH n, node, cosine ORDER BY n.id, cosine DESC, node.id
WITH n, collect({node: node, cosine: cosine})[..$topK] AS best
UNWIND best AS hit
WITH CASE WHEN n.id < hit.node.id THEN n ELSE hit.node END AS a,
     CASE WHEN n.id < hit.node.id THEN hit.node ELSE n END AS b,
     hit.cosine AS cosine
MERGE (a)-[r:${RELATIONSHIP_TYPE.similar}]->(b)
SET r.score = cosine`;

export interface Neo4jSimilarResult {
  /** Chunks with an embedding that were searched. */
  chunks: number;
  /** `similar` relationships in the graph afterwards. */
  relationships: number;
}

/** Replaces every `similar` relationship of the store's graph. */
/** What the ranking needs of the Neo4j store (kept narrow: the store itself offers this as `rankSimilar`). */
export type SimilarTarget = Pick<GraphStore, 'deleteRelationships' | 'countRelationships'> & { readonly connection: Neo4jConnection };

export async function neo4jSimilarPairs(store: SimilarTarget, options: Neo4jSimilarOptions = {}): Promise<Neo4jSimilarResult> {
  const { topK, minScore, oversample, batchSize } = Neo4jSimilarOptions.parse(options);
  const { connection } = store;
  await store.deleteRelationships('similar');
  const dimension = await vectorIndexDimension(connection);
  if (dimension === undefined) return { chunks: 0, relationships: 0 };
  const [wrong] = await connection.read<{ count: number }>(WRONG_DIMENSION, { dimension: neo4j.int(dimension) });
  if (wrong && wrong.count > 0) {
    throw new UsageError(
      `${wrong.count} chunk embeddings do not have the vector index's ${dimension} dimensions`,
      'rebuild the graph with a single embedding model',
    );
  }
  await connection.autoCommit('CALL db.awaitIndex($index, 3600)', { index: VECTOR_INDEX });

  let chunks = 0;
  let after = '';
  for (;;) {
    const ids = (await connection.read<{ id: string }>(NEXT_CHUNKS, { after, limit: neo4j.int(batchSize) })).map((record) => record.id);
    if (ids.length === 0) break;
    await connection.write((tx) =>
      tx.run(LINK_BATCH, {
        ids,
        index: VECTOR_INDEX,
        candidates: neo4j.int(Math.ceil(topK * oversample) + 1),
        topK: neo4j.int(topK),
        minScore,
        float32Max: FLOAT32_MAX,
      }),
    );
    chunks += ids.length;
    after = ids[ids.length - 1] as string;
  }
  return { chunks, relationships: await store.countRelationships({ kind: 'similar' }) };
}
