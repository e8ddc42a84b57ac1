import { createTermFilter, type TermRule } from '../src/hygiene/terms.js';
import { canonicalEntities } from './builder/entities.js';
import type { RelationshipKind } from './model.js';
import { compareStrings } from './order.js';
import type { GraphStore } from './store.js';

/**
 * What a built graph looks like, computed through the GraphStore interface only (so it
 * reads the same from a file or Neo4j): sizes, per-chunk degrees, the entities most
 * chunks mention, and how connected the chunks are for multi-hop questions.
 */
export interface DegreeSummary {
  kind: RelationshipKind;
  min: number;
  median: number;
  p90: number;
  max: number;
  mean: number;
  /** Chunks per degree bucket: `0`, `1`, `2`, `3-4`, `5-8`, … up to the maximum. */
  histogram: { bucket: string; chunks: number }[];
}

export interface GraphStats {
  nodes: Record<string, number>;
  relationships: Record<string, number>;
  chunks: { total: number; extracted: number; pending: number; failed: number };
  /** Degree of every chunk, per relationship kind. */
  degrees: DegreeSummary[];
  /** The entities most chunks mention, among those that may bridge chunks and name personas. */
  topEntities: { key: string; name: string; chunks: number }[];
  /**
   * The entities most chunks mention among those set aside as bridges and persona names
   * (src/hygiene/terms.ts): not content (letters, `-L`, numbers), navigation words, or in
   * more than 5 % of the chunks. Listed apart: they say what the corpus repeats, not what it is about.
   */
  setAsideEntities: { key: string; name: string; chunks: number; rule: TermRule }[];
  /** Distinct entity keys each term rule sets aside. */
  setAsideByRule: Record<TermRule, number>;
  /** Chunks with no `similar` or `shares_entities` relationship: no multi-hop question can start there. */
  isolatedChunks: number;
  /** Connected components of chunks over `similar` and `shares_entities`. */
  components: { count: number; largest: number };
}

const RELATIONSHIP_KINDS: readonly RelationshipKind[] = ['child', 'next', 'similar', 'shares_entities'];
const LINKING_KINDS: ReadonlySet<RelationshipKind> = new Set(['similar', 'shares_entities']);

/** Nearest-rank percentile of ascending values. */
function percentile(sorted: Int32Array, p: number): number {
  return sorted.length === 0 ? 0 : (sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number);
}

function bucketOf(degree: number): number {
  // 0 → 0, 1 → 1, 2 → 2, 3-4 → 3, 5-8 → 4, 9-16 → 5, …
  return degree <= 2 ? degree : Math.ceil(Math.log2(degree)) + 1;
}

function bucketLabel(bucket: number): string {
  if (bucket <= 2) return String(bucket);
  return `${2 ** (bucket - 2) + 1}-${2 ** (bucket - 1)}`;
}

export function summariseDegrees(kind: RelationshipKind, degrees: Int32Array): DegreeSummary {
  const sorted = degrees.slice().sort();
  const max = sorted.length === 0 ? 0 : (sorted[sorted.length - 1] as number);
  const counts = new Array<number>(bucketOf(max) + 1).fill(0);
  let sum = 0;
  for (const degree of sorted) {
    counts[bucketOf(degree)] = (counts[bucketOf(degree)] as number) + 1;
    sum += degree;
  }
  return {
    kind,
    min: sorted.length === 0 ? 0 : (sorted[0] as number),
    median: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    max,
    mean: sorted.length === 0 ? 0 : sum / sorted.length,
    histogram: counts.map((chunks, bucket) => ({ bucket: bucketLabel(bucket), chunks })),
  };
}

