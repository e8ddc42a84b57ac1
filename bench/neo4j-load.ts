import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { BuildOptions, defaultSimilarMinScore } from '../graph/builder/options.js';
import { similarPairs } from '../graph/builder/similar.js';
import type { Relationship, RelationshipKind } from '../graph/model.js';
import { type Neo4jStore, createNeo4jStore, resolveNeo4jOptions } from '../graph/stores/neo4j.js';
import { clearNeo4jGraph } from '../graph/stores/neo4j/transfer.js';
import { renderTable } from '../src/cli/table.js';
import { type Neo4jServer, startNeo4jServer } from '../tools/neo4j/launch.js';
import { type CpuSample, cpuSince, loadAverage, sampleCpu } from './cpu.js';
import { syntheticGraph } from './synthetic-graph.js';

/**
 * `npm run bench -- neo4j-load [chunks] [--dim 384] [--entities 10] [--per-document 1000]
 * [--search-indexes after|during|none] [--vector-m 16] [--vector-ef-construction N]
 * [--load-transactions N] [--heap-mb 2048] [--page-cache-mb 1024]`: writes synthetic chunks (embeddings, text, entity
 * mentions) and then their relationships into Neo4j through the GraphStore as one bulk load
 * (`after`, what the store does for a load into an empty graph: the vector and fulltext
 * indexes are created when the chunks are written, Neo4j fills them while the relationships
 * are written, and the load waits until they are online; `during`: maintained on every write;
 * `none`: the store option `searchIndexes: false`). The relationships are written as `ragset
 * build` writes them (child and next from the order, `similar` ranked in this process with the build's defaults, each kind replaced as a whole),
 * reads them back, and prints per phase the wall time, the CPU time of this process and of
 * the Neo4j server, rows/s and the load average (the machine may be shared). Uses NEO4J_URI
 * when set (its ragset graph is replaced; server CPU then n/a), otherwise a throwaway Neo4j
 * from tools/neo4j.
 */
const CHUNK_SLICE = 10_000;

interface Phase {
  name: string;
  rows: number;
  cpu: CpuSample;
  /** 1-minute load average when the phase ended. */
  load: number;
}

const seconds = (value: number | undefined) => (value === undefined ? 'n/a' : Number(value.toFixed(1)));

function describe(phase: Phase): string {
  const { wall, own, other } = phase.cpu;
  return `${phase.name}: ${phase.rows} rows in ${wall.toFixed(1)} s (CPU: node ${own.toFixed(1)} s, neo4j ${seconds(other)} s; load ${phase.load})`;
}

