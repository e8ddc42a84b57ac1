import { compareStrings } from '../../order.js';

/**
 * The memory store's path walk (graph/stores/paths.ts) over a database: the same
 * depth-first order over neighbours in ascending id order, so both stores return the same
 * paths and stop at `limit` after the same walk. Adjacency is fetched lazily, one query
 * per expanded node's children at once, so a limited walk reads only what it visits.
 *
 * `adjacentMany(ids)` returns, per id, the node ids linked to it (any order, repeats allowed).
 */
export async function simplePathsAsync(
  startId: string,
  options: { hops: number; limit?: number },
  adjacentMany: (ids: readonly string[]) => Promise<Map<string, readonly string[]>>,
): Promise<string[][]> {
  const { hops, limit = Number.POSITIVE_INFINITY } = options;
  const paths: string[][] = [];
  if (limit <= 0 || hops < 0) return paths;
  const neighbourCache = new Map<string, string[]>();
  const load = async (ids: readonly string[]) => {
    const wanted = [...new Set(ids)].filter((id) => !neighbourCache.has(id));
    if (wanted.length === 0) return;
    const found = await adjacentMany(wanted);
    for (const id of wanted) neighbourCache.set(id, [...new Set(found.get(id) ?? [])].sort(compareStrings));
  };
  const neighboursOf = (id: string) => neighbourCache.get(id) as string[];

  const path = [startId];
  const onPath = new Set(path);
  const walk = async (): Promise<void> => {
    if (path.length === hops + 1) {
      paths.push([...path]);
      return;
    }
    const nexts = neighboursOf(path[path.length - 1] as string).filter((id) => !onPath.has(id));
    // The children are expanded next unless they end the path: fetch theirs in one query.
    if (path.length < hops) await load(nexts);
    for (const next of nexts) {
      path.push(next);
      onPath.add(next);
      await walk();
      onPath.delete(next);
      path.pop();
      if (paths.length >= limit) return;
    }
  };
  await load([startId]);
  await walk();
  return paths;
}
