import { BuildOptions } from '../graph/builder/options.js';
import { canonicalEntityKey, entityIdf } from '../graph/builder/entities.js';
import { resolveChunkEntities } from '../graph/builder/resolve-entities.js';
import { sharedEntityPairs } from '../graph/builder/shared.js';
import type { ChunkNode } from '../graph/model.js';
import { loadGraph } from '../graph/stores/graph-file.js';
import { renderTable } from '../src/cli/table.js';

/**
 * `npm run bench -- entity-resolution <graph-file>…`: what entity resolution
 * (graph/builder/resolve-entities.ts) does to built graphs. For each graph it keys every
 * mention by its canonical key alone ("before") and by its resolved group ("after"), and
 * prints distinct entities, keys joined, and the `shares_entities` relationships the
 * build's defaults make from each.
 */
function measure(chunks: readonly { id: string; keys: string[] }[]) {
  const defaults = BuildOptions.parse({});
  const edges = sharedEntityPairs(chunks, { idf: entityIdf(chunks).idf, minScore: defaults.sharedMinScore, maxPerChunk: defaults.maxSharedPerChunk });
  return { entities: new Set(chunks.flatMap((chunk) => chunk.keys)).size, edges: edges.length };
}

export async function run(args: string[]): Promise<void> {
  if (args.length === 0) throw new Error('usage: npm run bench -- entity-resolution <graph-file>…');
  const rows: (string | number)[][] = [];
  for (const file of args) {
    const store = await loadGraph(file);
    const chunks: ChunkNode[] = [];
    for await (const batch of store.scanNodes({ kind: 'chunk' })) chunks.push(...batch.filter((node): node is ChunkNode => node.kind === 'chunk' && node.status === 'extracted'));
    const started = performance.now();
    const resolved = resolveChunkEntities(chunks);
    const ms = performance.now() - started;
    const before = measure(chunks.map((chunk) => ({ id: chunk.id, keys: chunk.entities.map((entity) => canonicalEntityKey(entity.name)) })));
    const after = measure(resolved.chunks.map((chunk) => ({ id: chunk.id, keys: chunk.entities.map((entity) => entity.key) })));
    rows.push([file, chunks.length, `${before.entities} → ${after.entities}`, resolved.joined, `${before.edges} → ${after.edges}`, ms.toFixed(0)]);
  }
  process.stdout.write(`${renderTable(['graph', 'chunks', 'entities', 'keys joined', 'shares_entities edges', 'resolve ms'], rows)}\n`);
}