export async function run(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      dim: { type: 'string', default: '384' },
      entities: { type: 'string', default: '10' },
      'per-document': { type: 'string', default: '1000' },
      'search-indexes': { type: 'string', default: 'after' },
      'vector-m': { type: 'string' },
      'vector-ef-construction': { type: 'string' },
      'load-transactions': { type: 'string' },
      'heap-mb': { type: 'string', default: '2048' },
      'page-cache-mb': { type: 'string', default: '1024' },
    },
  });
  const count = Number(positionals[0] ?? 100_000);
  const dim = Number(values.dim);
  const perDocument = Number(values['per-document']);
  const indexes = values['search-indexes'];
  if (indexes !== 'after' && indexes !== 'during' && indexes !== 'none') throw new Error(`--search-indexes: expected after, during or none, got ${indexes}`);

  process.stderr.write(`neo4j-load: generating ${count} chunks of ${dim} dimensions…\n`);
  const { documents: documentNodes, vectors, chunk, chunkId, documentId } = syntheticGraph({ name: 'neo4j-load', count, dim, entities: Number(values.entities), perDocument });

  let server: Neo4jServer | undefined;
  const external = process.env.NEO4J_URI;
  if (!external) server = await startNeo4jServer({ heapMb: Number(values['heap-mb']), pageCacheMb: Number(values['page-cache-mb']), log: (line) => process.stderr.write(`neo4j-load: ${line}\n`) });
  const uri = external ?? (server as Neo4jServer).uri;
  // Unset: the store's defaults.
  const given = {
    ...(values['vector-m'] !== undefined && { vectorIndexM: Number(values['vector-m']) }),
    ...(values['vector-ef-construction'] !== undefined && { vectorIndexEfConstruction: Number(values['vector-ef-construction']) }),
    ...(values['load-transactions'] !== undefined && { loadTransactions: Number(values['load-transactions']) }),
  };
  const settings = resolveNeo4jOptions({ uri, searchIndexes: indexes !== 'none', ...given });
  const store: Neo4jStore = createNeo4jStore(settings);
  const phases: Phase[] = [];
  const serverPid = server?.pid;
  /** Runs one phase and records its wall time, the CPU time of this process and of the server, and the load. */
  const timed = async (name: string, rows: number | (() => number), body: () => Promise<unknown>) => {
    const start = sampleCpu(serverPid);
    await body();
    const phase = { name, rows: typeof rows === 'number' ? rows : rows(), cpu: cpuSince(start, serverPid), load: loadAverage() };
    phases.push(phase);
    process.stderr.write(`neo4j-load: ${describe(phase)}\n`);
  };
  try {
    await store.ready();
    await clearNeo4jGraph(store);

    const relationships = async (name: string, kind: RelationshipKind, make: (i: number) => Relationship[]) => {
      const all = Array.from({ length: count }, (_, i) => make(i)).flat();
      await timed(name, all.length, () => store.replaceRelationships(kind, all));
    };
    let writesEnded = sampleCpu(serverPid);
    const writeAll = async () => {
      await timed('documents', documentNodes.length, () => store.upsertNodes(documentNodes));
      await timed('chunks (embeddings, mentions)', count, async () => {
        for (let offset = 0; offset < count; offset += CHUNK_SLICE) {
          await store.upsertNodes(Array.from({ length: Math.min(CHUNK_SLICE, count - offset) }, (_, k) => chunk(offset + k)));
        }
      });
      await relationships('child', 'child', (i) => [{ kind: 'child', source: documentId(Math.floor(i / perDocument)), target: chunkId(i) }]);
      await relationships('next', 'next', (i) => (i % perDocument === 0 ? [] : [{ kind: 'next', source: chunkId(i - 1), target: chunkId(i) }]));
      const build = BuildOptions.parse({});
      let pairs: Relationship[] = [];
      await timed('similar: rank here', count, async () => {
        const items = vectors.map((vector, i) => ({ id: chunkId(i), vector }));
        pairs = similarPairs(items, { topK: build.similarTopK, minScore: defaultSimilarMinScore(false) });
      });
      await timed('similar: write', pairs.length, () => store.replaceRelationships('similar', pairs));
      writesEnded = sampleCpu(serverPid);
    };
    if (indexes === 'during') {
      await writeAll();
      // Maintained on every write, the indexes are online when the writes end; any wait left counts.
      await timed('search indexes online', count, () => store.connection.autoCommit('CALL db.awaitIndexes(3600)'));
    } else {
      // `after`: the store creates the indexes at the first relationship write (Neo4j fills them while the
      // relationships are written, its CPU counted in those phases) and the load ends once they are online.
      await store.bulkLoad(writeAll);
      if (indexes === 'after') {
        const phase = { name: 'search indexes: rest of the fill', rows: count, cpu: cpuSince(writesEnded, serverPid), load: loadAverage() };
        phases.push(phase);
        process.stderr.write(`neo4j-load: ${describe(phase)}\n`);
      }
    }
    const writes = phases.length;
    let scanned = 0;
    await timed('scan chunks (read)', count, async () => {
      for await (const batch of store.scanNodes({ kind: 'chunk' }, 2000)) scanned += batch.length;
    });
    let similar = 0;
    await timed('scan similar (read)', await store.countRelationships({ kind: 'similar' }), async () => {
      for await (const batch of store.scanRelationships({ kind: 'similar' }, 5000)) similar += batch.length;
    });
    if (scanned !== count) throw new Error(`scanned ${scanned} chunks, wrote ${count}`);
    const total = (list: readonly Phase[], pick: (cpu: CpuSample) => number | undefined) =>
      list.some((phase) => pick(phase.cpu) === undefined) ? undefined : list.reduce((sum, phase) => sum + (pick(phase.cpu) as number), 0);
    const written = phases.slice(0, writes);
    const rows = phases.map((phase) => [
      phase.name,
      phase.rows,
      seconds(phase.cpu.wall),
      seconds(phase.cpu.own),
      seconds(phase.cpu.other),
      Math.round(phase.rows / phase.cpu.wall),
      phase.load,
    ]);
    rows.push(['write total', '', seconds(total(written, (cpu) => cpu.wall)), seconds(total(written, (cpu) => cpu.own)), seconds(total(written, (cpu) => cpu.other)), '', '']);
    process.stdout.write(`${renderTable(['phase', 'rows', 'wall s', 'node CPU s', 'neo4j CPU s', 'rows/s', 'load avg'], rows)}\n`);
    process.stdout.write(
      `\n${count} chunks (${dim}-d, ${values.entities} entities each) with child, next and ${similar} similar relationships; ` +
        `search indexes ${{ after: 'created after the chunk writes, filled while the relationships were written', during: 'maintained during them', none: 'off' }[indexes]}` +
        `${indexes === 'none' ? '' : ` (vector index m ${settings.vectorIndexM}, ef_construction ${settings.vectorIndexEfConstruction})`}; ` +
        `${settings.loadTransactions} chunk transactions in flight; ` +
        `${serverPid === undefined ? '' : `server heap ${values['heap-mb']} MB, page cache ${values['page-cache-mb']} MB; `}${cpus().length} cores, load average ${loadavg().map((value) => value.toFixed(1)).join(' ')} at the end` +
        `${serverPid === undefined ? ' (server CPU n/a: NEO4J_URI is an external server)' : ''}\n`,
    );
  } finally {
    await store.close();
    await server?.stop();
  }
}
