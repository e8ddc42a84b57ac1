import { compareStrings } from '../order.js';

/**
 * Simple paths of exactly `hops` steps from `startId`, visiting no node twice, in
 * lexicographic order of their node-id lists, at most `limit` of them. A depth-first walk
 * over neighbours in ascending id order yields paths already in that order, so it stops as
 * soon as `limit` paths are found instead of enumerating them all.
 *
 * `adjacent(id)` lists the node ids linked to `id` (any order, repeats allowed: two
 * relationship kinds between the same nodes give one step).
 */
export function simplePaths(
  startId: string,
  options: { hops: number; limit?: number },
  adjacent: (id: string) => readonly string[],
): string[][] {
  const { hops, limit = Number.POSITIVE_INFINITY } = options;
  const paths: string[][] = [];
  if (limit <= 0 || hops < 0) return paths;
  const neighbourCache = new Map<string, string[]>();
  const neighboursOf = (id: string): string[] => {
    let ids = neighbourCache.get(id);
    if (!ids) {
      ids = [...new Set(adjacent(id))].sort(compareStrings);
      neighbourCache.set(id, ids);
    }
    return ids;
  };
  const path = [startId];
  const onPath = new Set(path);
  const walk = (): void => {
    if (path.length === hops + 1) {
      paths.push([...path]);
      return;
    }
    for (const next of neighboursOf(path[path.length - 1] as string)) {
      if (onPath.has(next)) continue;
      path.push(next);
      onPath.add(next);
      walk();
      onPath.delete(next);
      path.pop();
      if (paths.length >= limit) return;
    }
  };
  walk();
  return paths;
}
