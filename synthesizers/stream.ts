import type { Rng } from '../src/rng.js';
import type { Difficulty } from '../src/testset/sample.js';
import type { RequestedCategory } from '../src/llm/tasks.js';
import type { ChunkFacts, Corpus } from './corpus.js';
import { matchPersona } from './persona-match.js';
import type { PersonaProfile } from './personas.js';
import type { Candidate, Scenario, Synthesizer } from './types.js';
import { weightedOrder } from './weighted.js';

/**
 * Turns a synthesizer's candidates into a lazy, seeded stream of scenarios. The order
 * spreads questions across documents: candidates are grouped by the documents they come
 * from and the groups are visited round-robin (groups spanning several documents first),
 * so a file with 200 chunks does not crowd out ten files with five. Within that order the
 * strongly linked candidates tend to come first (a seeded draw weighted by `score²`, so
 * a 0.8 link is drawn four times as readily as a 0.4 one; groups by their best score), so multi-hop questions rest on real links rather than on
 * the weakest edge above the threshold. A candidate is used once per round, each time with
 * a different focus term, until its terms run out.
 */

export const capacityOf = (candidate: Candidate): number => Math.max(1, candidate.focus.length);

const keyOf = (candidate: Candidate) => candidate.chunkIds.join('+');
const strength = (candidate: Candidate) => (candidate.score > 0 ? candidate.score ** 2 : 0);

export function spreadAcrossDocuments(candidates: readonly Candidate[], rng: Rng): Candidate[] {
  const groups = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    const key = candidate.documentIds.join('+');
    const group = groups.get(key);
    if (group) group.push(candidate);
    else groups.set(key, [candidate]);
  }
  const keys = [...groups.keys()].sort();
  const spansDocuments = (key: string) => ((groups.get(key) as Candidate[])[0] as Candidate).documentIds.length > 1;
  const tiers = [keys.filter(spansDocuments), keys.filter((key) => !spansDocuments(key))];
  const order: Candidate[] = [];
  for (const tier of tiers) {
    const best = (key: string) => (groups.get(key) as Candidate[]).reduce((most, candidate) => Math.max(most, strength(candidate)), 0);
    const queues = weightedOrder(tier, best, rng).map((key) => weightedOrder(groups.get(key) as Candidate[], strength, rng));
    for (let depth = 0; queues.some((queue) => depth < queue.length); depth++) {
      for (const queue of queues) if (depth < queue.length) order.push(queue[depth] as Candidate);
    }
  }
  return order;
}

/** What the slot fixes about its scenario: query style, length and categories, and the difficulty it wants (phrasing.ts steers the wording toward it). */
export interface ScenarioLabels {
  style: string;
  length: string;
  categories: readonly RequestedCategory[];
  difficulty: Difficulty | null;
}

export interface ScenarioSource {
  readonly synthesizer: string;
  /** How many scenarios the source can still give. */
  remaining(): number;
  next(labels: ScenarioLabels): Scenario | undefined;
}

/**
 * Every scenario a synthesizer's candidates offer, in a fixed, seeded order, addressable by
 * position: the slot plan hands out positions, so a block of slots (and a shard of blocks)
 * draws the same scenarios whichever process runs it.
 */
export interface ScenarioStream {
  readonly synthesizer: string;
  readonly length: number;
  at(position: number, labels: ScenarioLabels): Scenario;
}

export function scenarioStream(
  synthesizer: Synthesizer,
  candidates: readonly Candidate[],
  context: { corpus: Corpus; personas: readonly PersonaProfile[]; rng: Rng },
): ScenarioStream {
  const order = spreadAcrossDocuments(candidates, context.rng.fork('order'));
  const rounds = order.reduce((most, candidate) => Math.max(most, capacityOf(candidate)), 0);
  // A candidate is used once per round while it has terms: position → (candidate, round).
  const walkCandidate: number[] = [];
  const walkRound: number[] = [];
  for (let round = 0; round < rounds; round++) {
    order.forEach((candidate, index) => {
      if (round < capacityOf(candidate)) {
        walkCandidate.push(index);
        walkRound.push(round);
      }
    });
  }
  return {
    synthesizer: synthesizer.name,
    length: walkCandidate.length,
    at(position, { style, length, categories, difficulty }) {
      const candidate = order[walkCandidate[position] as number] as Candidate;
      const round = walkRound[position] as number;
      const key = keyOf(candidate);
      const chunks = candidate.chunkIds.map((id) => context.corpus.byId.get(id)).filter((c): c is ChunkFacts => c !== undefined);
      return {
        synthesizer: synthesizer.name,
        chunkIds: candidate.chunkIds,
        ...synthesizer.scenario(candidate, context.rng.fork(`focus/${key}`), round),
        persona: matchPersona(context.personas, chunks, context.rng.fork(`persona/${key}/${round}`)),
        style,
        length,
        categories: [...categories],
        difficulty,
      };
    },
  };
}

/** A source that gives the stream's scenarios at `positions`, in that order. */
export function sourceOver(stream: ScenarioStream, positions: readonly number[]): ScenarioSource {
  let next = 0;
  return {
    synthesizer: stream.synthesizer,
    remaining: () => positions.length - next,
    next: (labels) => (next < positions.length ? stream.at(positions[next++] as number, labels) : undefined),
  };
}
