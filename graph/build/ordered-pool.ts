/**
 * Runs `work` over items with up to `width` calls in flight and hands each result to
 * `apply` strictly in item order, whatever order the calls finish in: the caller's
 * writes are then the same on every run.
 *
 * When `signal` aborts, no new call starts; the calls already in flight are awaited and
 * applied (their tokens are paid for), and then the abort reason is thrown. If `work`
 * throws, the first error in item order is rethrown once the earlier items are applied.
 */
export async function mapInOrder<T, R>(
  items: readonly T[],
  options: { width: number; signal?: AbortSignal },
  work: (item: T) => Promise<R>,
  apply: (result: R, item: T, index: number) => Promise<void> | void,
): Promise<void> {
  const width = Math.max(1, Math.floor(options.width));
  const inFlight = new Map<number, Promise<R>>();
  let started = 0;
  const fill = () => {
    while (started < items.length && inFlight.size < width && !options.signal?.aborted) {
      const index = started++;
      const call = Promise.resolve(items[index] as T).then(work);
      // Marked handled now: if an earlier item throws first, this one must not surface as unhandled.
      call.catch(() => undefined);
      inFlight.set(index, call);
    }
  };
  fill();
  for (let index = 0; index < started; index++) {
    const result = await (inFlight.get(index) as Promise<R>);
    inFlight.delete(index);
    await apply(result, items[index] as T, index);
    fill();
  }
  options.signal?.throwIfAborted();
}
