import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { entityFacts } from '../graph/builder/meta.js';
import { BuildOptions, defaultSimilarMinScore } from '../graph/builder/options.js';
import { relateChunks } from '../graph/builder/relate.js';
import { loadGraph, saveGraph } from '../graph/stores/graph-file.js';
import { createMemoryStore } from '../graph/stores/memory.js';
import { createTermFilter } from '../src/hygiene/terms.js';
import { renderTable } from '../src/cli/table.js';
import { cpuSince, loadAverage, sampleCpu } from './cpu.js';
import { syntheticGraph } from './synthetic-graph.js';

/**
 * `npm run bench -- graph-file [sizes…] [--dim 384] [--entities 10]`: the one-machine path —
 * a synthetic built graph (default 10k, 50k, 100k chunks of 384-d embeddings and 10 entity
 * mentions) put into the memory store, related as `ragset build` relates it (child, next,
 * `similar` ranked here, `shares_entities`), saved as a graph file and loaded back. Each size
 * runs in its own process, so the peak RSS is that size's. Prints wall and CPU seconds per
 * phase, peak RSS, the file's size and the load average (the machine may be shared).
 */
interface SizeResult {
  chunks: number;
  phases: { name: string; wall: number; cpu: number }[];
  relationships: number;
  fileMb: number;
  peakRssMb: number;
  load: number;
}

async function measure(count: number, dim: number, entities: number): Promise<SizeResult> {
  const graph = syntheticGraph({ name: 'graph-file', count, dim, entities, perDocument: 1000 });
  const phases: SizeResult['phases'] = [];
  const timed = async <T>(name: string, body: () => Promise<T>): Promise<T> => {
    const start = sampleCpu(undefined);
    const result = await body();
    const used = cpuSince(start, undefined);
    phases.push({ name, wall: used.wall, cpu: used.own });
    process.stderr.write(`graph-file: ${count}: ${name} ${used.wall.toFixed(1)} s (load ${loadAverage()})\n`);
    return result;
  };
  const store = createMemoryStore();
  const chunks = Array.from({ length: count }, (_, i) => graph.chunk(i));
  await timed('nodes', () => store.upsertNodes([...graph.documents, ...chunks]));
  const options = BuildOptions.parse({});
  const counts = await timed('relate', async () => {
    const bridgeTerms = createTermFilter(chunks.map((chunk) => chunk.entities.map((entity) => entity.key)));
    return relateChunks({
      store,
      chunks,
      weights: entityFacts(chunks).weights,
      bridgeable: (key) => bridgeTerms.rule(key) === undefined,
      options: { ...options, similarMinScore: defaultSimilarMinScore(false) },
    });
  });
  const dir = await mkdtemp(join(tmpdir(), 'ragset-graph-file-'));
  try {
    const file = join(dir, 'graph.ragset');
    await timed('save', () => saveGraph(store, file));
    const fileMb = (await stat(file)).size / 2 ** 20;
    const loaded = await timed('load', () => loadGraph(file));
    if ((await loaded.countNodes({ kind: 'chunk' })) !== count) throw new Error('the loaded graph lost chunks');
    return {
      chunks: count,
      phases,
      relationships: Object.values(counts).reduce((sum, n) => sum + n, 0),
      fileMb,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      load: loadAverage(),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs one size in a child process (this file, `--one`) and reads its result line. */
function measureApart(count: number, args: readonly string[]): Promise<SizeResult> {
  const runner = fileURLToPath(new URL('./run.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, runner, 'graph-file', '--one', String(count), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (data: Buffer) => (output += data.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(output) as SizeResult) : reject(new Error(`graph-file ${count} exited with ${code}`))));
  });
}

export async function run(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { dim: { type: 'string', default: '384' }, entities: { type: 'string', default: '10' }, one: { type: 'string' } },
  });
  const dim = Number(values.dim);
  const entities = Number(values.entities);
  if (values.one !== undefined) {
    process.stdout.write(JSON.stringify(await measure(Number(values.one), dim, entities)));
    return;
  }
  const sizes = positionals.length > 0 ? positionals.map(Number) : [10_000, 50_000, 100_000];
  const results: SizeResult[] = [];
  for (const size of sizes) {
    const result = await measureApart(size, ['--dim', values.dim, '--entities', values.entities]);
    // Each size's figures as soon as it is done: a long run stopped later keeps them.
    process.stderr.write(`graph-file: ${size}: ${result.relationships} relationships, file ${result.fileMb.toFixed(0)} MB, peak RSS ${result.peakRssMb.toFixed(0)} MB\n`);
    results.push(result);
  }
  const names = results[0]?.phases.map((phase) => phase.name) ?? [];
  const fixed = (value: number) => Number(value.toFixed(1));
  process.stdout.write(
    `${renderTable(
      ['chunks', ...names.map((name) => `${name} s (CPU)`), 'relationships', 'file MB', 'peak RSS MB', 'load avg'],
      results.map((result) => [
        result.chunks,
        ...result.phases.map((phase) => `${fixed(phase.wall)} (${fixed(phase.cpu)})`),
        result.relationships,
        Math.round(result.fileMb),
        Math.round(result.peakRssMb),
        result.load,
      ]),
    )}\n`,
  );
}