/** Union–find with path halving over `size` items. */
function unionFind(size: number) {
  const parent = Int32Array.from({ length: size }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x] as number] as number;
      x = parent[x] as number;
    }
    return x;
  };
  return {
    union(a: number, b: number): void {
      const rootA = find(a);
      const rootB = find(b);
      if (rootA !== rootB) parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
    },
    sizes(): number[] {
      const sizes = new Map<number, number>();
      for (let i = 0; i < size; i++) sizes.set(find(i), (sizes.get(find(i)) ?? 0) + 1);
      return [...sizes.values()];
    },
  };
}

export async function graphStats(store: GraphStore, options: { topEntities?: number } = {}): Promise<GraphStats> {
  const topCount = options.topEntities ?? 10;
  const counts = await store.counts();
  const chunkIds = await store.nodeIds({ kind: 'chunk' });
  const chunkIndex = new Map(chunkIds.map((id, i) => [id, i]));

  const degrees = new Map(RELATIONSHIP_KINDS.map((kind) => [kind, new Int32Array(chunkIds.length)]));
  const components = unionFind(chunkIds.length);
  for (const kind of RELATIONSHIP_KINDS) {
    const perChunk = degrees.get(kind) as Int32Array;
    for await (const batch of store.scanRelationships({ kind })) {
      for (const { source, target } of batch) {
        const a = chunkIndex.get(source);
        const b = chunkIndex.get(target);
        if (a !== undefined) perChunk[a] = (perChunk[a] as number) + 1;
        if (b !== undefined) perChunk[b] = (perChunk[b] as number) + 1;
        if (LINKING_KINDS.has(kind) && a !== undefined && b !== undefined) components.union(a, b);
      }
    }
  }

  const chunksPerKey = new Map<string, number>();
  const mentions: { name: string; key: string }[] = [];
  const extractedKeys: string[][] = [];
  for await (const batch of store.scanNodes({ kind: 'chunk' })) {
    for (const node of batch) {
      if (node.kind !== 'chunk') continue;
      for (const key of new Set(node.entities.map((entity) => entity.key))) {
        if (key !== '') chunksPerKey.set(key, (chunksPerKey.get(key) ?? 0) + 1);
      }
      for (const entity of node.entities) mentions.push(entity);
      if (node.status === 'extracted') extractedKeys.push(node.entities.map((entity) => entity.key));
    }
  }
  // The same rule the build applies to bridges, over the same chunks.
  const terms = createTermFilter(extractedKeys);
  const names = new Map(canonicalEntities(mentions).map((entity) => [entity.key, entity.name]));
  const ranked = [...chunksPerKey].sort(([keyA, a], [keyB, b]) => b - a || compareStrings(keyA, keyB));
  const topEntities = ranked
    .filter(([key]) => terms.rule(key) === undefined)
    .slice(0, topCount)
    .map(([key, chunks]) => ({ key, name: names.get(key) ?? key, chunks }));
  const setAsideEntities = ranked
    .flatMap(([key, chunks]) => {
      const rule = terms.rule(key);
      return rule === undefined ? [] : [{ key, name: names.get(key) ?? key, chunks, rule }];
    })
    .slice(0, topCount);

  let isolatedChunks = 0;
  for (let i = 0; i < chunkIds.length; i++) {
    if ([...LINKING_KINDS].every((kind) => (degrees.get(kind) as Int32Array)[i] === 0)) isolatedChunks++;
  }
  const sizes = components.sizes();

  return {
    nodes: counts.nodes,
    relationships: counts.relationships,
    chunks: {
      total: chunkIds.length,
      extracted: await store.countNodes({ kind: 'chunk', status: 'extracted' }),
      pending: await store.countNodes({ kind: 'chunk', status: 'pending' }),
      failed: await store.countNodes({ kind: 'chunk', status: 'failed' }),
    },
    degrees: RELATIONSHIP_KINDS.map((kind) => summariseDegrees(kind, degrees.get(kind) as Int32Array)),
    topEntities,
    setAsideEntities,
    setAsideByRule: terms.removed(),
    isolatedChunks,
    components: { count: sizes.length, largest: sizes.reduce((largest, size) => Math.max(largest, size), 0) },
  };
}
