/**
 * Runs `work` over items with up to `width` calls in flight and hands each result to
 * `apply` strictly in item order, whatever order the calls finish in: the caller's
 * writes are then the same on every run.
 *
 * A slow call does not hold up the others: a slot starts the next item as soon as its call
 * finishes, while finished results wait in a buffer for the slow one. The buffer is bounded
 * (`window` items may be started past the oldest one not yet applied), so memory stays
 * bounded too; 1024 results of a few KB each is a few MB, and at 8 slots of 1 s per call it
 * takes two minutes (the default request timeout) to fill.
 *
 * `apply` may append to `items` (a queue): appended items are run too, in order.
 *
 * When `signal` aborts, no new call starts; the calls already in flight are awaited and
 * applied (their tokens are paid for), and then the abort reason is thrown. If `work`
 * throws, the first error in item order is rethrown once the earlier items are applied.
 */
export const DEFAULT_WINDOW = 1024;

export async function mapInOrder<T, R>(
  items: readonly T[],
  options: { width: number; window?: number; signal?: AbortSignal },
  work: (item: T) => Promise<R>,
  apply: (result: R, item: T, index: number) => Promise<void> | void,
): Promise<void> {
  const width = Math.max(1, Math.floor(options.width));
  const window = Math.max(width, Math.floor(options.window ?? DEFAULT_WINDOW));
  const calls = new Map<number, Promise<R>>();
  let started = 0;
  let applied = 0;
  let running = 0;
  let finished = false;
  const fill = () => {
    while (!finished && started < items.length && running < width && started - applied < window && !options.signal?.aborted) {
      const index = started++;
      running++;
      const call = Promise.resolve(items[index] as T).then(work);
      // Marked handled now: if an earlier item throws first, this one must not surface as unhandled.
      call.catch(() => undefined);
      calls.set(index, call);
      // A finished call frees its slot at once, not when its result is applied.
      void call.then(
        () => ((running -= 1), fill()),
        () => ((running -= 1), fill()),
      );
    }
  };
  try {
    while (applied < items.length) {
      if (applied === started) fill();
      // Nothing could start: the run was aborted.
      if (applied === started) break;
      const result = await (calls.get(applied) as Promise<R>);
      calls.delete(applied);
      await apply(result, items[applied] as T, applied);
      applied++;
      fill();
    }
  } finally {
    finished = true;
  }
  options.signal?.throwIfAborted();
}
