/**
 * Runs `work` on each item in order, up to `width` at once, so the next item is prepared and
 * sent while earlier ones are still being committed. An item `alone` says must run by itself
 * waits until those in flight are done, and the next waits for it. After a failure no item
 * starts; the first error is thrown once those in flight have settled.
 */
export async function pipelined<T>(
  items: readonly T[],
  width: number,
  alone: (item: T) => boolean,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  for (const item of items) {
    const exclusive = alone(item);
    const limit = exclusive ? 1 : width;
    while (inFlight.size >= limit) await Promise.race(inFlight);
    if (failure) break;
    const running: Promise<void> = work(item).then(
      () => {
        inFlight.delete(running);
      },
      (error: unknown) => {
        inFlight.delete(running);
        failure ??= { error };
      },
    );
    inFlight.add(running);
    if (exclusive) await running;
  }
  await Promise.all(inFlight);
  if (failure) throw failure.error;
}
