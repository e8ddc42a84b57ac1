import { countingOrder } from './counting-order.js';
import { HashIds } from './hash-ids.js';

/**
 * Sets of 32-bit hashes as sets of ranks, each set's distinct ranks ascending, all in one
 * buffer. Ranks order the hashes rarest first (by how many sets hold them), ties by first
 * appearance: any strict order gives similar-sets.ts the same pairs, rarest first only keeps
 * the prefixes it probes rare.
 */
export interface RankedSets {
  /** Set i is `ranks[starts[i], starts[i + 1])`. */
  ranks: Int32Array;
  starts: Int32Array;
  /** How many distinct hashes: every rank is below it. */
  distinct: number;
}

/** `values`: each the hashes of one set, in any order, repeats allowed. */
export function rankedSets(values: readonly Uint32Array[]): RankedSets {
  const { ids, starts, holders } = distinctIds(values);
  const rarestFirst = countingOrder(holders);
  return { ranks: inRankOrder(ids, starts, holders, rarestFirst), starts, distinct: holders.length };
}

/**
 * Each set's distinct hashes as dense ids (hash-ids.ts), set after set in one buffer, and per id
 * how many sets hold it (counted here: each pass over half a million ids runs partly before V8
 * has optimized it, so one pass fewer).
 */
function distinctIds(values: readonly Uint32Array[]): { ids: Int32Array; starts: Int32Array; holders: Int32Array } {
  let total = 0;
  for (const set of values) total += set.length;
  // A text of n words has about 10–20·√n distinct ones (Heaps' law).
  const table = new HashIds(16 * Math.sqrt(total));
  const buffer = new Int32Array(total);
  const starts = new Int32Array(values.length + 1);
  // Per id, the last set (+ 1) that held it: a repeat within a set is dropped here, once.
  const lastSet = new Int32Array(total);
  // Sized for the most ids there can be: how many are distinct is known only at the end.
  const holders = new Int32Array(total);
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    const set = values[i] as Uint32Array;
    // An int32 view: unsigned hashes above 2³¹ would be loaded as boxed doubles before the code is optimized.
    const hashes = new Int32Array(set.buffer, set.byteOffset, set.length);
    for (let k = 0; k < hashes.length; k++) {
      const id = table.idOf(hashes[k] as number);
      if (lastSet[id] === i + 1) continue;
      lastSet[id] = i + 1;
      holders[id] = (holders[id] as number) + 1;
      buffer[at++] = id;
    }
    starts[i + 1] = at;
  }
  return { ids: buffer.subarray(0, at), starts, holders: holders.subarray(0, table.size) };
}

/**
 * Every set's ranks, ascending, in the place of its ids, without sorting any set: the sets
 * holding each id are listed, then, rank after rank, the rank is appended to each of them
 * (sorting each set was a third of the step).
 */
function inRankOrder(ids: Int32Array, starts: Int32Array, holders: Int32Array, rarestFirst: Int32Array): Int32Array {
  const listStart = new Int32Array(holders.length + 1);
  for (let id = 0; id < holders.length; id++) listStart[id + 1] = (listStart[id] as number) + (holders[id] as number);
  const listFill = listStart.slice(0, holders.length);
  const holderSets = new Int32Array(ids.length);
  for (let i = 0; i + 1 < starts.length; i++) {
    for (let k = starts[i] as number; k < (starts[i + 1] as number); k++) {
      const id = ids[k] as number;
      holderSets[listFill[id] as number] = i;
      listFill[id] = (listFill[id] as number) + 1;
    }
  }
  const ranks = ids;
  const setFill = starts.slice(0, starts.length - 1);
  for (let rank = 0; rank < rarestFirst.length; rank++) {
    const id = rarestFirst[rank] as number;
    for (let k = listStart[id] as number; k < (listStart[id + 1] as number); k++) {
      const i = holderSets[k] as number;
      ranks[setFill[i] as number] = rank;
      setFill[i] = (setFill[i] as number) + 1;
    }
  }
  return ranks;
}
