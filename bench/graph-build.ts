import { parseArgs } from 'node:util';
import { entityIdf } from '../graph/builder/entities.js';
import { sharedEntityPairs } from '../graph/builder/shared.js';
import { similarMethod, similarPairs } from '../graph/builder/similar.js';
import { renderTable } from '../src/cli/table.js';
import { createRng } from '../src/rng.js';
import { clusteredVectors, cosine, zipfKeys } from './graph-build-data.js';

/**
 * `npm run bench -- graph-build [sizes…] [--dim 384] [--recall-rows 50]`: builds `similar`
 * (auto method) and `shares_entities` relationships for synthetic corpora of each size
 * (default 1k, 10k, 100k chunks) and prints time, edges, sampled recall and peak memory.
 */
const TOP_K = 10;
const SIMILAR_MIN_SCORE = 0.5;
const SHARED_MIN_SCORE = 0.2;
const ENTITIES_PER_CHUNK = 10;

const seconds = (start: number) => ((performance.now() - start) / 1000).toFixed(2);
const megabytes = (bytes: number) => Math.round(bytes / 2 ** 20);

/** Share of sampled rows' true top-k neighbours (score ≥ minScore) that got a `similar` edge. */
function sampledRecall(vectors: Float32Array[], ids: string[], edges: Set<string>, rows: number): number {
  const rng = createRng('bench/recall');
  let found = 0;
  let total = 0;
  for (let sample = 0; sample < rows; sample++) {
    const i = rng.int(vectors.length);
    const truth = vectors
      .map((vector, j) => ({ j, score: j === i ? -2 : cosine(vectors[i] as Float32Array, vector) }))
      .filter(({ score }) => score >= SIMILAR_MIN_SCORE)
      .sort((x, y) => y.score - x.score || x.j - y.j)
      .slice(0, TOP_K);
    for (const { j } of truth) {
      const [a, b] = [ids[i] as string, ids[j] as string].sort();
      if (edges.has(`${a}|${b}`)) found++;
    }
    total += truth.length;
  }
  return total === 0 ? 1 : found / total;
}

export async function run(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { dim: { type: 'string', default: '384' }, 'recall-rows': { type: 'string', default: '50' } },
  });
  const sizes = positionals.length > 0 ? positionals.map(Number) : [1_000, 10_000, 100_000];
  const dim = Number(values.dim);
  const recallRows = Number(values['recall-rows']);
  const rows: (string | number)[][] = [];

  for (const size of sizes) {
    const rng = createRng(`bench/graph-build/${size}`);
    const vectors = clusteredVectors(rng.fork('vectors'), { count: size, dim, clusters: Math.max(2, Math.round(size / 100)), spread: 0.2 });
    const keys = zipfKeys(rng.fork('entities'), { count: size, vocabulary: Math.max(500, size / 5), perItem: ENTITIES_PER_CHUNK });
    const ids = vectors.map((_, i) => `chunk_${String(i).padStart(7, '0')}`);
    process.stderr.write(`graph-build: ${size} chunks generated, building…\n`);

    let start = performance.now();
    const similar = similarPairs(
      ids.map((id, i) => ({ id, vector: vectors[i] as Float32Array })),
      { topK: TOP_K, minScore: SIMILAR_MIN_SCORE, method: 'auto' },
    );
    const similarTime = seconds(start);
    const afterSimilar = process.memoryUsage().rss;

    start = performance.now();
    const chunks = ids.map((id, i) => ({ id, keys: keys[i] as string[] }));
    const shared = sharedEntityPairs(chunks, { idf: entityIdf(chunks).idf, minScore: SHARED_MIN_SCORE, maxPerChunk: TOP_K });
    const sharedTime = seconds(start);

    const method = similarMethod(size);
    const recall =
      method === 'exact' ? 1 : sampledRecall(vectors, ids, new Set(similar.map((r) => `${r.source}|${r.target}`)), recallRows);
    rows.push([
      size,
      method,
      Number(similarTime),
      Number(sharedTime),
      similar.length,
      shared.length,
      Number(recall.toFixed(3)),
      megabytes(Math.max(afterSimilar, process.memoryUsage().rss)),
      megabytes(process.resourceUsage().maxRSS * 1024),
    ]);
  }
  process.stdout.write(
    `${renderTable(
      ['chunks', 'method', 'similar s', 'shared s', 'similar edges', 'shared edges', `recall@${TOP_K}`, 'rss MB', 'peak rss MB'],
      rows,
    )}\n`,
  );
  process.stdout.write(`dim ${dim}, top-k ${TOP_K}, similar ≥ ${SIMILAR_MIN_SCORE}, shared ≥ ${SHARED_MIN_SCORE}, ${ENTITIES_PER_CHUNK} entities/chunk (Zipf)\n`);
}
