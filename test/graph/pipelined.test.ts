import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { pipelined } from '../../graph/stores/neo4j/pipeline.js';

/** Runs `pipelined` over items 0…count−1, recording starts, ends and the most in flight at once. */
async function trace(count: number, width: number, alone: (item: number) => boolean, fail?: number) {
  const events: string[] = [];
  let running = 0;
  let most = 0;
  const result = pipelined(
    Array.from({ length: count }, (_, i) => i),
    width,
    alone,
    async (item) => {
      events.push(`start ${item}`);
      most = Math.max(most, ++running);
      await sleep(item % 2 === 0 ? 15 : 5);
      running--;
      events.push(`end ${item}`);
      if (item === fail) throw new Error(`item ${item} failed`);
    },
  );
  return { result, events, most: () => most };
}

describe('pipelined', () => {
  it('starts items in order, at most `width` at once, and resolves when all are done', async () => {
    const run = await trace(6, 2, () => false);
    await run.result;
    expect(run.most()).toBe(2);
    expect(run.events.filter((event) => event.startsWith('start'))).toEqual([0, 1, 2, 3, 4, 5].map((i) => `start ${i}`));
    expect(run.events.filter((event) => event.startsWith('end'))).toHaveLength(6);
    const one = await trace(4, 1, () => false);
    await one.result;
    expect(one.most()).toBe(1);
  });

  it('runs an item marked alone by itself, after those in flight and before the next', async () => {
    const run = await trace(5, 3, (item) => item === 2);
    await run.result;
    const at = (event: string) => run.events.indexOf(event);
    expect(at('start 2')).toBeGreaterThan(Math.max(at('end 0'), at('end 1')));
    expect(at('start 3')).toBeGreaterThan(at('end 2'));
  });

  it('starts nothing after a failure and throws it once those in flight have settled', async () => {
    const run = await trace(8, 2, () => false, 1);
    await expect(run.result).rejects.toThrow('item 1 failed');
    const started = run.events.filter((event) => event.startsWith('start'));
    expect(started.length).toBeLessThan(8);
    expect(run.events.filter((event) => event.startsWith('end'))).toHaveLength(started.length);
  });
});
