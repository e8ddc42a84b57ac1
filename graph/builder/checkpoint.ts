/**
 * Saving progress (the memory store rewrites its whole graph file) costs time in proportion
 * to the graph, so stages ask often and the save happens at most once per interval; a
 * stage that stops (finished, failed or interrupted) forces one.
 */
export type Checkpoint = (options?: { force?: boolean }) => Promise<void>;

export function throttledCheckpoint(save: (() => Promise<void>) | undefined, intervalMs: number): Checkpoint {
  let last = Date.now();
  return async ({ force = false } = {}) => {
    if (!save || (!force && Date.now() - last < intervalMs)) return;
    await save();
    last = Date.now();
  };
}
