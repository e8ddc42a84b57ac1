import { DIFFICULTIES, type Difficulty } from '../src/testset/sample.js';
import type { SlotState } from './placement.js';

/**
 * Moving a difficulty the slot's kind cannot reach to a kind that can. The user asks for two
 * margins — samples per kind (`--mix`) and per difficulty (`--difficulty`) — and the plan splits
 * them into cells (difficulty-mix.ts). A cell can be out of reach for a kind: a multi-hop
 * question is easy only when every one of its chunks is in the top 3 of both rankings, which
 * template writers and hashed embeddings almost never give. When a slot has seen its bound of
 * candidates of another difficulty, it trades wants with a slot of another kind: it takes a
 * difficulty its own candidates do measure (the commonest first), and that slot takes the wanted
 * one, if its kind has measured that difficulty before. An open slot is preferred; a filled one
 * is reopened (its sample dropped, one more candidate paid) when no open slot fits. Each kind keeps its count
 * and each difficulty its count, so both margins stay exact; only the split into cells moves.
 *
 * Example: ms × easy keeps measuring medium; an open single × medium slot exists and single
 * has written easy questions: the ms slot now wants medium, the single slot easy.
 * Deterministic: slots are scanned in order, and the caller calls this in judging order.
 */

/** Per synthesizer and wanted difficulty, what the candidates written for such slots measured. */
export type SteerOutcomes = Record<string, Partial<Record<Difficulty, Record<Difficulty, number>>>>;

/** How many candidates of `kind` measured `difficulty`, whatever their slots wanted. */
function measuredOf(outcomes: SteerOutcomes, kind: string, difficulty: Difficulty): number {
  return Object.values(outcomes[kind] ?? {}).reduce((sum, measured) => sum + (measured?.[difficulty] ?? 0), 0);
}

/**
 * The slot the wants were traded with (both slots' `difficulty` updated), or undefined when no
 * trade helps. An open slot first; else a filled one, which the caller reopens: its sample
 * (of the difficulty it no longer wants) is dropped and it draws again for the traded one.
 */
export function exchangeCell(
  slots: SlotState[],
  index: number,
  outcomes: SteerOutcomes,
  /** Per slot, the difficulties it has wanted so far: none is handed back to it. */
  given: readonly ReadonlySet<Difficulty>[],
): { partner: number; reopen: boolean } | undefined {
  const slot = slots[index] as SlotState;
  const wanted = slot.difficulty;
  if (wanted === null) return undefined;
  const measured = outcomes[slot.synthesizer]?.[wanted] ?? { easy: 0, medium: 0, hard: 0 };
  const reachable = DIFFICULTIES.filter((d) => !given[index]?.has(d) && measured[d] > 0).sort((a, b) => measured[b] - measured[a]);
  for (const reopen of [false, true]) {
    for (const instead of reachable) {
      let best: number | undefined;
      let bestSeen = 0;
      slots.forEach((other, j) => {
        if (other.filled !== reopen || other.synthesizer === slot.synthesizer || other.difficulty !== instead || given[j]?.has(wanted)) return;
        const seen = measuredOf(outcomes, other.synthesizer, wanted);
        if (seen > bestSeen) [best, bestSeen] = [j, seen];
      });
      if (best !== undefined) {
        (slots[best] as SlotState).difficulty = wanted;
        slot.difficulty = instead;
        return { partner: best, reopen };
      }
    }
  }
  return undefined;
}
