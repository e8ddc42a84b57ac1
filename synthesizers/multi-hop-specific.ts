import type { GraphStore } from '../graph/store.js';
import type { Corpus } from './corpus.js';
import { sharedEntityTerms } from './focus.js';
import type { Candidate, Synthesizer } from './types.js';
import { weightedOrder } from './weighted.js';

/**
 * Two chunks joined by a `shares_entities` edge: a question that needs one fact from each
 * chunk, linked through an entity both mention. Each use of a pair links through a
 * different shared entity (idf-weighted, so rare names beat boilerplate). The sample's
 * bridge records that entity's canonical key (`graph/builder/entities.ts`), which both
 * chunks' `entities[].key` contain.
 */

async function sharedEntityCandidates(store: GraphStore, corpus: Corpus): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  for await (const batch of store.scanRelationships({ kind: 'shares_entities' })) {
    for (const relationship of batch) {
      if (relationship.kind !== 'shares_entities') continue;
      const chunks = [corpus.byId.get(relationship.source), corpus.byId.get(relationship.target)];
      if (!chunks[0] || !chunks[1]) continue;
      const pair = [chunks[0], chunks[1]];
      const focus = sharedEntityTerms(pair, relationship.entities, corpus);
      if (focus.length === 0) continue;
      candidates.push({
        chunkIds: pair.map((chunk) => chunk.id),
        documentIds: [...new Set(pair.map((chunk) => chunk.documentId))].sort(),
        focus,
        score: relationship.score,
        themes: [],
      });
    }
  }
  return candidates;
}

export const multiHopSpecific: Synthesizer = {
  name: 'multi_hop_specific',
  aliases: ['multi_specific', 'ms', 'multi_hop'],
  instructions: [
    'Write one specific question that can only be answered by combining a fact from each context:',
    'the contexts are linked through the bridge entity, and no single context answers the question alone.',
    'The answer states the facts from every context and how they connect.',
  ].join(' '),
  candidates: sharedEntityCandidates,
  scenario: (candidate, rng, round) => {
    const order = weightedOrder(candidate.focus, (term) => term.weight, rng);
    const term = order[round % order.length];
    if (!term) throw new Error('multi_hop_specific candidates always have a shared entity');
    return { focus: [term.text], bridge: { type: 'entities', entities: [term.key] }, bridgeTerms: [term.text] };
  },
};
