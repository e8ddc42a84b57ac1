import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import neo4j from 'neo4j-driver';
import { createNeo4jStore } from '../graph/stores/neo4j.js';
import { type HnswSettings, VECTOR_INDEX, awaitIndexes, ensureVectorIndex } from '../graph/stores/neo4j/schema.js';
import { renderTable } from '../src/cli/table.js';
import { type Neo4jServer, startNeo4jServer } from '../tools/neo4j/launch.js';
import { cpuSince, loadAverage, sampleCpu } from './cpu.js';
import { syntheticGraph } from './synthetic-graph.js';

/**
 * `npm run bench -- neo4j-vector-index [chunks] [--queries 1000] [--settings 16/100,16/40,…]`:
 * what the vector index's HNSW build parameters (`m`/`ef_construction`, the store options
 * `vectorIndexM` and `vectorIndexEfConstruction`) cost to fill and give back in recall.
 * Writes synthetic chunks (384-d clustered embeddings, as bench/neo4j-load) without search
 * indexes into a throwaway Neo4j, then for each setting creates the chunk-embedding index over
 * them, waits until it is online (wall and Neo4j CPU seconds of the fill) and asks it for the
 * 10 nearest chunks of each of `queries` held-out vectors of the same distribution; recall@10
 * is against exact cosine ranking here. Each setting builds the index afresh on one server.
 */
const K = 10;
const PER_DOCUMENT = 1000;

const unit = (vector: Float32Array) => {
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
};

/** The ids of the `k` most cosine-similar of `items` to each query, best first. */
function exactNeighbours(items: readonly Float32Array[], queries: readonly Float32Array[], id: (i: number) => string): Set<string>[] {
  const normed = items.map(unit);
  return queries.map((query) => {
    const q = unit(query);
    const best: { i: number; score: number }[] = [];
    normed.forEach((item, i) => {
      let score = 0;
      for (let d = 0; d < q.length; d++) score += (q[d] as number) * (item[d] as number);
      if (best.length < K || score > (best[best.length - 1] as { score: number }).score) {
        best.push({ i, score });
        best.sort((a, b) => b.score - a.score);
        if (best.length > K) best.pop();
      }
    });
    return new Set(best.map((entry) => id(entry.i)));
  });
}

function parseSettings(text: string): HnswSettings[] {
  return text.split(',').map((pair) => {
    const [m, efConstruction] = pair.split('/').map(Number);
    if (!Number.isInteger(m) || !Number.isInteger(efConstruction)) throw new Error(`--settings: expected m/ef_construction pairs such as 16/100, got ${pair}`);
    return { m: m as number, efConstruction: efConstruction as number };
  });
}

export async function run(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { queries: { type: 'string', default: '1000' }, settings: { type: 'string', default: '16/100,16/64,16/40,8/100,8/40' }, dim: { type: 'string', default: '384' } },
  });
  const count = Number(positionals[0] ?? 20_000);
  const queryCount = Number(values.queries);
  const settings = parseSettings(values.settings);
  // Queries are drawn with the chunks from one distribution; only the first `count` are written.
  const graph = syntheticGraph({ name: 'neo4j-vector-index', count: count + queryCount, dim: Number(values.dim), entities: 0, perDocument: PER_DOCUMENT });
  const queries = graph.vectors.slice(count);
  process.stderr.write(`neo4j-vector-index: exact top-${K} of ${queryCount} queries over ${count} chunks…\n`);
  const exact = exactNeighbours(graph.vectors.slice(0, count), queries, graph.chunkId);

  const server: Neo4jServer = await startNeo4jServer({ heapMb: 2048, pageCacheMb: 1024, log: (line) => process.stderr.write(`neo4j-vector-index: ${line}\n`) });
  const store = createNeo4jStore({ uri: server.uri, searchIndexes: false });
  const rows: (string | number)[][] = [];
  try {
    const schema = await store.ready();
    if (!schema.hnswSettings) throw new Error('this Neo4j has no vector.hnsw settings (5.23+)');
    await store.upsertNodes(graph.documents.slice(0, Math.ceil(count / PER_DOCUMENT)));
    for (let offset = 0; offset < count; offset += 10_000) {
      await store.upsertNodes(Array.from({ length: Math.min(10_000, count - offset) }, (_, k) => graph.chunk(offset + k)));
    }
    const queryRows = queries.map((vector, i) => ({ i: neo4j.int(i), vector: Array.from(vector) }));
    for (const hnsw of settings) {
      await store.connection.autoCommit(`DROP INDEX ${VECTOR_INDEX} IF EXISTS`);
      const start = sampleCpu(server.pid);
      await ensureVectorIndex(store.connection, Number(values.dim), hnsw);
      await awaitIndexes(store.connection, 3600);
      const fill = cpuSince(start, server.pid);
      const answered = await store.connection.read<{ i: number; ids: string[] }>(
        `UNWIND $queries AS query
         CALL db.index.vector.queryNodes('${VECTOR_INDEX}', ${K}, query.vector) YIELD node
         RETURN query.i AS i, collect(node.id) AS ids`,
        { queries: queryRows },
      );
      let found = 0;
      for (const { i, ids } of answered) found += ids.filter((id) => exact[i]?.has(id)).length;
      const recall = found / (queryCount * K);
      rows.push([`${hnsw.m}/${hnsw.efConstruction}`, Number(fill.wall.toFixed(1)), Number((fill.other ?? Number.NaN).toFixed(1)), recall.toFixed(3), loadAverage()]);
      process.stderr.write(`neo4j-vector-index: m/ef_construction ${hnsw.m}/${hnsw.efConstruction}: fill ${fill.wall.toFixed(1)} s, Neo4j ${fill.other?.toFixed(1)} CPU-s, recall@${K} ${recall.toFixed(3)}\n`);
    }
  } finally {
    await store.close();
    await server.stop();
  }
  process.stdout.write(`${renderTable(['m/ef_construction', 'fill wall s', 'fill neo4j CPU s', `recall@${K}`, 'load avg'], rows)}\n`);
  process.stdout.write(
    `\n${count} chunks (${values.dim}-d clustered synthetic embeddings), ${queryCount} held-out queries, recall@${K} against exact cosine; ` +
      `the index quantized (the server's default); load average ${loadavg().map((value) => value.toFixed(1)).join(' ')} at the end\n`,
  );
}
