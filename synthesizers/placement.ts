import type { Difficulty } from '../src/testset/sample.js';
import { sameCategories, type ChosenCategory } from './categories.js';

/**
 * Where a finished sample goes when slots ask for difficulties. Its difficulty is known only
 * after the question is written and ranked, so a sample written for a `hard` slot that
 * comes out `medium` is not thrown away: it fills an open `medium` slot of the same
 * synthesizer instead. Query style, length and categories were fixed when it was written, so
 * the two open slots swap those labels: each synthesizer keeps exactly its planned styles,
 * lengths and categories, and the slot it came from is drawn again with the other labels.
 *
 * Why a label holder always exists: every sample in flight was drawn from an open slot
 * holding its labels, and each placement consumes one sample and one open slot holding
 * that sample's labels, so open slots holding labels L never number fewer than unplaced
 * samples written with L.
 */

export interface SlotState {
  synthesizer: string;
  style: string;
  length: string;
  categories: ChosenCategory[];
  /** Wanted difficulty; null accepts any (no difficulty mix, or the slot ran out of attempts). */
  difficulty: Difficulty | null;
  filled: boolean;
}

export interface Drawn {
  synthesizer: string;
  style: string;
  length: string;
  categories: readonly ChosenCategory[];
}

/** The slot a sample fills (labels swapped as needed), or undefined when no open slot wants its difficulty. */
export function placeSample(slots: SlotState[], origin: number, drawn: Drawn, difficulty: Difficulty): number | undefined {
  const slot = (j: number) => slots[j] as SlotState;
  const sameLabels = (j: number) => slot(j).style === drawn.style && slot(j).length === drawn.length && sameCategories(slot(j).categories, drawn.categories);
  const ofSynthesizer = (j: number) => !slot(j).filled && slot(j).synthesizer === drawn.synthesizer;
  const wants = (j: number) => ofSynthesizer(j) && (slot(j).difficulty === null || slot(j).difficulty === difficulty);
  if (wants(origin) && sameLabels(origin) && slot(origin).difficulty === difficulty) return origin;

  const indexes = slots.map((_, j) => j);
  // A slot that asks for exactly this difficulty before one that accepts any; the origin first among equals.
  const open = [origin, ...indexes.filter((j) => j !== origin)]
    .filter(wants)
    .sort((a, b) => Number(slot(a).difficulty !== difficulty) - Number(slot(b).difficulty !== difficulty));
  const direct = open.find(sameLabels);
  if (direct !== undefined) return direct;
  const target = open[0];
  if (target === undefined) return undefined;
  const holder = [origin, ...indexes].find((j) => j !== target && ofSynthesizer(j) && sameLabels(j));
  if (holder === undefined) return undefined;
  const { style, length, categories } = slot(target);
  Object.assign(slot(holder), { style, length, categories });
  Object.assign(slot(target), { style: drawn.style, length: drawn.length, categories: [...drawn.categories] });
  return target;
}
