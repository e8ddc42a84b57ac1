import { parseArgs } from 'node:util';
import type { ChunkNode, DocumentNode, Relationship } from '../graph/model.js';
import { type Neo4jStore, createNeo4jStore, neo4jSimilarPairs } from '../graph/stores/neo4j.js';
import { clearNeo4jGraph } from '../graph/stores/neo4j/transfer.js';
import { renderTable } from '../src/cli/table.js';
import { createRng } from '../src/rng.js';
import { type Neo4jServer, startNeo4jServer } from '../tools/neo4j/launch.js';
import { clusteredVectors, cosine, zipfKeys } from './graph-build-data.js';

/**
 * `npm run bench -- neo4j-load [chunks] [--dim 384] [--entities 10] [--per-document 1000] [--similar 5]
 * [--index-similar]`: writes synthetic chunks (embeddings, text, entity mentions) and their
 * child, next and similar relationships into Neo4j through the GraphStore, then reads them
 * back, and prints time and rows/s per phase. Uses NEO4J_URI when set (its ragset graph is
 * replaced), otherwise a throwaway Neo4j from tools/neo4j. `--index-similar` also times
 * recomputing `similar` with the vector index (one index query per chunk).
 */
const SENTENCES = [
  'The Danube flows through ten countries, more than any other river in the world.',
  'Johannes Kepler found that planets sweep out equal areas in equal times along their elliptical orbits.',
  'Mycorrhizal fungi trade phosphorus for sugars with the roots of most land plants.',
  'The Antikythera mechanism used bronze gears to predict eclipses decades in advance.',
  'TCP slow start doubles the congestion window each round trip until it sees a loss.',
  'Basalt columns form when thick lava flows cool and contract into hexagonal joints.',
];

const CHUNK_SLICE = 10_000;

interface Phase {
  name: string;
  rows: number;
  seconds: number;
}

async function timed(phases: Phase[], name: string, rows: number, body: () => Promise<unknown>): Promise<void> {
  const start = performance.now();
  await body();
  const seconds = (performance.now() - start) / 1000;
  phases.push({ name, rows, seconds });
  process.stderr.write(`neo4j-load: ${name}: ${rows} rows in ${seconds.toFixed(1)} s\n`);
}

const chunkId = (i: number) => `chunk_${String(i).padStart(7, '0')}`;
const documentId = (d: number) => `doc_${String(d).padStart(5, '0')}`;

