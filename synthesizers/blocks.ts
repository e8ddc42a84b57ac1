import { z } from 'zod';
import type { Slot } from './plan.js';
import { type ScenarioSource, type ScenarioStream, sourceOver } from './stream.js';

/**
 * Blocks and shards of a slot plan. The slots are cut into blocks of `blockSize`, and each
 * block runs on its own:
 * - its first-choice scenarios are those one pass over all slots draws (the m-th slot of a
 *   synthesizer gets position m of its stream);
 * - its replacements come from the positions no slot drew first, dealt to the blocks in
 *   turn (block b of B gets leftover b, b + B, b + 2B, …);
 * - near-duplicate questions are caught within the block.
 * So a block's samples depend only on the plan and the model, and `--shard i/k` (a
 * contiguous run of blocks) makes exactly the samples one process makes for those slots.
 *
 * Example: 250 slots in blocks of 100 → blocks [0,100) [100,200) [200,250); shard 2/3 runs
 * block [100,200), shard 3/3 block [200,250).
 */
export const DEFAULT_BLOCK_SIZE = 100;

export const Shard = z
  .object({ index: z.number().int().min(1), count: z.number().int().min(1) })
  .refine((shard) => shard.index <= shard.count, { message: 'the slice number must be between 1 and the number of slices' });
export type Shard = z.infer<typeof Shard>;

/** `2/3` → slice 2 of 3; undefined for a malformed text. */
export function parseShard(text: string): Shard | undefined {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const parsed = match && Shard.safeParse({ index: Number(match[1]), count: Number(match[2]) });
  return parsed?.success ? parsed.data : undefined;
}

export interface SlotRange {
  start: number;
  end: number;
}

export function slotBlocks(slotCount: number, blockSize: number): SlotRange[] {
  const blocks: SlotRange[] = [];
  for (let start = 0; start < slotCount; start += blockSize) blocks.push({ start, end: Math.min(slotCount, start + blockSize) });
  return blocks;
}

/** Indexes of the blocks a shard runs: a contiguous run, as even as whole blocks allow. */
export function shardBlocks(blockCount: number, shard: Shard | undefined): SlotRange {
  if (!shard) return { start: 0, end: blockCount };
  const edge = (i: number) => Math.floor((i * blockCount) / shard.count);
  return { start: edge(shard.index - 1), end: edge(shard.index) };
}

/** Each synthesizer's source for block `index` of `blocks`. */
export function blockSources(
  streams: ReadonlyMap<string, ScenarioStream>,
  slots: readonly Slot[],
  blocks: readonly SlotRange[],
  index: number,
): Map<string, ScenarioSource> {
  const block = blocks[index] as SlotRange;
  const sources = new Map<string, ScenarioSource>();
  for (const [name, stream] of streams) {
    const before = slots.slice(0, block.start).filter((slot) => slot.synthesizer === name).length;
    const within = slots.slice(block.start, block.end).filter((slot) => slot.synthesizer === name).length;
    const drawn = slots.filter((slot) => slot.synthesizer === name).length;
    const positions = Array.from({ length: within }, (_, i) => before + i);
    for (let position = drawn + index; position < stream.length; position += blocks.length) positions.push(position);
    sources.set(name, sourceOver(stream, positions));
  }
  return sources;
}
