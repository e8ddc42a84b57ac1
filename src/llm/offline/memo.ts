/**
 * `compute` with its last `size` results kept, first in first out. Offline extraction and
 * generation look at the same chunk text several times in a row; this makes the repeats free.
 */
export function memoizeRecent<R>(size: number, compute: (text: string) => R): (text: string) => R {
  const recent = new Map<string, R>();
  return (text) => {
    if (recent.has(text)) return recent.get(text) as R;
    const result = compute(text);
    recent.set(text, result);
    if (recent.size > size) recent.delete(recent.keys().next().value as string);
    return result;
  };
}
