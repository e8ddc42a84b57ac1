/**
 * A fixed set of slots (one per context sequence) handed out to one request at a time:
 * llama.cpp batches the tokens of busy sequences together, and requests beyond the slot
 * count wait in arrival order.
 */
export interface SlotPool<T> {
  use<R>(work: (slot: T) => Promise<R>): Promise<R>;
}

export function createSlotPool<T>(slots: readonly T[]): SlotPool<T> {
  const free = [...slots];
  const waiting: ((slot: T) => void)[] = [];
  const release = (slot: T) => {
    const next = waiting.shift();
    if (next) next(slot);
    else free.push(slot);
  };
  return {
    async use(work) {
      const slot = free.pop() ?? (await new Promise<T>((resolve) => waiting.push(resolve)));
      try {
        return await work(slot);
      } finally {
        release(slot);
      }
    },
  };
}