export async function run(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      dim: { type: 'string', default: '384' },
      entities: { type: 'string', default: '10' },
      'per-document': { type: 'string', default: '1000' },
      similar: { type: 'string', default: '5' },
      'index-similar': { type: 'boolean', default: false },
    },
  });
  const count = Number(positionals[0] ?? 100_000);
  const dim = Number(values.dim);
  const perDocument = Number(values['per-document']);
  const similarPerChunk = Number(values.similar);
  const documents = Math.ceil(count / perDocument);

  const rng = createRng(`bench/neo4j-load/${count}`);
  process.stderr.write(`neo4j-load: generating ${count} chunks of ${dim} dimensions…\n`);
  const vectors = clusteredVectors(rng.fork('vectors'), { count, dim, clusters: Math.max(2, Math.round(count / 100)) });
  const keys = zipfKeys(rng.fork('entities'), { count, vocabulary: Math.max(500, count / 5), perItem: Number(values.entities) });
  const pairs = rng.fork('similar');

  let server: Neo4jServer | undefined;
  const external = process.env.NEO4J_URI;
  if (!external) server = await startNeo4jServer({ heapMb: 2048, pageCacheMb: 1024, log: (line) => process.stderr.write(`neo4j-load: ${line}\n`) });
  const uri = external ?? (server as Neo4jServer).uri;
  const store: Neo4jStore = createNeo4jStore({ uri });
  const phases: Phase[] = [];
  try {
    await store.ready();
    await clearNeo4jGraph(store);

    const documentNodes: DocumentNode[] = Array.from({ length: documents }, (_, d) => ({
      id: documentId(d),
      kind: 'document',
      source: `corpus/${documentId(d)}.md`,
      title: `Synthetic document ${d}`,
      format: 'markdown',
      metadata: { part: d },
      text: '',
      summary: SENTENCES[d % SENTENCES.length] as string,
    }));
    await timed(phases, 'documents', documents, () => store.upsertNodes(documentNodes));

    const chunk = (i: number): ChunkNode => {
      const text = Array.from({ length: 5 }, (_, s) => SENTENCES[(i + s) % SENTENCES.length]).join(' ');
      return {
        id: chunkId(i),
        kind: 'chunk',
        documentId: documentId(Math.floor(i / perDocument)),
        ordinal: i % perDocument,
        start: 0,
        end: text.length,
        text,
        tokens: Math.ceil(text.length / 4),
        headings: [`Section ${Math.floor(i / 10)}`],
        status: 'extracted',
        summary: SENTENCES[i % SENTENCES.length] as string,
        headlines: [],
        keyphrases: [`keyphrase ${i % 97}`],
        entities: (keys[i] as string[]).map((key) => ({ name: key, type: 'concept', key })),
        themes: [],
        embedding: (vectors[i] as Float32Array).slice(),
        summaryEmbedding: null,
      };
    };
    await timed(phases, 'chunks (embeddings, mentions)', count, async () => {
      for (let offset = 0; offset < count; offset += CHUNK_SLICE) {
        await store.upsertNodes(Array.from({ length: Math.min(CHUNK_SLICE, count - offset) }, (_, k) => chunk(offset + k)));
      }
    });

    const relationships = async (name: string, make: (i: number) => Relationship[]) => {
      let rows = 0;
      const start = performance.now();
      for (let offset = 0; offset < count; offset += CHUNK_SLICE) {
        const batch = Array.from({ length: Math.min(CHUNK_SLICE, count - offset) }, (_, k) => make(offset + k)).flat();
        await store.upsertRelationships(batch);
        rows += batch.length;
      }
      const seconds = (performance.now() - start) / 1000;
      phases.push({ name, rows, seconds });
      process.stderr.write(`neo4j-load: ${name}: ${rows} rows in ${seconds.toFixed(1)} s\n`);
    };
    await relationships('child', (i) => [{ kind: 'child', source: documentId(Math.floor(i / perDocument)), target: chunkId(i) }]);
    await relationships('next', (i) => (i % perDocument === 0 ? [] : [{ kind: 'next', source: chunkId(i - 1), target: chunkId(i) }]));
    await relationships('similar', (i) =>
      Array.from({ length: similarPerChunk }, () => {
        const j = pairs.int(count);
        return { kind: 'similar' as const, source: chunkId(i), target: chunkId(j), score: cosine(vectors[i] as Float32Array, vectors[j] as Float32Array) };
      }).filter((relationship) => relationship.source !== relationship.target),
    );
    const written = phases.reduce((sum, phase) => sum + phase.seconds, 0);

    await timed(phases, 'vector index online', count, () => store.connection.autoCommit('CALL db.awaitIndexes(3600)'));
    let scanned = 0;
    await timed(phases, 'scan chunks (read)', count, async () => {
      for await (const batch of store.scanNodes({ kind: 'chunk' }, 2000)) scanned += batch.length;
    });
    let similar = 0;
    await timed(phases, 'scan similar (read)', await store.countRelationships({ kind: 'similar' }), async () => {
      for await (const batch of store.scanRelationships({ kind: 'similar' }, 5000)) similar += batch.length;
    });
    if (scanned !== count) throw new Error(`scanned ${scanned} chunks, wrote ${count}`);
    if (values['index-similar']) {
      await timed(phases, 'similar via vector index', count, () => neo4jSimilarPairs(store, { topK: 10, minScore: 0.5 }));
    }

    const rows = phases.map((phase) => [phase.name, phase.rows, Number(phase.seconds.toFixed(1)), Math.round(phase.rows / phase.seconds)]);
    process.stdout.write(`${renderTable(['phase', 'rows', 'seconds', 'rows/s'], rows)}\n`);
    process.stdout.write(`\nwrite total: ${written.toFixed(1)} s for ${count} chunks (${dim}-d, ${values.entities} entities each) with child, next and ${similar} similar relationships\n`);
  } finally {
    await store.close();
    await server?.stop();
  }
}
