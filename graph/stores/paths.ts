import { compareStrings } from '../order.js';

/**
 * Simple paths of exactly `hops` steps from `startId`, visiting no node twice, in
 * lexicographic order of their node-id lists, at most `limit` of them. A depth-first walk
 * over neighbours in ascending id order yields paths already in that order, so it stops as
 * soon as `limit` paths are found instead of enumerating them all. Every store walks with
 * this one function, so all return the same paths.
 *
 * `adjacentMany(ids)` returns, per id, the node ids linked to it (any order, repeats allowed:
 * two relationship kinds between the same nodes give one step). It is asked lazily, for an
 * expanded node's children at once, so a database answers one query per step of the walk
 * and a limited walk reads only what it visits.
 */
export async function simplePaths(
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
