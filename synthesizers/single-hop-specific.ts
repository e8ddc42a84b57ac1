import { chunkFocusTerms } from './focus.js';
import type { Synthesizer } from './types.js';
import { weightedOrder } from './weighted.js';

/**
 * One chunk, one fact: a specific question about one of the chunk's entities or key
 * phrases. Each use of a chunk takes the next term of a seeded, idf-weighted order.
 */
/** Every chunk alone, its terms as focus (false-premise questions are drawn the same way). */
export const oneChunkCandidates: Synthesizer['candidates'] = async (_store, corpus) =>
  corpus.chunks.map((chunk) => ({
    chunkIds: [chunk.id],
    documentIds: [chunk.documentId],
    focus: chunkFocusTerms(chunk, corpus),
    score: 1,
    themes: chunk.themes,
  }));

/** Use number `round` of a chunk takes the next term of a seeded, idf-weighted order. */
export const oneTermScenario: Synthesizer['scenario'] = (candidate, rng, round) => {
  const order = weightedOrder(candidate.focus, (term) => term.weight, rng);
  const term = order[round % Math.max(1, order.length)];
  return { focus: term ? [term.text] : [], bridge: null, bridgeTerms: [] };
};

export const singleHopSpecific: Synthesizer = {
  name: 'single_hop_specific',
  aliases: ['single', 's', 'single_hop'],
  instructions:
    'Write one specific, factual question about the focus term that the single context answers directly, and its answer.',
  candidates: oneChunkCandidates,
  scenario: oneTermScenario,
};
