/**
 * The indexes of `keys` (small non-negative integers: set sizes, how many sets hold a word)
 * ordered by key, ties by index: a counting sort, linear and without a comparator to compile.
 */
export function countingOrder(keys: Int32Array): Int32Array {
  let largest = 0;
  for (let i = 0; i < keys.length; i++) largest = Math.max(largest, keys[i] as number);
  const next = new Int32Array(largest + 2);
  for (let i = 0; i < keys.length; i++) next[(keys[i] as number) + 1] = (next[(keys[i] as number) + 1] as number) + 1;
  for (let key = 1; key <= largest + 1; key++) next[key] = (next[key] as number) + (next[key - 1] as number);
  const order = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as number;
    order[next[key] as number] = i;
    next[key] = (next[key] as number) + 1;
  }
  return order;
}
